/**
 * Every schema rule (taxonomy.area === 'schemas'), table-driven: each case is a change that must
 * produce exactly one finding with that rule id, level, message and pointer; the swapped pair
 * (revision -> base) must not produce it (it produces the inverse rule, or nothing when the
 * reverse change is safe and silent); and each side compared with itself produces nothing.
 * A meta-test fails naming any schema rule of the catalog without a case here.
 *
 * Schemas sit in the JSON request body of `POST /things` or the 200 response of `GET /things`
 * (test/rules/_harness.ts), OpenAPI 3.1 unless a case says `openapi: '3.0.3'`.
 */
import { describe, expect, it } from 'vitest';
import { rules } from '../../src/rules/catalog.js';
import type { Finding, Level } from '../../src/rules/types.js';
import { diffTexts, requestDocument, responseDocument } from './_harness.js';

type Direction = 'request' | 'response';
type Components = Record<string, unknown>;

interface Case {
  /** The rule the change must trigger; its prefix gives the direction. */
  rule: string;
  /** What distinguishes this case from others of the same rule. */
  name?: string;
  level: Level;
  base: unknown;
  revision: unknown;
  /** The full message. */
  message: string;
  /** Pointer below the body schema (`/properties/b`); the body schema itself when absent. */
  at?: string;
  /**
   * The swapped pair (revision -> base): `none` = no finding at all; `same` = the rule fires on any
   * difference, so it fires again (only for rules that compare two values of one keyword); else the
   * one rule it must produce instead.
   */
  swap: 'none' | 'same' | (string & {});
  components?: Components;
  /** Defaults to 3.1.0 (the harness's documents). */
  openapi?: '3.0.3';
  /**
   * The comparer calls it breaking but no value demonstrates it (a validator ignores the keyword):
   * reported as a warning that says so (docs/rules.md, "How holdfast proves a break").
   */
  undemonstrated?: true;
}

const UNDEMONSTRATED: Record<Direction, string> = {
  request:
    ' (the break could not be demonstrated: no value was found that the base accepts and the revision rejects, so this is a warning)',
  response:
    ' (the break could not be demonstrated: no value was found that the revision allows and the base did not, so this is a warning)',
};

const REQ = 'request body (application/json)';
const RES = 'response 200 body';
const ROOT: Record<Direction, string> = {
  request: '/paths/~1things/post/requestBody/content/application~1json/schema',
  response: '/paths/~1things/get/responses/200/content/application~1json/schema',
};
const OPERATION: Record<Direction, { method: string; path: string }> = {
  request: { method: 'POST', path: '/things' },
  response: { method: 'GET', path: '/things' },
};

type Keywords = Record<string, unknown>;
const str = (extra: Keywords = {}) => ({ type: 'string', ...extra });
const num = (extra: Keywords = {}) => ({ type: 'number', ...extra });
const int = (extra: Keywords = {}) => ({ type: 'integer', ...extra });
const arr = (extra: Keywords = {}) => ({ type: 'array', items: { type: 'string' }, ...extra });
const tuple = (extra: Keywords = {}) => ({ type: 'array', prefixItems: [{ type: 'string' }], ...extra });
const withContains = (extra: Keywords = {}) => arr({ contains: { const: 'x' }, ...extra });
const obj = (extra: Keywords = {}) => ({ type: 'object', properties: { a: { type: 'string' } }, ...extra });
/** `{a: string, b: integer}` with `required` and extra keywords on `b`. */
const ab = (required: string[] = [], b: Keywords = {}, extra: Keywords = {}) => ({
  type: 'object',
  properties: { a: { type: 'string' }, b: { type: 'integer', ...b } },
  ...(required.length > 0 ? { required } : {}),
  ...extra,
});

function directionOf(rule: string): Direction {
  return rule.startsWith('request-') ? 'request' : 'response';
}

function documentFor(direction: Direction, schema: unknown, components: Components, openapi?: string): string {
  const text = (direction === 'request' ? requestDocument : responseDocument)(schema, components);
  return openapi ? JSON.stringify({ ...JSON.parse(text), openapi }) : text;
}

function diffCase(testCase: Case, base: unknown, revision: unknown): Finding[] {
  const direction = directionOf(testCase.rule);
  const components = testCase.components ?? {};
  return diffTexts(
    documentFor(direction, base, components, testCase.openapi),
    documentFor(direction, revision, components, testCase.openapi),
  );
}

// ---------------------------------------------------------------------------------------------
// Bounds: a missing upper bound is +infinity, a missing lower bound the keyword's floor.

