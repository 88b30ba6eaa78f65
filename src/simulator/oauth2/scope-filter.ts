/**
 * What a token's scope forbids before any resource runs (ReadWriteScopeFilter; oauth2-provider.md
 * 1.8, 1.10): a READ token may only GET, refused with the servlet's 403 text; and, when the
 * WebSudo setting says so, UPM's WebSudo-protected resources refuse tokens.
 */
import { json } from '../responses.js';
import type { RouteContext } from '../types.js';
import { sendError } from './oauth2-responses.js';
import { scopeGrants } from './scopes.js';

/** UPM's resources, which WebSudo protects (jira-wire.md 5.1). */
const WEBSUDO_PROTECTED = /^\/rest\/plugins\//;

/** The refusal for an OAuth 2.0 caller whose scope does not reach this request; undefined to go on. */
export function scopeRefusal(ctx: RouteContext): Response | undefined {
  if (ctx.caller.by !== 'oauth2') return undefined;
  const { method } = ctx.request;
  if (method !== 'GET' && !scopeGrants(ctx.caller.scope ?? '', 'WRITE')) {
    return sendError(403, `Request does not have write scope. Cannot complete ${method} request.`);
  }
  if (ctx.sim.options.oauth2.webSudo === 'required' && WEBSUDO_PROTECTED.test(ctx.path)) {
    return json({ message: 'This resource requires WebSudo.', 'status-code': 401 }, 401);
  }
  return undefined;
}
