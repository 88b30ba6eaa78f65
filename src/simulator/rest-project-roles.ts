/** Project roles and their actors: /project/{key}/role[/{id}] and the global /role list. */
import { can, requireUser } from './access.js';
import { ROLES } from './catalog.js';
import type { StoredProject } from './model.js';
import { jiraError, json } from './responses.js';
import { api, findProject, invalidJson, noContent, noProject, objectBody } from './rest-util.js';
import type { Route, RouteContext } from './types.js';
import { userAvatars } from './user-json.js';

type Ctx = RouteContext;

function roleJson(ctx: Ctx, p: StoredProject | undefined, id: string): Record<string, unknown> {
  const [name, description] = ROLES[id] ?? ['?', ''];
  const actors = p?.roles.get(id);
  const users = [...(actors?.users ?? [])].map((u, i) => ({ id: 10100 + i, displayName: ctx.sim.state.users.get(u)?.displayName ?? u, type: 'atlassian-user-role-actor', name: u, avatarUrl: userAvatars(ctx.baseUrl, u)['16x16'] }));
  const groups = [...(actors?.groups ?? [])].map((g, i) => ({ id: 10200 + i, displayName: g, type: 'atlassian-group-role-actor', name: g }));
  const self = p ? `${ctx.baseUrl}/rest/api/2/project/${p.id}/role/${id}` : `${ctx.baseUrl}/rest/api/2/role/${id}`;
  return { self, name, id: Number(id), description, ...(p ? { actors: [...users, ...groups] } : {}) };
}

function found(ctx: Ctx): { p: StoredProject; id: string } | Response {
  const ref = ctx.params['key'] ?? '';
  const p = findProject(ctx, ref);
  if (!p) return noProject(ref);
  const id = ctx.params['id'] ?? '';
  if (!ROLES[id]) return jiraError(404, [`Can not retrieve a role actor for a null project role.`]);
  return { p, id };
}

function mayEdit(ctx: Ctx, p: StoredProject): Response | undefined {
  const user = requireUser(ctx);
  if (user instanceof Response) return user;
  return can(ctx, 'ADMINISTER_PROJECTS', p) ? undefined : jiraError(403, ['You cannot edit the configuration of this project.']);
}

/** Checks and lists the users and groups of a body; an error answer for one that does not exist. */
function actorsOf(ctx: Ctx, users: unknown, groups: unknown): { users: string[]; groups: string[] } | Response {
  const asList = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);
  const out = { users: asList(users), groups: asList(groups) };
  const badUser = out.users.find((u) => !ctx.sim.state.users.has(u));
  if (badUser !== undefined) return jiraError(400, [`We can't find '${badUser}' in any accessible user directory. Check they're still active and available, and try again.`]);
  const badGroup = out.groups.find((g) => !ctx.sim.state.groups.has(g));
  if (badGroup !== undefined) return jiraError(400, [`We can't find '${badGroup}' in any accessible group directory.`]);
  return out;
}

function add(ctx: Ctx): Response {
  const f = found(ctx);
  if (f instanceof Response) return f;
  const denied = mayEdit(ctx, f.p);
  if (denied) return denied;
  const body = objectBody(ctx);
  if (!body) return invalidJson();
  const actors = actorsOf(ctx, body['user'], body['group']);
  if (actors instanceof Response) return actors;
  const role = f.p.roles.get(f.id);
  actors.users.forEach((u) => role?.users.add(u));
  actors.groups.forEach((g) => role?.groups.add(g));
  ctx.sim.state.version++;
  return json(roleJson(ctx, f.p, f.id));
}

function replace(ctx: Ctx): Response {
  const f = found(ctx);
  if (f instanceof Response) return f;
  const denied = mayEdit(ctx, f.p);
  if (denied) return denied;
  const body = objectBody(ctx);
  const categorised = (body?.['categorisedActors'] ?? undefined) as Record<string, unknown> | undefined;
  if (!categorised) return invalidJson();
  const actors = actorsOf(ctx, categorised['atlassian-user-role-actor'], categorised['atlassian-group-role-actor']);
  if (actors instanceof Response) return actors;
  f.p.roles.set(f.id, { users: new Set(actors.users), groups: new Set(actors.groups) });
  ctx.sim.state.version++;
  return json(roleJson(ctx, f.p, f.id));
}

function removeActor(ctx: Ctx): Response {
  const f = found(ctx);
  if (f instanceof Response) return f;
  const denied = mayEdit(ctx, f.p);
  if (denied) return denied;
  const q = ctx.url.searchParams;
  const role = f.p.roles.get(f.id);
  const user = q.get('user');
  const group = q.get('group');
  if ((user !== null && !role?.users.has(user)) || (group !== null && !role?.groups.has(group)) || (user === null && group === null)) {
    return jiraError(404, [`The actor ${user ?? group ?? ''} is not in the role.`]);
  }
  if (user !== null) role?.users.delete(user);
  if (group !== null) role?.groups.delete(group);
  ctx.sim.state.version++;
  return noContent();
}

/** The role routes. */
export const projectRoleRoutes: readonly Route[] = api(
  ['GET /project/:key/role', (ctx) => {
    const ref = ctx.params['key'] ?? '';
    const p = findProject(ctx, ref);
    if (!p) return noProject(ref);
    return json(Object.fromEntries(Object.entries(ROLES).map(([id, [name]]) => [name, `${ctx.baseUrl}/rest/api/2/project/${p.id}/role/${id}`])));
  }],
  ['GET /project/:key/role/:id', (ctx) => {
    const f = found(ctx);
    return f instanceof Response ? f : json(roleJson(ctx, f.p, f.id));
  }],
  ['POST /project/:key/role/:id', add],
  ['PUT /project/:key/role/:id', replace],
  ['DELETE /project/:key/role/:id', removeActor],
  ['GET /role', (ctx) => {
    const user = requireUser(ctx);
    return user instanceof Response ? user : json(Object.keys(ROLES).map((id) => roleJson(ctx, undefined, id)));
  }],
  ['GET /role/:id', (ctx) => (ROLES[ctx.params['id'] ?? ''] ? json(roleJson(ctx, undefined, ctx.params['id'] ?? '')) : jiraError(404, ['No role with that id exists.']))],
);
