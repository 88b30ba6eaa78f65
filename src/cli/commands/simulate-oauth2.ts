/** `jirakit simulate --oauth2-client ID,SECRET,REDIRECT_URI[,SCOPE]`, read into a client seed. */
import type { OAuth2ClientSeed, OAuth2Scope } from '../../simulator/index.js';
import { UsageError } from '../usage-error.js';

const SCOPES: readonly string[] = ['READ', 'WRITE', 'ADMIN', 'SYSTEM_ADMIN'];

/** Parses one flag value; the redirect may itself hold commas, so the scope is taken from the end only when it is one. */
export function oauth2ClientFlag(value: string): OAuth2ClientSeed {
  const parts = value.split(',');
  const last = parts.at(-1)?.toUpperCase() ?? '';
  const scope = parts.length > 3 && SCOPES.includes(last) ? (last as OAuth2Scope) : undefined;
  if (parts.length > 3 && !scope && /^[A-Za-z_]+$/.test(last)) {
    throw new UsageError(`--oauth2-client's SCOPE is READ, WRITE, ADMIN or SYSTEM_ADMIN, not '${last}'`, { hint: 'e.g. --oauth2-client jirakit,s3cret,http://localhost:8765/callback,ADMIN' });
  }
  const [clientId = '', clientSecret = '', ...rest] = scope ? parts.slice(0, -1) : parts;
  const redirect = rest.join(',');
  if (!clientId || !clientSecret || !redirect) {
    // The value holds a secret: name the flag, not the value.
    throw new UsageError('--oauth2-client takes ID,SECRET,REDIRECT_URI[,SCOPE]', { hint: 'e.g. --oauth2-client jirakit,s3cret,http://localhost:8765/callback,ADMIN' });
  }
  return { clientId, clientSecret, redirectUris: [redirect], ...(scope ? { scope } : {}) };
}