const BOUNDS: Case[] = [
  {
    rule: 'request-max-length-increased',
    level: 'info',
    base: str({ maxLength: 2 }),
    revision: str({ maxLength: 5 }),
    message: `${REQ}: maxLength increased from 2 to 5`,
    swap: 'request-max-length-decreased',
  },
  {
    rule: 'request-max-length-increased',
    name: 'bound removed',
    level: 'info',
    base: str({ maxLength: 10 }),
    revision: str(),
    message: `${REQ}: maxLength increased from 10 to none`,
    swap: 'request-max-length-decreased',
  },
  {
    rule: 'request-max-length-decreased',
    level: 'breaking',
    base: str({ maxLength: 5 }),
    revision: str({ maxLength: 2 }),
    message: `${REQ}: maxLength decreased from 5 to 2`,
    swap: 'request-max-length-increased',
  },
  {
    rule: 'request-max-length-decreased',
    name: 'bound added',
    level: 'breaking',
    base: str(),
    revision: str({ maxLength: 10 }),
    message: `${REQ}: maxLength decreased from none to 10`,
    swap: 'request-max-length-increased',
  },
  {
    rule: 'response-max-length-increased',
    level: 'warning',
    base: str({ maxLength: 2 }),
    revision: str({ maxLength: 5 }),
    message: `${RES}: maxLength increased from 2 to 5`,
    swap: 'response-max-length-decreased',
  },
  {
    rule: 'response-max-length-increased',
    name: 'bound removed',
    level: 'warning',
    base: str({ maxLength: 10 }),
    revision: str(),
    message: `${RES}: maxLength increased from 10 to none`,
    swap: 'response-max-length-decreased',
  },
  {
    rule: 'response-max-length-decreased',
    level: 'info',
    base: str({ maxLength: 5 }),
    revision: str({ maxLength: 2 }),
    message: `${RES}: maxLength decreased from 5 to 2`,
    swap: 'response-max-length-increased',
  },
  {
    rule: 'request-min-length-increased',
    level: 'breaking',
    base: str({ minLength: 2 }),
    revision: str({ minLength: 5 }),
    message: `${REQ}: minLength increased from 2 to 5`,
    swap: 'request-min-length-decreased',
  },
  {
    rule: 'request-min-length-increased',
    name: 'bound added',
    level: 'breaking',
    base: str(),
    revision: str({ minLength: 1 }),
    message: `${REQ}: minLength increased from 0 to 1`,
    swap: 'request-min-length-decreased',
  },
  {
    rule: 'request-min-length-decreased',
    level: 'info',
    base: str({ minLength: 5 }),
    revision: str({ minLength: 2 }),
    message: `${REQ}: minLength decreased from 5 to 2`,
    swap: 'request-min-length-increased',
  },
  {
    rule: 'response-min-length-increased',
    level: 'info',
    base: str({ minLength: 2 }),
    revision: str({ minLength: 5 }),
    message: `${RES}: minLength increased from 2 to 5`,
    swap: 'response-min-length-decreased',
  },
  {
    rule: 'response-min-length-decreased',
    level: 'warning',
    base: str({ minLength: 5 }),
    revision: str({ minLength: 2 }),
    message: `${RES}: minLength decreased from 5 to 2`,
    swap: 'response-min-length-increased',
  },
  {
    rule: 'response-min-length-decreased',
    name: 'bound removed',
    level: 'warning',
    base: str({ minLength: 1 }),
    revision: str(),
    message: `${RES}: minLength decreased from 1 to 0`,
    swap: 'response-min-length-increased',
  },
  {
    rule: 'request-max-items-increased',
    level: 'info',
    base: arr({ maxItems: 2 }),
    revision: arr({ maxItems: 5 }),
    message: `${REQ}: maxItems increased from 2 to 5`,
    swap: 'request-max-items-decreased',
  },
  {
    rule: 'request-max-items-decreased',
    level: 'breaking',
    base: arr({ maxItems: 5 }),
    revision: arr({ maxItems: 2 }),
    message: `${REQ}: maxItems decreased from 5 to 2`,
    swap: 'request-max-items-increased',
  },
  {
    rule: 'response-max-items-increased',
    level: 'warning',
    base: arr({ maxItems: 2 }),
    revision: arr({ maxItems: 5 }),
    message: `${RES}: maxItems increased from 2 to 5`,
    swap: 'response-max-items-decreased',
  },
  {
    rule: 'response-max-items-decreased',
    level: 'info',
    base: arr({ maxItems: 5 }),
    revision: arr({ maxItems: 2 }),
    message: `${RES}: maxItems decreased from 5 to 2`,
    swap: 'response-max-items-increased',
  },
  {
    rule: 'request-min-items-increased',
    level: 'breaking',
    base: arr({ minItems: 2 }),
    revision: arr({ minItems: 5 }),
    message: `${REQ}: minItems increased from 2 to 5`,
    swap: 'request-min-items-decreased',
  },
  {
    rule: 'request-min-items-decreased',
    level: 'info',
    base: arr({ minItems: 5 }),
    revision: arr({ minItems: 2 }),
    message: `${REQ}: minItems decreased from 5 to 2`,
    swap: 'request-min-items-increased',
  },
  {
    rule: 'response-min-items-increased',
    level: 'info',
    base: arr({ minItems: 2 }),
    revision: arr({ minItems: 5 }),
    message: `${RES}: minItems increased from 2 to 5`,
    swap: 'response-min-items-decreased',
  },
  {
    rule: 'response-min-items-decreased',
    level: 'warning',
    base: arr({ minItems: 5 }),
    revision: arr({ minItems: 2 }),
    message: `${RES}: minItems decreased from 5 to 2`,
    swap: 'response-min-items-increased',
  },
  {
    rule: 'request-max-properties-increased',
    level: 'info',
    base: obj({ maxProperties: 2 }),
    revision: obj({ maxProperties: 5 }),
    message: `${REQ}: maxProperties increased from 2 to 5`,
    swap: 'request-max-properties-decreased',
  },
  {
    rule: 'request-max-properties-decreased',
    level: 'breaking',
    base: obj({ maxProperties: 5 }),
    revision: obj({ maxProperties: 2 }),
    message: `${REQ}: maxProperties decreased from 5 to 2`,
    swap: 'request-max-properties-increased',
  },
  {
    rule: 'response-max-properties-increased',
    level: 'warning',
    base: obj({ maxProperties: 2 }),
    revision: obj({ maxProperties: 5 }),
    message: `${RES}: maxProperties increased from 2 to 5`,
    swap: 'response-max-properties-decreased',
  },
  {
    rule: 'response-max-properties-decreased',
    level: 'info',
    base: obj({ maxProperties: 5 }),
    revision: obj({ maxProperties: 2 }),
    message: `${RES}: maxProperties decreased from 5 to 2`,
    swap: 'response-max-properties-increased',
  },
  {
    rule: 'request-min-properties-increased',
    level: 'breaking',
    base: obj({ minProperties: 2 }),
    revision: obj({ minProperties: 5 }),
    message: `${REQ}: minProperties increased from 2 to 5`,
    swap: 'request-min-properties-decreased',
  },
  {
    rule: 'request-min-properties-decreased',
    level: 'info',
    base: obj({ minProperties: 5 }),
    revision: obj({ minProperties: 2 }),
    message: `${REQ}: minProperties decreased from 5 to 2`,
    swap: 'request-min-properties-increased',
  },
  {
    rule: 'response-min-properties-increased',
    level: 'info',
    base: obj({ minProperties: 2 }),
    revision: obj({ minProperties: 5 }),
    message: `${RES}: minProperties increased from 2 to 5`,
    swap: 'response-min-properties-decreased',
  },
  {
    rule: 'response-min-properties-decreased',
    level: 'warning',
    base: obj({ minProperties: 5 }),
    revision: obj({ minProperties: 2 }),
    message: `${RES}: minProperties decreased from 5 to 2`,
    swap: 'response-min-properties-increased',
  },
  {
    rule: 'request-max-contains-increased',
    level: 'info',
    base: withContains({ maxContains: 2 }),
    revision: withContains({ maxContains: 5 }),
    message: `${REQ}: maxContains increased from 2 to 5`,
    swap: 'request-max-contains-decreased',
  },
  {
    rule: 'request-max-contains-decreased',
    level: 'breaking',
    base: withContains({ maxContains: 5 }),
    revision: withContains({ maxContains: 2 }),
    message: `${REQ}: maxContains decreased from 5 to 2`,
    swap: 'request-max-contains-increased',
  },
  {
    rule: 'request-max-contains-decreased',
    name: 'bound added',
    level: 'breaking',
    base: withContains(),
    revision: withContains({ maxContains: 1 }),
    message: `${REQ}: maxContains decreased from none to 1`,
    swap: 'request-max-contains-increased',
  },
  {
    rule: 'response-max-contains-increased',
    level: 'warning',
    base: withContains({ maxContains: 2 }),
    revision: withContains({ maxContains: 5 }),
    message: `${RES}: maxContains increased from 2 to 5`,
    swap: 'response-max-contains-decreased',
  },
  {
    rule: 'response-max-contains-decreased',
    level: 'info',
    base: withContains({ maxContains: 5 }),
    revision: withContains({ maxContains: 2 }),
    message: `${RES}: maxContains decreased from 5 to 2`,
    swap: 'response-max-contains-increased',
  },
  {
    rule: 'request-min-contains-increased',
    level: 'breaking',
    base: withContains({ minContains: 2 }),
    revision: withContains({ minContains: 5 }),
    message: `${REQ}: minContains increased from 2 to 5`,
    swap: 'request-min-contains-decreased',
  },
  {
    rule: 'request-min-contains-increased',
    name: 'from the implicit 1',
    level: 'breaking',
    base: withContains(),
    revision: withContains({ minContains: 2 }),
    message: `${REQ}: minContains increased from 1 to 2`,
    swap: 'request-min-contains-decreased',
  },
  {
    rule: 'request-min-contains-decreased',
    level: 'info',
    base: withContains({ minContains: 5 }),
    revision: withContains({ minContains: 2 }),
    message: `${REQ}: minContains decreased from 5 to 2`,
    swap: 'request-min-contains-increased',
  },
  {
    rule: 'response-min-contains-increased',
    level: 'info',
    base: withContains({ minContains: 2 }),
    revision: withContains({ minContains: 5 }),
    message: `${RES}: minContains increased from 2 to 5`,
    swap: 'response-min-contains-decreased',
  },
  {
    rule: 'response-min-contains-decreased',
    level: 'warning',
    base: withContains({ minContains: 5 }),
    revision: withContains({ minContains: 2 }),
    message: `${RES}: minContains decreased from 5 to 2`,
    swap: 'response-min-contains-increased',
  },
  {
    rule: 'response-min-contains-decreased',
    name: 'minContains 0 makes contains optional',
    level: 'warning',
    base: withContains(),
    revision: withContains({ minContains: 0 }),
    message: `${RES}: minContains decreased from 1 to 0`,
    swap: 'response-min-contains-increased',
  },
  {
    rule: 'request-maximum-increased',
    level: 'info',
    base: num({ maximum: 2 }),
    revision: num({ maximum: 5 }),
    message: `${REQ}: maximum increased from 2 to 5`,
    swap: 'request-maximum-decreased',
  },
  {
    rule: 'request-maximum-increased',
    name: '3.0 exclusiveMaximum: true dropped',
    openapi: '3.0.3',
    level: 'info',
    base: num({ maximum: 10, exclusiveMaximum: true }),
    revision: num({ maximum: 10 }),
    message: `${REQ}: maximum increased from < 10 to 10`,
    swap: 'request-maximum-decreased',
  },
  {
    rule: 'request-maximum-decreased',
    level: 'breaking',
    base: num({ maximum: 5 }),
    revision: num({ maximum: 2 }),
    message: `${REQ}: maximum decreased from 5 to 2`,
    swap: 'request-maximum-increased',
  },
  {
    rule: 'request-maximum-decreased',
    name: '3.1 exclusiveMaximum lowered',
    level: 'breaking',
    base: num({ exclusiveMaximum: 10 }),
    revision: num({ exclusiveMaximum: 5 }),
    message: `${REQ}: maximum decreased from < 10 to < 5`,
    swap: 'request-maximum-increased',
  },
  {
    rule: 'request-maximum-decreased',
    name: '3.1 maximum -> exclusiveMaximum at the same value',
    level: 'breaking',
    base: num({ maximum: 10 }),
    revision: num({ exclusiveMaximum: 10 }),
    message: `${REQ}: maximum decreased from 10 to < 10`,
    swap: 'request-maximum-increased',
  },
  {
    rule: 'response-maximum-increased',
    level: 'warning',
    base: num({ maximum: 2 }),
    revision: num({ maximum: 5 }),
    message: `${RES}: maximum increased from 2 to 5`,
    swap: 'response-maximum-decreased',
  },
  {
    rule: 'response-maximum-increased',
    name: '3.1 exclusiveMaximum -> maximum at the same value',
    level: 'warning',
    base: num({ exclusiveMaximum: 10 }),
    revision: num({ maximum: 10 }),
    message: `${RES}: maximum increased from < 10 to 10`,
    swap: 'response-maximum-decreased',
  },
  {
    rule: 'response-maximum-decreased',
    level: 'info',
    base: num({ maximum: 5 }),
    revision: num({ maximum: 2 }),
    message: `${RES}: maximum decreased from 5 to 2`,
    swap: 'response-maximum-increased',
  },
  {
    rule: 'response-maximum-decreased',
    name: '3.0 exclusiveMaximum: true added',
    openapi: '3.0.3',
    level: 'info',
    base: int({ maximum: 100 }),
    revision: int({ maximum: 100, exclusiveMaximum: true }),
    message: `${RES}: maximum decreased from 100 to < 100`,
    swap: 'response-maximum-increased',
  },
  {
    rule: 'request-minimum-increased',
    level: 'breaking',
    base: num({ minimum: 2 }),
    revision: num({ minimum: 5 }),
    message: `${REQ}: minimum increased from 2 to 5`,
    swap: 'request-minimum-decreased',
  },
  {
    rule: 'request-minimum-increased',
    name: '3.0 exclusiveMinimum: true added',
    openapi: '3.0.3',
    level: 'breaking',
    base: num({ minimum: 0 }),
    revision: num({ minimum: 0, exclusiveMinimum: true }),
    message: `${REQ}: minimum increased from 0 to > 0`,
    swap: 'request-minimum-decreased',
  },
  {
    rule: 'request-minimum-increased',
    name: '3.1 minimum -> exclusiveMinimum at the same value',
    level: 'breaking',
    base: num({ minimum: 0 }),
    revision: num({ exclusiveMinimum: 0 }),
    message: `${REQ}: minimum increased from 0 to > 0`,
    swap: 'request-minimum-decreased',
  },
  {
    rule: 'request-minimum-decreased',
    level: 'info',
    base: num({ minimum: 5 }),
    revision: num({ minimum: 2 }),
    message: `${REQ}: minimum decreased from 5 to 2`,
    swap: 'request-minimum-increased',
  },
  {
    rule: 'response-minimum-increased',
    level: 'info',
    base: num({ minimum: 2 }),
    revision: num({ minimum: 5 }),
    message: `${RES}: minimum increased from 2 to 5`,
    swap: 'response-minimum-decreased',
  },
  {
    rule: 'response-minimum-decreased',
    level: 'warning',
    base: num({ minimum: 5 }),
    revision: num({ minimum: 2 }),
    message: `${RES}: minimum decreased from 5 to 2`,
    swap: 'response-minimum-increased',
  },
  {
    rule: 'response-minimum-decreased',
    name: '3.1 exclusiveMinimum -> minimum at the same value',
    level: 'warning',
    base: num({ exclusiveMinimum: 5 }),
    revision: num({ minimum: 5 }),
    message: `${RES}: minimum decreased from > 5 to 5`,
    swap: 'response-minimum-increased',
  },
  {
    rule: 'response-minimum-decreased',
    name: '3.0 exclusiveMinimum: true dropped',
    openapi: '3.0.3',
    level: 'warning',
    base: num({ minimum: 0, exclusiveMinimum: true }),
    revision: num({ minimum: 0 }),
    message: `${RES}: minimum decreased from > 0 to 0`,
    swap: 'response-minimum-increased',
  },
];

