/**
 * `GET /rest/oauth2/latest/authorize` (AuthorizationResource, AuthorizationRestService;
 * oauth2-provider.md 1.3): the scope check first; without the consent page's `Referer`, a 303 to
 * the consent page; with it, the approval: XSRF, client and exact redirect, PKCE fields (failures
 * to the error page), then response type and scope (failures to the client), then the code.
 */
import { sessionOf } from '../authorize.js';
import { route } from '../router.js';
import type { Route, RouteContext } from '../types.js';
import { text } from './messages.js';
import { CONSENT_PATH, canonicalBase, errorPageUri, seeOther, withQuery } from './oauth2-responses.js';
import { isValidPkceCode, parseChallengeMethod } from './pkce.js';
import { parseScope, scopeAllowed } from './scopes.js';
import type { OAuth2Client } from './oauth2-types.js';

/** The query of an authorization request; absent parameters are ''. */
export interface AuthorizationRequest {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly state: string;
  readonly responseType: string;
  readonly scope: string;
  readonly method: string;
  readonly challenge: string | undefined;
}

/** The parameters the consent page copies, in Jira's order (state and PKCE only when set). */
export function consentParams(r: AuthorizationRequest): [string, string][] {
  const params: [string, string][] = [['client_id', r.clientId], ['redirect_uri', r.redirectUri], ['response_type', r.responseType], ['scope', r.scope]];
  if (r.state.trim() !== '') params.push(['state', r.state]);
  if (r.method.trim() !== '') params.push(['code_challenge_method', r.method]);
  if (r.challenge !== undefined && r.challenge.trim() !== '') params.push(['code_challenge', r.challenge]);
  return params;
}

/** Reads the authorization parameters from a query. */
export function readAuthorizationRequest(q: URLSearchParams): AuthorizationRequest {
  return {
    clientId: q.get('client_id') ?? '',
    redirectUri: q.get('redirect_uri') ?? '',
    state: q.get('state') ?? '',
    responseType: q.get('response_type') ?? '',
    scope: q.get('scope') ?? '',
    method: q.get('code_challenge_method') ?? '',
    challenge: q.get('code_challenge') ?? undefined,
  };
}

/** A 303 back to the client with `error`, `error_description` and a non-blank `state`. */
function toClient(r: AuthorizationRequest, error: string, description: string): Response {
  const params: [string, string][] = [['error', error], ['error_description', description]];
  if (r.state.trim() !== '') params.push(['state', r.state]);
  return seeOther(withQuery(r.redirectUri, params));
}

function toErrorPage(ctx: RouteContext, description: string): Response {
  return seeOther(errorPageUri(ctx, 'invalid_request', description));
}

/** XSRF, client and redirect, PKCE: failures here must not reach the client. */
function resourceOwnerFailure(ctx: RouteContext, r: AuthorizationRequest, client: OAuth2Client | undefined): string | undefined {
  const session = sessionOf(ctx);
  if (!session) return text('oauth2.xsrf.invalid.session');
  // The token is removed from the session whether or not it matched: single use (DefaultOAuth2XsrfTokenGenerator).
  const saved = ctx.sim.oauth2.consentXsrf.get(session.id);
  ctx.sim.oauth2.consentXsrf.delete(session.id);
  const given = ctx.url.searchParams.get('atl_token');
  if (given === null || given !== saved) return text('oauth2.xsrf.failure');
  if (!client) return text('oauth2.authorization.validation.error.message', 'client_id');
  if (r.redirectUri.trim() === '' || !client.redirectUris.includes(r.redirectUri)) return text('oauth2.authorization.validation.error.message', 'redirect_uri');
  if (r.method.trim() === '') return undefined;
  if (!parseChallengeMethod(r.method)) return text('oauth2.authorization.pkce.code.challenge.method.invalid');
  if (r.challenge === undefined) return text('oauth2.authorization.pkce.code.challenge.missing');
  if (!isValidPkceCode(r.challenge)) return text('oauth2.authorization.pkce.code.challenge.invalid');
  return undefined;
}

function approve(ctx: RouteContext, given: AuthorizationRequest): Response {
  const client = ctx.sim.oauth2.clients.get(given.clientId);
  // A challenge without a method means plain (ensureCodeChallengeMethodSetIfRequired).
  const r = given.method.trim() === '' && given.challenge?.trim() ? { ...given, method: 'plain' } : given;
  const failure = resourceOwnerFailure(ctx, r, client);
  if (failure !== undefined || !client) return toErrorPage(ctx, failure ?? '');
  if (r.responseType.trim() === '') return toClient(r, 'invalid_request', text('oauth2.authorization.response.type.is.empty.error.message'));
  if (r.responseType !== 'code') return toClient(r, 'unsupported_response_type', text('oauth2.authorization.unsupported.response.type.error.message'));
  const scope = r.scope.trim() === '' ? client.scope : r.scope;
  if (!scopeAllowed(scope, client.scope)) return toClient(r, 'invalid_request', text('oauth2.request.scope.valid.for.client.validation.error.message', scope, client.scope));
  const user = sessionOf(ctx)?.user ?? '';
  const method = parseChallengeMethod(r.method);
  const code = ctx.sim.oauth2.authorize({ clientId: client.clientId, redirectUri: r.redirectUri, scope: parseScope(scope) ?? scope, user, challenge: method ? r.challenge : undefined, method });
  const params: [string, string][] = [['code', code]];
  if (r.state.trim() !== '') params.push(['state', r.state]);
  return seeOther(withQuery(r.redirectUri, params));
}

function authorize(ctx: RouteContext): Response {
  const r = readAuthorizationRequest(ctx.url.searchParams);
  const client = ctx.sim.oauth2.clients.get(r.clientId);
  // The scope is checked before anything else, and its error goes to whatever redirect_uri was
  // given, registered or not (AuthorizationRestService.getRedirectUri; oauth2-provider.md 1.3 step 1).
  if (client && r.scope.trim() !== '' && !scopeAllowed(r.scope, client.scope)) {
    return toClient(r, 'invalid_scope', text('oauth2.request.scope.valid.for.client.validation.error.message', r.scope, client.scope));
  }
  // Approval is recognised only by the Referer (oauth2-provider.md 1.3 step 2).
  const referer = ctx.request.headers.get('referer');
  if (referer?.startsWith(`${canonicalBase(ctx)}${CONSENT_PATH}`)) return approve(ctx, r);
  for (const [name, value] of [['client_id', r.clientId], ['redirect_uri', r.redirectUri], ['response_type', r.responseType], ['scope', r.scope]] as const) {
    if (value === '') return toErrorPage(ctx, text('oauth2.authorization.validation.error.message', name));
  }
  return seeOther(withQuery(`${canonicalBase(ctx)}${CONSENT_PATH}`, consentParams(r)));
}

/** The authorization endpoint. */
export const authorizeRoute: Route = route('GET /rest/oauth2/latest/authorize', authorize);
