/**
 * The real validator every witness is checked with: @cfworker/json-schema, a JSON Schema 2020-12
 * validator that interprets schemas instead of compiling them. Why not Ajv: Ajv generates code for
 * the whole `$ref` closure of a schema before validating anything, and the response schemas of a
 * large API (OpenAI's `Response`, thousands of nodes behind unions) took about a second each to
 * compile; here the cost follows the (small) value checked. Ajv stays the tests' oracle
 * (test/rules/_oracle.ts), so two independent validators agree on every witness in the suite.
 */
import { type Schema, validate } from '@cfworker/json-schema';
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
  private readonly lookup: Record<string, Schema | boolean>;

  constructor(resolve: (uri: string) => JsonSchema | undefined) {
    // Translated schemas carry no `$id` or `$anchor` and every `$ref` is an absolute URI, so a
    // lookup by that URI is all the validator needs (no `dereference` walk over each schema).
    this.lookup = new Proxy(Object.create(null) as Record<string, Schema | boolean>, {
      get(target, uri) {
        if (typeof uri !== 'string') return undefined;
        let found: Schema | boolean | undefined = target[uri];
        if (found === undefined) {
          found = resolve(uri) as Schema | boolean | undefined;
          if (found !== undefined) target[uri] = found;
        }
        return found;
      },
    });
  }

  compile(schema: JsonSchema): Validate | undefined {
    const root = schema as Schema | boolean;
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
