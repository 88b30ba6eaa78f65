/**
 * Requests authenticated by an OAuth 2.0 access token (AccessTokenFilter,
 * DefaultAccessTokenAuthenticationHandler; oauth2-provider.md 1.10): `Authorization: Bearer <JWT>`
 * (the scheme is case-sensitive), or the token as the password of Basic. The caller's admin
 * right is capped by the token's scope, as Jira caps every permission (oauth2-provider.md 1.8).
 */
import type { Caller, RouteContext } from '../types.js';
import { looksLikeJwt } from './jwt.js';
import { scopeGrants } from './scopes.js';

/** The caller a valid, unexpired access token stands for; undefined otherwise. */
function tokenCaller(ctx: RouteContext, jwt: string): Caller | undefined {
  const store = ctx.sim.oauth2;
  const token = store.find(jwt, 'access');
  if (!token || store.expired(token)) return undefined;
  const user = ctx.sim.state.users.get(token.user);
  if (!user?.active) return undefined;
  // A copy: the token's scope may take away the admin right, never add it.
  return { user: { ...user, admin: user.admin && scopeGrants(token.scope, 'ADMIN') }, by: 'oauth2', scope: token.scope };
}

/**
 * An `Authorization: Bearer` header that is not a PAT: the token's caller, anonymous for a bad or
 * expired JWT (the filter swallows the error and the request goes on), or undefined when the
 * OAuth 2.0 filter does not take it (not `Bearer` exactly, not a JWT, or the 401 setting).
 */
export function bearerCaller(ctx: RouteContext, authorization: string): Caller | undefined {
  if (!authorization.startsWith('Bearer ')) return undefined;
  const jwt = authorization.slice(7).trim();
  if (!looksLikeJwt(jwt)) return undefined;
  const caller = tokenCaller(ctx, jwt);
  if (caller) return caller;
  return ctx.sim.options.oauth2.invalidTokenAnswer === 'anonymous' ? { user: undefined, by: 'anonymous' } : undefined;
}

/** Basic whose password is a live access token (`token.via.basic.authentication`); the user name is not read. */
export function basicTokenCaller(ctx: RouteContext, password: string): Caller | undefined {
  if (!ctx.sim.options.oauth2.tokenViaBasic || !looksLikeJwt(password)) return undefined;
  return tokenCaller(ctx, password);
}
