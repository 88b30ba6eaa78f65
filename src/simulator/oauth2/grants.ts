/**
 * The two grants of `POST /rest/oauth2/latest/token`, checked in Jira's order
 * (AuthorizationCodeGrantValidator, RefreshGrantValidator, GrantValidator; oauth2-provider.md
 * 1.4, 1.6): the grant's own checks first, the client secret last, then a new pair. A refresh
 * deletes the old pair at once (rotation).
 */
import type { RouteContext } from '../types.js';
import { text } from './messages.js';
import { noStoreJson, oauthError } from './oauth2-responses.js';
import { isValidPkceCode, verifierMatches } from './pkce.js';
import type { IssuedPair, OAuth2Store } from './store.js';

/** The token endpoint's form fields (TokenRequestFormParams); absent ones are undefined. */
export type TokenForm = ReadonlyMap<string, string>;

/** The first required field that is blank, as Jira's invalid_request. */
export function missing(form: TokenForm, names: readonly string[]): Response | undefined {
  const blank = names.find((name) => (form.get(name) ?? '').trim() === '');
  return blank === undefined ? undefined : oauthError(400, 'invalid_request', text('oauth2.rest.error.missing.required.parameter', blank));
}

const unauthenticated = (): Response => oauthError(401, 'invalid_client', text('oauth2.rest.error.unauthenticated.client'));

function tokenResponse(ctx: RouteContext, pair: IssuedPair, scope: string): Response {
  return noStoreJson({
    access_token: pair.access,
    token_type: 'bearer',
    expires_in: ctx.sim.options.oauth2.accessTokenSeconds,
    refresh_token: pair.refresh,
    scope,
  });
}

/** The PKCE check, only when the authorization recorded a method. */
function pkceFailure(store: OAuth2Store, code: string, verifier: string | undefined): Response | undefined {
  const auth = store.authorizations.get(code);
  if (!auth?.method || auth.challenge === undefined) return undefined;
  if (verifier === undefined) return oauthError(400, 'invalid_grant', text('oauth2.token.pkce.code.verifier.missing'));
  if (!isValidPkceCode(verifier)) return oauthError(400, 'invalid_grant', text('oauth2.token.pkce.code.verifier.invalid'));
  if (!verifierMatches(verifier, auth.challenge, auth.method)) return oauthError(400, 'invalid_grant', text('oauth2.token.pkce.code.verifier.mismatch'));
  return undefined;
}

/** `grant_type=authorization_code`. */
export function codeGrant(ctx: RouteContext, form: TokenForm): Response {
  const blank = missing(form, ['grant_type', 'code', 'redirect_uri', 'client_id']);
  if (blank) return blank;
  const store = ctx.sim.oauth2;
  const code = form.get('code') ?? '';
  const clientId = form.get('client_id') ?? '';
  const redirectUri = form.get('redirect_uri') ?? '';
  // A code that already produced tokens is a replay: every token from it dies (oauth2-provider.md 1.4).
  if (store.codeRedeemed(code)) {
    store.removeTokensByCode(code);
    return oauthError(400, 'invalid_grant', text('oauth2.rest.error.multiple.create.attempts.error'));
  }
  const auth = store.authorization(code);
  if (!auth) return oauthError(400, 'invalid_request', text('oauth2.rest.error.authorization.code.invalid'));
  if (auth.redirectUri !== redirectUri) return oauthError(400, 'invalid_grant', text('oauth2.rest.error.authorization.redirect.invalid'));
  if (!store.clients.get(clientId)?.redirectUris.includes(redirectUri)) return unauthenticated();
  if (auth.clientId !== clientId) return oauthError(400, 'invalid_grant', text('oauth2.rest.error.unauthenticated.client'));
  const pkce = pkceFailure(store, code, form.get('code_verifier'));
  if (pkce) return pkce;
  // The secret is checked for every grant, PKCE or not: there are no public clients.
  if (!store.secretValid(clientId, form.get('client_secret'))) return unauthenticated();
  store.authorizations.delete(code);
  const pair = store.issue('authorization_code', { clientId, user: auth.user, scope: auth.scope, code, refreshCount: 0 });
  return tokenResponse(ctx, pair, auth.scope);
}

/** `grant_type=refresh_token`: no scope parameter is read. */
export function refreshGrant(ctx: RouteContext, form: TokenForm): Response {
  const blank = missing(form, ['grant_type', 'refresh_token', 'client_id']);
  if (blank) return blank;
  const store = ctx.sim.oauth2;
  const clientId = form.get('client_id') ?? '';
  const old = store.find(form.get('refresh_token') ?? '', 'refresh');
  if (!old || old.clientId !== clientId || store.expired(old)) return oauthError(400, 'invalid_grant', text('oauth2.rest.error.invalid.refresh.token'));
  if (!store.secretValid(clientId, form.get('client_secret'))) return unauthenticated();
  store.removePair(old);
  const pair = store.issue('refresh_token', { clientId, user: old.user, scope: old.scope, code: old.code, refreshCount: old.refreshCount + 1 });
  return tokenResponse(ctx, pair, old.scope);
}