// ---------------------------------------------------------------------------------------------
// Types (integer ⊆ number) and null.

/** Components as FastAPI writes them under Pydantic 1: a generated `title` on every property. */
const PYDANTIC1: Components = {
  Item: {
    title: 'Item',
    type: 'object',
    properties: {
      id: { title: 'Id', type: 'integer' },
      name: { title: 'Name', type: 'string' },
      tags: { title: 'Tags', type: 'array', items: { type: 'string' } },
    },
  },
};

const TYPES: Case[] = [
  {
    rule: 'request-type-changed',
    name: 'number -> integer',
    level: 'breaking',
    base: num(),
    revision: int(),
    message: `${REQ}: type changed from number to integer`,
    swap: 'request-type-widened',
  },
  {
    rule: 'request-type-changed',
    name: 'string -> integer (both ways)',
    level: 'breaking',
    base: str(),
    revision: int(),
    message: `${REQ}: type changed from string to integer`,
    swap: 'same',
  },
  {
    rule: 'request-type-changed',
    name: 'string | integer -> string',
    level: 'breaking',
    base: { type: ['string', 'integer'] },
    revision: str(),
    message: `${REQ}: type changed from integer | string to string`,
    swap: 'request-type-widened',
  },
  {
    // `{}` allowed null too; the type finding says so ("any"), without a second nullable finding.
    rule: 'request-type-changed',
    name: 'any -> string',
    level: 'breaking',
    base: { description: 'anything' },
    revision: str(),
    message: `${REQ}: type changed from any to string`,
    swap: 'request-type-widened',
  },
  {
    rule: 'request-type-widened',
    name: 'integer -> number',
    level: 'info',
    base: int(),
    revision: num(),
    message: `${REQ}: type widened from integer to number`,
    swap: 'request-type-changed',
  },
  {
    rule: 'request-type-widened',
    name: 'anyOf of bare types',
    level: 'info',
    base: str(),
    revision: { anyOf: [{ type: 'string' }, { type: 'integer' }] },
    message: `${REQ}: type widened from string to integer | string`,
    swap: 'request-type-changed',
  },
  {
    rule: 'response-type-changed',
    name: 'integer -> number',
    level: 'breaking',
    base: int(),
    revision: num(),
    message: `${RES}: type changed from integer to number`,
    swap: 'response-type-narrowed',
  },
  {
    rule: 'response-type-changed',
    name: 'string -> boolean (both ways)',
    level: 'breaking',
    base: str(),
    revision: { type: 'boolean' },
    message: `${RES}: type changed from string to boolean`,
    swap: 'same',
  },
  {
    rule: 'response-type-narrowed',
    name: 'number -> integer',
    level: 'info',
    base: num(),
    revision: int(),
    message: `${RES}: type narrowed from number to integer`,
    swap: 'response-type-changed',
  },
  {
    rule: 'response-type-narrowed',
    name: 'string | integer -> string',
    level: 'info',
    base: { type: ['string', 'integer'] },
    revision: str(),
    message: `${RES}: type narrowed from integer | string to string`,
    swap: 'response-type-changed',
  },
  {
    rule: 'request-nullable-removed',
    level: 'breaking',
    base: { type: ['string', 'null'] },
    revision: str(),
    message: `${REQ}: null is no longer accepted`,
    swap: 'request-nullable-added',
  },
  {
    rule: 'request-nullable-removed',
    name: '3.0 nullable: true dropped',
    openapi: '3.0.3',
    level: 'breaking',
    base: str({ nullable: true }),
    revision: str(),
    message: `${REQ}: null is no longer accepted`,
    swap: 'request-nullable-added',
  },
  {
    rule: 'request-nullable-added',
    level: 'info',
    base: str(),
    revision: { anyOf: [{ type: 'string' }, { type: 'null' }] },
    message: `${REQ}: null is now accepted`,
    swap: 'request-nullable-removed',
  },
  {
    rule: 'request-nullable-added',
    name: 'null added to an enum',
    level: 'info',
    base: { enum: ['a', 'b'] },
    revision: { enum: ['a', 'b', null] },
    message: `${REQ}: null is now accepted`,
    swap: 'request-nullable-removed',
  },
  {
    rule: 'response-nullable-added',
    level: 'breaking',
    base: str(),
    revision: { type: ['string', 'null'] },
    message: `${RES}: may now be null`,
    swap: 'response-nullable-removed',
  },
  {
    rule: 'response-nullable-added',
    name: 'oneOf with a null branch (Pydantic Optional)',
    level: 'breaking',
    base: obj(),
    revision: { oneOf: [obj(), { type: 'null' }] },
    message: `${RES}: may now be null`,
    swap: 'response-nullable-removed',
  },
  {
    rule: 'response-nullable-added',
    name: '3.0 nullable: true added',
    openapi: '3.0.3',
    level: 'breaking',
    base: int(),
    revision: int({ nullable: true }),
    message: `${RES}: may now be null`,
    swap: 'response-nullable-removed',
  },
  {
    // The base is FastAPI's output under Pydantic 1 (3.0, generated titles): it could not write null.
    rule: 'response-optional-property-nullable-added',
    name: 'an optional property becomes Optional[...] (Pydantic 1 -> 2)',
    level: 'warning',
    openapi: '3.0.3',
    components: PYDANTIC1,
    base: { type: 'object', properties: { note: { title: 'Note', type: 'string' } } },
    revision: { type: 'object', properties: { note: { title: 'Note', type: 'string', nullable: true } } },
    message: `${RES}.note: optional property may now be null`,
    at: '/properties/note',
    swap: 'response-nullable-removed',
  },
  {
    rule: 'response-property-null-documented',
    name: 'a required property of a Pydantic 1 document',
    level: 'warning',
    openapi: '3.0.3',
    components: PYDANTIC1,
    base: { type: 'object', required: ['note'], properties: { note: { title: 'Note', type: 'string' } } },
    revision: {
      type: 'object',
      required: ['note'],
      properties: { note: { title: 'Note', type: 'string', nullable: true } },
    },
    message: `${RES}.note: property \`note\` may now be null; the base was written by Pydantic 1, which cannot write null, so the service may have returned null already`,
    at: '/properties/note',
    swap: 'response-nullable-removed',
  },
  {
    // Written by hand (no generated titles), a 3.0 contract means what it says.
    rule: 'response-nullable-added',
    name: 'an optional property may now be null (3.0, written by hand)',
    level: 'breaking',
    openapi: '3.0.3',
    base: { type: 'object', properties: { note: { type: 'string' } } },
    revision: { type: 'object', properties: { note: { type: 'string', nullable: true } } },
    message: `${RES}.note: may now be null`,
    at: '/properties/note',
    swap: 'response-nullable-removed',
  },
  {
    rule: 'response-nullable-added',
    name: 'a required property may now be null',
    level: 'breaking',
    base: { type: 'object', required: ['note'], properties: { note: { type: 'string' } } },
    revision: { type: 'object', required: ['note'], properties: { note: { type: ['string', 'null'] } } },
    message: `${RES}.note: may now be null`,
    at: '/properties/note',
    swap: 'response-nullable-removed',
  },
  {
    rule: 'response-nullable-removed',
    level: 'info',
    base: { type: ['string', 'null'] },
    revision: str(),
    message: `${RES}: is no longer null`,
    swap: 'response-nullable-added',
  },
];

// ---------------------------------------------------------------------------------------------
// Values: enum / const, format, pattern, multipleOf.

