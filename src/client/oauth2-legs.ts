/**
 * The network legs of Jira Data Center's OAuth 2.0 provider as stateless functions, as the OAuth
 * 1.0a legs are in oauth1-dance.ts: the code exchange, the refresh, the revocation, and a probe
 * that Jira knows the client. Every form carries the client secret, which Jira requires for every
 * grant, PKCE or not, and only in the body (oauth2-provider.md 1.4, 1.7).
 */
import { anonymousAuth } from '../auth/auth.js';
import type { OAuth2Tokens } from '../auth/oauth2.js';
import { nodeCrypto } from '../node-crypto.js';
import { SecretMasker } from '../errors/secrets.js';
import type { FetchLike } from '../http/fetch-like.js';
import type { Hooks } from '../http/hooks.js';
import { oauth2Failure, readTokenAnswer, type OAuth2Operation, type TokenAnswer } from '../http/oauth2-response.js';
import { sendWithRetries } from '../http/send-with-retries.js';

/** What every leg needs: the server and the client of its External application link. */
export interface OAuth2ClientOptions {
  /** Jira's base URL with context path, no trailing slash. */
  readonly server: string;
  /** The link's client ID (32 hex characters in Jira). */
  readonly clientId: string;
  /** The link's client secret. */
  readonly clientSecret: string;
  /** The transport; default jirakit's own (node:http, proxies from the environment). */
  readonly fetch?: FetchLike | undefined;
  readonly timeoutMs?: number | undefined;
  /** See each request as sent and each answer (the CLI's --verbose). */
  readonly hooks?: Hooks | undefined;
  /** Clock in ms, for `expiresAt`; injected by tests. */
  readonly now?: (() => number) | undefined;
}

/** POSTs a form to a provider endpoint once (a POST is never replayed) and reads the answer. */
async function postForm<T>(
  options: OAuth2ClientOptions,
  path: 'token' | 'revoke',
  operation: OAuth2Operation,
  fields: Record<string, string | undefined>,
  read: (response: Response, exchange: Parameters<typeof oauth2Failure>[2]) => Promise<T>,
): Promise<T> {
  const url = new URL(`${options.server.replace(/\/+$/, '')}/rest/oauth2/latest/${path}`);
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.set(name, value);
  // Everything secret this request carries, masked in whatever the error keeps.
  const secrets = new SecretMasker().add(options.clientSecret, fields['code'], fields['code_verifier'], fields['refresh_token'], fields['token']);
  const exchange = { operation, url, clientId: options.clientId, mask: (text: string) => secrets.mask(text) };
  return sendWithRetries(
    { method: 'POST', url, headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() },
    anonymousAuth,
    { fetch: options.fetch, timeoutMs: options.timeoutMs, hooks: options.hooks },
    (response) => read(response, exchange),
  );
}

/** The tokens of an answer, expiry counted from now (never read from the token, oauth2-provider.md 1.4). */
function tokensOf(answer: TokenAnswer, options: OAuth2ClientOptions): OAuth2Tokens {
  const now = (options.now ?? Date.now)();
  return {
    accessToken: answer.access_token,
    refreshToken: answer.refresh_token,
    expiresAt: answer.expires_in === undefined ? undefined : now + answer.expires_in * 1000,
    scope: answer.scope,
  };
}

/**
 * Exchanges the authorization code the browser brought back (with the PKCE verifier and the same
 * redirect URI) for an access and a refresh token.
 * @example
 * const tokens = await exchangeOAuth2Code({ server, clientId, clientSecret, code, redirectUri, codeVerifier: pkce.verifier });
 */
export async function exchangeOAuth2Code(options: OAuth2ClientOptions & { readonly code: string; readonly redirectUri: string; readonly codeVerifier?: string | undefined }): Promise<OAuth2Tokens> {
  const answer = await postForm(options, 'token', 'authorization_code', {
    grant_type: 'authorization_code',
    code: options.code,
    redirect_uri: options.redirectUri,
    client_id: options.clientId,
    client_secret: options.clientSecret,
    code_verifier: options.codeVerifier,
  }, readTokenAnswer);
  return tokensOf(answer, options);
}

/**
 * Refreshes: Jira deletes the old pair at once and issues a new one (rotation, oauth2-provider.md
 * 1.6), so store the result before using it. Prefer createOAuth2Refresher, which does that under a lock.
 * @example
 * const next = await refreshOAuth2Token({ server, clientId, clientSecret, refreshToken: tokens.refreshToken });
 */
export async function refreshOAuth2Token(options: OAuth2ClientOptions & { readonly refreshToken: string }): Promise<OAuth2Tokens> {
  const answer = await postForm(options, 'token', 'refresh_token', {
    grant_type: 'refresh_token',
    refresh_token: options.refreshToken,
    client_id: options.clientId,
    client_secret: options.clientSecret,
  }, readTokenAnswer);
  return tokensOf(answer, options);
}

async function readEmpty(response: Response, exchange: Parameters<typeof oauth2Failure>[2]): Promise<void> {
  const body = await response.text();
  if (response.status !== 200) throw oauth2Failure(response, body, exchange);
}

/**
 * Revokes a token at Jira; revoking either token of a pair also revokes its partner, and an
 * unknown token is not an error (oauth2-provider.md 1.7).
 * @example
 * await revokeOAuth2Token({ server, clientId, clientSecret, token: tokens.refreshToken, tokenTypeHint: 'refresh_token' });
 */
export async function revokeOAuth2Token(options: OAuth2ClientOptions & { readonly token: string; readonly tokenTypeHint?: 'access_token' | 'refresh_token' | undefined }): Promise<void> {
  await postForm(options, 'revoke', 'revoke', {
    token: options.token,
    token_type_hint: options.tokenTypeHint,
    client_id: options.clientId,
    client_secret: options.clientSecret,
  }, readEmpty);
}

/**
 * Checks that Jira knows the client ID with this secret, changing nothing: it revokes a random
 * token no one holds, which Jira answers 200 after checking the client, and 401 invalid_client
 * otherwise (oauth2-provider.md 1.7). Throws the failure explained.
 * @example
 * await checkOAuth2Client({ server, clientId, clientSecret }); // OAuth2Error 'invalid_client' if Jira does not know them
 */
export async function checkOAuth2Client(options: OAuth2ClientOptions): Promise<void> {
  const token = `jirakit-probe-${nodeCrypto().randomBytes(16).toString('hex')}`;
  await postForm(options, 'revoke', 'probe', { token, client_id: options.clientId, client_secret: options.clientSecret }, readEmpty);
}
