/** Versions: create, get, update, delete (moving issues), move, related counts, a project's lists. */
import { can, requireUser } from './access.js';
import type { StoredVersion } from './model.js';
import { projectVersions, versionJson } from './project-json.js';
import { jiraError, json } from './responses.js';
import { api, created, findProject, invalidJson, noContent, noProject, objectBody, paged, pageParams } from './rest-util.js';
import type { Route, RouteContext } from './types.js';
import { isDone } from './workflow.js';

type Ctx = RouteContext;

function find(ctx: Ctx): StoredVersion | Response {
  const v = ctx.caller.user ? ctx.sim.state.versions.get(ctx.params['id'] ?? '') : undefined;
  return v ?? jiraError(404, [`Could not find version for id '${ctx.params['id'] ?? ''}'`]);
}

function mayAdminister(ctx: Ctx, projectKey: string): Response | undefined {
  const user = requireUser(ctx);
  if (user instanceof Response) return user;
  return can(ctx, 'ADMINISTER_PROJECTS', ctx.sim.state.projects.get(projectKey)) ? undefined : jiraError(403, ['You must have global or project administrator rights in order to modify versions.']);
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function apply(ctx: Ctx, v: StoredVersion, body: Record<string, unknown>): Record<string, string> {
  const errors: Record<string, string> = {};
  const name = body['name'];
  if (name !== undefined) {
    if (typeof name !== 'string' || name.trim() === '') errors['name'] = 'You must specify a valid version name';
    else if ([...ctx.sim.state.versions.values()].some((o) => o !== v && o.projectKey === v.projectKey && o.name.toLowerCase() === name.toLowerCase())) errors['name'] = 'A version with this name already exists in this project.';
  }
  for (const key of ['releaseDate', 'startDate'] as const) {
    const d = body[key];
    if (d !== undefined && d !== null && (typeof d !== 'string' || !DATE.test(d))) errors[key] = `Please enter the date in the following format: yyyy-MM-dd`;
  }
  if (Object.keys(errors).length > 0) return errors;
  if (typeof name === 'string') v.name = name;
  if (typeof body['description'] === 'string') v.description = body['description'];
  if (typeof body['archived'] === 'boolean') v.archived = body['archived'];
  if (typeof body['released'] === 'boolean') v.released = body['released'];
  if (body['releaseDate'] !== undefined) v.releaseDate = (body['releaseDate'] as string | null) ?? undefined;
  if (body['startDate'] !== undefined) v.startDate = (body['startDate'] as string | null) ?? undefined;
  return errors;
}

function create(ctx: Ctx): Response {
  const body = objectBody(ctx);
  if (!body) return invalidJson();
  const ref = String(body['project'] ?? body['projectId'] ?? '');
  const p = findProject(ctx, ref);
  if (!p) return ctx.caller.user ? jiraError(400, [], { project: 'Project must be specified to create a version.' }) : jiraError(401, ['You are not authenticated. Authentication required to perform this operation.']);
  const denied = mayAdminister(ctx, p.key);
  if (denied) return denied;
  if (typeof body['name'] !== 'string') return jiraError(400, [], { name: 'You must specify a valid version name' });
  const sequence = Math.max(0, ...projectVersions(ctx, p).map((x) => x.sequence)) + 1;
  const v: StoredVersion = { id: ctx.sim.state.nextId('version', 10000), projectKey: p.key, name: '', description: '', archived: false, released: false, sequence };
  const errors = apply(ctx, v, body);
  if (Object.keys(errors).length > 0) return jiraError(400, [], errors);
  ctx.sim.state.versions.set(v.id, v);
  return created(versionJson(ctx, v));
}

function update(ctx: Ctx): Response {
  const v = find(ctx);
  if (v instanceof Response) return v;
  const denied = mayAdminister(ctx, v.projectKey);
  if (denied) return denied;
  const body = objectBody(ctx);
  if (!body) return invalidJson();
  const copy = { ...v };
  const errors = apply(ctx, copy, body);
  if (Object.keys(errors).length > 0) return jiraError(400, [], errors);
  Object.assign(v, copy);
  ctx.sim.state.version++;
  return json(versionJson(ctx, v));
}

function remove(ctx: Ctx): Response {
  const v = find(ctx);
  if (v instanceof Response) return v;
  const denied = mayAdminister(ctx, v.projectKey);
  if (denied) return denied;
  const q = ctx.url.searchParams;
  const target = (name: string): string | undefined => q.get(name)?.split('/').pop();
  for (const issue of ctx.sim.state.issues) {
    for (const [field, move] of [['fixVersions', target('moveFixIssuesTo')], ['versions', target('moveAffectedIssuesTo')]] as const) {
      const list = issue[field];
      if (!list?.includes(v.id)) continue;
      const rest = list.filter((id) => id !== v.id);
      issue[field] = move && ctx.sim.state.versions.has(move) && !rest.includes(move) ? [...rest, move] : rest;
    }
  }
  ctx.sim.state.versions.delete(v.id);
  ctx.sim.state.version++;
  return noContent();
}

function move(ctx: Ctx): Response {
  const v = find(ctx);
  if (v instanceof Response) return v;
  const denied = mayAdminister(ctx, v.projectKey);
  if (denied) return denied;
  const body = objectBody(ctx) ?? {};
  const p = ctx.sim.state.projects.get(v.projectKey);
  const order = p ? projectVersions(ctx, p).filter((x) => x !== v) : [];
  const at = order.length;
  let index: number;
  if (typeof body['after'] === 'string') {
    const after = order.findIndex((x) => x.id === String(body['after']).split('/').pop());
    if (after < 0) return jiraError(400, ['The version to move after does not exist.']);
    index = after + 1;
  } else {
    const current = p ? projectVersions(ctx, p).indexOf(v) : 0;
    const positions: Record<string, number> = { First: 0, Last: at, Earlier: Math.max(0, current - 1), Later: Math.min(at, current + 1) };
    const position = positions[String(body['position'])];
    if (position === undefined) return jiraError(400, ["Either 'after' or 'position' must be given: First, Last, Earlier or Later."]);
    index = position;
  }
  order.splice(index, 0, v);
  order.forEach((x, i) => { x.sequence = i + 1; });
  return json(versionJson(ctx, v));
}

function counts(ctx: Ctx, unresolved: boolean): Response {
  const v = find(ctx);
  if (v instanceof Response) return v;
  const self = `${ctx.baseUrl}/rest/api/2/version/${v.id}`;
  const { issues } = ctx.sim.state;
  if (unresolved) return json({ self, issuesUnresolvedCount: issues.filter((i) => i.fixVersions?.includes(v.id) && !isDone(i.statusId)).length });
  return json({ self, issuesFixedCount: issues.filter((i) => i.fixVersions?.includes(v.id)).length, issuesAffectedCount: issues.filter((i) => i.versions?.includes(v.id)).length });
}

/** The version routes. */
export const versionRoutes: readonly Route[] = api(
  ['POST /version', create],
  ['GET /version/:id', (ctx) => {
    const v = find(ctx);
    return v instanceof Response ? v : json(versionJson(ctx, v));
  }],
  ['PUT /version/:id', update],
  ['DELETE /version/:id', remove],
  ['POST /version/:id/move', move],
  ['GET /version/:id/relatedIssueCounts', (ctx) => counts(ctx, false)],
  ['GET /version/:id/unresolvedIssueCount', (ctx) => counts(ctx, true)],
  ['GET /project/:key/versions', (ctx) => {
    const ref = ctx.params['key'] ?? '';
    const p = findProject(ctx, ref);
    return p ? json(projectVersions(ctx, p).map((v) => versionJson(ctx, v))) : noProject(ref);
  }],
  ['GET /project/:key/version', (ctx) => {
    const ref = ctx.params['key'] ?? '';
    const p = findProject(ctx, ref);
    if (!p) return noProject(ref);
    const { startAt, maxResults } = pageParams(ctx);
    return json(paged(projectVersions(ctx, p).map((v) => versionJson(ctx, v)), startAt, maxResults, 'values', `${ctx.baseUrl}/rest/api/2/project/${p.key}/version`));
  }],
);