const VALUES: Case[] = [
  {
    // An open enum: any string validates, so this break has no validator witness; the server
    // stops listing a value clients were told it takes.
    rule: 'request-extensible-enum-value-removed',
    level: 'breaking',
    base: str({ 'x-extensible-enum': ['a', 'b'] }),
    revision: str({ 'x-extensible-enum': ['a'] }),
    message: `${REQ}: extensible enum value "b" is no longer listed`,
    swap: 'none',
  },
  {
    rule: 'response-extensible-enum-value-added',
    level: 'info',
    base: str({ 'x-extensible-enum': ['a'] }),
    revision: str({ 'x-extensible-enum': ['a', 'b'] }),
    message: `${RES}: may now return extensible enum value "b"`,
    swap: 'none',
  },
  {
    rule: 'request-enum-value-removed',
    level: 'breaking',
    base: str({ enum: ['a', 'b'] }),
    revision: str({ enum: ['a'] }),
    message: `${REQ}: enum value "b" is no longer accepted`,
    swap: 'request-enum-value-added',
  },
  {
    rule: 'request-enum-value-removed',
    name: 'enum -> const',
    level: 'breaking',
    base: int({ enum: [1, 2, 3] }),
    revision: int({ const: 1 }),
    message: `${REQ}: enum value 2, 3 is no longer accepted`,
    swap: 'request-enum-value-added',
  },
  {
    rule: 'request-enum-value-added',
    level: 'info',
    base: str({ enum: ['a'] }),
    revision: str({ enum: ['a', 'b'] }),
    message: `${REQ}: enum value "b" added`,
    swap: 'request-enum-value-removed',
  },
  {
    rule: 'request-enum-value-added',
    name: 'const -> enum',
    level: 'info',
    base: str({ const: 'a' }),
    revision: str({ enum: ['a', 'b'] }),
    message: `${REQ}: enum value "b" added`,
    swap: 'request-enum-value-removed',
  },
  {
    rule: 'response-enum-value-added',
    level: 'warning',
    base: str({ enum: ['a'] }),
    revision: str({ enum: ['a', 'b'] }),
    message: `${RES}: may now return enum value "b"`,
    swap: 'response-enum-value-removed',
  },
  {
    rule: 'response-enum-values-replaced',
    level: 'breaking',
    base: str({ const: 'v1' }),
    revision: str({ const: 'v2' }),
    message: `${RES}: now returns "v2" instead of "v1"`,
    swap: 'response-enum-values-replaced',
  },
  {
    rule: 'response-enum-value-removed',
    level: 'info',
    base: str({ enum: ['a', 'b'] }),
    revision: str({ enum: ['a'] }),
    message: `${RES}: no longer returns enum value "b"`,
    swap: 'response-enum-value-added',
  },
  {
    rule: 'request-enum-added',
    level: 'breaking',
    base: str(),
    revision: str({ enum: ['a', 'b'] }),
    message: `${REQ}: now only accepts "a", "b"`,
    swap: 'request-enum-removed',
  },
  {
    rule: 'request-enum-added',
    name: 'const added',
    level: 'breaking',
    base: str(),
    revision: str({ const: 'a' }),
    message: `${REQ}: now only accepts "a"`,
    swap: 'request-enum-removed',
  },
  {
    rule: 'request-enum-removed',
    level: 'info',
    base: str({ enum: ['a', 'b'] }),
    revision: str(),
    message: `${REQ}: no longer restricted to "a", "b"`,
    swap: 'request-enum-added',
  },
  {
    rule: 'response-enum-removed',
    level: 'warning',
    base: str({ enum: ['a', 'b'] }),
    revision: str(),
    message: `${RES}: no longer restricted to "a", "b"`,
    swap: 'response-enum-added',
  },
  {
    rule: 'response-enum-removed',
    name: 'const removed',
    level: 'warning',
    base: str({ const: 'a' }),
    revision: str(),
    message: `${RES}: no longer restricted to "a"`,
    swap: 'response-enum-added',
  },
  {
    rule: 'response-enum-added',
    level: 'info',
    base: str(),
    revision: str({ enum: ['a', 'b'] }),
    message: `${RES}: now restricted to "a", "b"`,
    swap: 'response-enum-removed',
  },
  {
    rule: 'request-format-changed',
    name: 'int64 -> int32',
    level: 'breaking',
    base: int({ format: 'int64' }),
    revision: int({ format: 'int32' }),
    message: `${REQ}: format changed from int64 to int32`,
    swap: 'request-format-widened',
  },
  {
    rule: 'request-format-changed',
    name: 'date -> date-time (both ways)',
    level: 'breaking',
    base: str({ format: 'date' }),
    revision: str({ format: 'date-time' }),
    message: `${REQ}: format changed from date to date-time`,
    swap: 'same',
  },
  {
    rule: 'request-format-added',
    level: 'breaking',
    base: str(),
    revision: str({ format: 'email' }),
    message: `${REQ}: now requires format email`,
    swap: 'request-format-widened',
  },
  {
    rule: 'request-format-widened',
    name: 'int32 -> int64',
    level: 'info',
    base: int({ format: 'int32' }),
    revision: int({ format: 'int64' }),
    message: `${REQ}: format relaxed from int32 to int64`,
    swap: 'request-format-changed',
  },
  {
    rule: 'request-format-widened',
    name: 'format removed',
    level: 'info',
    base: str({ format: 'uuid' }),
    revision: str(),
    message: `${REQ}: format relaxed from uuid to none`,
    swap: 'request-format-added',
  },
  {
    rule: 'response-format-changed',
    name: 'int32 -> int64',
    level: 'breaking',
    base: int({ format: 'int32' }),
    revision: int({ format: 'int64' }),
    message: `${RES}: format changed from int32 to int64`,
    swap: 'response-format-narrowed',
  },
  {
    rule: 'response-format-removed',
    level: 'warning',
    base: str({ format: 'email' }),
    revision: str(),
    message: `${RES}: format email no longer promised`,
    swap: 'response-format-narrowed',
  },
  {
    rule: 'response-format-narrowed',
    name: 'double -> float',
    level: 'info',
    base: num({ format: 'double' }),
    revision: num({ format: 'float' }),
    message: `${RES}: format now float (was double)`,
    swap: 'response-format-changed',
  },
  {
    rule: 'response-format-narrowed',
    name: 'format added',
    level: 'info',
    base: str(),
    revision: str({ format: 'date-time' }),
    message: `${RES}: format now date-time (was none)`,
    swap: 'response-format-removed',
  },
  {
    rule: 'request-pattern-added',
    level: 'breaking',
    base: str(),
    revision: str({ pattern: '^[a-z]+$' }),
    message: `${REQ}: values must now match pattern ^[a-z]+$`,
    swap: 'request-pattern-removed',
  },
  {
    // Regex inclusion is undecidable here: a warning either way.
    rule: 'request-pattern-changed',
    level: 'warning',
    base: str({ pattern: '^[a-z]+$' }),
    revision: str({ pattern: '^[a-z0-9]+$' }),
    message: `${REQ}: pattern changed from ^[a-z]+$ to ^[a-z0-9]+$`,
    swap: 'same',
  },
  {
    rule: 'request-pattern-removed',
    level: 'info',
    base: str({ pattern: '^[a-z]+$' }),
    revision: str(),
    message: `${REQ}: pattern ^[a-z]+$ removed`,
    swap: 'request-pattern-added',
  },
  {
    rule: 'response-pattern-removed',
    level: 'warning',
    base: str({ pattern: '^[a-z]+$' }),
    revision: str(),
    message: `${RES}: pattern ^[a-z]+$ no longer promised`,
    swap: 'response-pattern-added',
  },
  {
    rule: 'response-pattern-changed',
    level: 'warning',
    base: str({ pattern: '^[a-z]+$' }),
    revision: str({ pattern: '^[a-z0-9]+$' }),
    message: `${RES}: pattern changed from ^[a-z]+$ to ^[a-z0-9]+$`,
    swap: 'same',
  },
  {
    rule: 'response-pattern-added',
    level: 'info',
    base: str(),
    revision: str({ pattern: '^[a-z]+$' }),
    message: `${RES}: values now match pattern ^[a-z]+$`,
    swap: 'response-pattern-removed',
  },
  {
    rule: 'request-multiple-of-changed',
    level: 'breaking',
    base: int({ multipleOf: 2 }),
    revision: int({ multipleOf: 4 }),
    message: `${REQ}: multipleOf changed from 2 to 4`,
    swap: 'none',
  },
  {
    rule: 'request-multiple-of-changed',
    name: 'multipleOf added',
    level: 'breaking',
    base: num(),
    revision: num({ multipleOf: 0.5 }),
    message: `${REQ}: multipleOf changed from none to 0.5`,
    swap: 'none',
  },
  {
    rule: 'response-multiple-of-changed',
    level: 'warning',
    base: int({ multipleOf: 4 }),
    revision: int({ multipleOf: 2 }),
    message: `${RES}: multipleOf changed from 4 to 2`,
    swap: 'none',
  },
  {
    rule: 'response-multiple-of-changed',
    name: 'multipleOf removed',
    level: 'warning',
    base: num({ multipleOf: 0.1 }),
    revision: num(),
    message: `${RES}: multipleOf changed from 0.1 to none`,
    swap: 'none',
  },
];

// ---------------------------------------------------------------------------------------------
// Arrays: uniqueItems, prefixItems, unevaluatedItems, contains.

