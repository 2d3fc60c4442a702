/**
 * The findings a policy itself produces (not rules of the catalog): their level, description and
 * words, kept together like the catalog's messages (DESIGN.md §4). Reporters list them next to the
 * catalog rules (the SARIF driver, the docs link); docs/configuration.md documents each id.
 */
import type { Level } from '../rules/types.js';

export interface PolicyFindingKind {
  id: string;
  level: Level;
  description: string;
  message: string;
  hint: string;
}

export const POLICY_FINDINGS = {
  'policy-accept-expired': {
    id: 'policy-accept-expired',
    level: 'warning',
    description: 'Accept-list entry expired',
    message: 'Accept-list entry for {rule} on {operation} expired on {expires}: "{reason}"',
    hint: 'The findings it covered count again. Fix the change, or renew the entry with a new expiry date if the reason still holds.',
  },
  'policy-accept-unused': {
    id: 'policy-accept-unused',
    level: 'warning',
    description: 'Accept-list entry matches no finding',
    message: 'Accept-list entry for {rule} on {operation} matches no finding: "{reason}"',
    hint: 'The change it accepted is gone (or the entry has a typo). Remove the entry, so the list only holds what it still needs.',
  },
  'policy-sunset-missing': {
    id: 'policy-sunset-missing',
    level: 'breaking',
    description: 'Deprecated operation has no usable sunset date',
    message:
      '{operation} {event} without a usable `x-sunset` date{found}; the deprecation policy requires at least {minDays} days between deprecation and removal',
    hint: 'Clients cannot plan a migration without a date. Add `x-sunset: YYYY-MM-DD` at least {minDays} days after the deprecation, and remove the operation only after that date.',
  },
  'policy-deprecation-too-short': {
    id: 'policy-deprecation-too-short',
    level: 'breaking',
    description: 'Sunset date closer than the deprecation policy allows',
    message:
      '{operation} is deprecated with sunset {sunset}, {days} days from now; the deprecation policy requires at least {minDays} days between deprecation and removal',
    hint: 'Move `x-sunset` to {earliest} or later, so clients get the notice the policy promises.',
  },
} as const satisfies Record<string, PolicyFindingKind>;

export type PolicyFindingId = keyof typeof POLICY_FINDINGS;

/** Ids of the findings policies produce, for validating configuration and listing rules. */
export const POLICY_FINDING_IDS = Object.keys(POLICY_FINDINGS) as PolicyFindingId[];

/** Fills `{name}` placeholders; unknown names are left as written. */
export function renderTemplate(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}
