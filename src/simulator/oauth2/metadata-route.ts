/**
 * RFC 8414 metadata at `GET /rest/oauth2/latest/.well-known/oauth-authorization-server`
 * (WellKnownResource; oauth2-provider.md 1.2): `refresh_token` works but is not listed, and there
 * is no `code_challenge_methods_supported` and no OpenID Connect discovery.
 */
import { json } from '../responses.js';
import { route } from '../router.js';
import type { Route, RouteContext } from '../types.js';
import { canonicalBase } from './oauth2-responses.js';
import { SCOPES } from './scopes.js';

function metadata(ctx: RouteContext): Response | undefined {
  // Off: the route passes, and the request is the REST module's 404.
  if (!ctx.sim.options.oauth2.wellKnown) return undefined;
  const base = canonicalBase(ctx);
  return json({
    issuer: base,
    authorization_endpoint: `${base}/rest/oauth2/latest/authorize`,
    token_endpoint: `${base}/rest/oauth2/latest/token`,
    revocation_endpoint: `${base}/rest/oauth2/latest/revoke`,
    scopes_supported: SCOPES,
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code'],
    token_endpoint_auth_methods_supported: ['client_secret_post'],
    revocation_endpoint_auth_methods_supported: ['client_secret_post'],
  });
}

/** The metadata resource. */
export const metadataRoute: Route = route('GET /rest/oauth2/latest/.well-known/oauth-authorization-server', metadata);
