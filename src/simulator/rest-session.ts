/**
 * Cookie sessions (/rest/auth/1/session: log in, who am I, log out; jira-wire.md 3.2) and the
 * personal access token resource (/rest/pat/latest/tokens; jira-wire.md 3.3, field list UNCONFIRMED).
 * A session so made is a browser session: WebSudo applies to it, and XSRF rules are unchanged.
 */
import { NOT_AUTHENTICATED } from './access.js';
import { sessionOf } from './authorize.js';
import { jiraError, json } from './responses.js';
import { invalidJson, noContent, objectBody } from './rest-util.js';
import { route } from './router.js';
import { randomAlphanumeric } from './state.js';
import type { Route, RouteContext } from './types.js';

type Ctx = RouteContext;

function login(ctx: Ctx): Response {
  const body = objectBody(ctx);
  if (!body) return invalidJson();
  const { state, options } = ctx.sim;
  const name = String(body['username'] ?? '');
  const user = state.users.get(name);
  const failures = state.failedLogins.get(name) ?? 0;
  if (failures >= options.captchaAfterFailures) {
    return new Response(JSON.stringify({ errorMessages: ['Login denied'], errors: {} }), { status: 403, headers: { 'content-type': 'application/json;charset=UTF-8', 'x-seraph-loginreason': 'AUTHENTICATION_DENIED', 'x-authentication-denied-reason': `CAPTCHA_CHALLENGE; login-url=${ctx.baseUrl}/login.jsp` } });
  }
  if (!user || !user.active || user.password !== body['password']) {
    state.failedLogin(name);
    return new Response(JSON.stringify({ errorMessages: ['Login failed'], errors: {} }), { status: 401, headers: { 'content-type': 'application/json;charset=UTF-8', 'x-seraph-loginreason': 'AUTHENTICATED_FAILED' } });
  }
  state.failedLogins.delete(name);
  const session = state.createSession(user.name);
  const path = options.contextPath || '/';
  const headers = new Headers({ 'x-seraph-loginreason': 'OK', 'x-ausername': user.name });
  headers.append('set-cookie', `JSESSIONID=${session.id}; Path=${path}; HttpOnly`);
  headers.append('set-cookie', `atlassian.xsrf.token=${session.xsrfToken}|lin; Path=${path}`);
  return json({ session: { name: 'JSESSIONID', value: session.id }, loginInfo: { failedLoginCount: failures, loginCount: 1, lastFailedLoginTime: null, previousLoginTime: null } }, 200, headers);
}

function current(ctx: Ctx): Response {
  const user = ctx.caller.user;
  if (!user) return jiraError(401, [NOT_AUTHENTICATED]);
  return json({ self: `${ctx.baseUrl}/rest/api/latest/user?username=${encodeURIComponent(user.name)}`, name: user.name, loginInfo: { failedLoginCount: 0, loginCount: 1 } });
}

function logout(ctx: Ctx): Response {
  const session = sessionOf(ctx);
  if (!ctx.caller.user || !session) return jiraError(401, [NOT_AUTHENTICATED]);
  ctx.sim.state.sessions.delete(session.id);
  return noContent();
}

function patJson(token: string, pat: { id?: number | undefined; name?: string | undefined; createdAt?: number | undefined; expiringAt?: number | undefined }, raw: boolean): Record<string, unknown> {
  return { id: pat.id, name: pat.name, createdAt: new Date(pat.createdAt ?? 0).toISOString(), ...(pat.expiringAt ? { expiringAt: new Date(pat.expiringAt).toISOString() } : {}), ...(raw ? { rawToken: token } : {}) };
}

function createPat(ctx: Ctx): Response {
  const user = ctx.caller.user;
  if (!user) return jiraError(401, [NOT_AUTHENTICATED]);
  const body = objectBody(ctx);
  if (!body) return invalidJson();
  if (typeof body['name'] !== 'string' || body['name'].trim() === '') return jiraError(400, [], { name: 'A token name is required.' });
  const days = body['expirationDuration'];
  if (days !== undefined && (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 365)) return jiraError(400, [], { expirationDuration: 'The expiration must be a whole number of days from 1 to 365.' });
  const now = ctx.sim.now();
  const token = randomAlphanumeric(44);
  const pat = { user: user.name, revoked: false, id: Number(ctx.sim.state.nextId('pat', 1)), name: body['name'], createdAt: now, expiringAt: typeof days === 'number' ? now + days * 86_400_000 : undefined };
  ctx.sim.state.pats.set(token, pat);
  return json(patJson(token, pat, true), 201);
}

function listPats(ctx: Ctx): Response {
  const user = ctx.caller.user;
  if (!user) return jiraError(401, [NOT_AUTHENTICATED]);
  return json([...ctx.sim.state.pats].filter(([, p]) => p.user === user.name && p.id !== undefined && !p.revoked).map(([t, p]) => patJson(t, p, false)));
}

function revokePat(ctx: Ctx): Response {
  const user = ctx.caller.user;
  if (!user) return jiraError(401, [NOT_AUTHENTICATED]);
  const found = [...ctx.sim.state.pats.values()].find((p) => String(p.id) === ctx.params['id'] && p.user === user.name && !p.revoked);
  if (!found) return jiraError(404, [`Token with id ${ctx.params['id'] ?? ''} not found.`]);
  found.revoked = true;
  return noContent();
}

/** The session and PAT routes (/rest/auth/latest too: python-jira's kill_session uses it). */
export const sessionRoutes: readonly Route[] = [
  ...['1', 'latest'].flatMap((v) => [
    route(`POST /rest/auth/${v}/session`, login),
    route(`GET /rest/auth/${v}/session`, current),
    route(`DELETE /rest/auth/${v}/session`, logout),
  ]),
  ...['latest', '1.0'].flatMap((v) => [
    route(`GET /rest/pat/${v}/tokens`, listPats),
    route(`POST /rest/pat/${v}/tokens`, createPat),
    route(`DELETE /rest/pat/${v}/tokens/:id`, revokePat),
  ]),
  route('GET /rest/applinks/latest/listApplicationlinks', (ctx) => (ctx.caller.user?.admin ? json({ list: [] }) : jiraError(401, [NOT_AUTHENTICATED]))),
];
