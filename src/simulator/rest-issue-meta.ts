/**
 * createmeta (the classic one with projectKeys/issuetypeNames and expand=projects.issuetypes.fields,
 * and Jira 8.4+'s paged /createmeta/{project}/issuetypes[/{id}]) and editmeta.
 */
import { CUSTOM_FIELDS, FIELD_OPTIONS } from './catalog.js';
import { fieldMeta, FIELDS, type FieldDef } from './fields.js';
import { editableFields } from './issue-expand.js';
import { issueTypeJson, priorityJson } from './issue-json.js';
import type { StoredProject } from './model.js';
import { projectAvatars } from './project-json.js';
import { json } from './responses.js';
import { api, findProject, issueParam, noProject, paged, pageParams } from './rest-util.js';
import { ISSUE_TYPES, PRIORITIES, SUBTASK_TYPE } from './seed.js';
import type { Route, RouteContext } from './types.js';

type Ctx = RouteContext;

const REQUIRED = new Set(['summary', 'issuetype', 'project', 'reporter']);
const CREATE_FIELDS = ['summary', 'issuetype', 'project', 'priority', 'assignee', 'reporter', 'duedate', 'description', 'environment', 'labels', 'components', 'fixVersions', 'versions', 'timetracking', 'attachment', 'issuelinks', ...Object.keys(CUSTOM_FIELDS)];

function allowed(ctx: Ctx, p: StoredProject, f: FieldDef): unknown[] | undefined {
  const { state } = ctx.sim;
  if (f.id === 'priority') return Object.keys(PRIORITIES).map((id) => priorityJson(ctx.baseUrl, id));
  if (f.id === 'components') return [...state.components.values()].filter((c) => c.projectKey === p.key).map((c) => ({ self: `${ctx.baseUrl}/rest/api/2/component/${c.id}`, id: c.id, name: c.name }));
  if (f.id === 'fixVersions' || f.id === 'versions') return [...state.versions.values()].filter((v) => v.projectKey === p.key).map((v) => ({ self: `${ctx.baseUrl}/rest/api/2/version/${v.id}`, id: v.id, name: v.name, archived: v.archived, released: v.released }));
  const options = Object.entries(FIELD_OPTIONS).filter(([, [field]]) => field === f.id);
  return options.length > 0 ? options.map(([id, [, value]]) => ({ self: `${ctx.baseUrl}/rest/api/2/customFieldOption/${id}`, value, id })) : undefined;
}

/** The create fields of an issue type in a project. */
function createFields(ctx: Ctx, p: StoredProject, typeId: string): Record<string, unknown> {
  const names = typeId === SUBTASK_TYPE ? [...CREATE_FIELDS, 'parent'] : CREATE_FIELDS;
  return Object.fromEntries(names.flatMap((id) => {
    const f = FIELDS.get(id);
    return f ? [[id, fieldMeta(f, REQUIRED.has(id) || id === 'parent', allowed(ctx, p, f))]] : [];
  }));
}

function createmeta(ctx: Ctx): Response {
  const q = ctx.url.searchParams;
  const list = (name: string): string[] => q.getAll(name).flatMap((v) => v.split(',')).filter(Boolean);
  const keys = list('projectKeys').map((k) => k.toUpperCase());
  const ids = list('projectIds');
  const typeIds = list('issuetypeIds');
  const typeNames = list('issuetypeNames').map((n) => n.toLowerCase());
  const withFields = (q.get('expand') ?? '').includes('projects.issuetypes.fields');
  const projects = ctx.caller.user ? [...ctx.sim.state.projects.values()].filter((p) => !p.archived && ((keys.length === 0 && ids.length === 0) || keys.includes(p.key) || ids.includes(p.id))) : [];
  const types = Object.keys(ISSUE_TYPES).filter((id) => (typeIds.length === 0 && typeNames.length === 0) || typeIds.includes(id) || typeNames.includes((ISSUE_TYPES[id] ?? '').toLowerCase()));
  return json({
    expand: 'projects',
    projects: projects.map((p) => ({
      expand: 'issuetypes',
      self: `${ctx.baseUrl}/rest/api/2/project/${p.id}`,
      id: p.id,
      key: p.key,
      name: p.name,
      avatarUrls: projectAvatars(ctx.baseUrl, p.id),
      issuetypes: types.map((id) => ({ ...issueTypeJson(ctx.baseUrl, id), expand: 'fields', ...(withFields ? { fields: createFields(ctx, p, id) } : {}) })),
    })),
  });
}

function projectTypes(ctx: Ctx): Response {
  const ref = ctx.params['key'] ?? '';
  const p = findProject(ctx, ref);
  if (!p) return noProject(ref);
  const { startAt, maxResults } = pageParams(ctx);
  return json(paged(Object.keys(ISSUE_TYPES).map((id) => issueTypeJson(ctx.baseUrl, id)), startAt, maxResults));
}

function projectTypeFields(ctx: Ctx): Response {
  const ref = ctx.params['key'] ?? '';
  const p = findProject(ctx, ref);
  if (!p) return noProject(ref);
  const typeId = ctx.params['type'] ?? '';
  if (!ISSUE_TYPES[typeId]) return json({ errorMessages: [`Issue type with id '${typeId}' does not exist.`], errors: {} }, 404);
  const { startAt, maxResults } = pageParams(ctx);
  const values = Object.entries(createFields(ctx, p, typeId)).map(([fieldId, meta]) => ({ ...(meta as Record<string, unknown>), fieldId }));
  return json(paged(values, startAt, maxResults));
}

/** The issue metadata routes. */
export const issueMetaRoutes: readonly Route[] = api(
  ['GET /issue/createmeta', createmeta],
  ['GET /issue/createmeta/:key/issuetypes', projectTypes],
  ['GET /issue/createmeta/:key/issuetypes/:type', projectTypeFields],
  ['GET /issue/:key/editmeta', (ctx) => {
    const issue = issueParam(ctx);
    return issue instanceof Response ? issue : json({ fields: editableFields() });
  }],
);
