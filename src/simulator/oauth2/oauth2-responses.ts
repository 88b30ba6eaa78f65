/**
 * The provider's answer shapes (oauth2-provider.md 1.2, 1.7, 1.9): token-endpoint errors as
 * `{"error","error_description"}` JSON, 303s with `Cache-Control: no-store`, servlet `sendError`
 * pages, and the HTTPS rule of the consent and error pages.
 */
import { escapeHtml, html, json, page } from '../responses.js';
import type { RouteContext } from '../types.js';

/** The consent and error pages, below the context path. */
export const CONSENT_PATH = '/plugins/servlet/oauth2/consent';
export const ERROR_PATH = '/plugins/servlet/oauth2/error';

/** An RFC 6749 error from the token or revoke endpoint. */
export function oauthError(status: 400 | 401, error: string, description: string): Response {
  return json({ error, error_description: description }, status, { 'cache-control': 'no-store, no-cache', pragma: 'no-cache' });
}

/** A JSON success from the token endpoint (TokenResource adds both headers). */
export function noStoreJson(body: unknown): Response {
  return json(body, 200, { 'cache-control': 'no-store', pragma: 'no-cache' });
}

/** AuthorizationResource's answer: always 303 See Other, never cached. */
export function seeOther(location: string): Response {
  return new Response(null, { status: 303, headers: { location, 'cache-control': 'no-store', pragma: 'no-cache' } });
}

/** A servlet's `response.sendError(status, message)`: the container's HTML error page. */
export function sendError(status: number, message: string): Response {
  const title = `HTTP Status ${status}`;
  return html(page(title, `<p><b>Message</b> <span id="error-message">${escapeHtml(message)}</span></p>`), status);
}

/** A URI with query parameters appended (javax UriBuilder.queryParam: %20 for spaces, existing query kept). */
export function withQuery(uri: string, params: readonly (readonly [string, string])[]): string {
  const [base = '', fragment] = uri.split('#', 2);
  const query = params.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
  const joined = query === '' ? base : `${base}${base.includes('?') ? '&' : '?'}${query}`;
  return fragment === undefined ? joined : `${joined}#${fragment}`;
}

/** The error page's URL (oauth2-provider.md 1.7: errors that must not go to the client). */
export function errorPageUri(ctx: RouteContext, errorName: string, errorDescription: string): string {
  return withQuery(`${canonicalBase(ctx)}${ERROR_PATH}`, [['errorName', errorName], ['errorDescription', errorDescription]]);
}

/** Whether a proxy said the client spoke HTTPS (`X-Forwarded-Proto`, or `Forwarded: proto=`). */
function forwardedHttps(request: Request): boolean {
  const proto = request.headers.get('x-forwarded-proto') ?? '';
  const forwarded = request.headers.get('forwarded') ?? '';
  const at = forwarded.indexOf('proto=');
  // AuthorizationServlet reads five characters after "proto=", and only when it is not first.
  const fromForwarded = at > 0 ? forwarded.slice(at + 6, at + 11) : '';
  return /^https/i.test(proto) || /^https/i.test(fromForwarded);
}

/** The canonical base URL: the request's, made https when a proxy terminated TLS. */
export function canonicalBase(ctx: RouteContext): string {
  return forwardedHttps(ctx.request) && ctx.url.protocol === 'http:' ? ctx.baseUrl.replace(/^http:/, 'https:') : ctx.baseUrl;
}

/** The consent and error pages need an https base URL and a secure request unless dev mode is on (oauth2-provider.md 1.9). */
export function httpsSatisfied(ctx: RouteContext): boolean {
  return ctx.sim.options.oauth2.devMode || ctx.url.protocol === 'https:' || forwardedHttps(ctx.request);
}