const ARRAYS: Case[] = [
  {
    rule: 'request-unique-items-added',
    level: 'breaking',
    base: arr(),
    revision: arr({ uniqueItems: true }),
    message: `${REQ}: items must now be unique`,
    swap: 'none',
  },
  {
    rule: 'response-unique-items-removed',
    level: 'warning',
    base: arr({ uniqueItems: true }),
    revision: arr(),
    message: `${RES}: items are no longer guaranteed unique`,
    swap: 'none',
  },
  {
    rule: 'request-unevaluated-items-restricted',
    level: 'breaking',
    base: tuple(),
    revision: tuple({ unevaluatedItems: false }),
    message: `${REQ}: items beyond the listed ones are no longer accepted`,
    swap: 'none',
  },
  {
    rule: 'request-unevaluated-items-restricted',
    name: 'items: false after prefixItems',
    level: 'breaking',
    base: tuple(),
    revision: tuple({ items: false }),
    message: `${REQ}: items beyond the listed ones are no longer accepted`,
    swap: 'none',
  },
  {
    rule: 'response-unevaluated-items-allowed',
    level: 'warning',
    base: tuple({ unevaluatedItems: false }),
    revision: tuple(),
    message: `${RES}: may now contain items beyond the listed ones`,
    swap: 'none',
  },
  {
    rule: 'request-contains-added',
    level: 'breaking',
    base: arr(),
    revision: arr({ contains: { const: 'x' } }),
    message: `${REQ}: arrays must now contain a matching item`,
    swap: 'none',
  },
  {
    // One root cause, one finding: not also minContains "increased" from 0.
    rule: 'request-contains-added',
    name: 'with minContains',
    level: 'breaking',
    base: arr(),
    revision: arr({ contains: { const: 'x' }, minContains: 2 }),
    message: `${REQ}: arrays must now contain a matching item`,
    swap: 'none',
  },
  {
    rule: 'response-contains-removed',
    level: 'warning',
    base: arr({ contains: { const: 'x' } }),
    revision: arr(),
    message: `${RES}: arrays no longer guaranteed to contain a matching item`,
    swap: 'none',
  },
];

// ---------------------------------------------------------------------------------------------
// Objects: properties, required, readOnly/writeOnly, default, extra properties, 2020-12 keywords.

const OBJECTS: Case[] = [
  {
    rule: 'request-required-property-added',
    level: 'breaking',
    base: obj(),
    revision: ab(['b']),
    message: `${REQ}: new required property \`b\``,
    at: '/properties/b',
    swap: 'request-property-removed',
  },
  {
    rule: 'request-optional-property-added',
    level: 'info',
    base: obj(),
    revision: ab(),
    message: `${REQ}: new optional property \`b\``,
    at: '/properties/b',
    swap: 'request-property-removed',
  },
  {
    rule: 'request-property-became-required',
    level: 'breaking',
    base: ab(),
    revision: ab(['b']),
    message: `${REQ}: property \`b\` is now required`,
    at: '/properties/b',
    swap: 'request-property-became-optional',
  },
  {
    rule: 'request-property-became-optional',
    level: 'info',
    base: ab(['b']),
    revision: ab(),
    message: `${REQ}: property \`b\` is no longer required`,
    at: '/properties/b',
    swap: 'request-property-became-required',
  },
  {
    rule: 'request-property-removed',
    level: 'warning',
    base: ab(),
    revision: obj(),
    message: `${REQ}: property \`b\` removed`,
    at: '/properties/b',
    swap: 'request-optional-property-added',
  },
  {
    // The harness evaluates on 2026-01-01: the sunset is still ahead.
    rule: 'request-property-removed-before-sunset',
    level: 'breaking',
    base: ab([], { deprecated: true, 'x-sunset': '2026-06-30' }),
    revision: obj(),
    message: `${REQ}: property \`b\` removed before its sunset date 2026-06-30`,
    at: '/properties/b',
    swap: 'request-optional-property-added',
  },
  {
    rule: 'request-property-removed',
    name: 'after its sunset',
    level: 'warning',
    base: ab([], { deprecated: true, 'x-sunset': '2025-06-30' }),
    revision: obj(),
    message: `${REQ}: property \`b\` removed`,
    at: '/properties/b',
    swap: 'request-optional-property-added',
  },
  {
    rule: 'response-required-property-removed',
    level: 'breaking',
    base: ab(['b']),
    revision: obj(),
    message: `${RES}: property \`b\` is no longer returned`,
    at: '/properties/b',
    swap: 'response-property-added',
  },
  {
    rule: 'response-optional-property-removed',
    level: 'breaking',
    base: ab(),
    revision: obj(),
    message: `${RES}: optional property \`b\` is no longer returned`,
    at: '/properties/b',
    swap: 'response-property-added',
  },
  {
    rule: 'response-property-became-optional',
    level: 'breaking',
    base: ab(['b']),
    revision: ab(),
    message: `${RES}: property \`b\` is no longer always returned`,
    at: '/properties/b',
    swap: 'response-property-became-required',
  },
  {
    rule: 'response-property-became-required',
    level: 'info',
    base: ab(),
    revision: ab(['b']),
    message: `${RES}: property \`b\` is now always returned`,
    at: '/properties/b',
    swap: 'response-property-became-optional',
  },
  {
    rule: 'response-property-added',
    level: 'info',
    base: obj(),
    revision: ab(),
    message: `${RES}: new property \`b\``,
    at: '/properties/b',
    swap: 'response-optional-property-removed',
  },
  {
    rule: 'request-property-became-read-only',
    level: 'warning',
    base: ab(),
    revision: ab([], { readOnly: true }),
    message: `${REQ}.b: property \`b\` is now read-only`,
    at: '/properties/b',
    swap: 'none',
  },
  {
    rule: 'response-property-became-write-only',
    level: 'warning',
    // A break no value demonstrates (validators ignore this keyword): demoted, see docs/rules.md.
    undemonstrated: true,
    base: ab(),
    revision: ab([], { writeOnly: true }),
    message: `${RES}.b: property \`b\` is now write-only and no longer returned`,
    at: '/properties/b',
    swap: 'none',
  },
  {
    rule: 'request-default-changed',
    name: 'default removed',
    level: 'warning',
    base: ab([], { default: 1 }),
    revision: ab(),
    message: `${REQ}.b: default changed from 1 to none`,
    at: '/properties/b',
    swap: 'none',
  },
  {
    rule: 'request-default-changed',
    name: 'default value changed (both ways)',
    level: 'warning',
    base: ab([], { default: 1 }),
    revision: ab([], { default: 2 }),
    message: `${REQ}.b: default changed from 1 to 2`,
    at: '/properties/b',
    swap: 'same',
  },
  {
    rule: 'request-additional-properties-restricted',
    name: 'open -> closed',
    level: 'breaking',
    base: obj(),
    revision: obj({ additionalProperties: false }),
    message: `${REQ}: additional properties are now closed (were open)`,
    swap: 'none',
  },
  {
    rule: 'request-additional-properties-restricted',
    name: 'constrained -> closed',
    level: 'breaking',
    base: obj({ additionalProperties: { type: 'string' } }),
    revision: obj({ additionalProperties: false }),
    message: `${REQ}: additional properties are now closed (were constrained)`,
    swap: 'none',
  },
  {
    rule: 'request-additional-properties-restricted',
    name: 'unevaluatedProperties: false',
    level: 'breaking',
    base: obj(),
    revision: obj({ unevaluatedProperties: false }),
    message: `${REQ}: additional properties are now closed (were open)`,
    swap: 'none',
  },
  {
    rule: 'response-additional-properties-allowed',
    name: 'closed -> open',
    level: 'warning',
    base: obj({ additionalProperties: false }),
    revision: obj(),
    message: `${RES}: additional properties are now open (were closed)`,
    swap: 'none',
  },
  {
    rule: 'response-additional-properties-allowed',
    name: 'unevaluatedProperties: false -> a schema',
    level: 'warning',
    base: obj({ unevaluatedProperties: false }),
    revision: obj({ unevaluatedProperties: { type: 'integer' } }),
    message: `${RES}: additional properties are now constrained (were closed)`,
    swap: 'none',
  },
  {
    rule: 'request-property-names-added',
    level: 'breaking',
    base: { type: 'object' },
    revision: { type: 'object', propertyNames: { pattern: '^[a-z]+$' } },
    message: `${REQ}: property names are now restricted`,
    swap: 'none',
  },
  {
    rule: 'response-property-names-removed',
    level: 'warning',
    base: { type: 'object', propertyNames: { pattern: '^[a-z]+$' } },
    revision: { type: 'object' },
    message: `${RES}: property names are no longer restricted`,
    swap: 'none',
  },
  {
    rule: 'request-pattern-properties-added',
    level: 'breaking',
    base: { type: 'object' },
    revision: { type: 'object', patternProperties: { '^x-': { type: 'string' } } },
    message: `${REQ}: properties matching \`^x-\` are now constrained`,
    swap: 'none',
  },
  {
    rule: 'response-pattern-properties-removed',
    level: 'warning',
    base: { type: 'object', patternProperties: { '^x-': { type: 'string' } } },
    revision: { type: 'object' },
    message: `${RES}: properties matching \`^x-\` are no longer constrained`,
    swap: 'none',
  },
  {
    rule: 'request-dependent-required-added',
    level: 'breaking',
    base: ab(),
    revision: ab([], {}, { dependentRequired: { a: ['b'] } }),
    message: `${REQ}: when \`a\` is sent, b must now be sent too`,
    swap: 'none',
  },
  {
    rule: 'response-dependent-required-removed',
    level: 'breaking',
    base: ab([], {}, { dependentRequired: { a: ['b'] } }),
    revision: ab(),
    message: `${RES}: when \`a\` is present, b may now be missing`,
    swap: 'none',
  },
  {
    rule: 'request-dependent-schema-added',
    level: 'breaking',
    base: ab(),
    revision: ab([], {}, { dependentSchemas: { a: { required: ['b'] } } }),
    message: `${REQ}: when \`a\` is present, the object must now match an extra schema`,
    swap: 'none',
  },
  {
    rule: 'response-dependent-schema-removed',
    level: 'warning',
    base: ab([], {}, { dependentSchemas: { a: { required: ['b'] } } }),
    revision: ab(),
    message: `${RES}: when \`a\` is present, the extra schema is no longer guaranteed`,
    swap: 'none',
  },
];

// ---------------------------------------------------------------------------------------------
// Unions (oneOf/anyOf) and discriminators.

