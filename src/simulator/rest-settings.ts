/** Instance settings: /application-properties (admin), /configuration, and /mypermissions. */
import { can, requireAdminRead, requireAdminWrite, requireUser } from './access.js';
import { PERMISSIONS } from './catalog.js';
import { jiraError, json } from './responses.js';
import { api, findProject, objectBody, visibleIssue } from './rest-util.js';
import type { Route, RouteContext } from './types.js';

type Ctx = RouteContext;

/** Application properties a fresh install has: key -> [name, description, type, default]. */
const PROPERTIES: Readonly<Record<string, readonly [string, string, string, string]>> = {
  'jira.title': ['Title', 'The name of this Jira installation.', 'string', 'Jira'],
  'jira.baseurl': ['Base URL', 'The base URL of this Jira installation.', 'string', ''],
  'jira.option.voting': ['Voting', 'Allow users to vote on issues.', 'boolean', 'true'],
  'jira.option.watching': ['Watching', 'Allow users to watch issues.', 'boolean', 'true'],
  'jira.option.allowunassigned': ['Allow unassigned issues', 'Allow issues to be unassigned.', 'boolean', 'true'],
  'jira.issue.links.enabled': ['Issue linking', 'Allow issues to be linked.', 'boolean', 'true'],
  'jira.option.timetracking': ['Time tracking', 'Enable time tracking.', 'boolean', 'true'],
  'jira.lf.date.dmy': ['Day/Month/Year format', 'The date format.', 'string', 'dd/MMM/yy'],
  'jira.search.views.default.max': ['Search results limit', 'The maximum number of issues in a search view.', 'number', '1000'],
};

function value(ctx: Ctx, key: string): string {
  if (key === 'jira.title') return ctx.sim.state.appProperties.get(key) ?? ctx.sim.options.serverTitle;
  if (key === 'jira.baseurl') return ctx.sim.state.appProperties.get(key) ?? ctx.baseUrl;
  return ctx.sim.state.appProperties.get(key) ?? PROPERTIES[key]?.[3] ?? '';
}

function propertyJson(ctx: Ctx, key: string): Record<string, unknown> {
  const [name, desc, type, defaultValue] = PROPERTIES[key] ?? [key, '', 'string', ''];
  return { id: key, key, value: value(ctx, key), name, desc, type, defaultValue };
}

function getProperties(ctx: Ctx): Response {
  const denied = requireAdminRead(ctx);
  if (denied) return denied;
  const key = ctx.url.searchParams.get('key');
  if (key !== null) return PROPERTIES[key] ? json(propertyJson(ctx, key)) : jiraError(404, [`Property '${key}' does not exist.`]);
  const filter = ctx.url.searchParams.get('keyFilter');
  return json(Object.keys(PROPERTIES).filter((k) => filter === null || new RegExp(`^${filter.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(k)).map((k) => propertyJson(ctx, k)));
}

function setProperty(ctx: Ctx): Response {
  const denied = requireAdminWrite(ctx);
  if (denied) return denied;
  const key = ctx.params['id'] ?? '';
  if (!PROPERTIES[key]) return jiraError(404, [`Property '${key}' does not exist.`]);
  const body = objectBody(ctx);
  if (typeof body?.['value'] !== 'string') return jiraError(400, ['The property value must be a string.']);
  if (PROPERTIES[key]?.[2] === 'boolean' && !/^(true|false)$/.test(body['value'])) return jiraError(400, [`The value '${body['value']}' is not valid for the property '${key}'.`]);
  ctx.sim.state.appProperties.set(key, body['value']);
  return json(propertyJson(ctx, key));
}

function configuration(ctx: Ctx): Response {
  const on = (key: string): boolean => value(ctx, key) === 'true';
  return json({
    votingEnabled: on('jira.option.voting'),
    watchingEnabled: on('jira.option.watching'),
    unassignedIssuesAllowed: on('jira.option.allowunassigned'),
    subTasksEnabled: true,
    issueLinkingEnabled: on('jira.issue.links.enabled'),
    timeTrackingEnabled: on('jira.option.timetracking'),
    attachmentsEnabled: true,
    timeTrackingConfiguration: { workingHoursPerDay: 8, workingDaysPerWeek: 5, timeFormat: 'pretty', defaultUnit: 'minute' },
  });
}

function myPermissions(ctx: Ctx): Response {
  const q = ctx.url.searchParams;
  const projectRef = q.get('projectKey') ?? q.get('projectId');
  const issueRef = q.get('issueKey') ?? q.get('issueId');
  const issue = issueRef === null ? undefined : visibleIssue(ctx, issueRef);
  if (issueRef !== null && !issue) return jiraError(404, [`Issue '${issueRef}' does not exist.`]);
  const project = projectRef !== null ? findProject(ctx, projectRef) : issue ? ctx.sim.state.projects.get(issue.projectKey) : undefined;
  if (projectRef !== null && !project) return jiraError(404, [`No project could be found with key '${projectRef}'.`]);
  const wanted = (q.get('permissions') ?? '').split(',').filter(Boolean);
  const keys = wanted.length > 0 ? wanted : Object.keys(PERMISSIONS);
  const unknown = keys.find((k) => !PERMISSIONS[k]);
  if (unknown !== undefined) return jiraError(400, [`Could not find permission with key '${unknown}'.`]);
  const permissions = Object.fromEntries(keys.map((key, i) => {
    const [type, name] = PERMISSIONS[key] ?? ['PROJECT', key];
    return [key, { id: String(i + 1), key, name, type, description: name, havePermission: can(ctx, key, project) }];
  }));
  return json({ permissions });
}

/** The settings routes. */
export const settingsRoutes: readonly Route[] = api(
  ['GET /application-properties', getProperties],
  ['GET /application-properties/advanced-settings', (ctx) => requireAdminRead(ctx) ?? json(Object.keys(PROPERTIES).map((k) => propertyJson(ctx, k)))],
  ['PUT /application-properties/:id', setProperty],
  ['GET /configuration', (ctx) => {
    const u = requireUser(ctx);
    return u instanceof Response ? u : configuration(ctx);
  }],
  ['GET /mypermissions', myPermissions],
);
