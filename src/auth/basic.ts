import { withSecrets, type Auth } from './auth.js';

/** A user name and password (Jira DC Basic auth; disabled by default on Jira 11). */
export interface BasicCredentials {
  readonly username: string;
  readonly password: string;
}

/** HTTP Basic: `Authorization: Basic base64(user:password)`. */
export function createBasicAuth(credentials: BasicCredentials): Auth {
  const header = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}`;
  return withSecrets({ kind: 'basic', sign: async () => header }, [credentials.password, `${credentials.username}:${credentials.password}`]);
}
