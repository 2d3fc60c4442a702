/**
 * Security requirements as sets: a client holds the credentials of one alternative of the old
 * requirement; the change breaks it when no alternative of the new requirement asks for a subset.
 */
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
