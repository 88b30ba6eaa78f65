import { withSecrets, type Auth } from './auth.js';

/**
 * A Jira DC personal access token (8.14+), sent as `Authorization: Bearer`. A PAT is never a
 * Basic password (jira-wire.md 3.3).
 */
export function createTokenAuth(token: string): Auth {
  const clean = token.trim().replace(/^bearer\s+/i, '');
  if (clean === '') throw new TypeError('createTokenAuth needs a non-empty personal access token');
  const header = `Bearer ${clean}`;
  return withSecrets({ kind: 'pat', sign: async () => header }, [clean]);
}
