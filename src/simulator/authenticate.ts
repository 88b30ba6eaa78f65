/**
 * Who is calling: OAuth 1.0a (3LO and 2LO), Basic, a personal access token, a browser session, or
 * nobody. Mirrors Jira's filter chain (jira-wire.md 2.5, 3.1, 3.3, section 9 item 2).
 */
import { percentEncode } from '../auth/oauth1-signature.js';
import { sessionOf } from './authorize.js';
import { OAUTH_ATTEMPT_PARAMS, readOAuthMessage, validateMessage } from './oauth-message.js';
import { basicTokenCaller, bearerCaller } from './oauth2/bearer.js';
import { OAuthProblem, html, oauthProblemResponse, page, realmChallenge } from './responses.js';

import type { Caller, RouteContext } from './types.js';

type Ctx = RouteContext;

/** Resolves the caller, or returns the error response Jira would send. */
export function authenticate(ctx: Ctx): Caller | Response {
  const { sim } = ctx;
  const message = readOAuthMessage(ctx.request, ctx.url, ctx.body);
  // Jira treats a request as OAuth only when all six parameters are present (OAuthRequestUtils);
  // anything less falls through to anonymous, which is what trips clients up (jira-wire.md 10.2).
  if (OAUTH_ATTEMPT_PARAMS.every((name) => message.oauth.has(name))) {
    const token = message.oauth.get('oauth_token') ?? '';
    const twoLegged = token === '';
    if (twoLegged ? !ctx.path.endsWith('/plugins/servlet/oauth/request-token') : !ctx.path.endsWith('/plugins/servlet/oauth/access-token')) {
      try {
        return twoLegged ? oauth2lo(ctx, message) : oauth3lo(ctx, message, token);
      } catch (error) {
        if (error instanceof OAuthProblem) return oauthProblemResponse(error, ctx.baseUrl);
        throw error;
      }
    }
  }
  const authorization = ctx.request.headers.get('authorization') ?? '';
  if (/^basic /i.test(authorization)) return basic(ctx, authorization.slice(6).trim());
  if (/^bearer /i.test(authorization)) {
    const pat = sim.state.pats.get(authorization.slice(7).trim());
    const live = pat && !pat.revoked && (pat.expiringAt === undefined || pat.expiringAt > sim.now());
    const user = live ? sim.state.users.get(pat.user) : undefined;
    if (user?.active) return { user, by: 'pat' };
    // Not a PAT: an OAuth 2.0 access token, or a bad one served as anonymous (oauth2-provider.md 1.10).
    const viaOAuth2 = bearerCaller(ctx, authorization);
    if (viaOAuth2) return viaOAuth2;
    // One Jira 9.4 report saw bad PATs served as anonymous instead of 401 (jira-wire.md 3.3).
    if (sim.options.invalidPatAnswer === 'anonymous') return { user: undefined, by: 'anonymous' };
    return unauthorized(ctx);
  }
  const session = sessionOf(ctx);
  const sessionUser = session ? sim.state.users.get(session.user) : undefined;
  if (sessionUser) return { user: sessionUser, by: 'session' };
  return { user: undefined, by: 'anonymous' };
}

function oauth3lo(ctx: Ctx, message: ReturnType<typeof readOAuthMessage>, tokenValue: string): Caller | Response {
  const { sim } = ctx;
  const token = sim.state.tokens.get(tokenValue);
  if (!token || token.kind !== 'access') throw new OAuthProblem('token_rejected');
  if (token.consumerKey !== message.oauth.get('oauth_consumer_key')) throw new OAuthProblem('token_rejected');
  if (sim.now() > token.createdAt + token.ttlMs) throw new OAuthProblem('token_expired');
  const consumer = sim.state.consumers.get(token.consumerKey);
  if (!consumer) throw new OAuthProblem('consumer_key_unknown');
  validateMessage(message, consumer, sim.validation());
  const user = token.user === undefined ? undefined : sim.state.users.get(token.user);
  if (!user || !user.active) {
    // A user who cannot log in gets a 401 challenge built from the request's own parameters and
    // no oauth_problem body (AuthenticatorImpl.authenticate3LORequest).
    const params = [...message.oauth].filter(([n]) => n !== 'oauth_signature').map(([n, v]) => `${n}="${percentEncode(v)}"`);
    return new Response('', { status: 401, headers: { 'www-authenticate': `${realmChallenge(ctx.baseUrl)}, ${params.join(', ')}` } });
  }
  return { user, by: 'oauth' };
}

function oauth2lo(ctx: Ctx, message: ReturnType<typeof readOAuthMessage>): Caller {
  const { sim } = ctx;
  const consumer = sim.state.consumers.get(message.oauth.get('oauth_consumer_key') ?? '');
  if (!consumer) throw new OAuthProblem('consumer_key_unknown');
  validateMessage(message, consumer, sim.validation());
  if (!consumer.twoLeggedAllowed) throw new OAuthProblem('permission_denied');
  const user = consumer.executeAs === undefined ? undefined : sim.state.users.get(consumer.executeAs);
  return { user, by: 'oauth-2lo' };
}

function basic(ctx: Ctx, encoded: string): Caller | Response {
  const { sim } = ctx;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const name = colon < 0 ? decoded : decoded.slice(0, colon);
  const password = colon < 0 ? '' : decoded.slice(colon + 1);
  const viaToken = basicTokenCaller(ctx, password);
  if (viaToken) return viaToken;
  const failures = sim.state.failedLogins.get(name) ?? 0;
  if (failures >= sim.options.captchaAfterFailures) {
    return html(page('Forbidden (403)', '<p>Basic Authentication Failure - Reason : AUTHENTICATION_DENIED</p>'), 403, {
      'x-seraph-loginreason': 'AUTHENTICATION_DENIED',
      'x-authentication-denied-reason': `CAPTCHA_CHALLENGE; login-url=${ctx.baseUrl}/login.jsp`,
      'x-ausername': 'anonymous',
    });
  }
  const user = sim.state.users.get(name);
  if (user && user.active && user.password === password) {
    sim.state.failedLogins.delete(name);
    return { user, by: 'basic' };
  }
  sim.state.failedLogin(name);
  return unauthorized(ctx, { 'x-seraph-loginreason': 'AUTHENTICATED_FAILED' });
}

function unauthorized(ctx: Ctx, extra: Record<string, string> = {}): Response {
  return new Response(
    JSON.stringify({ errorMessages: ['You are not authenticated. Authentication required to perform this operation.'], errors: {} }),
    {
      status: 401,
      headers: {
        'content-type': 'application/json;charset=UTF-8',
        'www-authenticate': realmChallenge(ctx.baseUrl),
        'x-ausername': 'anonymous',
        ...extra,
      },
    },
  );
}
