/**
 * Worklogs with the remaining-estimate adjustments (adjustEstimate=auto|leave|new|manual with
 * newEstimate, reduceBy on add and increaseBy on delete), as Jira's WorklogResource does.
 */
import { can } from './access.js';
import { parseDuration } from './duration.js';
import { recordWorklog } from './issue-history.js';
import { worklogJson } from './issue-json.js';
import type { StoredWorklog } from './model.js';
import { jiraError, json } from './responses.js';
import { api, created, invalidJson, issueParam, noContent, objectBody, projectOf, touch } from './rest-util.js';
import type { StoredIssue } from './seed.js';
import type { Route, RouteContext } from './types.js';

type Ctx = RouteContext;

const spentOf = (issue: StoredIssue): number => (issue.worklogs ?? []).reduce((sum, w) => sum + w.timeSpentSeconds, 0);

function list(ctx: Ctx): Response {
  const issue = issueParam(ctx);
  if (issue instanceof Response) return issue;
  const worklogs = (issue.worklogs ?? []).map((w) => worklogJson(ctx, issue, w));
  return json({ startAt: 0, maxResults: worklogs.length, total: worklogs.length, worklogs });
}

/** Applies adjustEstimate to the remaining estimate; `sign` -1 on add, +1 on delete. An error text when a needed value is missing. */
function adjust(ctx: Ctx, issue: StoredIssue, seconds: number, sign: -1 | 1): string | undefined {
  const q = ctx.url.searchParams;
  const mode = q.get('adjustEstimate') ?? 'auto';
  const current = issue.remainingEstimate ?? 0;
  if (mode === 'leave') return undefined;
  if (mode === 'new') {
    const value = parseDuration(q.get('newEstimate') ?? '');
    if (value === undefined) return "You must supply a valid new estimate with the 'newEstimate' parameter when specifying 'new' for the 'adjustEstimate' parameter.";
    issue.remainingEstimate = value;
    return undefined;
  }
  if (mode === 'manual') {
    const name = sign < 0 ? 'reduceBy' : 'increaseBy';
    const value = parseDuration(q.get(name) ?? '');
    if (value === undefined) return `You must supply a valid amount with the '${name}' parameter when specifying 'manual' for the 'adjustEstimate' parameter.`;
    issue.remainingEstimate = Math.max(0, current + sign * value);
    return undefined;
  }
  if (issue.remainingEstimate !== undefined || sign < 0) issue.remainingEstimate = Math.max(0, current + sign * seconds);
  return undefined;
}

function readSpent(body: Record<string, unknown>): number | string {
  if (typeof body['timeSpentSeconds'] === 'number' || typeof body['timeSpentSeconds'] === 'string') {
    const n = Number(body['timeSpentSeconds']);
    return Number.isInteger(n) && n > 0 ? n : 'Invalid time duration entered.';
  }
  if (typeof body['timeSpent'] !== 'string') return 'You must indicate the time spent working.';
  return parseDuration(body['timeSpent']) ?? 'Invalid time duration entered.';
}

function readStarted(body: Record<string, unknown>, fallback: number): number | undefined {
  if (body['started'] === undefined) return fallback;
  const ms = typeof body['started'] === 'string' ? Date.parse(body['started'].replace(/([+-]\d\d)(\d\d)$/, '$1:$2')) : NaN;
  return Number.isNaN(ms) ? undefined : ms;
}

function add(ctx: Ctx): Response {
  const issue = issueParam(ctx);
  if (issue instanceof Response) return issue;
  if (!can(ctx, 'WORK_ON_ISSUES', projectOf(ctx, issue))) return jiraError(403, ['You do not have the permission to log work on this issue.']);
  const body = objectBody(ctx);
  if (!body) return invalidJson();
  const spent = readSpent(body);
  if (typeof spent === 'string') return jiraError(400, [], { timeLogged: spent });
  const now = ctx.sim.now();
  const started = readStarted(body, now);
  if (started === undefined) return jiraError(400, [], { started: 'Invalid start date.' });
  const before = { spent: spentOf(issue), estimate: issue.remainingEstimate };
  const problem = adjust(ctx, issue, spent, -1);
  if (problem) return jiraError(400, [problem]);
  const user = ctx.caller.user?.name ?? '';
  const worklog: StoredWorklog = { id: ctx.sim.state.nextId('worklog', 10000), author: user, updateAuthor: user, comment: typeof body['comment'] === 'string' ? body['comment'] : '', started, timeSpentSeconds: spent, created: now, updated: now };
  issue.worklogs = [...(issue.worklogs ?? []), worklog];
  recordWorklog(ctx, issue, before, worklog.id, false);
  touch(ctx, issue);
  return created(worklogJson(ctx, issue, worklog));
}

