/**
 * The real validator every witness is checked with: Ajv's JSON Schema 2020-12 build with
 * ajv-formats. Loaded on first use (a comparison without breaking schema findings never loads it);
 * the CLI bundle ships a pre-bundled copy next to its chunks (scripts/bundle.js: one file instead
 * of ~100 modules), and tests and `dist/` modules read the packages from node_modules.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { JsonSchema } from './json-schema.js';

export type Validate = (value: unknown) => boolean;

interface AjvInstance {
  compile(schema: JsonSchema): Validate;
}

interface AjvModules {
  Ajv2020: new (options: Record<string, unknown>) => AjvInstance;
  addFormats: (ajv: AjvInstance) => void;
}

let modules: AjvModules | undefined;

function load(): AjvModules {
  if (modules) return modules;
  const require = createRequire(import.meta.url);
  const bundled = new URL('./ajv.cjs', import.meta.url);
  if (existsSync(bundled)) modules = require(bundled.pathname) as AjvModules;
  else {
    modules = {
      Ajv2020: (require('ajv/dist/2020') as { default: AjvModules['Ajv2020'] }).default,
      addFormats: (require('ajv-formats') as { default: AjvModules['addFormats'] }).default,
    };
  }
  return modules;
}

/**
 * Compiles JSON Schema 2020-12 documents (from `toJsonSchema`). `strict: false` so keywords Ajv
 * does not know never throw; formats are checked (ajv-formats), unknown ones are ignored.
 *
 * @example
 * const validate = new Validator().compile({ type: 'string', maxLength: 3 });
 * validate('abcd'); // false
 */
export class Validator {
  private ajv: AjvInstance | undefined;

  compile(schema: JsonSchema): Validate | undefined {
    if (!this.ajv) {
      const { Ajv2020, addFormats } = load();
      this.ajv = new Ajv2020({
        strict: false,
        validateSchema: false,
        logger: false,
        allErrors: false,
        unicodeRegExp: true,
      });
      addFormats(this.ajv);
    }
    try {
      return this.ajv.compile(schema);
    } catch {
      // A schema Ajv cannot compile (a pathological `$ref` target, say) proves nothing.
      return undefined;
    }
  }
}
