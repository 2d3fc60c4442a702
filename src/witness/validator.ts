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
 * Validates values against translated schemas (json-schema.ts). Referenced schemas are registered
 * once by id (`add`); `compile` gives a function for one schema that may refer to them.
 *
 * @example
 * const validator = new Validator();
 * validator.compile({ type: 'string', maxLength: 3 })?.('abcd'); // false
 */
export class Validator {
  private readonly lookup: Record<string, Schema | boolean> = {};
  private next = 0;

  /** Registers a schema other schemas refer to by `id`. */
  add(id: string, schema: JsonSchema): void {
    dereference(schema as Schema | boolean, this.lookup, new URL(id));
  }

  compile(schema: JsonSchema): Validate | undefined {
    const root = schema as Schema | boolean;
    try {
      dereference(root, this.lookup, new URL(`https://holdfast.invalid/root/${this.next++}`));
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