const cat = {
  title: 'Cat',
  type: 'object',
  properties: { kind: { const: 'cat' }, meows: { type: 'boolean' } },
  required: ['kind'],
};
const dog = {
  title: 'Dog',
  type: 'object',
  properties: { kind: { const: 'dog' }, barks: { type: 'boolean' } },
  required: ['kind'],
};
const fish = {
  title: 'Fish',
  type: 'object',
  properties: { kind: { const: 'fish' }, fins: { type: 'integer' } },
  required: ['kind'],
};
const PETS: Components = { Cat: cat, Dog: dog, Fish: fish };
/** Variants that leave the tag to the discriminator (no `const` on `kind`). */
const TAGGED: Components = {
  Cat: { type: 'object', properties: { kind: { type: 'string' }, meows: { type: 'boolean' } }, required: ['kind'] },
  Dog: { type: 'object', properties: { kind: { type: 'string' }, barks: { type: 'boolean' } }, required: ['kind'] },
};
const refs = (...names: string[]) => names.map((name) => ({ $ref: `#/components/schemas/${name}` }));
const mapping = (...names: string[]) =>
  Object.fromEntries(names.map((name) => [name.toLowerCase(), `#/components/schemas/${name}`]));
const pets = (names: string[], discriminator?: Keywords) => ({
  oneOf: refs(...names),
  ...(discriminator ? { discriminator } : {}),
});

const UNIONS: Case[] = [
  {
    // oneOf rejects a value two variants match: {} (or {a: 'x'}) was accepted, now matches both.
    rule: 'request-variant-overlap-added',
    level: 'breaking',
    base: { anyOf: [obj(), obj({ properties: { b: { type: 'string' } } })] },
    revision: { oneOf: [obj(), obj({ properties: { b: { type: 'string' } } })] },
    message: `${REQ}: a value can now match both variant \`object #1\` and variant \`object #2\` of oneOf, which rejects it`,
    swap: 'none',
  },
  {
    rule: 'request-variant-removed',
    level: 'breaking',
    base: { oneOf: [cat, dog, fish] },
    revision: { oneOf: [cat, dog] },
    message: `${REQ}: variant \`Fish\` is no longer accepted`,
    at: '/oneOf/2',
    swap: 'request-variant-added',
  },
  {
    // Located at the $ref in the union, not at the Fish component (which did not change).
    rule: 'request-variant-removed',
    name: '$ref variant',
    level: 'breaking',
    base: pets(['Cat', 'Dog', 'Fish']),
    revision: pets(['Cat', 'Dog']),
    components: PETS,
    message: `${REQ}: variant \`Fish\` is no longer accepted`,
    at: '/oneOf/2',
    swap: 'request-variant-added',
  },
  {
    rule: 'request-variant-added',
    level: 'info',
    base: { oneOf: [cat, dog] },
    revision: { oneOf: [cat, dog, fish] },
    message: `${REQ}: variant \`Fish\` is now accepted`,
    at: '/oneOf/2',
    swap: 'request-variant-removed',
  },
  {
    rule: 'response-variant-added',
    level: 'breaking',
    base: { anyOf: [cat, dog] },
    revision: { anyOf: [cat, dog, fish] },
    message: `${RES}: may now return variant \`Fish\``,
    at: '/anyOf/2',
    swap: 'response-variant-removed',
  },
  {
    rule: 'response-variant-added',
    name: '$ref variant with a discriminator',
    level: 'breaking',
    base: pets(['Cat', 'Dog'], { propertyName: 'kind', mapping: mapping('Cat', 'Dog') }),
    revision: pets(['Cat', 'Dog', 'Fish'], { propertyName: 'kind', mapping: mapping('Cat', 'Dog', 'Fish') }),
    components: PETS,
    message: `${RES}: may now return variant \`Fish\``,
    at: '/oneOf/2',
    swap: 'response-variant-removed',
  },
  {
    rule: 'response-variant-added',
    name: 'plain object -> union',
    level: 'breaking',
    base: cat,
    revision: { oneOf: [cat, dog] },
    message: `${RES}: may now return variant \`Dog\``,
    at: '/oneOf/1',
    swap: 'response-variant-removed',
  },
  {
    rule: 'response-variant-removed',
    level: 'info',
    base: { anyOf: [cat, dog, fish] },
    revision: { anyOf: [cat, dog] },
    message: `${RES}: no longer returns variant \`Fish\``,
    at: '/anyOf/2',
    swap: 'response-variant-added',
  },
  {
    rule: 'request-discriminator-property-changed',
    level: 'warning',
    // A break no value demonstrates (validators ignore this keyword): demoted, see docs/rules.md.
    undemonstrated: true,
    base: pets(['Cat', 'Dog'], { propertyName: 'kind' }),
    revision: pets(['Cat', 'Dog'], { propertyName: 'type' }),
    components: PETS,
    message: `${REQ}: discriminator property changed from \`kind\` to \`type\``,
    swap: 'same',
  },
  {
    rule: 'response-discriminator-property-changed',
    level: 'warning',
    // A break no value demonstrates (validators ignore this keyword): demoted, see docs/rules.md.
    undemonstrated: true,
    base: pets(['Cat', 'Dog'], { propertyName: 'kind' }),
    revision: pets(['Cat', 'Dog'], { propertyName: 'type' }),
    components: PETS,
    message: `${RES}: discriminator property changed from \`kind\` to \`type\``,
    swap: 'same',
  },
  {
    // `kitty` was a second tag of Cat; Cat is still a variant, so clients sending `kitty` fail.
    rule: 'request-discriminator-value-removed',
    level: 'warning',
    // A break no value demonstrates (validators ignore this keyword): demoted, see docs/rules.md.
    undemonstrated: true,
    base: pets(['Cat', 'Dog'], {
      propertyName: 'kind',
      mapping: { ...mapping('Cat', 'Dog'), kitty: '#/components/schemas/Cat' },
    }),
    revision: pets(['Cat', 'Dog'], { propertyName: 'kind', mapping: mapping('Cat', 'Dog') }),
    components: TAGGED,
    message: `${REQ}: discriminator value \`kitty\` is no longer accepted`,
    swap: 'none',
  },
  {
    // Dog is still a variant, but its tag is now the implicit `Dog` (and the other way round).
    rule: 'request-discriminator-value-removed',
    name: 'mapping entry dropped: the tag falls back to the component name',
    level: 'warning',
    // A break no value demonstrates (validators ignore this keyword): demoted, see docs/rules.md.
    undemonstrated: true,
    base: pets(['Cat', 'Dog'], { propertyName: 'kind', mapping: mapping('Cat', 'Dog') }),
    revision: pets(['Cat', 'Dog'], { propertyName: 'kind', mapping: mapping('Cat') }),
    components: TAGGED,
    message: `${REQ}: discriminator value \`dog\` is no longer accepted`,
    swap: 'same',
  },
  {
    rule: 'response-discriminator-value-added',
    level: 'warning',
    base: pets(['Cat', 'Dog'], { propertyName: 'kind', mapping: mapping('Cat', 'Dog') }),
    revision: pets(['Cat', 'Dog'], {
      propertyName: 'kind',
      mapping: { ...mapping('Cat', 'Dog'), kitty: '#/components/schemas/Cat' },
    }),
    components: TAGGED,
    message: `${RES}: may now return discriminator value \`kitty\``,
    swap: 'none',
  },
  {
    rule: 'response-discriminator-value-added',
    name: 'mapping entry added: the tag changes from the component name',
    level: 'warning',
    base: pets(['Cat', 'Dog'], { propertyName: 'kind', mapping: mapping('Cat') }),
    revision: pets(['Cat', 'Dog'], { propertyName: 'kind', mapping: mapping('Cat', 'Dog') }),
    components: TAGGED,
    message: `${RES}: may now return discriminator value \`dog\``,
    swap: 'same',
  },
];

// ---------------------------------------------------------------------------------------------
// Applicators compared by equality (if/then/else, not) and string content keywords.

// biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keywords, not a thenable.
const ifAThenB = { if: { properties: { a: { const: 'x' } }, required: ['a'] }, then: { required: ['b'] } };

