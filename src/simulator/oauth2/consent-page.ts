/**
 * The consent page `/plugins/servlet/oauth2/consent` and the error page
 * `/plugins/servlet/oauth2/error` (AuthorizationConsentServlet, AuthorizationErrorServlet;
 * oauth2-provider.md 1.3 step 3, 1.11). Both need HTTPS unless dev mode is on, then a logged-in
 * user. Allow re-sends the request to /authorize with the page's single-use `atl_token`; the
 * browser adds the page as `Referer`, which is how Jira knows it was approved.
 */
import { sessionOf } from '../authorize.js';
import { escapeHtml, html, page, redirect } from '../responses.js';
import { route } from '../router.js';
import type { Route, RouteContext } from '../types.js';
import { consentParams, readAuthorizationRequest, type AuthorizationRequest } from './authorize-route.js';
import { randomHex } from './jwt.js';
import { text } from './messages.js';
import { canonicalBase, httpsSatisfied, sendError, withQuery } from './oauth2-responses.js';
import type { OAuth2Client } from './oauth2-types.js';

type Ctx = RouteContext;

/** Commons UrlValidator with local URLs allowed: http, https or ftp with a host. */
function isUrl(value: string | null): boolean {
  try {
    const url = new URL(value ?? '');
    return ['http:', 'https:', 'ftp:'].includes(url.protocol) && url.hostname !== '';
  } catch {
    return false;
  }
}

/** The servlets' shared gate: HTTPS first, then a logged-in browser session, else the login page. */
function gate(ctx: Ctx): Response | { sessionId: string; user: string } {
  if (!httpsSatisfied(ctx)) return sendError(400, text('oauth2.rest.error.no.https.warning.message'));
  const session = sessionOf(ctx);
  if (session && ctx.sim.state.users.get(session.user)?.active) return { sessionId: session.id, user: session.user };
  const destination = `${ctx.path}${ctx.url.search}`;
  return redirect(`${ctx.baseUrl}/login.jsp?permissionViolation=true&os_destination=${encodeURIComponent(destination)}`);
}

/** Where Deny sends the browser. Jira does it in the page's script (UNCONFIRMED, oauth2-provider.md 1.3). */
function denyHref(ctx: Ctx, r: AuthorizationRequest, client: OAuth2Client): string {
  // Only to a registered redirect: the link must not make the simulator an open redirector.
  if (ctx.sim.options.oauth2.deny === 'dashboard' || !client.redirectUris.includes(r.redirectUri)) return `${ctx.baseUrl}/secure/Dashboard.jspa`;
  const params: [string, string][] = [['error', 'access_denied'], ['error_description', 'The user denied the request.']];
  if (r.state.trim() !== '') params.push(['state', r.state]);
  return withQuery(r.redirectUri, params);
}

function consentPage(ctx: Ctx): Response {
  if (!isUrl(ctx.url.searchParams.get('redirect_uri'))) return sendError(412, text('oauth2.servlet.error.invalid.url.parameter', 'redirect_uri'));
  const who = gate(ctx);
  if (who instanceof Response) return who;
  const r = readAuthorizationRequest(ctx.url.searchParams);
  const client = ctx.sim.oauth2.clients.get(r.clientId);
  if (!client) return sendError(400, text('oauth2.rest.error.client.does.not.exist'));
  const xsrf = ctx.sim.oauth2.consentXsrf.get(who.sessionId) ?? randomHex();
  ctx.sim.oauth2.consentXsrf.set(who.sessionId, xsrf);
  const user = ctx.sim.state.users.get(who.user);
  const fields: [string, string][] = [...consentParams(r), ['atl_token', xsrf]];
  const hidden = fields
    .map(([name, value]) => `<input type="hidden" name="${escapeHtml(name)}" value="${escapeHtml(value)}">`)
    .join('\n');
  const body = `<p><strong id="client-name">${escapeHtml(client.name)}</strong> wants to access your Jira account.</p>
<p>Signed in as <strong id="full-name">${escapeHtml(user?.displayName ?? who.user)}</strong> (<span id="username">${escapeHtml(who.user)}</span>).</p>
<p>Permission requested: <strong id="scope">${escapeHtml(r.scope)}</strong></p>
<form method="get" action="${escapeHtml(canonicalBase(ctx))}/rest/oauth2/latest/authorize" id="consent-form">
${hidden}
<button type="submit" id="approve">Allow</button>
<a href="${escapeHtml(denyHref(ctx, r, client))}" id="deny" role="button">Deny</a>
</form>`;
  return html(page('Authorize access', body), 200, { 'x-frame-options': 'SAMEORIGIN', 'content-security-policy': "frame-ancestors 'self'" });
}

function errorPage(ctx: Ctx): Response {
  const who = gate(ctx);
  if (who instanceof Response) return who;
  const name = ctx.url.searchParams.get('errorName') ?? '';
  const description = ctx.url.searchParams.get('errorDescription') ?? '';
  return html(page('Authorization failed', `<p><code id="error-name">${escapeHtml(name)}</code></p>
<p id="error-description">${escapeHtml(description)}</p>`));
}

/** The consent and error pages. */
export const consentRoutes: readonly Route[] = [
  route('GET /plugins/servlet/oauth2/consent', consentPage),
  route('GET /plugins/servlet/oauth2/error', errorPage),
];
