/**
 * License data needs Administer Jira, which an OAuth 2.0 token has only with the ADMIN (or
 * SYSTEM_ADMIN) scope on an administrator's account (oauth2-provider.md 1.8). A token whose saved
 * scope is narrower is said so at once, as UNKNOWN, before anything is sent.
 */
import { ConfigError, isHttpError, type AuthSettings } from '../index.js';

const ADVICE = 'Run `jirakit dance --oauth2 --scope ADMIN --save` as a Jira administrator (the link must allow ADMIN)';

/** The error for an OAuth 2.0 token whose scope cannot read licenses; undefined when it can or the scope is unknown. */
export function adminScopeError(auth: AuthSettings): ConfigError | undefined {
  if (auth.kind !== 'oauth2' || auth.scope === undefined) return undefined;
  const scopes = auth.scope.toUpperCase().split(/\s+/);
  if (scopes.includes('ADMIN') || scopes.includes('SYSTEM_ADMIN')) return undefined;
  return new ConfigError(`The OAuth 2.0 token has scope ${auth.scope}, and reading license data needs the ADMIN scope on an administrator's token`, { hint: ADVICE });
}

/** A hint for a refusal (401, 403) of an OAuth 2.0 token whose scope was not known beforehand. */
export function adminScopeHint(error: unknown, authKind: string | undefined): string | undefined {
  if (authKind !== 'oauth2' || !isHttpError(error) || (error.status !== 401 && error.status !== 403)) return undefined;
  return `An OAuth 2.0 token reads license data only with the ADMIN scope and an administrator's account. ${ADVICE}`;
}
