import { withSecrets, type Auth } from './auth.js';

/** Jira Cloud's email + API token, which is Basic auth with the token as the password (jira-wire.md 3.5). */
export function createCloudAuth(credentials: { readonly email: string; readonly apiToken: string }): Auth {
  const header = `Basic ${Buffer.from(`${credentials.email}:${credentials.apiToken}`, 'utf8').toString('base64')}`;
  return withSecrets({ kind: 'cloud', sign: async () => header }, [credentials.apiToken, `${credentials.email}:${credentials.apiToken}`]);
}
