/**
 * Jira's OAuth 2.0 tokens: compact HS256 JWTs whose only claim is `{"id":"<32 hex>"}`, signed with
 * one secret per instance; no exp, iat or sub (oauth2-provider.md 1.4). Clients must treat them as
 * opaque and track expiry from `expires_in`.
 */
import { nodeCrypto } from '../../node-crypto.js';

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256' })).toString('base64url');

function signature(input: string, secret: Buffer): string {
  return nodeCrypto().createHmac('sha256', secret).update(input).digest('base64url');
}

/** A new random instance secret (what `POST .../token/jwt/reset` replaces). */
export function newJwtSecret(): Buffer {
  return nodeCrypto().randomBytes(32);
}

/** 32 hex characters: token ids, codes and generated client ids (oauth2-provider.md 1.1). */
export function randomHex(bytes = 16): string {
  return nodeCrypto().randomBytes(bytes).toString('hex');
}

/** The JWT for a token id. */
export function signJwt(id: string, secret: Buffer): string {
  const payload = Buffer.from(JSON.stringify({ id })).toString('base64url');
  return `${HEADER}.${payload}.${signature(`${HEADER}.${payload}`, secret)}`;
}

/** Whether a string has a JWT's shape (three base64url parts), which is how a Bearer is told from a PAT. */
export function looksLikeJwt(value: string): boolean {
  return /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(value);
}

/** The token id of a JWT this instance signed, or undefined (bad shape, signature or claim). */
export function jwtId(token: string, secret: Buffer): string | undefined {
  if (!looksLikeJwt(token)) return undefined;
  const [header = '', payload = '', sig = ''] = token.split('.');
  const expected = Buffer.from(signature(`${header}.${payload}`, secret));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !nodeCrypto().timingSafeEqual(expected, given)) return undefined;
  try {
    const alg = (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: unknown }).alg;
    const id = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { id?: unknown }).id;
    return alg === 'HS256' && typeof id === 'string' ? id : undefined;
  } catch {
    return undefined;
  }
}
