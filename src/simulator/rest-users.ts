/**
 * Users: get, search (with Jira Server's "." for everyone), assignable and view-issue searches,
 * avatars, and create, update, delete as an administrator (jira-wire.md 4.2).
 */
import { can, requireAdminWrite, requireUser } from './access.js';
import { jiraError, json } from './responses.js';
import { api, created, findProject, invalidJson, noContent, objectBody, pageParams, truthy, visibleIssue } from './rest-util.js';
import type { User } from './state.js';
import type { Route, RouteContext } from './types.js';
import { userJson } from './user-json.js';

type Ctx = RouteContext;

/** The ?username= (or key=) user, or Jira's 404. */
function userParam(ctx: Ctx): User | Response {
  const q = ctx.url.searchParams;
  const name = q.get('username') ?? q.get('key') ?? '';
  const user = ctx.sim.state.users.get(name);
  return user ?? jiraError(404, [`The user named '${name}' does not exist`]);
}

/** Whether a user matches a search: a prefix of the name, display name words or email; "." matches all. */
function matches(user: User, query: string): boolean {
  const q = query.toLowerCase();
  if (q === '.' || q === '' || q === '*') return true;
  const words = [user.name, user.email, ...user.displayName.split(/\s+/), user.displayName].map((w) => w.toLowerCase());
  return words.some((w) => w.startsWith(q));
}

function search(ctx: Ctx, query: string, filter: (u: User) => boolean = () => true): Response {
  const q = ctx.url.searchParams;
  const includeActive = q.get('includeActive') === null || truthy(q.get('includeActive'));
  const includeInactive = truthy(q.get('includeInactive'));
  const { startAt, maxResults } = pageParams(ctx, 50, 1000);
  const found = [...ctx.sim.state.users.values()]
    .filter((u) => (u.active ? includeActive : includeInactive) && matches(u, query) && filter(u))
    .sort((a, b) => a.name.localeCompare(b.name));
  return json(found.slice(startAt, startAt + maxResults).map((u) => userJson(ctx.sim.state, ctx.baseUrl, u, '')));
}

function searchUsers(ctx: Ctx): Response {
  const me = requireUser(ctx);
  if (me instanceof Response) return me;
  const q = ctx.url.searchParams;
  const query = q.get('username') ?? q.get('query');
  if (query === null) return jiraError(400, ['The username query parameter was not provided']);
  return search(ctx, query);
}

function assignable(ctx: Ctx): Response {
  const me = requireUser(ctx);
  if (me instanceof Response) return me;
  const q = ctx.url.searchParams;
  const issueKey = q.get('issueKey');
  const projectKey = q.get('project');
  if (issueKey === null && projectKey === null) return jiraError(400, ['No project or issue key was specified.']);
  if (issueKey !== null && !visibleIssue(ctx, issueKey)) return jiraError(404, [`Issue '${issueKey}' does not exist.`]);
  if (projectKey !== null && !findProject(ctx, projectKey)) return jiraError(404, [`Project '${projectKey}' does not exist.`]);
  return search(ctx, q.get('username') ?? q.get('query') ?? '', (u) => u.active);
}

function multiProject(ctx: Ctx): Response {
  const me = requireUser(ctx);
  if (me instanceof Response) return me;
  const keys = (ctx.url.searchParams.get('projectKeys') ?? '').split(',').filter(Boolean);
  const missing = keys.find((k) => !findProject(ctx, k));
  if (missing !== undefined) return jiraError(404, [`Project '${missing}' does not exist.`]);
  return search(ctx, ctx.url.searchParams.get('username') ?? '', (u) => u.active);
}

function viewIssue(ctx: Ctx): Response {
  const me = requireUser(ctx);
  if (me instanceof Response) return me;
  const q = ctx.url.searchParams;
  const issueKey = q.get('issueKey');
  if (issueKey !== null && !visibleIssue(ctx, issueKey)) return jiraError(404, [`Issue '${issueKey}' does not exist.`]);
  return search(ctx, q.get('username') ?? q.get('query') ?? '');
}

