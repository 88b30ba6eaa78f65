/** serverInfo and myself: what every client calls first (jira-wire.md 4.1, 4.2). */
import { jiraTime } from './jira-time.js';
import { jiraError, json } from './responses.js';
import { route } from './router.js';
import type { Route, RouteContext } from './types.js';
import { userJson } from './user-json.js';

type Ctx = RouteContext;

const NOT_AUTHENTICATED = 'You are not authenticated. Authentication required to perform this operation.';

function serverInfo(ctx: Ctx): Response {
  const o = ctx.sim.options;
  const { caller } = ctx;
  if (o.serverInfoRequiresAuth && !caller.user) return jiraError(401, [NOT_AUTHENTICATED]);
  const info: Record<string, unknown> = {
    baseUrl: ctx.baseUrl,
    version: o.version,
    versionNumbers: o.version.split('.').map(Number),
    deploymentType: 'Server',
    buildNumber: o.buildNumber,
    buildDate: '2026-04-03T00:00:00.000+0000',
    databaseBuildNumber: o.buildNumber,
    scmInfo: '95508b3a08ac0f09fbef8676c203b44bdc6e1a12',
    serverTitle: o.serverTitle,
  };
  // serverTime is only shown to logged-in callers (jira-wire.md 4.1).
  if (caller.user || o.serverTimeForAnonymous) info['serverTime'] = jiraTime(ctx.sim.now());
  // Extras seen on some instances (jira-wire.md 4.1, UNCONFIRMED): the locale, and health checks on request.
  if (caller.user) info['defaultLocale'] = { locale: 'en_US' };
  if (ctx.url.searchParams.get('doHealthCheck') === 'true' && caller.user) info['healthChecks'] = [];
  return json(info);
}

function myself(ctx: Ctx): Response {
  const user = ctx.caller.user;
  if (!user) return jiraError(401, [NOT_AUTHENTICATED]);
  return json(userJson(ctx.sim.state, ctx.baseUrl, user, ctx.url.searchParams.get('expand') ?? ''));
}

/** The REST routes every client needs first; /rest/api/latest is the same as /rest/api/2. */
export const restCoreRoutes: readonly Route[] = [
  ...['2', 'latest'].flatMap((v) => [route(`GET /rest/api/${v}/serverInfo`, serverInfo), route(`GET /rest/api/${v}/myself`, myself)]),
];
