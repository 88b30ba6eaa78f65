/** Issue types and application roles (jira-wire.md 4.3). */
import { jiraError, json } from './responses.js';
import { route } from './router.js';
import { issueTypeJson } from './issue-json.js';
import { ISSUE_TYPES, type ApplicationSeed } from './seed.js';
import type { Route, RouteContext } from './types.js';

type Ctx = RouteContext;

function issueTypes(ctx: Ctx): Record<string, unknown>[] {
  return Object.keys(ISSUE_TYPES).map((id) => issueTypeJson(ctx.baseUrl, id, true));
}

/** The applicationrole shape (jira-wire.md 4.3); unlimited licenses report -1 seats. */
export function applicationRoleJson(key: string, app: ApplicationSeed): Record<string, unknown> {
  const unlimited = app.licensedUsers < 0;
  return {
    key,
    groups: [`${key}-users`, 'jira-administrators'],
    name: app.name,
    defaultGroups: [`${key}-users`],
    selectedByDefault: false,
    defined: false,
    numberOfSeats: unlimited ? -1 : app.licensedUsers,
    remainingSeats: unlimited ? -1 : app.licensedUsers - app.activeUsers,
    userCount: app.activeUsers,
    userCountDescription: 'users',
    hasUnlimitedSeats: unlimited,
    platform: app.platform === true,
  };
}

/** Admin-only resources: 401 for anonymous, 403 for a user who is not an administrator. */
export function requireAdmin(ctx: Ctx): Response | undefined {
  if (!ctx.caller.user) return jiraError(401, ['You are not authenticated. Authentication required to perform this operation.']);
  if (!ctx.caller.user.admin) return jiraError(403, ['You are not authorized to perform this operation. Please log in.']);
  return undefined;
}

function applicationRoles(ctx: Ctx): Response {
  const denied = requireAdmin(ctx);
  if (denied) return denied;
  return json([...ctx.sim.state.applications].map(([key, app]) => applicationRoleJson(key, app)));
}

function applicationRole(ctx: Ctx): Response {
  const denied = requireAdmin(ctx);
  if (denied) return denied;
  const key = ctx.params['key'] ?? '';
  const app = ctx.sim.state.applications.get(key);
  if (!app) return jiraError(404, [`No application role with key '${key}' exists.`]);
  return json(applicationRoleJson(key, app));
}

/** Issue types and application roles. */
export const adminRoutes: readonly Route[] = ['2', 'latest'].flatMap((v) => [
  route(`GET /rest/api/${v}/issuetype`, (ctx) => json(issueTypes(ctx))),
  route(`GET /rest/api/${v}/applicationrole`, applicationRoles),
  route(`GET /rest/api/${v}/applicationrole/:key`, applicationRole),
]);
