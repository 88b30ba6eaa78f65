/**
 * `POST /rest/oauth2/latest/token` and `POST /rest/oauth2/latest/revoke` (TokenResource,
 * RevokeResource, RevokeTokenService; oauth2-provider.md 1.4, 1.7). Both read form fields only,
 * and both are excluded from the REST XSRF check.
 */
import { json } from '../responses.js';
import { route } from '../router.js';
import type { Route, RouteContext } from '../types.js';
import { codeGrant, missing, refreshGrant, type TokenForm } from './grants.js';
import { text } from './messages.js';
import { oauthError } from './oauth2-responses.js';
import type { StoredToken } from './store.js';

/** Form fields, as `@FormParam` sees them: none unless the body is form-encoded. */
function readForm(ctx: RouteContext): TokenForm {
  const type = (ctx.request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  return type === 'application/x-www-form-urlencoded' ? new Map(new URLSearchParams(ctx.body)) : new Map();
}

function token(ctx: RouteContext): Response {
  const form = readForm(ctx);
  const grantType = form.get('grant_type') ?? '';
  if (grantType === 'authorization_code') return codeGrant(ctx, form);
  if (grantType === 'refresh_token') return refreshGrant(ctx, form);
  if (grantType.trim() === '') return oauthError(400, 'invalid_request', text('oauth2.rest.error.missing.required.parameter', 'grant_type'));
  return oauthError(400, 'unsupported_grant_type', text('oauth2.rest.error.unsupported.grant.type'));
}

function revoke(ctx: RouteContext): Response {
  const form = readForm(ctx);
  const store = ctx.sim.oauth2;
  const blank = missing(form, ['client_id', 'client_secret']);
  if (blank) return blank;
  const clientId = form.get('client_id') ?? '';
  if (!store.secretValid(clientId, form.get('client_secret'))) return oauthError(401, 'invalid_client', text('oauth2.rest.error.unauthenticated.client'));
  const noToken = missing(form, ['token']);
  if (noToken) return noToken;
  const id = store.idOf(form.get('token') ?? '');
  const found = id === undefined ? undefined : store.tokens.get(id);
  // An unknown or foreign token is a 200 with nothing done, and the hint is not even read (RFC 7009 2.2).
  if (!found || found.clientId !== clientId) return new Response(null, { status: 200 });
  const hint = form.get('token_type_hint') ?? '';
  const revokeAs = (kind: StoredToken['kind']): void => {
    // The hint names the kind to look for; a token of the other kind is left alone.
    if (found.kind === kind) store.removePair(found);
  };
  if (hint === 'access_token') revokeAs('access');
  else if (hint === 'refresh_token') revokeAs('refresh');
  // RevokeTokenService passes the i18n key itself as the description.
  else if (hint.trim() !== '') return oauthError(400, 'unsupported_token_type', 'oauth2.rest.error.unsupported.token.type');
  else store.removePair(found);
  return new Response(null, { status: 200 });
}

/** Sysadmins reset the secret that signs every token (SysadminOnlyResourceFilter; oauth2-provider.md 1.2). */
function resetJwt(ctx: RouteContext): Response {
  if (!ctx.caller.user?.admin) return json({ errors: ['You must be a system administrator to do this.'], fieldErrors: {} }, 401);
  ctx.sim.oauth2.resetJwtSecret();
  return new Response(null, { status: 200 });
}

/** The token, revoke and JWT-reset endpoints. */
export const tokenRoutes: readonly Route[] = [
  route('POST /rest/oauth2/latest/token/jwt/reset', resetJwt),
  route('POST /rest/oauth2/latest/token', token),
  route('POST /rest/oauth2/latest/revoke', revoke),
];