const APPLICATORS: Case[] = [
  {
    // Witness: {a: 'x'} (meets the `if`, lacks the `b` the `then` requires).
    rule: 'request-conditional-added',
    level: 'breaking',
    base: ab(),
    revision: ab([], {}, ifAThenB),
    message: `${REQ}: a conditional schema (if/then/else) now constrains what is accepted`,
    swap: 'none',
  },
  {
    rule: 'request-conditional-changed',
    name: '`else` added under the same `if`',
    level: 'warning',
    base: ab([], {}, ifAThenB),
    revision: ab([], {}, { ...ifAThenB, else: { required: ['a'] } }),
    message: `${REQ}: conditional schema (if/then/else) changed`,
    swap: 'none',
  },
  {
    rule: 'request-conditional-changed',
    name: '`if` changed (both ways)',
    level: 'warning',
    base: ab([], {}, ifAThenB),
    revision: ab([], {}, { ...ifAThenB, if: { properties: { a: { const: 'y' } }, required: ['a'] } }),
    message: `${REQ}: conditional schema (if/then/else) changed`,
    swap: 'same',
  },
  {
    rule: 'response-conditional-removed',
    level: 'breaking',
    base: ab([], {}, ifAThenB),
    revision: ab(),
    message: `${RES}: the conditional schema (if/then/else) no longer constrains what is returned`,
    swap: 'none',
  },
  {
    rule: 'response-conditional-changed',
    name: '`then` removed under the same `if`',
    level: 'warning',
    base: ab([], {}, ifAThenB),
    revision: ab([], {}, { if: ifAThenB.if }),
    message: `${RES}: conditional schema (if/then/else) changed`,
    swap: 'none',
  },
  {
    // `not` reverses inclusion: excluding more values narrows; the swapped pair excludes fewer.
    rule: 'request-not-changed',
    name: '`not` enum grew',
    level: 'warning',
    base: str({ not: { enum: ['a'] } }),
    revision: str({ not: { enum: ['a', 'b'] } }),
    message: `${REQ}: \`not\` schema changed`,
    swap: 'none',
  },
  {
    rule: 'request-not-changed',
    name: '`not` added, overlap with the schema undecided (two patterns)',
    level: 'warning',
    base: str({ pattern: '^b' }),
    revision: str({ pattern: '^b', not: { pattern: '^a' } }),
    message: `${REQ}: \`not\` schema changed`,
    swap: 'none',
  },
  {
    // Excluding fewer values in a response may return one clients were told it never would.
    rule: 'response-not-changed',
    name: '`not` enum shrank',
    level: 'warning',
    base: str({ not: { enum: ['a', 'b'] } }),
    revision: str({ not: { enum: ['a'] } }),
    message: `${RES}: \`not\` schema changed`,
    swap: 'none',
  },
  {
    rule: 'response-not-changed',
    name: '`not` pattern changed',
    level: 'warning',
    base: str({ not: { pattern: '^a' } }),
    revision: str({ not: { pattern: '^b' } }),
    message: `${RES}: \`not\` schema changed`,
    swap: 'same',
  },
  {
    // Witness: "" (a string the base accepted, now excluded).
    rule: 'request-not-added',
    level: 'breaking',
    base: str(),
    revision: str({ not: { const: '' } }),
    message: `${REQ}: values matching the new \`not\` schema are now rejected`,
    swap: 'none',
  },
  {
    rule: 'request-not-changed',
    name: '`not` changed (both ways)',
    level: 'warning',
    base: str({ not: { const: '' } }),
    revision: str({ not: { const: '-' } }),
    message: `${REQ}: \`not\` schema changed`,
    swap: 'same',
  },
  {
    rule: 'response-not-removed',
    level: 'breaking',
    base: str({ not: { const: '' } }),
    revision: str(),
    message: `${RES}: values the \`not\` schema excluded may now be returned`,
    swap: 'none',
  },
  {
    rule: 'request-content-media-type-changed',
    name: 'added',
    level: 'warning',
    // A break no value demonstrates (validators ignore this keyword): demoted, see docs/rules.md.
    undemonstrated: true,
    base: str(),
    revision: str({ contentMediaType: 'image/png' }),
    message: `${REQ}: contentMediaType changed from none to image/png`,
    swap: 'none',
  },
  {
    rule: 'request-content-media-type-changed',
    name: 'changed (both ways)',
    level: 'warning',
    // A break no value demonstrates (validators ignore this keyword): demoted, see docs/rules.md.
    undemonstrated: true,
    base: str({ contentMediaType: 'image/png' }),
    revision: str({ contentMediaType: 'image/jpeg' }),
    message: `${REQ}: contentMediaType changed from image/png to image/jpeg`,
    swap: 'same',
  },
  {
    rule: 'response-content-media-type-changed',
    name: 'removed',
    level: 'warning',
    // A break no value demonstrates (validators ignore this keyword): demoted, see docs/rules.md.
    undemonstrated: true,
    base: str({ contentMediaType: 'image/png' }),
    revision: str(),
    message: `${RES}: contentMediaType changed from image/png to none`,
    swap: 'none',
  },
  {
    rule: 'response-content-media-type-changed',
    name: 'changed (both ways)',
    level: 'warning',
    // A break no value demonstrates (validators ignore this keyword): demoted, see docs/rules.md.
    undemonstrated: true,
    base: str({ contentMediaType: 'image/png' }),
    revision: str({ contentMediaType: 'image/jpeg' }),
    message: `${RES}: contentMediaType changed from image/png to image/jpeg`,
    swap: 'same',
  },
  {
    rule: 'request-content-encoding-changed',
    name: 'added',
    level: 'warning',
    // A break no value demonstrates (validators ignore this keyword): demoted, see docs/rules.md.
    undemonstrated: true,
    base: str(),
    revision: str({ contentEncoding: 'base64' }),
    message: `${REQ}: contentEncoding changed from none to base64`,
    swap: 'none',
  },
  {
    rule: 'request-content-encoding-changed',
    name: 'changed (both ways)',
    level: 'warning',
    // A break no value demonstrates (validators ignore this keyword): demoted, see docs/rules.md.
    undemonstrated: true,
    base: str({ contentEncoding: 'base64' }),
    revision: str({ contentEncoding: 'base64url' }),
    message: `${REQ}: contentEncoding changed from base64 to base64url`,
    swap: 'same',
  },
  {
    rule: 'response-content-encoding-changed',
    name: 'removed',
    level: 'warning',
    // A break no value demonstrates (validators ignore this keyword): demoted, see docs/rules.md.
    undemonstrated: true,
    base: str({ contentEncoding: 'base64' }),
    revision: str(),
    message: `${RES}: contentEncoding changed from base64 to none`,
    swap: 'none',
  },
];

const FAMILIES: Record<string, Case[]> = {
  bounds: BOUNDS,
  types: TYPES,
  values: VALUES,
  arrays: ARRAYS,
  objects: OBJECTS,
  unions: UNIONS,
  applicators: APPLICATORS,
};
const ALL_CASES = Object.values(FAMILIES).flat();

function title(testCase: Case): string {
  return testCase.name ? `${testCase.rule}: ${testCase.name}` : testCase.rule;
}

function summary(findings: Finding[]): string {
  return findings.map((finding) => `${finding.id} (${finding.message})`).join('; ') || 'no findings';
}

for (const [family, cases] of Object.entries(FAMILIES)) {
  describe(`schema rules: ${family}`, () => {
    describe.each(cases.map((testCase) => [title(testCase), testCase] as const))('%s', (_title, testCase) => {
      const direction = directionOf(testCase.rule);

      it('reports exactly one finding with that rule', () => {
        const findings = diffCase(testCase, testCase.base, testCase.revision);
        expect(findings, summary(findings)).toHaveLength(1);
        const [finding] = findings;
        expect({
          id: finding.id,
          level: finding.level,
          message: finding.message,
          pointer: finding.location.pointer,
          operation: finding.operation,
          component: finding.component,
        }).toEqual({
          id: testCase.rule,
          level: testCase.level,
          message: testCase.message + (testCase.undemonstrated ? UNDEMONSTRATED[direction] : ''),
          pointer: ROOT[direction] + (testCase.at ?? ''),
          operation: OPERATION[direction],
          // Each case's schema is inline in the body (a $ref variant is reported where the union is).
          component: null,
        });
      });

      it(`swapped, ${testCase.swap === 'none' ? 'reports nothing' : testCase.swap === 'same' ? 'reports the same rule (symmetric)' : `reports ${testCase.swap}`}`, () => {
        const findings = diffCase(testCase, testCase.revision, testCase.base);
        if (testCase.swap === 'none') {
          expect(findings, summary(findings)).toEqual([]);
          return;
        }
        const expected = testCase.swap === 'same' ? testCase.rule : testCase.swap;
        expect(
          findings.map((finding) => finding.id),
          summary(findings),
        ).toEqual([expected]);
      });

      it('compares each side with itself without findings', () => {
        expect(diffCase(testCase, testCase.base, testCase.base)).toEqual([]);
        expect(diffCase(testCase, testCase.revision, testCase.revision)).toEqual([]);
      });
    });
  });
}

/**
 * Changes on the safe side that rules without an info variant must not report: a false alarm is
 * as costly as a missed break.
 */
const SILENT: { name: string; direction: Direction; base: unknown; revision: unknown; components?: Components }[] = [
  {
    name: 'a closed tuple gains a position (request)',
    direction: 'request',
    base: tuple({ items: false }),
    revision: tuple({ prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false }),
  },
  {
    name: 'a closed tuple loses a position (response)',
    direction: 'response',
    base: tuple({ prefixItems: [{ type: 'string' }, { type: 'integer' }], items: false }),
    revision: tuple({ items: false }),
  },
  {
    name: 'maxContains without contains (ignored by JSON Schema)',
    direction: 'request',
    base: { type: 'array', maxContains: 3 },
    revision: { type: 'array', maxContains: 1 },
  },
  {
    name: 'minLength dropped from an array, where it meant nothing (response)',
    direction: 'response',
    base: arr({ minLength: 1 }),
    revision: arr(),
  },
  {
    name: 'maximum added to a string, where it means nothing (request)',
    direction: 'request',
    base: str(),
    revision: str({ maximum: 10 }),
  },
  {
    name: 'a conditional is added (response)',
    direction: 'response',
    base: ab(),
    revision: ab([], {}, ifAThenB),
  },
  {
    name: '`not` is added (response)',
    direction: 'response',
    base: str(),
    revision: str({ not: { const: '' } }),
  },
  {
    name: 'a readOnly property added as required (request: clients never send it)',
    direction: 'request',
    base: obj(),
    revision: ab(['b'], { readOnly: true }),
  },
  {
    name: 'a mapping added for variants that pin their tag with const (request)',
    direction: 'request',
    base: pets(['Cat', 'Dog'], { propertyName: 'kind' }),
    revision: pets(['Cat', 'Dog'], { propertyName: 'kind', mapping: mapping('Cat', 'Dog') }),
    components: PETS,
  },
  {
    name: 'a mapping dropped for variants that pin their tag with const (response)',
    direction: 'response',
    base: pets(['Cat', 'Dog'], { propertyName: 'kind', mapping: mapping('Cat', 'Dog') }),
    revision: pets(['Cat', 'Dog'], { propertyName: 'kind' }),
    components: PETS,
  },
  {
    name: 'a required writeOnly property removed (response: never returned)',
    direction: 'response',
    base: ab(['b'], { writeOnly: true }),
    revision: obj(),
  },
];

