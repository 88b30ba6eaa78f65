/**
 * The user's side of the dance: Jira's login page and the OAuth "Request for Access" page with
 * Allow and Deny (AO AuthorizeServlet, TokenLoaderImpl, PostAuthorization; jira-wire.md 2.3).
 */
import { parseForm } from '../auth/oauth1-signature.js';
import { OAuthProblem, escapeHtml, html, page, realmChallenge, redirect } from './responses.js';
import { route } from './router.js';
import { randomAlphanumeric, type ServiceProviderToken, type Session } from './state.js';
import type { Route, RouteContext } from './types.js';

type Ctx = RouteContext;

const MESSAGES: Record<string, string> = {
  parameter_absent: 'The request is missing the oauth_token parameter.',
  token_rejected: 'The request token is not valid.',
  token_used: 'The request token has already been used.',
  token_expired: 'The request token has expired.',
};

/** Loads the token as TokenLoaderImpl does; errors are HTML pages, not oauth_problem bodies. */
function loadToken(ctx: Ctx, tokenValue: string | undefined | null): ServiceProviderToken | Response {
  const fail = (problem: string): Response => {
    const status = new OAuthProblem(problem).status;
    const headers = new Headers();
    headers.append('www-authenticate', `${realmChallenge(ctx.baseUrl)}, oauth_problem="${problem}"`);
    return html(page('OAuth error', `<p class="error">${escapeHtml(MESSAGES[problem] ?? problem)}</p>`), status, headers);
  };
  if (!tokenValue) return fail('parameter_absent');
  const token = ctx.sim.state.tokens.get(tokenValue);
  if (!token || token.kind !== 'request') return fail('token_rejected');
  if (token.authorization !== 'none') return fail('token_used');
  if (ctx.sim.now() > token.createdAt + token.ttlMs) return fail('token_expired');
  return token;
}

function cookie(request: Request, name: string): string | undefined {
  for (const part of (request.headers.get('cookie') ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** The browser session named by the JSESSIONID cookie, if any. */
export function sessionOf(ctx: Ctx): Session | undefined {
  const id = cookie(ctx.request, 'JSESSIONID');
  return id === undefined ? undefined : ctx.sim.state.sessions.get(id);
}

function loginRedirect(ctx: Ctx): Response {
  const destination = `${ctx.path}${ctx.url.search}`;
  return redirect(`${ctx.baseUrl}/login.jsp?permissionViolation=true&os_destination=${encodeURIComponent(destination)}`);
}

function authorizeForm(ctx: Ctx, token: ServiceProviderToken, session: Session): Response {
  const consumer = ctx.sim.state.consumers.get(token.consumerKey);
  const name = consumer?.name ?? token.consumerKey;
  const body = `<p><strong>${escapeHtml(name)}</strong> is requesting access to your Jira account
(<strong>${escapeHtml(session.user)}</strong>). It will be able to read and write data as you.</p>
<form method="post" action="${escapeHtml(ctx.baseUrl)}/plugins/servlet/oauth/authorize">
<input type="hidden" name="oauth_token" value="${escapeHtml(token.token)}">
<input type="hidden" name="atl_token" value="${escapeHtml(session.xsrfToken)}">
<button type="submit" name="approve" value="Allow" id="approve">Allow</button>
<button type="submit" name="deny" value="Deny" id="deny">Deny</button>
</form>`;
  return html(page('Request for Access', body), 200, { 'x-frame-options': 'SAMEORIGIN', 'content-security-policy': "frame-ancestors 'self'" });
}

function withQuery(base: string, params: Record<string, string>): string {
  const url = new URL(base);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.href;
}

function decide(ctx: Ctx, token: ServiceProviderToken, session: Session, approved: boolean): Response {
  token.authorization = approved ? 'authorized' : 'denied';
  token.user = session.user;
  const consumer = ctx.sim.state.consumers.get(token.consumerKey);
  if (token.version === '1.0a') {
    token.verifier = approved ? randomAlphanumeric(6) : 'denied';
    const callback = token.callback ?? consumer?.callback;
    if (callback) return redirect(withQuery(callback, { oauth_token: token.token, oauth_verifier: token.verifier }));
    if (!approved) return html(page('Access Denied', '<p>You have denied access. You can close this window.</p>'));
    return html(
      page(
        'Access Approved',
        `<p>You have successfully authorized the application. Your verification code is <span class="code" id="verifier">${escapeHtml(token.verifier)}</span></p>
<p>Enter this code in the application to finish.</p>`,
      ),
    );
  }
  // OAuth 1.0: the callback comes from the authorize request, else the consumer; no verifier.
  const callback = token.callback ?? consumer?.callback;
  if (callback) return redirect(withQuery(callback, { oauth_token: token.token }));
  return approved
    ? html(page('Access Approved', '<p>You have successfully authorized the application. You can close this window and return to it.</p>'))
    : html(page('Access Denied', '<p>You have denied access. You can close this window.</p>'));
}

async function getAuthorize(ctx: Ctx): Promise<Response> {
  const loaded = loadToken(ctx, ctx.url.searchParams.get('oauth_token'));
  if (loaded instanceof Response) return loaded;
  const session = sessionOf(ctx);
  if (!session) return loginRedirect(ctx);
  // A 1.0 consumer may name its callback on the authorize URL (jira-wire.md 2.3).
  const callback = ctx.url.searchParams.get('oauth_callback');
  if (loaded.version === '1.0' && callback) loaded.callback = callback;
  return authorizeForm(ctx, loaded, session);
}

async function postAuthorize(ctx: Ctx): Promise<Response> {
  const form = new Map(parseForm(ctx.body));
  const loaded = loadToken(ctx, form.get('oauth_token'));
  if (loaded instanceof Response) return loaded;
  const session = sessionOf(ctx);
  if (!session) return loginRedirect(ctx);
  if (form.get('atl_token') !== session.xsrfToken) {
    return html(page('XSRF Security Token Missing', '<!-- SecurityTokenMissing --><p>Xsrf token validation failed.</p>'), 403);
  }
  if (form.has('approve')) return decide(ctx, loaded, session, true);
  if (form.has('deny')) return decide(ctx, loaded, session, false);
  return authorizeForm(ctx, loaded, session);
}

/** The authorize page. */
export const authorizeRoutes: readonly Route[] = [
  route('GET /plugins/servlet/oauth/authorize', getAuthorize),
  route('POST /plugins/servlet/oauth/authorize', postAuthorize),
];
