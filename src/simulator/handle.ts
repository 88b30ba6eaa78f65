/**
 * One request through the simulator, in Jira's order: latency, authentication (one filter chain
 * for every path but the OAuth servlets), XSRF and rate limiting for /rest, the route table with
 * overrides first, then the headers Jira puts on every answer (jira-wire.md 1, 5.2, 6).
 */
import { authenticate } from './authenticate.js';
import { bodyLimit, declaredTooLarge, payloadTooLarge, readLimited } from './body-limit.js';
import { authorizeRoutes } from './authorize.js';
import { ConnectionDrop, RESET_MID_BODY, socketRequests, truncatedBody } from './faults.js';
import { loginRoutes } from './login.js';
import { oauthTokenRoutes } from './oauth-provider.js';
import { oauth2Routes, xsrfExcluded } from './oauth2/routes.js';
import { scopeRefusal } from './oauth2/scope-filter.js';
import { rateLimit } from './rate-limit.js';
import { html, jiraError, page, realmChallenge, withHeaders } from './responses.js';
import { restCoreRoutes } from './rest-core.js';
import { agileRoutes } from './rest-agile.js';
import { attachmentRoutes } from './rest-attachments.js';
import { avatarRoutes } from './rest-avatars.js';
import { componentRoutes } from './rest-components.js';
import { filterRoutes } from './rest-filters.js';
import { groupRoutes } from './rest-groups.js';
import { issueMetaRoutes } from './rest-issue-meta.js';
import { linkRoutes } from './rest-links.js';
import { metadataRoutes } from './rest-metadata.js';
import { projectRoleRoutes } from './rest-project-roles.js';
import { projectRoutes } from './rest-projects.js';
import { schemeRoutes } from './rest-schemes.js';
import { sessionRoutes } from './rest-session.js';
import { settingsRoutes } from './rest-settings.js';
import { userRoutes } from './rest-users.js';
import { versionRoutes } from './rest-versions.js';
import { watcherRoutes } from './rest-watchers.js';
import { adminRoutes } from './rest-admin.js';
import { commentRoutes } from './rest-comments.js';
import { issueRoutes } from './rest-issues.js';
import { worklogRoutes } from './rest-worklogs.js';
import { licenseRoutes } from './rest-license.js';
import { searchRoutes } from './rest-search.js';
import { dispatch } from './router.js';

import { randomAlphanumeric } from './state.js';
import { webSudoRoutes } from './websudo.js';
import type { Caller, Route, RouteContext, Simulator } from './types.js';

const BUILT_IN: readonly Route[] = [
  ...oauthTokenRoutes,
  ...authorizeRoutes,
  ...oauth2Routes,
  ...loginRoutes,
  ...webSudoRoutes,
  ...restCoreRoutes,
  ...sessionRoutes,
  ...issueMetaRoutes,
  ...issueRoutes,
  ...commentRoutes,
  ...worklogRoutes,
  ...attachmentRoutes,
  ...linkRoutes,
  ...watcherRoutes,
  ...searchRoutes,
  ...projectRoutes,
  ...projectRoleRoutes,
  ...schemeRoutes,
  ...componentRoutes,
  ...versionRoutes,
  ...userRoutes,
  ...avatarRoutes,
  ...groupRoutes,
  ...metadataRoutes,
  ...settingsRoutes,
  ...filterRoutes,
  ...agileRoutes,
  ...adminRoutes,
  ...licenseRoutes,
];

const ANONYMOUS: Caller = { user: undefined, by: 'anonymous' };
const NO_BODY: Uint8Array = new Uint8Array(0);

