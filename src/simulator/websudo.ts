/**
 * WebSudo ("secure administrator sessions") for /secure/admin pages: every auth kind is sent to
 * WebSudoAuthenticate, and only a cookie session that re-enters the password gets through;
 * OAuth and Basic cannot, because Jira drops their session after each request (jira-wire.md 5.1).
 */
import { parseForm } from '../auth/oauth1-signature.js';
import { sessionOf } from './authorize.js';
import { escapeHtml, html, page, redirect } from './responses.js';
import { route } from './router.js';
import type { Route, RouteContext } from './types.js';

type Ctx = RouteContext;

const WEBSUDO_MS = 10 * 60_000;

function authenticatePage(ctx: Ctx, destination: string, error?: string): Response {
  return html(page('Administrator Access', `${error ? `<p class="error">${escapeHtml(error)}</p>` : ''}
<p>You have requested access to an administrative function and need to confirm your password.</p>
<form method="post" action="${escapeHtml(ctx.baseUrl)}/secure/admin/WebSudoAuthenticate.jspa">
<label>Password <input type="password" name="webSudoPassword"></label>
<input type="hidden" name="webSudoDestination" value="${escapeHtml(destination)}">
<input type="hidden" name="webSudoIsPost" value="false">
<input type="submit" value="Confirm">
</form>`), 200, { 'x-atlassian-websudo': 'Require-Authentication' });
}

function safe(destination: string | undefined): string {
  return destination && destination.startsWith('/') && !destination.startsWith('//') ? destination : '/secure/admin/ViewSystemInfo.jspa';
}

function adminPage(ctx: Ctx): Response {
  const session = sessionOf(ctx);
  if (session && (session.webSudoUntil ?? 0) > ctx.sim.now() && ctx.caller.by === 'session') {
    return html(page('System info', `<p>Administration page ${escapeHtml(ctx.path)} for ${escapeHtml(session.user)}.</p>`));
  }
  const destination = `${ctx.path}${ctx.url.search}`;
  return redirect(`${ctx.baseUrl}/secure/admin/WebSudoAuthenticate!default.jspa?webSudoDestination=${encodeURIComponent(destination)}`);
}

function confirm(ctx: Ctx): Response {
  const form = new Map(parseForm(ctx.body));
  const destination = safe(form.get('webSudoDestination'));
  const session = sessionOf(ctx);
  if (!session) return redirect(`${ctx.baseUrl}/login.jsp?os_destination=${encodeURIComponent(destination)}`);
  const xsrfOk = form.get('atl_token') === session.xsrfToken || /^no-?check$/i.test(ctx.request.headers.get('x-atlassian-token') ?? '');
  if (!xsrfOk) return html(page('XSRF Security Token Missing', '<!-- SecurityTokenMissing --><p>XSRF check failed.</p>'));
  const user = ctx.sim.state.users.get(session.user);
  if (!user || user.password !== form.get('webSudoPassword') || !user.admin) {
    return authenticatePage(ctx, destination, 'The password you entered is incorrect.');
  }
  session.webSudoUntil = ctx.sim.now() + WEBSUDO_MS;
  const response = redirect(`${ctx.baseUrl}${destination}`);
  response.headers.set('x-atlassian-websudo', 'Has-Authentication');
  return response;
}

/** /secure/admin and the WebSudo endpoints. */
export const webSudoRoutes: readonly Route[] = [
  route('GET /secure/admin/WebSudoAuthenticate!default.jspa', (ctx) => {
    if (!sessionOf(ctx)) return redirect(`${ctx.baseUrl}/login.jsp?os_destination=${encodeURIComponent(`${ctx.path}${ctx.url.search}`)}`);
    return authenticatePage(ctx, safe(ctx.url.searchParams.get('webSudoDestination') ?? undefined));
  }),
  route('POST /secure/admin/WebSudoAuthenticate.jspa', confirm),
  route('* /secure/admin/*', adminPage),
  route('DELETE /rest/auth/1/websudo', (ctx) => {
    const session = sessionOf(ctx);
    if (session) delete session.webSudoUntil;
    return new Response(null, { status: 204, headers: { 'x-atlassian-websudo': 'Require-Authentication' } });
  }),
];
