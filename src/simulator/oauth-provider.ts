/**
 * The OAuth 1.0a service provider of a Jira application link: request-token and access-token
 * (AO RequestTokenServlet, AccessTokenServlet; jira-wire.md 2.2, 2.4).
 */
import { percentEncode, type Param } from '../auth/oauth1-signature.js';
import { readOAuthMessage, validateMessage } from './oauth-message.js';
import { OAuthProblem, oauthProblemResponse } from './responses.js';
import { route } from './router.js';
import type { Route, RouteContext } from './types.js';
import {
  ACCESS_TOKEN_TTL_MS,
  REQUEST_TOKEN_TTL_MS,
  SESSION_TTL_MS,
  randomAlphanumeric,
  type ServiceProviderToken,
} from './state.js';

type Ctx = RouteContext;

/** Success bodies are form-encoded text with Content-Type text/plain (RequestTokenServlet). */
function formText(params: readonly Param[]): Response {
  return new Response(params.map(([n, v]) => `${percentEncode(n)}=${percentEncode(v)}`).join('&'), {
    status: 200,
    headers: { 'content-type': 'text/plain;charset=UTF-8' },
  });
}

/** Runs a leg and turns a thrown OAuthProblem into Jira's form-encoded problem answer. */
async function answering(ctx: Ctx, leg: (ctx: Ctx) => Response): Promise<Response> {
  try {
    return leg(ctx);
  } catch (error) {
    if (error instanceof OAuthProblem) return oauthProblemResponse(error, ctx.baseUrl);
    throw error;
  }
}

function isAbsoluteHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

const CALLBACK_ADVICE =
  "As per OAuth spec version 1.0 Revision A Section 6.1 <http://oauth.net/core/1.0a#auth_step1>, the oauth_callback parameter is required and must be either a valid, absolute URI using the http or https scheme, or 'oob' if the callback has been established out of band. The following invalid URI was supplied '%s'";

function requestToken(ctx: Ctx): Response {
  const { sim } = ctx;
  const message = readOAuthMessage(ctx.request, ctx.url, ctx.body);
  const consumerKey = message.oauth.get('oauth_consumer_key');
  if (consumerKey === undefined) throw new OAuthProblem('parameter_absent', [['oauth_parameters_absent', 'oauth_consumer_key']]);
  const consumer = sim.state.consumers.get(consumerKey);
  if (!consumer) throw new OAuthProblem('consumer_key_unknown');
  const callback = message.oauth.get('oauth_callback');
  if (callback !== undefined && callback !== 'oob' && !isAbsoluteHttpUrl(callback)) {
    throw new OAuthProblem('parameter_rejected', [
      ['oauth_parameters_rejected', 'oauth_callback'],
      ['oauth_problem_advice', CALLBACK_ADVICE.replace('%s', callback)],
    ]);
  }
  validateMessage(message, consumer, sim.validation());
  const token: ServiceProviderToken = {
    token: randomAlphanumeric(32),
    secret: randomAlphanumeric(32),
    consumerKey,
    kind: 'request',
    version: callback === undefined ? '1.0' : '1.0a',
    callback: callback === undefined || callback === 'oob' ? undefined : callback,
    authorization: 'none',
    createdAt: sim.now(),
    ttlMs: REQUEST_TOKEN_TTL_MS,
  };
  sim.state.tokens.set(token.token, token);
  const params: Param[] = [['oauth_token', token.token], ['oauth_token_secret', token.secret]];
  if (token.version === '1.0a') params.push(['oauth_callback_confirmed', 'true']);
  return formText(params);
}

function accessToken(ctx: Ctx): Response {
  const { sim } = ctx;
  const message = readOAuthMessage(ctx.request, ctx.url, ctx.body);
  const tokenValue = message.oauth.get('oauth_token');
  if (tokenValue === undefined) throw new OAuthProblem('parameter_absent', [['oauth_parameters_absent', 'oauth_token']]);
  const token = sim.state.tokens.get(tokenValue);
  if (!token) throw new OAuthProblem('token_rejected');
  const now = sim.now();
  // Token-state checks come before signature validation, as in AccessTokenServlet.
  if (token.kind === 'request') {
    if (now > token.createdAt + token.ttlMs) throw new OAuthProblem('token_expired');
    if (token.authorization === 'none') throw new OAuthProblem('permission_unknown');
    if (token.authorization === 'denied') throw new OAuthProblem('permission_denied');
    if (token.consumerKey !== message.oauth.get('oauth_consumer_key')) throw new OAuthProblem('token_rejected');
    if (token.version === '1.0a') {
      const verifier = message.oauth.get('oauth_verifier');
      if (verifier === undefined) throw new OAuthProblem('parameter_absent', [['oauth_parameters_absent', 'oauth_verifier']]);
      if (verifier !== token.verifier) throw new OAuthProblem('token_rejected');
    }
  } else {
    if (token.sessionHandle === undefined) throw new OAuthProblem('token_rejected');
    const handle = message.oauth.get('oauth_session_handle');
    if (handle === undefined) throw new OAuthProblem('parameter_absent', [['oauth_parameters_absent', 'oauth_session_handle']]);
    if (handle !== token.sessionHandle) throw new OAuthProblem('token_rejected');
    if (now > (token.sessionCreatedAt ?? token.createdAt) + SESSION_TTL_MS) throw new OAuthProblem('permission_denied');
  }
  const consumer = sim.state.consumers.get(token.consumerKey);
  if (!consumer) throw new OAuthProblem('consumer_key_unknown');
  validateMessage(message, consumer, sim.validation());
  const access: ServiceProviderToken = {
    token: randomAlphanumeric(32),
    secret: token.secret, // The access token's secret is the request token's (AO AccessTokenServlet).
    consumerKey: token.consumerKey,
    kind: 'access',
    version: token.version,
    authorization: 'authorized',
    user: token.user,
    createdAt: now,
    ttlMs: ACCESS_TOKEN_TTL_MS,
    sessionHandle: token.sessionHandle ?? randomAlphanumeric(32),
    sessionCreatedAt: token.sessionCreatedAt ?? now,
  };
  sim.state.tokens.delete(token.token);
  sim.state.tokens.set(access.token, access);
  return formText([
    ['oauth_token', access.token],
    ['oauth_token_secret', access.secret],
    ['oauth_expires_in', String(ACCESS_TOKEN_TTL_MS / 1000)],
    ['oauth_session_handle', access.sessionHandle ?? ''],
    ['oauth_authorization_expires_in', String(SESSION_TTL_MS / 1000)],
  ]);
}

/** An empty 200, which is what GET on the POST-only token servlets returns (TransactionalServlet). */
const emptyOk = (): Response => new Response('', { status: 200, headers: { 'content-type': 'text/plain;charset=UTF-8' } });

/** The token endpoints. */
export const oauthTokenRoutes: readonly Route[] = [
  route('POST /plugins/servlet/oauth/request-token', (ctx) => answering(ctx, requestToken)),
  route('POST /plugins/servlet/oauth/access-token', (ctx) => answering(ctx, accessToken)),
  route('GET /plugins/servlet/oauth/request-token', emptyOk),
  route('GET /plugins/servlet/oauth/access-token', emptyOk),
];
