/**
 * Sprints: create on a scrum board, read, update (PUT whole, POST partial) through future → active
 * → closed, delete, list a board's, and the issues of a sprint. Completing a sprint sends its
 * unfinished issues to the backlog, as Jira Software does when no next sprint is chosen.
 */
import { requireUser } from './access.js';
import { SPRINT_FIELD } from './catalog.js';
import { recorded } from './issue-history.js';
import { agile, boardIssues, boardParam, issuePage, mayManageSprints, sprintJson } from './agile-util.js';
import type { StoredSprint } from './model.js';
import { jiraError, json } from './responses.js';
import { created, invalidJson, noContent, objectBody, paged, pageParams, visibleIssue } from './rest-util.js';
import type { Route, RouteContext } from './types.js';
import { isDone } from './workflow.js';

type Ctx = RouteContext;

function sprintParam(ctx: Ctx): StoredSprint | Response {
  const s = ctx.caller.user ? ctx.sim.state.sprints.get(ctx.params['id'] ?? '') : undefined;
  return s ?? jiraError(404, [`Sprint with id ${ctx.params['id'] ?? ''} does not exist or you do not have permission to see it.`]);
}

function mayManage(ctx: Ctx, s: StoredSprint): Response | undefined {
  const board = ctx.sim.state.boards.get(s.originBoardId);
  if (!board || !mayManageSprints(ctx, board)) return jiraError(403, ['You do not have the Manage Sprints permission on this board.']);
  return undefined;
}

const DATE = (v: unknown): boolean => typeof v === 'string' && !Number.isNaN(Date.parse(v.replace(/([+-]\d\d)(\d\d)$/, '$1:$2')));

function create(ctx: Ctx): Response {
  const me = requireUser(ctx);
  if (me instanceof Response) return me;
  const body = objectBody(ctx);
  if (!body) return invalidJson();
  const board = ctx.sim.state.boards.get(String(body['originBoardId'] ?? ''));
  if (!board) return jiraError(400, [], { originBoardId: 'The board does not exist or you do not have permission to see it.' });
  if (board.type !== 'scrum') return jiraError(400, ['Sprints are only supported on scrum boards.']);
  if (!mayManageSprints(ctx, board)) return jiraError(403, ['You do not have the Manage Sprints permission on this board.']);
  if (typeof body['name'] !== 'string' || body['name'].trim() === '') return jiraError(400, [], { name: 'Sprint name is required.' });
  for (const key of ['startDate', 'endDate']) if (body[key] !== undefined && !DATE(body[key])) return jiraError(400, [], { [key]: 'Invalid date.' });
  const sprint: StoredSprint = { id: ctx.sim.state.nextId('sprint', 1), name: body['name'], state: 'future', originBoardId: board.id, goal: typeof body['goal'] === 'string' ? body['goal'] : '', startDate: body['startDate'] as string | undefined, endDate: body['endDate'] as string | undefined };
  ctx.sim.state.sprints.set(sprint.id, sprint);
  return created(sprintJson(ctx, sprint));
}

/** Applies a state change and fields; an error answer for a transition Jira refuses. */
function change(ctx: Ctx, s: StoredSprint, body: Record<string, unknown>): Response | undefined {
  const next = body['state'] === undefined ? s.state : String(body['state']);
  if (!['future', 'active', 'closed'].includes(next)) return jiraError(400, [], { state: `Invalid sprint state '${next}'.` });
  if (s.state === 'closed' && (next !== 'closed' || body['startDate'] !== undefined || body['endDate'] !== undefined)) return jiraError(400, ['A closed sprint cannot be changed.']);
  if (next === 'closed' && s.state === 'future') return jiraError(400, ['A sprint that has not started cannot be completed.']);
  if (next === 'future' && s.state === 'active') return jiraError(400, ['An active sprint cannot be moved back to future.']);
  for (const key of ['startDate', 'endDate']) if (body[key] !== undefined && !DATE(body[key])) return jiraError(400, [], { [key]: 'Invalid date.' });
  const start = (body['startDate'] as string | undefined) ?? s.startDate;
  const end = (body['endDate'] as string | undefined) ?? s.endDate;
  if (next === 'active' && s.state === 'future' && (!start || !end)) return jiraError(400, ['A sprint must have a start date and an end date before it can be started.']);
  if (typeof body['name'] === 'string') s.name = body['name'];
  if (typeof body['goal'] === 'string') s.goal = body['goal'];
  s.startDate = start;
  s.endDate = end;
  if (next === 'closed' && s.state === 'active') {
    s.completeDate = new Date(ctx.sim.now()).toISOString();
    for (const i of ctx.sim.state.issues) if (i.sprintId === s.id && !isDone(i.statusId)) recorded(ctx, i, [SPRINT_FIELD], () => { i.sprintId = undefined; });
  }
  s.state = next as StoredSprint['state'];
  ctx.sim.state.version++;
  return undefined;
}

