/** Filters (CRUD, favourites, share permissions) and the dashboards list. */
import { requireUser } from './access.js';
import { filterVisible } from './filter-access.js';
import { userOf } from './issue-json.js';
import type { SharePermission, StoredFilter } from './model.js';
import { jiraError, json } from './responses.js';
import { queryFor } from './rest-search.js';
import { api, findProject, invalidJson, noContent, objectBody, pageParams } from './rest-util.js';
import type { Route, RouteContext } from './types.js';

type Ctx = RouteContext;

const NOT_AVAILABLE = 'The selected filter is not available to you, perhaps it has been deleted or had its permissions changed.';

function shareJson(ctx: Ctx, p: SharePermission): Record<string, unknown> {
  const project = p.projectId ? [...ctx.sim.state.projects.values()].find((x) => x.id === p.projectId) : undefined;
  return { id: Number(p.id), type: p.type, ...(project ? { project: { self: `${ctx.baseUrl}/rest/api/2/project/${project.id}`, id: project.id, key: project.key, name: project.name } } : {}), ...(p.group ? { group: { name: p.group, self: `${ctx.baseUrl}/rest/api/2/group?groupname=${encodeURIComponent(p.group)}` } } : {}) };
}

function filterJson(ctx: Ctx, f: StoredFilter): Record<string, unknown> {
  const me = ctx.caller.user?.name ?? '';
  return {
    self: `${ctx.baseUrl}/rest/api/2/filter/${f.id}`,
    id: f.id,
    name: f.name,
    ...(f.description ? { description: f.description } : {}),
    owner: userOf(ctx, f.owner),
    jql: f.jql,
    viewUrl: `${ctx.baseUrl}/issues/?filter=${f.id}`,
    searchUrl: `${ctx.baseUrl}/rest/api/2/search?jql=${encodeURIComponent(f.jql)}`,
    favourite: f.favouredBy.has(me),
    favouritedCount: f.favouredBy.size,
    sharePermissions: f.sharePermissions.map((p) => shareJson(ctx, p)),
    editable: f.owner === me,
    sharedUsers: { size: 0, items: [], 'max-results': 1000, 'start-index': 0, 'end-index': 0 },
    subscriptions: { size: 0, items: [], 'max-results': 1000, 'start-index': 0, 'end-index': 0 },
  };
}

function find(ctx: Ctx): StoredFilter | Response {
  const f = ctx.sim.state.filters.get(ctx.params['id'] ?? '');
  return f && filterVisible(ctx.sim.state, ctx.caller.user?.name, f) ? f : jiraError(400, [NOT_AVAILABLE]);
}

function owned(ctx: Ctx): StoredFilter | Response {
  const f = find(ctx);
  if (f instanceof Response) return f;
  return f.owner === ctx.caller.user?.name ? f : jiraError(400, [NOT_AVAILABLE]);
}

/** Checks and applies name, description, jql and favourite. */
function apply(ctx: Ctx, f: StoredFilter, body: Record<string, unknown>): Response | undefined {
  const name = body['name'];
  if (name !== undefined || f.name === '') {
    if (typeof name !== 'string' || name.trim() === '') return jiraError(400, [], { filterName: 'You must specify a name to save this filter as.' });
    const taken = [...ctx.sim.state.filters.values()].some((o) => o !== f && o.owner === f.owner && o.name.toLowerCase() === name.toLowerCase());
    if (taken) return jiraError(400, [], { filterName: 'Filter with same name already exists.' });
  }
  if (typeof body['jql'] === 'string') {
    const query = queryFor(ctx, body['jql'], true);
    if (query instanceof Response) return query;
  }
  if (typeof name === 'string') f.name = name;
  if (typeof body['description'] === 'string') f.description = body['description'];
  if (typeof body['jql'] === 'string') f.jql = body['jql'];
  const me = ctx.caller.user?.name ?? '';
  if (body['favourite'] === true) f.favouredBy.add(me);
  if (body['favourite'] === false) f.favouredBy.delete(me);
  ctx.sim.state.version++;
  return undefined;
}

function create(ctx: Ctx): Response {
  const user = requireUser(ctx);
  if (user instanceof Response) return user;
  const body = objectBody(ctx);
  if (!body) return invalidJson();
  const f: StoredFilter = { id: '', owner: user.name, name: '', description: '', jql: '', favouredBy: new Set(), sharePermissions: [] };
  const problem = apply(ctx, f, body);
  if (problem) return problem;
  const made = { ...f, id: ctx.sim.state.nextId('filter', 10000) };
  ctx.sim.state.filters.set(made.id, made);
  return json(filterJson(ctx, made));
}

