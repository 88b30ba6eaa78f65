/**
 * Projects: list, get, create (with python-jira's scheme lookups done first), update, delete,
 * archive and restore (jira-wire.md 4.7). Creating and deleting are administrators' writes.
 */
import { can, requireAdminWrite, requireUser } from './access.js';
import { NOTIFICATION_SCHEME, PERMISSION_SCHEME } from './catalog.js';
import { expansions } from './issue-expand.js';
import type { StoredProject } from './model.js';
import { projectJson, projectListJson } from './project-json.js';
import { jiraError, json } from './responses.js';
import { api, created, findProject, invalidJson, noContent, noProject, objectBody } from './rest-util.js';
import { defaultRoles } from './seed-world.js';
import type { Route, RouteContext } from './types.js';

type Ctx = RouteContext;

function list(ctx: Ctx): Response {
  if (!ctx.caller.user) return json([]);
  const expand = expansions(ctx);
  const all = [...ctx.sim.state.projects.values()];
  const shown = ctx.url.searchParams.get('includeArchived') === 'true' ? all : all.filter((p) => !p.archived);
  return json(shown.map((p) => projectListJson(ctx, p, expand)));
}

function getOne(ctx: Ctx): Response {
  const ref = ctx.params['key'] ?? '';
  const p = findProject(ctx, ref);
  if (!p) return noProject(ref);
  return json(projectJson(ctx, p, expansions(ctx)));
}

/** Checks key, name, lead and schemes as Jira's project service does. */
function validate(ctx: Ctx, body: Record<string, unknown>, current?: StoredProject): Record<string, string> {
  const errors: Record<string, string> = {};
  const { state } = ctx.sim;
  const key = body['key'];
  if (!current || key !== undefined) {
    if (typeof key !== 'string' || key === '') errors['projectKey'] = 'You must specify a unique project key, at least 2 characters long, containing only uppercase letters.';
    else if (!/^[A-Z][A-Z0-9_]+$/.test(key)) errors['projectKey'] = 'Project keys must start with an uppercase letter, followed by one or more uppercase alphanumeric characters.';
    else if (key.length > 10) errors['projectKey'] = 'The project key must not exceed 10 characters in length.';
    else if (state.projects.has(key) && state.projects.get(key) !== current) errors['projectKey'] = `Project '${state.projects.get(key)?.name ?? ''}' uses this project key.`;
  }
  const name = body['name'];
  if (!current || name !== undefined) {
    if (typeof name !== 'string' || name.trim() === '') errors['projectName'] = 'You must specify a valid project name.';
    else if ([...state.projects.values()].some((p) => p !== current && p.name.toLowerCase() === name.toLowerCase())) errors['projectName'] = 'A project with that name already exists.';
  }
  const lead = body['lead'] ?? body['leadUserName'];
  if ((!current || lead !== undefined) && (typeof lead !== 'string' || !state.users.has(lead))) errors['projectLead'] = 'The user you have specified as project lead does not exist.';
  if (body['permissionScheme'] !== undefined && String(body['permissionScheme']) !== PERMISSION_SCHEME.id) errors['permissionScheme'] = `The permission scheme with id ${String(body['permissionScheme'])} does not exist.`;
  if (body['notificationScheme'] !== undefined && body['notificationScheme'] !== null && String(body['notificationScheme']) !== NOTIFICATION_SCHEME.id) errors['notificationScheme'] = `The notification scheme with id ${String(body['notificationScheme'])} does not exist.`;
  const type = body['projectTypeKey'];
  if (type !== undefined && !['software', 'business', 'service_desk'].includes(String(type))) errors['projectTypeKey'] = `The project type '${String(type)}' is not valid.`;
  return errors;
}

