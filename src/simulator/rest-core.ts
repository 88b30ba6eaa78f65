/** serverInfo and myself: what every client calls first (jira-wire.md 4.1, 4.2). */
import { authenticate, type Caller } from './authenticate.js';
import { jiraError, json } from './responses.js';
import { route, type Route, type RouteContext } from './router.js';
import type { Simulator } from './simulator.js';

type Ctx = RouteContext<Simulator>;

/** Jira's timestamp format, e.g. 2026-11-29T10:00:00.000+0000. */
export function jiraTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}

/** Runs a handler with the caller resolved, or returns the authentication failure. */
export function withCaller(handler: (ctx: Ctx, caller: Caller) => Response | Promise<Response>) {
  return async (ctx: Ctx): Promise<Response> => {
    const caller = authenticate(ctx);
    if (caller instanceof Response) return caller;
    const response = await handler(ctx, caller);
    response.headers.set('x-ausername', caller.user?.name ?? 'anonymous');
    return response;
  };
}

const NOT_AUTHENTICATED = 'You are not authenticated. Authentication required to perform this operation.';

function serverInfo(ctx: Ctx, caller: Caller): Response {
  const o = ctx.sim.options;
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
  if (caller.user) info['serverTime'] = jiraTime(ctx.sim.now());
  return json(info);
}

function myself(ctx: Ctx, caller: Caller): Response {
  const user = caller.user;
  if (!user) return jiraError(401, [NOT_AUTHENTICATED]);
  const self = `${ctx.baseUrl}/rest/api/2/user?username=${encodeURIComponent(user.name)}`;
  return json({
    self,
    key: user.name,
    name: user.name,
    emailAddress: user.email,
    avatarUrls: { '48x48': `${ctx.baseUrl}/secure/useravatar?ownerId=${encodeURIComponent(user.name)}` },
    displayName: user.displayName,
    active: user.active,
    deleted: false,
    timeZone: 'UTC',
    locale: 'en_US',
    groups: { size: user.admin ? 2 : 1, items: [] },
    applicationRoles: { size: 1, items: [] },
    expand: 'groups,applicationRoles',
  });
}

/** The REST routes every client needs first; /rest/api/latest is the same as /rest/api/2. */
export const restCoreRoutes: readonly Route<Simulator>[] = ['2', 'latest'].flatMap((v) => [
  route(`GET /rest/api/${v}/serverInfo`, withCaller(serverInfo)),
  route(`GET /rest/api/${v}/myself`, withCaller(myself)),
]);