function update(ctx: Ctx): Response {
  const s = sprintParam(ctx);
  if (s instanceof Response) return s;
  const denied = mayManage(ctx, s);
  if (denied) return denied;
  const body = objectBody(ctx);
  if (!body) return invalidJson();
  const copy = { ...s };
  const problem = change(ctx, copy, body);
  if (problem) return problem;
  Object.assign(s, copy);
  return json(sprintJson(ctx, s));
}

function addIssues(ctx: Ctx): Response {
  const s = sprintParam(ctx);
  if (s instanceof Response) return s;
  const keys = objectBody(ctx)?.['issues'];
  if (!Array.isArray(keys) || keys.length > 50) return jiraError(400, ['Give at most 50 issues in "issues".']);
  if (s.state === 'closed') return jiraError(400, ['Issues cannot be moved to a closed sprint.']);
  const issues = keys.map((k) => visibleIssue(ctx, String(k)));
  if (issues.some((i) => !i)) return jiraError(400, ['Issue does not exist or you do not have permission to see it.']);
  for (const i of issues) if (i && i.sprintId !== s.id) recorded(ctx, i, [SPRINT_FIELD], () => { i.sprintId = s.id; });
  ctx.sim.state.version++;
  return noContent();
}

/** The sprint routes. */
export const sprintRoutes: readonly Route[] = agile(
  ['POST /sprint', create],
  ['GET /sprint/:id', (ctx) => {
    const s = sprintParam(ctx);
    return s instanceof Response ? s : json(sprintJson(ctx, s));
  }],
  ['PUT /sprint/:id', update],
  ['POST /sprint/:id', update],
  ['DELETE /sprint/:id', (ctx) => {
    const s = sprintParam(ctx);
    if (s instanceof Response) return s;
    const denied = mayManage(ctx, s);
    if (denied) return denied;
    if (s.state === 'active') return jiraError(400, ['An active sprint cannot be deleted.']);
    for (const i of ctx.sim.state.issues) if (i.sprintId === s.id) i.sprintId = undefined;
    ctx.sim.state.sprints.delete(s.id);
    ctx.sim.state.version++;
    return noContent();
  }],
  ['GET /sprint/:id/issue', (ctx) => {
    const s = sprintParam(ctx);
    return s instanceof Response ? s : issuePage(ctx, ctx.sim.state.issues.filter((i) => i.sprintId === s.id));
  }],
  ['POST /sprint/:id/issue', addIssues],
  ['GET /board/:id/sprint', (ctx) => {
    const b = boardParam(ctx);
    if (b instanceof Response) return b;
    if (b.type !== 'scrum') return jiraError(400, ['The board does not support sprints']);
    const states = (ctx.url.searchParams.get('state') ?? '').split(',').filter(Boolean);
    const list = [...ctx.sim.state.sprints.values()].filter((s) => s.originBoardId === b.id && (states.length === 0 || states.includes(s.state)));
    const { startAt, maxResults } = pageParams(ctx, 50, 50);
    return json(paged(list.map((s) => sprintJson(ctx, s)), startAt, maxResults));
  }],
  ['GET /board/:id/sprint/:sid/issue', (ctx) => {
    const b = boardParam(ctx);
    if (b instanceof Response) return b;
    const issues = boardIssues(ctx, b, (i) => i.sprintId === ctx.params['sid']);
    return issues instanceof Response ? issues : issuePage(ctx, issues);
  }],
);
