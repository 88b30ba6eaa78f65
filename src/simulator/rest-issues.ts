/** Issues: get, create (one and bulk), edit, delete, assign, transitions (jira-wire.md 4.5, 4.8). */
import { can, requireUser } from './access.js';
import { createdRef, createIssueFrom } from './issue-create.js';
import { applyEdit, operations } from './issue-edit.js';
import { expandedIssue, expansions } from './issue-expand.js';
import { recorded } from './issue-history.js';
import { parseFieldsParam } from './issue-json.js';
import { readUser } from './issue-values.js';
import { jiraError, json } from './responses.js';
import { api, created, invalidJson, issueParam, noContent, objectBody, projectOf, truthy } from './rest-util.js';
import { RESOLUTIONS } from './catalog.js';
import type { Route, RouteContext } from './types.js';
import { availableTransitions, moveTo, transitionJson } from './workflow.js';

type Ctx = RouteContext;

function getIssue(ctx: Ctx): Response {
  const issue = issueParam(ctx);
  if (issue instanceof Response) return issue;
  return json(expandedIssue(ctx, issue, parseFieldsParam(ctx.url.searchParams.getAll('fields')), expansions(ctx)));
}

function createIssue(ctx: Ctx): Response {
  const user = requireUser(ctx);
  if (user instanceof Response) return user;
  const body = objectBody(ctx);
  if (!body) return invalidJson();
  const result = createIssueFrom(ctx, body);
  if ('errors' in result) return jiraError(result.messages.length > 0 ? 403 : 400, result.messages, result.errors);
  return created(createdRef(ctx, result.issue));
}

function bulkCreate(ctx: Ctx): Response {
  const user = requireUser(ctx);
  if (user instanceof Response) return user;
  const body = objectBody(ctx);
  const updates = body?.['issueUpdates'];
  if (!Array.isArray(updates)) return invalidJson();
  const issues: unknown[] = [];
  const errors: unknown[] = [];
  updates.forEach((u, i) => {
    const result = u && typeof u === 'object' ? createIssueFrom(ctx, u as Record<string, unknown>) : { errors: {}, messages: ['Invalid issue'] };
    if ('issue' in result) issues.push(createdRef(ctx, result.issue));
    else errors.push({ status: result.messages.length > 0 ? 403 : 400, elementErrors: { errorMessages: result.messages, errors: result.errors }, failedElementNumber: i });
  });
  // Jira answers 201 when any issue was made, 400 when none was.
  return json({ issues, errors }, issues.length > 0 || updates.length === 0 ? 201 : 400);
}

function editIssue(ctx: Ctx): Response {
  const issue = issueParam(ctx);
  if (issue instanceof Response) return issue;
  const project = projectOf(ctx, issue);
  if (!can(ctx, 'EDIT_ISSUES', project)) return jiraError(403, ['You do not have permission to edit issues in this project.']);
  const notify = ctx.url.searchParams.get('notifyUsers');
  if (notify !== null && !truthy(notify) && !can(ctx, 'ADMINISTER_PROJECTS', project)) {
    return jiraError(403, ['To discard the user notification either admin or project admin permissions are required.']);
  }
  const body = objectBody(ctx);
  if (!body) return invalidJson();
  const ops = operations((body['fields'] ?? {}) as Record<string, unknown>, (body['update'] ?? {}) as Record<string, unknown>);
  if (typeof ops === 'string') return jiraError(400, [], { [ops]: `Field '${ops}' cannot be set. It is not on the appropriate screen, or unknown.` });
  const errors = applyEdit(ctx, issue, ops, true);
  return errors ? jiraError(400, [], errors) : noContent();
}

