/** The OAuth 2.0 provider's routes, and the paths its resources exclude from the REST XSRF check. */
import type { Route } from '../types.js';
import { authorizeRoute } from './authorize-route.js';
import { consentRoutes } from './consent-page.js';
import { metadataRoute } from './metadata-route.js';
import { tokenRoutes } from './token-route.js';

/** Authorize, consent and error pages, token, revoke and metadata. */
export const oauth2Routes: readonly Route[] = [authorizeRoute, ...consentRoutes, ...tokenRoutes, metadataRoute];

/** `/token`, `/token/jwt/reset` and `/revoke` are `@XsrfProtectionExcluded` (oauth2-provider.md 1.10). */
export function xsrfExcluded(path: string): boolean {
  return /^\/rest\/oauth2\/latest\/(token|token\/jwt\/reset|revoke)\/?$/.test(path);
}
