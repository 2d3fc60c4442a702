/**
 * The case table shape and checks shared by the operation-level rule tests (test/rules/operation-*):
 * each case must report exactly its rule, the swapped pair the inverse, and no change nothing.
 */
import { describe, expect, it } from 'vitest';
import type { Level } from '../../src/rules/types.js';
import { diffTexts, ids } from './_harness.js';

export interface RuleCase {
  /** The rule under test; operation-coverage.test.ts reads these to check every rule has a case. */
  rule: string;
  name: string;
  base: string;
  revision: string;
  level: Level;
  message: string;
  operation: { method: string; path: string } | null;
  pointer: string;
  /** Every id the change produces, when more than the rule itself. */
  all?: string[];
  /** Exactly the ids the swapped pair produces. Containing `rule` marks a symmetric rule (from/to swap). */
  swapped: string[];
}

export function checkCases(cases: RuleCase[]): void {
  describe.each(cases)('$rule: $name', (c) => {
    it('reports exactly one finding with this id', () => {
      const findings = diffTexts(c.base, c.revision);
      expect(ids(findings)).toEqual([...(c.all ?? [c.rule])].sort());
      const matching = findings.filter((finding) => finding.id === c.rule);
      expect(matching).toHaveLength(1);
      expect(matching[0]).toMatchObject({
        id: c.rule,
        level: c.level,
        message: c.message,
        operation: c.operation,
        location: { pointer: c.pointer },
      });
    });

    it('the swapped pair reports the inverse, not this rule', () => {
      const findings = diffTexts(c.revision, c.base);
      expect(ids(findings)).toEqual([...c.swapped].sort());
      // Symmetric rules (a value changed from A to B) report B -> A for the swapped pair.
      const forward = diffTexts(c.base, c.revision).find((finding) => finding.id === c.rule);
      if (!c.swapped.includes(c.rule) || !forward || !('from' in forward.args)) return;
      const backward = findings.find((finding) => finding.id === c.rule);
      expect(backward?.args).toEqual({ ...forward.args, from: forward.args.to, to: forward.args.from });
    });

    it('an unchanged document reports nothing', () => {
      expect(diffTexts(c.base, c.base)).toEqual([]);
      expect(diffTexts(c.revision, c.revision)).toEqual([]);
    });
  });
}
