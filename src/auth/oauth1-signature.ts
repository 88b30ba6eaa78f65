/**
 * The pure parts of RFC 5849 (OAuth 1.0) that Jira needs: percent-encoding, the signature base
 * string, RSA-SHA1 signing and verification, and the `Authorization: OAuth` header.
 * The signer and the simulator's verifier both use this module, so it is pinned by known-answer
 * vectors made by independent implementations (test/vectors).
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4
 */
import type { KeyObject } from 'node:crypto';
import { nodeCrypto } from '../node-crypto.js';

/** One name/value pair; OAuth allows repeated names, so parameters are lists, not maps. */
export type Param = readonly [name: string, value: string];

/** Percent-encodes per RFC 5849 3.6: everything but the RFC 3986 unreserved set, as UTF-8. */
export function percentEncode(value: string): string {
  // encodeURIComponent leaves !'()* alone; RFC 3986 reserves them.
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
}

/** Decodes a percent-encoded OAuth value; `+` stays `+` (header values are not form-encoded). */
export function percentDecode(value: string): string {
  return decodeURIComponent(value);
}

/**
 * The base string URI (RFC 5849 3.4.1.2): lower-case scheme and host, default port dropped,
 * path as sent, no query or fragment. `new URL` already lower-cases and drops default ports.
 */
export function baseStringUri(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname || '/'}`;
}

/**
 * Parses a query string or form body as application/x-www-form-urlencoded: `+` is a space
 * (RFC 5849 3.4.1.3.1 refers to HTML 4.01 17.13.4). Servers that keep `+` get signature_invalid
 * from python-jira, which sends `jql=project+%3D+X` (jira-wire.md 2.5).
 */
export function parseForm(text: string): Param[] {
  const params: Param[] = [];
  for (const [name, value] of new URLSearchParams(text)) params.push([name, value]);
  return params;
}

/** Sorts and joins parameters as RFC 5849 3.4.1.3.2 says: encode, sort by name then value. */
export function normalizeParameters(params: Iterable<Param>): string {
  const encoded = [...params].map(([n, v]) => [percentEncode(n), percentEncode(v)] as const);
  encoded.sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  return encoded.map(([n, v]) => `${n}=${v}`).join('&');
}

/** What goes into a signature: the request as sent, plus the oauth_* protocol parameters. */
export interface SignatureInput {
  readonly method: string;
  readonly url: URL;
  /** oauth_* parameters (without oauth_signature and realm). */
  readonly oauthParams: Iterable<Param>;
  /** Decoded application/x-www-form-urlencoded body parameters, if the body is a form. */
  readonly formParams?: Iterable<Param> | undefined;
}

/** Builds the signature base string (RFC 5849 3.4.1.1). */
export function signatureBaseString(input: SignatureInput): string {
  const params: Param[] = [
    ...parseForm(input.url.search),
    ...input.oauthParams,
    ...(input.formParams ?? []),
  ];
  return [
    input.method.toUpperCase(),
    percentEncode(baseStringUri(input.url)),
    percentEncode(normalizeParameters(params)),
  ].join('&');
}

/** Signs a base string with RSASSA-PKCS1-v1_5 over SHA-1 (RFC 5849 3.4.3), base64. */
export function signRsaSha1(baseString: string, privateKey: KeyObject): string {
  // The one-shot API: the streaming createSign() costs measurably more per signature (bench/signing.mjs).
  return nodeCrypto().sign('sha1', Buffer.from(baseString, 'utf8'), privateKey).toString('base64');
}

/** Verifies an RSA-SHA1 signature over a base string with the consumer's public key. */
export function verifyRsaSha1(baseString: string, signature: string, publicKey: KeyObject): boolean {
  try {
    return nodeCrypto().verify('sha1', Buffer.from(baseString, 'utf8'), publicKey, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}

/** Renders `Authorization: OAuth k="v", …` (RFC 5849 3.5.1), values percent-encoded. */
export function authorizationHeader(params: Iterable<Param>, realm?: string): string {
  const parts = [...params].map(([n, v]) => `${percentEncode(n)}="${percentEncode(v)}"`);
  if (realm !== undefined) parts.unshift(`realm="${percentEncode(realm)}"`);
  return `OAuth ${parts.join(', ')}`;
}

/**
 * Parses an `OAuth` Authorization or WWW-Authenticate value leniently: with or without spaces
 * after commas, quoted or bare values, a realm, and (for WWW-Authenticate joined by a proxy or
 * fetch) several `OAuth` challenges in one string. Returns undefined when it is not OAuth.
 */
export function parseOAuthHeader(value: string): Param[] | undefined {
  const trimmed = value.trim();
  if (!/^oauth(\s|$)/i.test(trimmed)) return undefined;
  const params: Param[] = [];
  const pattern = /(?:^|,)\s*(?:oauth\s+)?([A-Za-z0-9_.~%-]+)\s*=\s*(?:"([^"]*)"|([^,\s]*))/gi;
  const body = trimmed.replace(/^oauth\s*/i, '');
  for (const match of body.matchAll(pattern)) {
    const name = match[1] ?? '';
    const raw = match[2] ?? match[3] ?? '';
    try {
      params.push([percentDecode(name), percentDecode(raw)]);
    } catch {
      params.push([name, raw]);
    }
  }
  return params;
}