function update(ctx: Ctx): Response {
  const f = owned(ctx);
  if (f instanceof Response) return f;
  const body = objectBody(ctx);
  if (!body) return invalidJson();
  const problem = apply(ctx, f, body);
  return problem ?? json(filterJson(ctx, f));
}

function addShare(ctx: Ctx): Response {
  const f = owned(ctx);
  if (f instanceof Response) return f;
  const body = objectBody(ctx);
  const type = String(body?.['type'] ?? '');
  const id = ctx.sim.state.nextId('sharepermission', 10000);
  let share: SharePermission;
  if (type === 'global' || type === 'authenticated') share = { id, type: type === 'global' ? 'global' : 'loggedin' };
  else if (type === 'project') {
    const p = findProject(ctx, String(body?.['projectId'] ?? ''));
    if (!p) return jiraError(400, [], { projectId: 'The project does not exist.' });
    share = { id, type: 'project', projectId: p.id };
  } else if (type === 'group') {
    const group = String(body?.['groupname'] ?? '');
    if (!ctx.sim.state.groups.has(group)) return jiraError(400, [], { groupname: `Group '${group}' does not exist.` });
    share = { id, type: 'group', group };
  } else return jiraError(400, [], { type: "The share type must be 'global', 'authenticated', 'project', 'projectRole' or 'group'." });
  f.sharePermissions.push(share);
  // Who may see a filter changes what `filter = x` matches: cached searches go stale.
  ctx.sim.state.version++;
  return json(f.sharePermissions.map((p) => shareJson(ctx, p)), 201);
}

function dashboards(ctx: Ctx): Response {
  const { startAt, maxResults } = pageParams(ctx, 20, 1000);
  const all = [{ id: '10000', name: 'System Dashboard', self: `${ctx.baseUrl}/rest/api/2/dashboard/10000`, view: `${ctx.baseUrl}/secure/Dashboard.jspa?selectPageId=10000` }];
  // "my" lists the caller's own dashboards: the system one is nobody's; "favourite" includes it.
  const shown = ctx.url.searchParams.get('filter') === 'my' ? [] : all;
  const page = shown.slice(startAt, startAt + maxResults);
  return json({ startAt, maxResults, total: shown.length, dashboards: page });
}

/** The filter and dashboard routes. */
export const filterRoutes: readonly Route[] = api(
  ['POST /filter', create],
  ['GET /filter/favourite', (ctx) => {
    const me = ctx.caller.user?.name;
    return json(me ? [...ctx.sim.state.filters.values()].filter((f) => f.favouredBy.has(me) && filterVisible(ctx.sim.state, me, f)).map((f) => filterJson(ctx, f)) : []);
  }],
  ['GET /filter/:id', (ctx) => {
    const f = find(ctx);
    return f instanceof Response ? f : json(filterJson(ctx, f));
  }],
  ['PUT /filter/:id', update],
  ['DELETE /filter/:id', (ctx) => {
    const f = owned(ctx);
    if (f instanceof Response) return f;
    ctx.sim.state.filters.delete(f.id);
    ctx.sim.state.version++;
    return noContent();
  }],
  ['GET /filter/:id/permission', (ctx) => {
    const f = find(ctx);
    return f instanceof Response ? f : json(f.sharePermissions.map((p) => shareJson(ctx, p)));
  }],
  ['POST /filter/:id/permission', addShare],
  ['DELETE /filter/:id/permission/:pid', (ctx) => {
    const f = owned(ctx);
    if (f instanceof Response) return f;
    const at = f.sharePermissions.findIndex((p) => p.id === ctx.params['pid']);
    if (at < 0) return jiraError(404, [`Share permission with id ${ctx.params['pid'] ?? ''} does not exist.`]);
    f.sharePermissions.splice(at, 1);
    ctx.sim.state.version++;
    return noContent();
  }],
  ['GET /dashboard', dashboards],
  ['GET /dashboard/:id', (ctx) => ctx.params['id'] === '10000' ? json({ id: '10000', name: 'System Dashboard', self: `${ctx.baseUrl}/rest/api/2/dashboard/10000`, view: `${ctx.baseUrl}/secure/Dashboard.jspa?selectPageId=10000` }) : jiraError(404, [`The dashboard with id '${ctx.params['id'] ?? ''}' does not exist.`])],
);