/** XSRF: a mutative /rest call with a form-ish or missing Content-Type needs `X-Atlassian-Token: no-check`. */
function xsrfRefused(ctx: RouteContext): boolean {
  const { request } = ctx;
  if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return false;
  if (/^no-?check$/i.test(request.headers.get('x-atlassian-token') ?? '')) {
    // Browsers must also be same-origin on POST, whatever the header says.
    return isBrowser(request) && request.method === 'POST' && !sameOrigin(ctx);
  }
  const type = (request.headers.get('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === '' || type === 'application/x-www-form-urlencoded' || type === 'multipart/form-data' || type === 'text/plain') return true;
  return isBrowser(request) && request.method === 'POST' && !sameOrigin(ctx);
}

function isBrowser(request: Request): boolean {
  return /Mozilla\/|Chrome\/|Safari\/|Firefox\//.test(request.headers.get('user-agent') ?? '');
}

function sameOrigin(ctx: RouteContext): boolean {
  const origin = ctx.request.headers.get('origin') ?? ctx.request.headers.get('referer');
  try {
    return origin !== null && new URL(origin).origin === ctx.url.origin;
  } catch {
    return false;
  }
}

function notFound(url: URL, path: string): Response {
  return path.startsWith('/rest/')
    ? jiraError(404, [`null for uri: ${url.href}`])
    : html(page('Page not found', '<p>The page you are looking for does not exist.</p>'), 404);
}

async function answer(sim: Simulator, ctx: RouteContext, inside: boolean): Promise<{ response: Response; caller: Caller; extra: Record<string, string> }> {
  if (!inside) return { response: notFound(ctx.url, ctx.path), caller: ANONYMOUS, extra: {} };
  // The OAuth servlets read oauth_* parameters as a token exchange, not as authentication.
  const who = ctx.path.startsWith('/plugins/servlet/oauth/') ? ANONYMOUS : authenticate(ctx);
  if (who instanceof Response) return { response: who, caller: ANONYMOUS, extra: {} };
  const withCaller: RouteContext = { ...ctx, caller: who };
  const outOfScope = scopeRefusal(withCaller);
  if (outOfScope) return { response: outOfScope, caller: who, extra: {} };
  let extra: Record<string, string> = {};
  if (ctx.path.startsWith('/rest/')) {
    if (xsrfRefused(withCaller) && !xsrfExcluded(ctx.path)) {
      return { response: new Response('XSRF check failed', { status: 403, headers: { 'content-type': 'text/plain;charset=UTF-8' } }), caller: who, extra };
    }
    const limited = sim.options.rateLimit ? rateLimit(withCaller, sim.options.rateLimit) : undefined;
    if (limited) {
      extra = limited.headers;
      if (limited.refused) {
        return { response: jiraError(429, ['Rate limit exceeded. Try again after the time in Retry-After.']), caller: who, extra };
      }
    }
  }
  // No copy of the ~400 built-in routes per request unless overrides are in force.
  const routes = sim.overrides.length === 0 ? BUILT_IN : [...sim.overrides, ...BUILT_IN];
  const response = (await dispatch(routes, withCaller)) ?? notFound(ctx.url, ctx.path);
  return { response, caller: who, extra };
}

/** Answers one request. Throws a network-like TypeError when a fault drops the connection. */
export async function handle(sim: Simulator, request: Request): Promise<Response> {
  const url = new URL(request.url);
  const { contextPath } = sim.options;
  const baseUrl = `${url.origin}${contextPath}`;
  const inside = url.pathname === contextPath || url.pathname.startsWith(`${contextPath}/`);
  const path = inside ? url.pathname.slice(contextPath.length) || '/' : url.pathname;
  let bodyBytes = NO_BODY;
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    const limit = bodyLimit(sim, url.pathname);
    if (declaredTooLarge(request.headers.get('content-length'), limit)) return payloadTooLarge();
    const read = await readLimited(request.body, limit);
    if (!read) return payloadTooLarge();
    bodyBytes = read;
  }
  const body = bodyBytes.length === 0 ? '' : Buffer.from(bodyBytes.buffer, bodyBytes.byteOffset, bodyBytes.length).toString('utf8');
  if (sim.options.latencyMs > 0) await new Promise((r) => setTimeout(r, sim.options.latencyMs));
  let result;
  try {
    result = await answer(sim, { request, url, path, baseUrl, body, bodyBytes, params: {}, caller: ANONYMOUS, sim }, inside);
  } catch (error) {
    if (error instanceof ConnectionDrop) {
      throw Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
    }
    throw error;
  }
  const { response, caller, extra } = result;
  // Headers Jira puts on every answer (jira-wire.md 1); copy, since some Responses are immutable.
  const headers = new Headers(response.headers);
  headers.set('x-arequestid', `${Math.floor(sim.now() / 60000) % 1440}x${randomAlphanumeric(6)}x1`);
  headers.set('x-anodeid', 'node1');
  if (!headers.has('x-ausername')) headers.set('x-ausername', caller.user?.name ?? 'anonymous');
  if (caller.by === 'basic' && !headers.has('x-seraph-loginreason')) headers.set('x-seraph-loginreason', 'OK');
  for (const [name, value] of Object.entries(extra)) headers.set(name, value);
  // Every 401 carries the OAuth realm challenge, whatever refused it (AO OAuthFilter, INFERRED).
  if (response.status === 401 && !headers.has('www-authenticate')) headers.set('www-authenticate', realmChallenge(baseUrl));
  // Jira hands out a session cookie; OAuth and PAT requests invalidate theirs at once, so a
  // client that sends it back gains nothing (jira-wire.md 2.5, 3.3).
  if (caller.user && caller.by !== 'session') {
    const id = caller.by === 'basic' ? sim.state.createSession(caller.user.name).id : randomAlphanumeric(32);
    headers.append('set-cookie', `JSESSIONID=${id}; Path=${contextPath || '/'}; HttpOnly`);
  }
  // Resources that set their own (the OAuth 2.0 endpoints' no-store) keep it.
  if (!response.headers.has('cache-control')) headers.set('cache-control', 'no-cache, no-store, no-transform');
  if (request.method === 'HEAD') return new Response(null, { status: response.status, statusText: response.statusText, headers });
  const out = withHeaders(response, { status: response.status, statusText: response.statusText, headers });
  if (headers.has(RESET_MID_BODY)) {
    if (socketRequests.has(request)) return out;
    return truncatedBody(out, await out.text());
  }
  return out;
}
