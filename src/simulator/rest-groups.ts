/** Groups: get with members, members paged, picker, create and delete, add and remove members. */
import { requireAdminRead, requireAdminWrite, requireUser } from './access.js';
import type { StoredGroup } from './model.js';
import { jiraError, json } from './responses.js';
import { api, created, invalidJson, objectBody, paged, pageParams, truthy } from './rest-util.js';
import type { Route, RouteContext } from './types.js';
import { userJson } from './user-json.js';

type Ctx = RouteContext;

function groupParam(ctx: Ctx): StoredGroup | Response {
  const name = ctx.url.searchParams.get('groupname') ?? '';
  return ctx.sim.state.groups.get(name) ?? jiraError(404, [`Specified group does not exist.`]);
}

function members(ctx: Ctx, g: StoredGroup, includeInactive: boolean): Record<string, unknown>[] {
  return [...g.members].sort().flatMap((name) => {
    const u = ctx.sim.state.users.get(name);
    return u && (u.active || includeInactive) ? [userJson(ctx.sim.state, ctx.baseUrl, u, '')] : [];
  });
}

/** The group JSON; `expand=users` or `users[start:end]` lists members (python-jira's group_members). */
function groupJson(ctx: Ctx, g: StoredGroup): Record<string, unknown> {
  const expand = ctx.url.searchParams.get('expand') ?? '';
  const all = members(ctx, g, true);
  const range = /users\[(\d+):(\d+)\]/.exec(expand);
  const start = range ? Number(range[1]) : 0;
  const end = range ? Math.min(Number(range[2]), all.length - 1) : Math.min(49, all.length - 1);
  const items = expand.includes('users') ? all.slice(start, end + 1) : [];
  return {
    name: g.name,
    self: `${ctx.baseUrl}/rest/api/2/group?groupname=${encodeURIComponent(g.name)}`,
    users: { size: all.length, items, 'max-results': 50, 'start-index': start, 'end-index': Math.max(end, start - 1) },
    expand: 'users',
  };
}

function createGroup(ctx: Ctx): Response {
  const denied = requireAdminWrite(ctx);
  if (denied) return denied;
  const body = objectBody(ctx);
  const name = body?.['name'];
  if (typeof name !== 'string' || name.trim() === '') return invalidJson();
  const { state } = ctx.sim;
  if ([...state.groups.keys()].some((g) => g.toLowerCase() === name.toLowerCase())) return jiraError(400, ['A group or user with this name already exists.']);
  const g = { name, members: new Set<string>() };
  state.groups.set(name, g);
  return created(groupJson(ctx, g));
}

function deleteGroup(ctx: Ctx): Response {
  const denied = requireAdminWrite(ctx);
  if (denied) return denied;
  const g = groupParam(ctx);
  if (g instanceof Response) return g;
  if (g.name === 'jira-administrators') return jiraError(400, ['You cannot delete a group that grants you system administration privileges.']);
  const { state } = ctx.sim;
  state.groups.delete(g.name);
  for (const p of state.projects.values()) for (const role of p.roles.values()) role.groups.delete(g.name);
  state.version++;
  return new Response(null, { status: 200 });
}

function addMember(ctx: Ctx): Response {
  const denied = requireAdminWrite(ctx);
  if (denied) return denied;
  const g = groupParam(ctx);
  if (g instanceof Response) return g;
  const name = objectBody(ctx)?.['name'];
  if (typeof name !== 'string' || !ctx.sim.state.users.has(name)) return jiraError(404, [`The user named '${String(name)}' does not exist`]);
  if (g.members.has(name)) return jiraError(400, [`Cannot add user. '${name}' is already a member of '${g.name}'`]);
  g.members.add(name);
  ctx.sim.state.version++;
  return created(groupJson(ctx, g));
}

function removeMember(ctx: Ctx): Response {
  const denied = requireAdminWrite(ctx);
  if (denied) return denied;
  const g = groupParam(ctx);
  if (g instanceof Response) return g;
  const name = ctx.url.searchParams.get('username') ?? '';
  if (!g.members.has(name)) return jiraError(404, [`The user named '${name}' is not a member of '${g.name}'.`]);
  g.members.delete(name);
  ctx.sim.state.version++;
  return new Response(null, { status: 200 });
}

function picker(ctx: Ctx): Response {
  const me = requireUser(ctx);
  if (me instanceof Response) return me;
  const q = ctx.url.searchParams;
  const query = (q.get('query') ?? '').toLowerCase();
  const exclude = new Set(q.getAll('exclude'));
  const max = Math.max(0, Number(q.get('maxResults') ?? 20) || 20);
  const found = [...ctx.sim.state.groups.keys()].filter((g) => g.toLowerCase().includes(query) && !exclude.has(g)).sort();
  const shown = found.slice(0, max);
  return json({ header: `Showing ${shown.length} of ${found.length} matching groups`, total: found.length, groups: shown.map((name) => ({ name, html: name, labels: [] })) });
}

/** The group routes. */
export const groupRoutes: readonly Route[] = api(
  ['GET /group', (ctx) => {
    const denied = requireAdminRead(ctx);
    if (denied) return denied;
    const g = groupParam(ctx);
    return g instanceof Response ? g : json(groupJson(ctx, g));
  }],
  ['POST /group', createGroup],
  ['DELETE /group', deleteGroup],
  ['GET /group/member', (ctx) => {
    const denied = requireAdminRead(ctx);
    if (denied) return denied;
    const g = groupParam(ctx);
    if (g instanceof Response) return g;
    const { startAt, maxResults } = pageParams(ctx, 50, 50);
    return json(paged(members(ctx, g, truthy(ctx.url.searchParams.get('includeInactiveUsers'))), startAt, maxResults, 'values', `${ctx.baseUrl}/rest/api/2/group/member?groupname=${encodeURIComponent(g.name)}`));
  }],
  ['POST /group/user', addMember],
  ['DELETE /group/user', removeMember],
  ['GET /groups/picker', picker],
);
