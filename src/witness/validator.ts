/**
 * The real validator every witness is checked with: @cfworker/json-schema, a JSON Schema 2020-12
 * validator that interprets schemas instead of compiling them. Why not Ajv: Ajv generates code for
 * the whole `$ref` closure of a schema before validating anything, and the response schemas of a
 * large API (OpenAI's `Response`, thousands of nodes behind unions) took about a second each to
 * compile; here the cost follows the (small) value checked. Ajv stays the tests' oracle
 * (test/rules/_oracle.ts), so two independent validators agree on every witness in the suite.
 */
import { dereference, type Schema, validate } from '@cfworker/json-schema';
import type { JsonSchema } from './json-schema.js';

export type Validate = (value: unknown) => boolean;

/**
 * Validates values against translated schemas (json-schema.ts). A `$ref` is looked up by its
 * absolute URI; one the validator has not seen is asked of `resolve` when a value first reaches it.
 *
 * @example
 * const validator = new Validator(() => undefined);
 * validator.compile({ type: 'string', maxLength: 3 })?.('abcd'); // false
 */
export class Validator {
  private readonly known: Record<string, Schema | boolean> = Object.create(null);
  private readonly loading = new Set<string>();
  private readonly lookup: Record<string, Schema | boolean>;
  private next = 0;

  constructor(resolve: (uri: string) => JsonSchema | undefined) {
    const known = this.known;
    const loading = this.loading;
    this.lookup = new Proxy(known, {
      get(target, uri) {
        if (typeof uri !== 'string') return undefined;
        const found = target[uri];
        if (found !== undefined || loading.has(uri)) return found;
        const schema = resolve(uri);
        if (schema === undefined) return undefined;
        loading.add(uri);
        try {
          dereference(schema as Schema | boolean, target, new URL(uri));
        } finally {
          loading.delete(uri);
        }
        return target[uri];
      },
    });
  }

  compile(schema: JsonSchema): Validate | undefined {
    const root = schema as Schema | boolean;
    try {
      dereference(root, this.known, new URL(`https://holdfast.invalid/root/${this.next++}`));
    } catch {
      return undefined;
    }
    return (value) => {
      try {
        return validate(value, root, '2020-12', this.lookup, true).valid;
      } catch {
        // An unresolvable reference or a pattern the engine refuses: this value proves nothing.
        return false;
      }
    };
  }
}
