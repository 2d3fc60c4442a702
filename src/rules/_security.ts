/**
 * Security requirements as sets: a client holds the credentials of one alternative of the old
 * requirement; the change breaks it when no alternative of the new requirement asks for a subset.
 */
import type { ContractDiff } from '../diff/index.js';
import type { SecurityAlternative } from '../normalize/model.js';

/** No declared security means anonymous access: one empty alternative. */
export function alternativesOf(security: SecurityAlternative[] | undefined): SecurityAlternative[] {
  return security === undefined || security.length === 0 ? [new Map()] : security;
}

/**
 * Can a client holding `held` call an operation requiring `security`?
 * `yes`; `scopes` when the schemes match but more scopes are needed; `no` otherwise.
 */
export function accepts(
  security: SecurityAlternative[] | undefined,
  held: SecurityAlternative,
): 'yes' | 'scopes' | 'no' {
  let result: 'scopes' | 'no' = 'no';
  for (const alternative of alternativesOf(security)) {
    let schemesHeld = true;
    let scopesHeld = true;
    for (const [name, scopes] of alternative) {
      const heldScopes = held.get(name);
      if (!heldScopes) {
        schemesHeld = false;
        break;
      }
      if (!scopes.every((scope) => heldScopes.includes(scope))) scopesHeld = false;
    }
    if (schemesHeld && scopesHeld) return 'yes';
    if (schemesHeld) result = 'scopes';
  }
  return result;
}

export function describeAlternative(alternative: SecurityAlternative): string {
  if (alternative.size === 0) return 'no credentials';
  return [...alternative]
    .map(([name, scopes]) => (scopes.length > 0 ? `${name} [${scopes.join(', ')}]` : name))
    .join(' + ');
}

export function describeSecurity(security: SecurityAlternative[] | undefined): string {
  return alternativesOf(security).map(describeAlternative).join(' or ');
}

/**
 * Security schemes renamed between the documents without changing what a client sends
 * (`api_key` -> `ApiKeyAuth`, both `apiKey header x-api-key`): revision name -> base name. Only
 * names that exist on one side each; a name on both sides is compared by api-security-scheme-changed.
 */
export function renamedSchemes(diff: ContractDiff): Map<string, string> {
  const renames = new Map<string, string>();
  const baseSchemes = diff.base.securitySchemes;
  const revisionSchemes = diff.revision.securitySchemes;
  const gone = [...baseSchemes.values()].filter((scheme) => !revisionSchemes.has(scheme.name));
  for (const scheme of revisionSchemes.values()) {
    if (baseSchemes.has(scheme.name)) continue;
    const match = gone.filter((old) => old.signature === scheme.signature);
    if (match.length === 1) renames.set(scheme.name, match[0].name);
  }
  return renames;
}

/** `security` with scheme names translated through `renames` (see `renamedSchemes`). */
export function withBaseNames(
  security: SecurityAlternative[] | undefined,
  renames: Map<string, string>,
): SecurityAlternative[] | undefined {
  if (!security || renames.size === 0) return security;
  return security.map((alternative) => translate(alternative, renames));
}

export function translate(alternative: SecurityAlternative, renames: Map<string, string>): SecurityAlternative {
  if (renames.size === 0) return alternative;
  return new Map([...alternative].map(([name, scopes]) => [renames.get(name) ?? name, scopes]));
}