function deleteIssue(ctx: Ctx): Response {
  const issue = issueParam(ctx);
  if (issue instanceof Response) return issue;
  if (!can(ctx, 'DELETE_ISSUES', projectOf(ctx, issue))) return jiraError(403, ['You do not have permission to delete issues in this project.']);
  const { state } = ctx.sim;
  const children = state.issues.filter((i) => i.parentId === issue.id);
  if (children.length > 0 && !truthy(ctx.url.searchParams.get('deleteSubtasks'))) {
    return jiraError(400, [`The issue '${issue.key}' has subtasks.  You must specify the 'deleteSubtasks' parameter to delete this issue and all its subtasks.`]);
  }
  for (const child of children) state.removeIssue(child);
  state.removeIssue(issue);
  return noContent();
}

function assign(ctx: Ctx): Response {
  const issue = issueParam(ctx);
  if (issue instanceof Response) return issue;
  if (!can(ctx, 'ASSIGN_ISSUES', projectOf(ctx, issue))) return jiraError(403, ['You do not have permission to assign issues.']);
  const body = objectBody(ctx);
  if (!body) return invalidJson();
  const name = body['name'] ?? body['key'] ?? null;
  const who = readUser(ctx, name === null ? null : { name }, 'assignee', projectOf(ctx, issue)?.lead);
  if (!who.ok) return jiraError(400, [], { assignee: who.error });
  recorded(ctx, issue, ['assignee'], () => { issue.assignee = who.value; });
  issue.updated = ctx.sim.now();
  ctx.sim.state.version++;
  return noContent();
}

function transitions(ctx: Ctx): Response {
  const issue = issueParam(ctx);
  if (issue instanceof Response) return issue;
  const only = ctx.url.searchParams.get('transitionId');
  const withFields = expansions(ctx).has('transitions.fields');
  const list = availableTransitions(issue).filter(([id]) => only === null || id === only).map((t) => transitionJson(ctx.baseUrl, t, withFields));
  return json({ expand: 'transitions', transitions: list });
}

function doTransition(ctx: Ctx): Response {
  const issue = issueParam(ctx);
  if (issue instanceof Response) return issue;
  if (!can(ctx, 'TRANSITION_ISSUES', projectOf(ctx, issue))) return jiraError(403, ['You do not have permission to transition this issue.']);
  const body = objectBody(ctx);
  if (!body) return invalidJson();
  const id = String((body['transition'] as { id?: unknown } | undefined)?.id ?? '');
  const transition = availableTransitions(issue).find(([tid]) => tid === id);
  if (!transition) return jiraError(400, [`Transition id '${id}' is not valid for this issue.`]);
  const fields = { ...((body['fields'] ?? {}) as Record<string, unknown>) };
  const resolution = fields['resolution'] as { id?: unknown; name?: unknown } | undefined;
  delete fields['resolution'];
  const resolutionId = resolution ? Object.entries(RESOLUTIONS).find(([rid, [name]]) => rid === String(resolution.id) || name === resolution.name)?.[0] : undefined;
  if (resolution && !resolutionId) return jiraError(400, [], { resolution: `Resolution '${String(resolution.name ?? resolution.id)}' is not valid.` });
  const ops = operations(fields, (body['update'] ?? {}) as Record<string, unknown>);
  if (typeof ops === 'string') return jiraError(400, [], { [ops]: `Field '${ops}' cannot be set. It is not on the appropriate screen, or unknown.` });
  const errors = applyEdit(ctx, issue, ops, true);
  if (errors) return jiraError(400, [], errors);
  recorded(ctx, issue, ['status', 'resolution'], () => moveTo(issue, transition[2], resolutionId, ctx.sim.now()));
  issue.updated = ctx.sim.now();
  ctx.sim.state.version++;
  return noContent();
}

/** The issue routes under /rest/api/2 and /rest/api/latest. */
export const issueRoutes: readonly Route[] = api(
  ['POST /issue/bulk', bulkCreate],
  ['GET /issue/:key', getIssue],
  ['POST /issue', createIssue],
  ['PUT /issue/:key', editIssue],
  ['DELETE /issue/:key', deleteIssue],
  ['PUT /issue/:key/assignee', assign],
  ['GET /issue/:key/transitions', transitions],
  ['POST /issue/:key/transitions', doTransition],
);