function createUser(ctx: Ctx): Response {
  const denied = requireAdminWrite(ctx);
  if (denied) return denied;
  const body = objectBody(ctx);
  if (!body) return invalidJson();
  const errors: Record<string, string> = {};
  const name = body['name'];
  if (typeof name !== 'string' || name.trim() === '') errors['username'] = 'You must specify a username.';
  else if (ctx.sim.state.users.has(name)) errors['username'] = 'A user with that username already exists.';
  if (typeof body['emailAddress'] !== 'string' || !body['emailAddress'].includes('@')) errors['email'] = 'You must specify a valid email address.';
  if (Object.keys(errors).length > 0 || typeof name !== 'string') return jiraError(400, [], errors);
  const user: User = { name, password: typeof body['password'] === 'string' ? body['password'] : name, displayName: typeof body['displayName'] === 'string' ? body['displayName'] : name, email: String(body['emailAddress']), admin: false, active: true };
  ctx.sim.state.users.set(name, user);
  ctx.sim.state.groups.get('jira-software-users')?.members.add(name);
  ctx.sim.state.version++;
  return created(userJson(ctx.sim.state, ctx.baseUrl, user, ''));
}

function updateUser(ctx: Ctx): Response {
  const denied = requireAdminWrite(ctx);
  if (denied) return denied;
  const user = userParam(ctx);
  if (user instanceof Response) return user;
  const body = objectBody(ctx);
  if (!body) return invalidJson();
  if (typeof body['name'] === 'string' && body['name'] !== user.name) return jiraError(400, [], { username: 'Renaming users is not supported by the jirakit simulator.' });
  if (typeof body['displayName'] === 'string') user.displayName = body['displayName'];
  if (typeof body['emailAddress'] === 'string') user.email = body['emailAddress'];
  if (typeof body['active'] === 'boolean') user.active = body['active'];
  if (typeof body['password'] === 'string') user.password = body['password'];
  ctx.sim.state.version++;
  return json(userJson(ctx.sim.state, ctx.baseUrl, user, ''));
}

function deleteUser(ctx: Ctx): Response {
  const denied = requireAdminWrite(ctx);
  if (denied) return denied;
  const user = userParam(ctx);
  if (user instanceof Response) return user;
  if (user.name === ctx.caller.user?.name) return jiraError(400, [], { username: 'You cannot delete the currently logged in user.' });
  const { state } = ctx.sim;
  const reported = state.issues.filter((i) => i.reporter === user.name).length;
  const assigned = state.issues.filter((i) => i.assignee === user.name).length;
  if (reported + assigned > 0) return jiraError(400, [], { username: `Cannot delete user '${user.name}' because ${reported} issues were reported by and ${assigned} issues are assigned to this user.` });
  state.users.delete(user.name);
  for (const g of state.groups.values()) g.members.delete(user.name);
  for (const p of state.projects.values()) for (const role of p.roles.values()) role.users.delete(user.name);
  state.version++;
  return noContent();
}

/** The user routes. */
export const userRoutes: readonly Route[] = api(
  ['GET /user', (ctx) => {
    const me = requireUser(ctx);
    if (me instanceof Response) return me;
    const user = userParam(ctx);
    return user instanceof Response ? user : json(userJson(ctx.sim.state, ctx.baseUrl, user, ctx.url.searchParams.get('expand') ?? ''));
  }],
  ['POST /user', createUser],
  ['PUT /user', updateUser],
  ['DELETE /user', deleteUser],
  ['GET /user/search', searchUsers],
  ['GET /user/assignable/search', assignable],
  ['GET /user/assignable/multiProjectSearch', multiProject],
  ['GET /user/viewissue/search', viewIssue],
  ['GET /user/permission/search', (ctx) => (can(ctx, 'USER_PICKER') ? search(ctx, ctx.url.searchParams.get('username') ?? '') : jiraError(401, ['You are not authenticated. Authentication required to perform this operation.']))],
);
