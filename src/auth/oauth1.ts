import type { KeyObject } from 'node:crypto';
import { nodeCrypto } from '../node-crypto.js';
import { withSecrets, type Auth, type SignableRequest } from './auth.js';
import {
  authorizationHeader,
  parseForm,
  parseOAuthHeader,
  signatureBaseString,
  signRsaSha1,
  type Param,
} from './oauth1-signature.js';

/** Credentials and injectable sources of variation for OAuth 1.0a RSA-SHA1 signing. */
export interface OAuth1Options {
  /** The consumer key of the Jira application link. */
  readonly consumerKey: string;
  /** The RSA private key whose public half is in the application link. */
  readonly privateKey: KeyObject;
  /**
   * The token: a request token during the dance, an access token afterwards, or the empty string
   * for 2-legged OAuth (Jira treats an empty oauth_token as 2LO, jira-wire.md 2.5). Omit it for the
   * request-token leg.
   */
  readonly token?: string | undefined;
  /** oauth_verifier, for the access-token leg of an OAuth 1.0a dance. */
  readonly verifier?: string | undefined;
  /** oauth_callback, for the request-token leg (its presence makes the token OAuth 1.0a). */
  readonly callback?: string | undefined;
  /** Clock in milliseconds; injected by tests. */
  readonly now?: (() => number) | undefined;
  /** Nonce source; injected by tests. Must never repeat (Jira: nonce_used). */
  readonly nonce?: (() => string) | undefined;
}

/** A signature and everything that went into it, for `jirakit sign` and for diffing base strings. */
export interface OAuth1Signature {
  /** The Authorization header value. */
  readonly header: string;
  /** The signature base string that was signed. */
  readonly baseString: string;
  /** The oauth_* parameters, oauth_signature included. */
  readonly params: readonly Param[];
}

/** A random 128-bit nonce in hex. */
export function randomNonce(): string {
  return nodeCrypto().randomBytes(16).toString('hex');
}

/** True when a Content-Type names a form body, whose parameters OAuth signs (RFC 5849 3.4.1.3.1). */
export function isFormContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && /^application\/x-www-form-urlencoded\b/i.test(contentType.trim());
}

/** Signs one request (RFC 5849 3.4): fresh nonce and timestamp on every call. */
export function signOAuth1(request: SignableRequest, options: OAuth1Options): OAuth1Signature {
  const now = options.now ?? Date.now;
  const oauthParams: Param[] = [
    ['oauth_consumer_key', options.consumerKey],
    ['oauth_nonce', (options.nonce ?? randomNonce)()],
    ['oauth_signature_method', 'RSA-SHA1'],
    ['oauth_timestamp', String(Math.floor(now() / 1000))],
    ['oauth_version', '1.0'],
  ];
  if (options.token !== undefined) oauthParams.push(['oauth_token', options.token]);
  if (options.verifier !== undefined) oauthParams.push(['oauth_verifier', options.verifier]);
  if (options.callback !== undefined) oauthParams.push(['oauth_callback', options.callback]);
  const formParams = isFormContentType(request.contentType) && request.body ? parseForm(request.body) : undefined;
  const baseString = signatureBaseString({ method: request.method, url: request.url, oauthParams, formParams });
  const params: Param[] = [...oauthParams, ['oauth_signature', signRsaSha1(baseString, options.privateKey)]];
  return { header: authorizationHeader(params), baseString, params };
}

/**
 * The base string an OAuth Authorization header was signed over, rebuilt from the header and the
 * request it went with (undefined for any other header): what `-v` shows beside Jira's own for a
 * signature_invalid. Holds the token, as Jira's does; OAuthProblemError masks it.
 */
export function baseStringOfHeader(header: string | undefined, request: SignableRequest): string | undefined {
  const params = header === undefined ? undefined : parseOAuthHeader(header);
  if (!params) return undefined;
  const oauthParams = params.filter(([name]) => name !== 'oauth_signature' && name !== 'realm');
  const formParams = isFormContentType(request.contentType) && request.body ? parseForm(request.body) : undefined;
  return signatureBaseString({ method: request.method, url: request.url, oauthParams, formParams });
}

/**
 * OAuth 1.0a with RSA-SHA1, the only method Jira's provider accepts. Each call of `sign` makes a
 * new nonce and timestamp, so retries are signed afresh.
 * @example
 * const auth = createOAuth1Auth({ consumerKey: 'monitor-jira-license', privateKey, token });
 */
export function createOAuth1Auth(options: OAuth1Options): Auth & { readonly consumerKey: string } {
  const auth = {
    kind: options.token === '' ? 'oauth1-2lo' : 'oauth1',
    consumerKey: options.consumerKey,
    sign: async (request: SignableRequest) => signOAuth1(request, options).header,
  };
  // The access token is echoed in Jira's signature_invalid answers; the verifier in callbacks.
  // ('denied' is Jira's word for a refusal, not a secret verifier.)
  return withSecrets(auth, [options.token, options.verifier === 'denied' ? undefined : options.verifier]);
}