describe('safe changes without an info rule report nothing', () => {
  it.each(SILENT.map((entry) => [entry.name, entry] as const))('%s', (_name, entry) => {
    const wrap = (schema: unknown) => documentFor(entry.direction, schema, entry.components ?? {});
    const findings = diffTexts(wrap(entry.base), wrap(entry.revision));
    expect(findings, summary(findings)).toEqual([]);
  });
});

describe('schema rule coverage', () => {
  const schemaRules = rules.filter((rule) => rule.taxonomy.area === 'schemas');

  it('has a case for every schema rule in the catalog', () => {
    const covered = new Set(ALL_CASES.map((testCase) => testCase.rule));
    const missing = schemaRules.map((rule) => rule.id).filter((id) => !covered.has(id));
    expect(missing, `schema rules without a case in test/rules/schema-rules.test.ts: ${missing.join(', ')}`).toEqual(
      [],
    );
  });

  it('names only schema rules of the catalog, with their catalog level', () => {
    const byId = new Map(schemaRules.map((rule) => [rule.id, rule]));
    for (const testCase of ALL_CASES) {
      const rule = byId.get(testCase.rule);
      expect(rule, `${testCase.rule} is not a schema rule of the catalog`).toBeDefined();
      // An undemonstrated break is a breaking rule reported as a warning.
      expect(rule?.level, title(testCase)).toBe(testCase.undemonstrated ? 'breaking' : testCase.level);
      expect(rule?.taxonomy.direction, title(testCase)).toBe(directionOf(testCase.rule));
      if (testCase.swap !== 'none' && testCase.swap !== 'same') {
        expect(byId.has(testCase.swap), `${title(testCase)}: inverse ${testCase.swap}`).toBe(true);
      }
    }
  });

  it('reserves `same` (symmetric) for rules that compare two values of one keyword', () => {
    const symmetric = new Set(
      ALL_CASES.filter((testCase) => testCase.swap === 'same').map((testCase) => testCase.rule),
    );
    expect([...symmetric].sort()).toEqual([
      'request-conditional-changed',
      'request-content-encoding-changed',
      'request-content-media-type-changed',
      'request-default-changed',
      'request-discriminator-property-changed',
      'request-discriminator-value-removed',
      'request-format-changed',
      'request-not-changed',
      'request-pattern-changed',
      'request-type-changed',
      'response-content-media-type-changed',
      'response-discriminator-property-changed',
      'response-discriminator-value-added',
      'response-not-changed',
      'response-pattern-changed',
      'response-type-changed',
    ]);
    // Each of them also has a case whose swap is not the same rule, except those that by
    // definition compare two present values.
    const alwaysSymmetric = new Set([
      'request-pattern-changed',
      'response-pattern-changed',
      'request-discriminator-property-changed',
      'response-discriminator-property-changed',
    ]);
    for (const rule of symmetric) {
      if (alwaysSymmetric.has(rule)) continue;
      const asymmetric = ALL_CASES.some((testCase) => testCase.rule === rule && testCase.swap !== 'same');
      expect(asymmetric, `${rule} needs a case whose swapped pair does not fire it`).toBe(true);
    }
  });
});

describe('whole findings (reviewed together: message, level, pointer, hint, args)', () => {
  const find = (rule: string, name?: string) => {
    const testCase = ALL_CASES.find((candidate) => candidate.rule === rule && candidate.name === name);
    if (!testCase) throw new Error(`no case ${rule} ${name ?? ''}`);
    return diffCase(testCase, testCase.base, testCase.revision);
  };

  it('request-max-length-decreased', () => {
    expect(find('request-max-length-decreased')).toMatchInlineSnapshot(`
      [
        {
          "args": {
            "from": 5,
            "keyword": "maxLength",
            "to": 2,
          },
          "component": null,
          "hint": "Values clients sent before are now rejected. Keep the old maxLength and enforce the new one only for new clients (a new field or API version).",
          "id": "request-max-length-decreased",
          "level": "breaking",
          "location": {
            "file": "revision.yaml",
            "line": 1,
            "pointer": "/paths/~1things/post/requestBody/content/application~1json/schema",
          },
          "message": "request body (application/json): maxLength decreased from 5 to 2",
          "operation": {
            "method": "POST",
            "path": "/things",
          },
          "side": "revision",
          "witness": {
            "acceptedBy": "base",
            "of": "request body",
            "schemas": {
              "base": "/paths/~1things/post/requestBody/content/application~1json/schema",
              "revision": "/paths/~1things/post/requestBody/content/application~1json/schema",
            },
            "value": "abc",
          },
        },
      ]
    `);
  });

  it('response-minimum-decreased (3.0 boolean exclusiveMinimum)', () => {
    expect(find('response-minimum-decreased', '3.0 exclusiveMinimum: true dropped')).toMatchInlineSnapshot(`
      [
        {
          "args": {
            "from": "> 0",
            "keyword": "minimum",
            "to": 0,
          },
          "component": null,
          "hint": "Clients that validate or size buffers by the old minimum may fail on the new values. Keep the old bound in responses, or announce it and add a new field.",
          "id": "response-minimum-decreased",
          "level": "warning",
          "location": {
            "file": "revision.yaml",
            "line": 1,
            "pointer": "/paths/~1things/get/responses/200/content/application~1json/schema",
          },
          "message": "response 200 body: minimum decreased from > 0 to 0",
          "operation": {
            "method": "GET",
            "path": "/things",
          },
          "side": "revision",
        },
      ]
    `);
  });

  it('request-required-property-added', () => {
    expect(find('request-required-property-added')).toMatchInlineSnapshot(`
      [
        {
          "args": {
            "name": "b",
          },
          "component": null,
          "hint": "Clients that do not send it yet are rejected. Add it as optional with a server-side default, and make it required in a later version.",
          "id": "request-required-property-added",
          "level": "breaking",
          "location": {
            "file": "revision.yaml",
            "line": 1,
            "pointer": "/paths/~1things/post/requestBody/content/application~1json/schema/properties/b",
          },
          "message": "request body (application/json): new required property \`b\`",
          "operation": {
            "method": "POST",
            "path": "/things",
          },
          "side": "revision",
          "witness": {
            "acceptedBy": "base",
            "of": "request body",
            "schemas": {
              "base": "/paths/~1things/post/requestBody/content/application~1json/schema",
              "revision": "/paths/~1things/post/requestBody/content/application~1json/schema",
            },
            "value": {},
          },
        },
      ]
    `);
  });

  it('response-nullable-added (Pydantic Optional)', () => {
    expect(find('response-nullable-added', 'oneOf with a null branch (Pydantic Optional)')).toMatchInlineSnapshot(`
      [
        {
          "args": {},
          "component": null,
          "hint": "Clients that read this value without a null check crash. Keep it non-null (use a default or omit-when-empty in a new field).",
          "id": "response-nullable-added",
          "level": "breaking",
          "location": {
            "file": "revision.yaml",
            "line": 1,
            "pointer": "/paths/~1things/get/responses/200/content/application~1json/schema",
          },
          "message": "response 200 body: may now be null",
          "operation": {
            "method": "GET",
            "path": "/things",
          },
          "side": "revision",
          "witness": {
            "acceptedBy": "revision",
            "of": "response body",
            "schemas": {
              "base": "/paths/~1things/get/responses/200/content/application~1json/schema",
              "revision": "/paths/~1things/get/responses/200/content/application~1json/schema",
            },
            "value": null,
          },
        },
      ]
    `);
  });

  it('response-variant-added ($ref variant)', () => {
    expect(find('response-variant-added', '$ref variant with a discriminator')).toMatchInlineSnapshot(`
      [
        {
          "args": {
            "variant": "Fish",
          },
          "component": null,
          "hint": "Clients that handle only the known shapes fail on the new one (generated unions, exhaustive matches). Return it only to clients that ask for it, or in a new field.",
          "id": "response-variant-added",
          "level": "breaking",
          "location": {
            "file": "revision.yaml",
            "line": 1,
            "pointer": "/paths/~1things/get/responses/200/content/application~1json/schema/oneOf/2",
          },
          "message": "response 200 body: may now return variant \`Fish\`",
          "operation": {
            "method": "GET",
            "path": "/things",
          },
          "side": "revision",
          "witness": {
            "acceptedBy": "revision",
            "of": "response body",
            "schemas": {
              "base": "/paths/~1things/get/responses/200/content/application~1json/schema",
              "revision": "/paths/~1things/get/responses/200/content/application~1json/schema",
            },
            "value": {
              "kind": "fish",
            },
          },
        },
      ]
    `);
  });

  it('request-enum-value-removed', () => {
    expect(find('request-enum-value-removed')).toMatchInlineSnapshot(`
      [
        {
          "args": {
            "value": ""b"",
            "values": [
              "b",
            ],
          },
          "component": null,
          "hint": "Clients sending this value are rejected. Keep accepting it (map it to its replacement on the server) and mark it deprecated in the description.",
          "id": "request-enum-value-removed",
          "level": "breaking",
          "location": {
            "file": "revision.yaml",
            "line": 1,
            "pointer": "/paths/~1things/post/requestBody/content/application~1json/schema",
          },
          "message": "request body (application/json): enum value "b" is no longer accepted",
          "operation": {
            "method": "POST",
            "path": "/things",
          },
          "side": "revision",
          "witness": {
            "acceptedBy": "base",
            "of": "request body",
            "schemas": {
              "base": "/paths/~1things/post/requestBody/content/application~1json/schema",
              "revision": "/paths/~1things/post/requestBody/content/application~1json/schema",
            },
            "value": "b",
          },
        },
      ]
    `);
  });
});
