/**
 * PKCE as Jira checks it: `plain` and `S256` in any case, challenge and verifier both
 * `[0-9a-zA-Z~\-._]{43,128}`, S256 = base64url(sha256(ascii(verifier))) unpadded
 * (oauth2-provider.md 1.3).
 */
import { nodeCrypto } from '../../node-crypto.js';

/** The two methods Jira knows. */
export type CodeChallengeMethod = 'plain' | 'S256';

/** Parses a method as Jira does (`valueOf(s.toUpperCase())`); undefined for anything else. */
export function parseChallengeMethod(value: string): CodeChallengeMethod | undefined {
  const upper = value.toUpperCase();
  return upper === 'PLAIN' ? 'plain' : upper === 'S256' ? 'S256' : undefined;
}

/** Whether a challenge or verifier has the allowed characters and length. */
export function isValidPkceCode(value: string): boolean {
  return /^[0-9a-zA-Z~\-._]{43,128}$/.test(value);
}

/** Whether the verifier answers the challenge recorded with the code. */
export function verifierMatches(verifier: string, challenge: string, method: CodeChallengeMethod): boolean {
  const derived = method === 'S256' ? nodeCrypto().createHash('sha256').update(verifier, 'ascii').digest('base64url') : verifier;
  return derived === challenge;
}
