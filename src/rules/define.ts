/**
 * The shape of a rule: a stable id, a default level, a one-line description, and a `check` that
 * reports where inclusion fails (DESIGN.md §2, STYLE.md §2). Rules return arguments and a
 * location; the sentence and the hint live in messages.ts, keyed by id.
 */
import type { ContractDiff, Direction, SchemaPair } from '../diff/index.js';
import type { ParsedDocument } from '../load/types.js';
import type { Operation } from '../normalize/model.js';
import type { Level } from './types.js';

export interface RuleTaxonomy {
  /** `api` for operation-wide or document-wide changes. */
  direction: Direction | 'api';
  area: 'operations' | 'parameters' | 'request-body' | 'responses' | 'headers' | 'schemas' | 'security' | 'servers';
}

export interface Report {
  /** Which document `pointer` is in. */
  side: 'base' | 'revision';
  doc: ParsedDocument;
  pointer: string;
  /** For operation-level findings: the operation (the base one for removals). */
  operation?: Operation | null;
  /** For schema findings: the pair; the engine attributes it to every operation that reaches it. */
  pair?: SchemaPair;
  /**
   * For a document-wide change (the base path, a security scheme): every operation it affects.
   * The engine reports it once per operation, grouped under `group` like a shared component.
   */
  affects?: { operations: readonly Operation[]; group: string };
  args: Record<string, unknown>;
}

export interface RuleContext {
  diff: ContractDiff;
  /** Evaluation time, for sunset dates. */
  now: Date;
  report(report: Report): void;
}

export interface Rule {
  id: string;
  level: Level;
  taxonomy: RuleTaxonomy;
  docs: { description: string };
  /**
   * How a breaking finding of this rule is proven. By default (`'witness'`) a schema finding needs
   * a value one side accepts and the other rejects, or it is demoted to a warning. `'declared'` is
   * for breaks the contract announces in words rather than in the set of values (a property
   * promised until its `x-sunset` date, a value of an `x-extensible-enum`): every value still
   * validates, so no witness can exist, and the level stands.
   */
  proof?: 'witness' | 'declared';
  check(context: RuleContext): void;
}

export function defineRule(rule: Rule): Rule {
  return rule;
}
