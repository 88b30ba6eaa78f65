/**
 * The lookups around projects that python-jira's create_project does first and admins' scripts
 * read: permission and notification schemes, issue security schemes, project categories, project
 * templates, issue type schemes, system avatars, and a project's schemes and statuses.
 */
import { requireAdminRead, requireUser } from './access.js';
import { NOTIFICATION_SCHEME, PERMISSION_SCHEME } from './catalog.js';
import { issueTypeJson, statusJson } from './issue-json.js';
import { jiraError, json } from './responses.js';
import { api, findProject, noProject } from './rest-util.js';
import { systemAvatars } from './rest-avatars.js';
import { route } from './router.js';
import { ISSUE_TYPES, PRIORITIES, STATUSES } from './seed.js';
import type { Handler, Route, RouteContext } from './types.js';

type Ctx = RouteContext;

const permissionScheme = (ctx: Ctx): Record<string, unknown> => ({ expand: 'permissions,user,group,projectRole,field,all', id: Number(PERMISSION_SCHEME.id), self: `${ctx.baseUrl}/rest/api/2/permissionscheme/${PERMISSION_SCHEME.id}`, name: PERMISSION_SCHEME.name, description: PERMISSION_SCHEME.description });
const notificationScheme = (ctx: Ctx): Record<string, unknown> => ({ expand: 'notificationSchemeEvents,user,group,projectRole,field,all', id: Number(NOTIFICATION_SCHEME.id), self: `${ctx.baseUrl}/rest/api/2/notificationscheme/${NOTIFICATION_SCHEME.id}`, name: NOTIFICATION_SCHEME.name, description: NOTIFICATION_SCHEME.description });

/** Needs a logged-in user; `then` answers. */
const user = (then: Handler): Handler => (ctx) => {
  const u = requireUser(ctx);
  return u instanceof Response ? u : then(ctx);
};

/** Needs an administrator; `then` answers. */
const admin = (then: Handler): Handler => (ctx) => requireAdminRead(ctx) ?? then(ctx);

/** A project sub-resource: the project or its 404. */
const ofProject = (then: (ctx: Ctx, id: string) => Response): Handler => (ctx) => {
  const ref = ctx.params['key'] ?? '';
  const p = findProject(ctx, ref);
  return p ? then(ctx, p.id) : noProject(ref);
};

const TEMPLATES = [
  ['com.pyxis.greenhopper.jira:gh-scrum-template', 'Scrum software development', 'software'],
  ['com.pyxis.greenhopper.jira:gh-kanban-template', 'Kanban software development', 'software'],
  ['com.pyxis.greenhopper.jira:basic-software-development-template', 'Basic software development', 'software'],
  ['com.atlassian.jira-core-project-templates:jira-core-task-management', 'Task management', 'business'],
] as const;

function templates(): Response {
  const byType = ['software', 'business'].map((type) => ({
    projectTypeBean: { projectTypeKey: type, projectTypeDisplayKey: type === 'software' ? 'Software' : 'Business' },
    projectTemplates: TEMPLATES.filter(([, , t]) => t === type).map(([key, name, t]) => ({ projectTemplateModuleCompleteKey: key, name, description: '', projectTypeKey: t, weight: 10 })),
  }));
  return json({ projectTemplatesGroupedByType: byType });
}

function projectStatuses(ctx: Ctx): Response {
  const statuses = Object.keys(STATUSES).map((id) => statusJson(ctx.baseUrl, id));
  return json(Object.keys(ISSUE_TYPES).map((id) => ({ ...issueTypeJson(ctx.baseUrl, id), statuses })));
}

const priorityScheme = (ctx: Ctx): Record<string, unknown> => ({ expand: 'priorities,projectKeys', self: `${ctx.baseUrl}/rest/api/2/priorityschemes/1`, id: 1, name: 'Default priority scheme', description: 'This is default priority scheme used by all projects without any other scheme assigned.', defaultOptionId: '3', optionIds: Object.keys(PRIORITIES), defaultScheme: true });

/** The scheme and lookup routes. */
export const schemeRoutes: readonly Route[] = [
  ...api(
    ['GET /permissionscheme', user((ctx) => json({ permissionSchemes: [permissionScheme(ctx)] }))],
    ['GET /permissionscheme/:id', user((ctx) => (ctx.params['id'] === PERMISSION_SCHEME.id ? json(permissionScheme(ctx)) : jiraError(404, [`A permission scheme with id ${ctx.params['id'] ?? ''} does not exist.`])))],
    ['GET /notificationscheme', user((ctx) => json({ maxResults: 50, startAt: 0, total: 1, isLast: true, values: [notificationScheme(ctx)] }))],
    ['GET /notificationscheme/:id', user((ctx) => (ctx.params['id'] === NOTIFICATION_SCHEME.id ? json(notificationScheme(ctx)) : jiraError(404, [`Notification scheme with id ${ctx.params['id'] ?? ''} not found.`])))],
    ['GET /issuesecurityschemes', admin(() => json({ issueSecuritySchemes: [] }))],
    ['GET /projectCategory', user(() => json([]))],
    ['GET /avatar/project/system', user((ctx) => json({ system: systemAvatars(ctx, 'project', undefined) }))],
    ['GET /issuetypescheme', admin((ctx) => json({ schemes: [{ id: '10000', name: 'Default Issue Type Scheme', description: 'Default issue type scheme is the list of global issue types. All newly created issue types will automatically be added to this scheme.', defaultIssueTypeId: '10002', issueTypeIds: Object.keys(ISSUE_TYPES), self: `${ctx.baseUrl}/rest/api/2/issuetypescheme/10000` }] }))],
    ['GET /issuetypescheme/:id/associations', admin((ctx) => json([...ctx.sim.state.projects.values()].map((p) => ({ self: `${ctx.baseUrl}/rest/api/2/project/${p.id}`, id: p.id, key: p.key, name: p.name }))))],
    ['GET /project/:key/permissionscheme', ofProject((ctx) => json(permissionScheme(ctx)))],
    ['GET /project/:key/notificationscheme', ofProject((ctx) => json(notificationScheme(ctx)))],
    ['GET /project/:key/issuesecuritylevelscheme', ofProject(() => jiraError(404, ['No issue security level scheme is associated with this project.']))],
    ['GET /project/:key/priorityscheme', ofProject((ctx) => json(priorityScheme(ctx)))],
    ['GET /project/:key/statuses', ofProject((ctx) => projectStatuses(ctx))],
    ['GET /project/:key/workflowscheme', ofProject((ctx) => {
      const p = [...ctx.sim.state.projects.values()].find((x) => x.key === (ctx.params['key'] ?? '').toUpperCase() || x.id === ctx.params['key']);
      return json({ id: 10000 + Number(p?.id ?? 0), name: `${p?.key ?? ''}: Software Simplified Workflow Scheme`, description: 'Generated by JIRA Software version 1001.0.0-SNAPSHOT.', defaultWorkflow: 'jira', issueTypeMappings: {}, self: `${ctx.baseUrl}/rest/api/2/workflowscheme/${10000 + Number(p?.id ?? 0)}` });
    })],
  ),
  route('GET /rest/project-templates/latest/templates', user(templates)),
  route('GET /rest/project-templates/1.0/templates', user(templates)),
];