function find(ctx: Ctx): { issue: StoredIssue; worklog: StoredWorklog } | Response {
  const issue = issueParam(ctx);
  if (issue instanceof Response) return issue;
  const worklog = issue.worklogs?.find((w) => w.id === ctx.params['id']);
  return worklog ? { issue, worklog } : jiraError(404, [`Cannot find worklog with id: '${ctx.params['id'] ?? ''}'.`]);
}

function mayChange(ctx: Ctx, issue: StoredIssue, w: StoredWorklog, verb: 'EDIT' | 'DELETE'): boolean {
  const project = projectOf(ctx, issue);
  return can(ctx, `${verb}_ALL_WORKLOGS`, project) || (w.author === ctx.caller.user?.name && can(ctx, `${verb}_OWN_WORKLOGS`, project));
}

function getOne(ctx: Ctx): Response {
  const found = find(ctx);
  return found instanceof Response ? found : json(worklogJson(ctx, found.issue, found.worklog));
}

function update(ctx: Ctx): Response {
  const found = find(ctx);
  if (found instanceof Response) return found;
  const { issue, worklog } = found;
  if (!mayChange(ctx, issue, worklog, 'EDIT')) return jiraError(403, ['You do not have the permission to edit this worklog.']);
  const body = objectBody(ctx);
  if (!body) return invalidJson();
  const spent = body['timeSpent'] === undefined && body['timeSpentSeconds'] === undefined ? worklog.timeSpentSeconds : readSpent(body);
  if (typeof spent === 'string') return jiraError(400, [], { timeLogged: spent });
  const started = readStarted(body, worklog.started);
  if (started === undefined) return jiraError(400, [], { started: 'Invalid start date.' });
  // auto moves the estimate by the difference; the other modes as on add.
  const before = { spent: spentOf(issue), estimate: issue.remainingEstimate };
  const problem = adjust(ctx, issue, spent - worklog.timeSpentSeconds, -1);
  if (problem) return jiraError(400, [problem]);
  Object.assign(worklog, { timeSpentSeconds: spent, started, updated: ctx.sim.now(), updateAuthor: ctx.caller.user?.name ?? worklog.updateAuthor });
  if (typeof body['comment'] === 'string') worklog.comment = body['comment'];
  recordWorklog(ctx, issue, before, worklog.id, false);
  touch(ctx, issue);
  return json(worklogJson(ctx, issue, worklog));
}

function remove(ctx: Ctx): Response {
  const found = find(ctx);
  if (found instanceof Response) return found;
  const { issue, worklog } = found;
  if (!mayChange(ctx, issue, worklog, 'DELETE')) return jiraError(403, ['You do not have the permission to delete this worklog.']);
  const before = { spent: spentOf(issue), estimate: issue.remainingEstimate };
  const problem = adjust(ctx, issue, worklog.timeSpentSeconds, 1);
  if (problem) return jiraError(400, [problem]);
  issue.worklogs = (issue.worklogs ?? []).filter((w) => w !== worklog);
  recordWorklog(ctx, issue, before, worklog.id, true);
  touch(ctx, issue);
  return noContent();
}

/** The worklog routes. */
export const worklogRoutes: readonly Route[] = api(
  ['GET /issue/:key/worklog', list],
  ['POST /issue/:key/worklog', add],
  ['GET /issue/:key/worklog/:id', getOne],
  ['PUT /issue/:key/worklog/:id', update],
  ['DELETE /issue/:key/worklog/:id', remove],
);
