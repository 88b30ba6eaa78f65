/** Jira's login page, which gives the browser a JSESSIONID session (Seraph). */
import { parseForm } from '../auth/oauth1-signature.js';
import { escapeHtml, html, page, redirect } from './responses.js';
import { route } from './router.js';
import type { Route, RouteContext } from './types.js';

type Ctx = RouteContext;

function loginPage(ctx: Ctx, destination: string, error?: string): Response {
  const body = `${error ? `<p class="error" id="login-error">${escapeHtml(error)}</p>` : ''}
<form method="post" action="${escapeHtml(ctx.baseUrl)}/login.jsp" id="login-form">
<label>Username <input type="text" name="os_username" id="login-form-username" autocomplete="username"></label>
<label>Password <input type="password" name="os_password" id="login-form-password" autocomplete="current-password"></label>
<input type="hidden" name="os_destination" value="${escapeHtml(destination)}">
<input type="submit" name="login" value="Log In" id="login-form-submit">
</form>`;
  const headers = error ? { 'x-seraph-loginreason': 'AUTHENTICATED_FAILED' } : undefined;
  return html(page('Log in', body), 200, headers);
}

/** Only paths inside this Jira, never another origin (an open redirect would leak tokens). */
function safeDestination(value: string | undefined): string {
  return value && value.startsWith('/') && !value.startsWith('//') ? value : '/secure/Dashboard.jspa';
}

/** The login routes. */
export const loginRoutes: readonly Route[] = [
  route('GET /login.jsp', (ctx) => loginPage(ctx, safeDestination(ctx.url.searchParams.get('os_destination') ?? undefined))),
  route('POST /login.jsp', (ctx) => {
    const form = new Map(parseForm(ctx.body));
    const destination = safeDestination(form.get('os_destination'));
    const user = ctx.sim.state.users.get(form.get('os_username') ?? '');
    if (!user || !user.active || user.password !== form.get('os_password')) {
      return loginPage(ctx, destination, 'Sorry, your username and password are incorrect - please try again.');
    }
    const session = ctx.sim.state.createSession(user.name);
    const path = ctx.sim.options.contextPath || '/';
    const headers = new Headers();
    headers.append('set-cookie', `JSESSIONID=${session.id}; Path=${path}; HttpOnly`);
    headers.append('set-cookie', `atlassian.xsrf.token=${session.xsrfToken}|lin; Path=${path}`);
    headers.set('x-seraph-loginreason', 'OK');
    headers.set('x-ausername', user.name);
    return redirect(`${ctx.baseUrl}${destination}`, headers);
  }),
  route('GET /secure/Dashboard.jspa', (ctx) => html(page('System Dashboard', `<p>Welcome to ${escapeHtml(ctx.sim.options.serverTitle)}.</p>`))),
];
