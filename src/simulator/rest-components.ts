/** Components: create, get, update, delete (moving issues), related issue counts, a project's list. */
import { can, requireUser } from './access.js';
import type { StoredComponent } from './model.js';
import { componentJson } from './project-json.js';
import { jiraError, json } from './responses.js';
import { api, created, findProject, invalidJson, noContent, noProject, objectBody } from './rest-util.js';
import type { Route, RouteContext } from './types.js';

type Ctx = RouteContext;

const ASSIGNEE_TYPES = ['PROJECT_DEFAULT', 'COMPONENT_LEAD', 'PROJECT_LEAD', 'UNASSIGNED'];

function find(ctx: Ctx): StoredComponent | Response {
  const c = ctx.caller.user ? ctx.sim.state.components.get(ctx.params['id'] ?? '') : undefined;
  return c ?? jiraError(404, [`The component with id ${ctx.params['id'] ?? ''} does not exist.`]);
}

function mayAdminister(ctx: Ctx, projectKey: string): Response | undefined {
  const user = requireUser(ctx);
  if (user instanceof Response) return user;
  return can(ctx, 'ADMINISTER_PROJECTS', ctx.sim.state.projects.get(projectKey)) ? undefined : jiraError(403, ['The user does not have permission to administer this project.']);
}

/** Applies name, description, lead and assignee type from a body; errors when invalid. */
function apply(ctx: Ctx, c: StoredComponent, body: Record<string, unknown>): Record<string, string> {
  const errors: Record<string, string> = {};
  const { state } = ctx.sim;
  if (body['name'] !== undefined) {
    const name = body['name'];
    if (typeof name !== 'string' || name.trim() === '') errors['name'] = 'The component name specified is invalid - cannot be empty.';
    else if ([...state.components.values()].some((o) => o !== c && o.projectKey === c.projectKey && o.name.toLowerCase() === name.toLowerCase())) errors['name'] = `A component with the name ${name} already exists in this project.`;
  }
  const lead = body['leadUserName'] ?? (body['lead'] as { name?: unknown } | undefined)?.name;
  if (lead !== undefined && lead !== null && lead !== '' && !state.users.has(String(lead))) errors['leadUserName'] = `The user ${String(lead)} does not exist.`;
  if (body['assigneeType'] !== undefined && !ASSIGNEE_TYPES.includes(String(body['assigneeType']))) errors['assigneeType'] = 'The assignee type is invalid.';
  if (Object.keys(errors).length > 0) return errors;
  if (typeof body['name'] === 'string') c.name = body['name'];
  if (typeof body['description'] === 'string') c.description = body['description'];
  if (lead !== undefined) c.lead = lead === null || lead === '' ? undefined : String(lead);
  if (typeof body['assigneeType'] === 'string') c.assigneeType = body['assigneeType'];
  return errors;
}

function create(ctx: Ctx): Response {
  const body = objectBody(ctx);
  if (!body) return invalidJson();
  const ref = String(body['project'] ?? body['projectId'] ?? '');
  const p = findProject(ctx, ref);
  if (!p) return ctx.caller.user ? jiraError(404, [`No project could be found with key '${ref}'.`]) : jiraError(401, ['You are not authenticated. Authentication required to perform this operation.']);
  const denied = mayAdminister(ctx, p.key);
  if (denied) return denied;
  if (typeof body['name'] !== 'string') return jiraError(400, [], { name: 'The component name specified is invalid - cannot be empty.' });
  const c: StoredComponent = { id: ctx.sim.state.nextId('component', 10000), projectKey: p.key, name: '', description: '', assigneeType: 'PROJECT_DEFAULT' };
  const errors = apply(ctx, c, body);
  if (Object.keys(errors).length > 0) return jiraError(400, [], errors);
  ctx.sim.state.components.set(c.id, c);
  return created(componentJson(ctx, c));
}

function update(ctx: Ctx): Response {
  const c = find(ctx);
  if (c instanceof Response) return c;
  const denied = mayAdminister(ctx, c.projectKey);
  if (denied) return denied;
  const body = objectBody(ctx);
  if (!body) return invalidJson();
  const copy = { ...c };
  const errors = apply(ctx, copy, body);
  if (Object.keys(errors).length > 0) return jiraError(400, [], errors);
  Object.assign(c, copy);
  ctx.sim.state.version++;
  return json(componentJson(ctx, c));
}

function remove(ctx: Ctx): Response {
  const c = find(ctx);
  if (c instanceof Response) return c;
  const denied = mayAdminister(ctx, c.projectKey);
  if (denied) return denied;
  const moveTo = ctx.url.searchParams.get('moveIssuesTo');
  const target = moveTo === null ? undefined : ctx.sim.state.components.get(moveTo.split('/').pop() ?? '');
  if (moveTo !== null && (!target || target.projectKey !== c.projectKey)) return jiraError(404, [`The component with id ${moveTo} does not exist.`]);
  for (const issue of ctx.sim.state.issues) {
    if (!issue.components?.includes(c.id)) continue;
    const rest = issue.components.filter((id) => id !== c.id);
    issue.components = target && !rest.includes(target.id) ? [...rest, target.id] : rest;
  }
  ctx.sim.state.components.delete(c.id);
  ctx.sim.state.version++;
  return noContent();
}

/** The component routes. */
export const componentRoutes: readonly Route[] = api(
  ['POST /component', create],
  ['GET /component/:id', (ctx) => {
    const c = find(ctx);
    return c instanceof Response ? c : json(componentJson(ctx, c));
  }],
  ['PUT /component/:id', update],
  ['DELETE /component/:id', remove],
  ['GET /component/:id/relatedIssueCounts', (ctx) => {
    const c = find(ctx);
    if (c instanceof Response) return c;
    return json({ self: `${ctx.baseUrl}/rest/api/2/component/${c.id}`, issueCount: ctx.sim.state.issues.filter((i) => i.components?.includes(c.id)).length });
  }],
  ['GET /project/:key/components', (ctx) => {
    const ref = ctx.params['key'] ?? '';
    const p = findProject(ctx, ref);
    if (!p) return noProject(ref);
    return json([...ctx.sim.state.components.values()].filter((c) => c.projectKey === p.key).map((c) => componentJson(ctx, c)));
  }],
);
