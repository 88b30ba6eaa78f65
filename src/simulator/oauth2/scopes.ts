/**
 * Scope strings: space-separated READ, WRITE, ADMIN, SYSTEM_ADMIN, each implying the ones before
 * it; a request must stay within the client's scope (oauth2-provider.md 1.8).
 */
import type { OAuth2Scope } from './oauth2-types.js';

/** The scopes in rising order. */
export const SCOPES: readonly OAuth2Scope[] = ['READ', 'WRITE', 'ADMIN', 'SYSTEM_ADMIN'];

/** The normalised scope string (upper case, no repeats), or undefined if a name is unknown or none is given. */
export function parseScope(value: string): string | undefined {
  const names = [...new Set(value.trim().split(/\s+/).filter(Boolean).map((s) => s.toUpperCase()))];
  if (names.length === 0 || names.some((n) => !(SCOPES as readonly string[]).includes(n))) return undefined;
  return names.join(' ');
}

/** The highest scope in a normalised scope string (READ for none). */
export function highestScope(scope: string): OAuth2Scope {
  let best = 0;
  for (const name of scope.split(' ')) best = Math.max(best, SCOPES.indexOf(name as OAuth2Scope));
  return SCOPES[best] ?? 'READ';
}

/** Whether a requested scope string is valid and within the client's scope. */
export function scopeAllowed(requested: string, clientScope: OAuth2Scope): boolean {
  const parsed = parseScope(requested);
  return parsed !== undefined && SCOPES.indexOf(highestScope(parsed)) <= SCOPES.indexOf(clientScope);
}

/** Whether a token's scope grants at least `needed`. */
export function scopeGrants(scope: string, needed: OAuth2Scope): boolean {
  return SCOPES.indexOf(highestScope(scope)) >= SCOPES.indexOf(needed);
}