function create(ctx: Ctx): Response {
  const denied = requireAdminWrite(ctx);
  if (denied) return denied;
  const body = objectBody(ctx);
  if (!body) return invalidJson();
  const errors = validate(ctx, body);
  if (Object.keys(errors).length > 0) return jiraError(400, [], errors);
  const { state } = ctx.sim;
  const key = String(body['key']);
  const project: StoredProject = {
    id: state.nextId('project', 10000),
    key,
    name: String(body['name']),
    description: typeof body['description'] === 'string' ? body['description'] : '',
    lead: String(body['lead'] ?? body['leadUserName']),
    projectTypeKey: typeof body['projectTypeKey'] === 'string' ? body['projectTypeKey'] : 'software',
    url: typeof body['url'] === 'string' ? body['url'] : '',
    assigneeType: body['assigneeType'] === 'PROJECT_LEAD' ? 'PROJECT_LEAD' : 'UNASSIGNED',
    archived: false,
    permissionScheme: PERMISSION_SCHEME.id,
    notificationScheme: NOTIFICATION_SCHEME.id,
    categoryId: body['categoryId'] === undefined ? undefined : String(body['categoryId']),
    roles: defaultRoles(),
    counter: 1,
  };
  state.projects.set(key, project);
  state.version++;
  return created({ self: `${ctx.baseUrl}/rest/api/2/project/${project.id}`, id: Number(project.id), key });
}

function update(ctx: Ctx): Response {
  const user = requireUser(ctx);
  if (user instanceof Response) return user;
  const ref = ctx.params['key'] ?? '';
  const p = findProject(ctx, ref);
  if (!p) return noProject(ref);
  if (!can(ctx, 'ADMINISTER_PROJECTS', p)) return jiraError(403, ['You cannot edit the configuration of this project.']);
  const body = objectBody(ctx);
  if (!body) return invalidJson();
  const errors = validate(ctx, body, p);
  if (Object.keys(errors).length > 0) return jiraError(400, [], errors);
  const { state } = ctx.sim;
  if (typeof body['key'] === 'string' && body['key'] !== p.key) return jiraError(400, [], { projectKey: 'Changing the project key is not supported by the jirakit simulator.' });
  if (typeof body['name'] === 'string') p.name = body['name'];
  if (typeof body['description'] === 'string') p.description = body['description'];
  if (typeof body['lead'] === 'string') p.lead = body['lead'];
  if (typeof body['url'] === 'string') p.url = body['url'];
  if (body['assigneeType'] === 'PROJECT_LEAD' || body['assigneeType'] === 'UNASSIGNED') p.assigneeType = body['assigneeType'];
  state.version++;
  // Jira answers an update with 201 and the project.
  return created(projectJson(ctx, p));
}

function remove(ctx: Ctx): Response {
  const denied = requireAdminWrite(ctx);
  if (denied) return denied;
  const ref = ctx.params['key'] ?? '';
  const p = findProject(ctx, ref);
  if (!p) return noProject(ref);
  const { state } = ctx.sim;
  for (const issue of state.issues.filter((i) => i.projectKey === p.key)) state.removeIssue(issue);
  for (const [id, c] of state.components) if (c.projectKey === p.key) state.components.delete(id);
  for (const [id, v] of state.versions) if (v.projectKey === p.key) state.versions.delete(id);
  state.projects.delete(p.key);
  state.version++;
  return noContent();
}

function archive(archived: boolean): (ctx: Ctx) => Response {
  return (ctx) => {
    const denied = requireAdminWrite(ctx);
    if (denied) return denied;
    const ref = ctx.params['key'] ?? '';
    const p = ctx.caller.user ? [...ctx.sim.state.projects.values()].find((x) => x.key === ref.toUpperCase() || x.id === ref) : undefined;
    if (!p) return noProject(ref);
    p.archived = archived;
    ctx.sim.state.version++;
    return archived ? noContent() : json(projectJson(ctx, p));
  };
}

/** The project routes. */
export const projectRoutes: readonly Route[] = api(
  ['GET /project', list],
  ['POST /project', create],
  ['GET /project/:key', getOne],
  ['PUT /project/:key', update],
  ['DELETE /project/:key', remove],
  ['PUT /project/:key/archive', archive(true)],
  ['POST /project/:key/archive', archive(true)],
  ['PUT /project/:key/restore', archive(false)],
  ['POST /project/:key/restore', archive(false)],
);
