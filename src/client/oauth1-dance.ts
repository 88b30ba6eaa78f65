/**
 * The three legs of Jira's OAuth 1.0a dance as stateless functions (like @octokit/oauth-methods).
 * Only the CLI talks to the user; these only talk to Jira.
 * @see https://developer.atlassian.com/server/jira/platform/oauth/
 */
import type { KeyObject } from 'node:crypto';
import { secretsOf } from '../auth/auth.js';
import { baseStringOfHeader, createOAuth1Auth } from '../auth/oauth1.js';
import { SecretMasker } from '../errors/secrets.js';
import type { FetchLike } from '../http/fetch-like.js';
import type { Hooks } from '../http/hooks.js';
import { readOAuthForm } from '../http/oauth-response.js';
import { sendWithRetries } from '../http/send-with-retries.js';

/** What every leg needs. */
export interface DanceOptions {
  /** Jira's base URL with context path, no trailing slash. */
  readonly server: string;
  readonly consumerKey: string;
  readonly privateKey: KeyObject;
  /** The transport; default jirakit's own (node:http, proxies from the environment). */
  readonly fetch?: FetchLike | undefined;
  readonly timeoutMs?: number | undefined;
  /** See each request as sent and each answer (the CLI's --verbose). */
  readonly hooks?: Hooks | undefined;
  readonly now?: (() => number) | undefined;
  readonly nonce?: (() => string) | undefined;
}

/** A request token. */
export interface RequestToken {
  readonly token: string;
  readonly tokenSecret: string;
  /** True for an OAuth 1.0a token (a callback was sent): the access-token leg needs the verifier. */
  readonly callbackConfirmed: boolean;
}

/** An access token, as Jira issues it. */
export interface AccessToken {
  readonly token: string;
  readonly tokenSecret: string;
  /** Seconds until the token expires (Jira: 5 years). */
  readonly expiresIn?: number | undefined;
  /** The session handle that renews the token. */
  readonly sessionHandle?: string | undefined;
  /** Seconds until the authorization (session) expires. */
  readonly authorizationExpiresIn?: number | undefined;
}

async function post(options: DanceOptions, path: string, extra: { token?: string; verifier?: string; callback?: string }): Promise<Map<string, string>> {
  const url = new URL(`${options.server}/plugins/servlet/oauth/${path}`);
  const auth = createOAuth1Auth({ ...options, ...extra });
  const secrets = new SecretMasker().add(...secretsOf(auth));
  // A POST is never retried; sendWithRetries gives the hooks and the explained failures.
  return sendWithRetries({ method: 'POST', url, headers: { accept: '*/*' } }, auth, { fetch: options.fetch, timeoutMs: options.timeoutMs, hooks: options.hooks }, (response, sent) =>
    readOAuthForm(response, {
      method: 'POST',
      url,
      consumerKey: options.consumerKey,
      localBaseString: baseStringOfHeader(sent.headers['authorization'], { method: 'POST', url }),
      nowMs: (options.now ?? Date.now)(),
      mask: (text) => secrets.mask(text),
    }),
  );
}

/**
 * Leg 1: POST request-token. Without `callback` Jira issues an OAuth 1.0 token (no verifier later),
 * as jirashell does; with a callback URL or "oob" it issues a 1.0a token.
 */
export async function getRequestToken(options: DanceOptions & { readonly callback?: string | undefined }): Promise<RequestToken> {
  const params = await post(options, 'request-token', options.callback === undefined ? {} : { callback: options.callback });
  return {
    token: params.get('oauth_token') ?? '',
    tokenSecret: params.get('oauth_token_secret') ?? '',
    callbackConfirmed: params.get('oauth_callback_confirmed') === 'true',
  };
}

/** Leg 2 (no network): the page where the user logs in and clicks Allow. */
export function getAuthorizeUrl(server: string, requestToken: string): string {
  return `${server}/plugins/servlet/oauth/authorize?oauth_token=${encodeURIComponent(requestToken)}`;
}

/** Leg 3: POST access-token with the approved request token (and the verifier for 1.0a). */
export async function getAccessToken(
  options: DanceOptions & { readonly requestToken: string; readonly verifier?: string | undefined },
): Promise<AccessToken> {
  const params = await post(options, 'access-token', {
    token: options.requestToken,
    ...(options.verifier === undefined ? {} : { verifier: options.verifier }),
  });
  const num = (name: string): number | undefined => (params.has(name) ? Number(params.get(name)) : undefined);
  return {
    token: params.get('oauth_token') ?? '',
    tokenSecret: params.get('oauth_token_secret') ?? '',
    expiresIn: num('oauth_expires_in'),
    sessionHandle: params.get('oauth_session_handle'),
    authorizationExpiresIn: num('oauth_authorization_expires_in'),
  };
}
