/**
 * PKCE (RFC 7636) and `state` for the OAuth 2.0 authorization-code dance. Jira accepts `plain`
 * and `S256`, and codes matching [0-9a-zA-Z~\-._]{43,128} (oauth2-provider.md 1.3); jirakit always
 * sends S256.
 */
import { nodeCrypto } from '../node-crypto.js';

/** A PKCE pair: the verifier kept by the client, the challenge sent with the authorize URL. */
export interface Pkce {
  /** 43 base64url characters from 32 random bytes (RFC 7636 4.1). */
  readonly verifier: string;
  /** base64url(sha256(verifier)) without padding (RFC 7636 4.2). */
  readonly challenge: string;
  readonly method: 'S256';
}

/**
 * Makes a PKCE pair; a given verifier (tests, RFC 7636's example) is used as it is.
 * @example
 * const { verifier, challenge } = createPkce(); // challenge to the authorize URL, verifier to the code exchange
 */
export function createPkce(verifier?: string): Pkce {
  const crypto = nodeCrypto();
  const v = verifier ?? crypto.randomBytes(32).toString('base64url');
  if (!/^[0-9A-Za-z~\-._]{43,128}$/.test(v)) throw new TypeError('A PKCE verifier is 43 to 128 characters of [0-9A-Za-z~-._]');
  return { verifier: v, challenge: crypto.createHash('sha256').update(v, 'ascii').digest('base64url'), method: 'S256' };
}

/** A random `state` (128 bits, base64url) that ties the redirect to this dance (RFC 6749 10.12). */
export function randomState(): string {
  return nodeCrypto().randomBytes(16).toString('base64url');
}
