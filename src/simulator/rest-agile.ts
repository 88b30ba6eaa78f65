/**
 * Jira Software's /rest/agile/1.0: boards, sprints (create, start, complete, delete), the issues of
 * a board, its backlog or a sprint, moving issues to a sprint or the backlog, and rank.
 */
import { requireUser } from './access.js';
import { SPRINT_FIELD } from './catalog.js';
import { item, record, recorded } from './issue-history.js';
import { agile, boardIssues, boardJson, boardParam, issuePage, mayManageSprints } from './agile-util.js';
import { filterVisible } from './filter-access.js';
import { expandedIssue } from './issue-expand.js';
import { parseFieldsParam } from './issue-json.js';
import { jiraError, json } from './responses.js';
import { created, invalidJson, noContent, objectBody, paged, pageParams, visibleIssue } from './rest-util.js';
import { sprintRoutes } from './rest-agile-sprints.js';
import type { StoredIssue } from './seed.js';
import type { Route, RouteContext } from './types.js';
import { isDone } from './workflow.js';

type Ctx = RouteContext;

function listBoards(ctx: Ctx): Response {
  const me = requireUser(ctx);
  if (me instanceof Response) return me;
  const q = ctx.url.searchParams;
  const { state } = ctx.sim;
  const boards = [...state.boards.values()].filter((b) => {
    const filter = state.filters.get(b.filterId);
    if (!filter || !filterVisible(state, me.name, filter)) return false;
    if (q.get('type') && b.type !== q.get('type')) return false;
    if (q.get('name') && !b.name.toLowerCase().includes((q.get('name') ?? '').toLowerCase())) return false;
    const p = q.get('projectKeyOrId');
    const location = boardJson(ctx, b)['location'] as { projectKey?: string; projectId?: number } | undefined;
    return !p || location?.projectKey === p.toUpperCase() || String(location?.projectId) === p;
  });
  const { startAt, maxResults } = pageParams(ctx, 50, 50);
  return json(paged(boards.map((b) => boardJson(ctx, b)), startAt, maxResults));
}

function createBoard(ctx: Ctx): Response {
  const me = requireUser(ctx);
  if (me instanceof Response) return me;
  const body = objectBody(ctx);
  if (!body) return invalidJson();
  const { state } = ctx.sim;
  const filter = state.filters.get(String(body['filterId'] ?? ''));
  if (typeof body['name'] !== 'string' || body['name'].trim() === '') return jiraError(400, ['Board name is required.']);
  if (body['type'] !== 'scrum' && body['type'] !== 'kanban') return jiraError(400, ["Board type must be 'scrum' or 'kanban'."]);
  if (!filter || !filterVisible(state, me.name, filter)) return jiraError(400, ['Filter with the given id does not exist or you do not have permission to see it.']);
  const id = state.nextId('board', 1);
  const board = { id, name: body['name'], type: body['type'], filterId: filter.id } as const;
  state.boards.set(id, board);
  return created(boardJson(ctx, board));
}

function configuration(ctx: Ctx): Response {
  const b = boardParam(ctx);
  if (b instanceof Response) return b;
  const col = (name: string, ids: string[]): Record<string, unknown> => ({ name, statuses: ids.map((id) => ({ id, self: `${ctx.baseUrl}/rest/api/2/status/${id}` })) });
  return json({
    id: Number(b.id), name: b.name, type: b.type, self: `${ctx.baseUrl}/rest/agile/1.0/board/${b.id}/configuration`,
    filter: { id: b.filterId, self: `${ctx.baseUrl}/rest/api/2/filter/${b.filterId}` },
    columnConfig: { columns: [col('To Do', ['1']), col('In Progress', ['3']), col('Done', ['5', '6'])], constraintType: 'issueCount' },
    estimation: { type: 'field', field: { fieldId: 'customfield_10102', displayName: 'Story Points' } },
    ranking: { rankCustomFieldId: 10101 },
  });
}

function openSprint(ctx: Ctx, i: StoredIssue): boolean {
  const s = i.sprintId === undefined ? undefined : ctx.sim.state.sprints.get(i.sprintId);
  return s !== undefined && s.state !== 'closed';
}

function moveToBacklog(ctx: Ctx): Response {
  const me = requireUser(ctx);
  if (me instanceof Response) return me;
  const keys = objectBody(ctx)?.['issues'];
  if (!Array.isArray(keys) || keys.length > 50) return jiraError(400, ['Give at most 50 issues in "issues".']);
  const issues = keys.map((k) => visibleIssue(ctx, String(k)));
  if (issues.some((i) => !i)) return jiraError(400, ['Issue does not exist or you do not have permission to see it.']);
  for (const i of issues) if (i?.sprintId !== undefined) recorded(ctx, i, [SPRINT_FIELD], () => { i.sprintId = undefined; });
  ctx.sim.state.version++;
  return noContent();
}

function rank(ctx: Ctx): Response {
  const me = requireUser(ctx);
  if (me instanceof Response) return me;
  const body = objectBody(ctx);
  const keys = body?.['issues'];
  const targetRef = body?.['rankBeforeIssue'] ?? body?.['rankAfterIssue'];
  if (!Array.isArray(keys) || keys.length === 0 || keys.length > 50 || targetRef === undefined) return jiraError(400, ['Give 1 to 50 issues and rankBeforeIssue or rankAfterIssue.']);
  const moving = keys.map((k) => visibleIssue(ctx, String(k)));
  const target = visibleIssue(ctx, String(targetRef));
  if (!target || moving.some((i) => !i)) return jiraError(400, ['Issue does not exist or you do not have permission to see it.']);
  const { state } = ctx.sim;
  const order = [...state.issues].sort((a, b) => (a.rank ?? Number(a.id)) - (b.rank ?? Number(b.id))).filter((i) => !moving.includes(i));
  const at = order.indexOf(target) + (body?.['rankAfterIssue'] !== undefined ? 1 : 0);
  order.splice(at, 0, ...(moving as StoredIssue[]));
  order.forEach((i, n) => { i.rank = n + 1; });
  // Jira's history says which way: before another issue is higher, after it lower.
  const direction = body?.['rankBeforeIssue'] !== undefined ? 'Ranked higher' : 'Ranked lower';
  for (const i of moving as StoredIssue[]) record(ctx, i, [item('Rank', [null, null], [null, direction], 'custom')]);
  state.version++;
  return noContent();
}

/** The agile routes. */
export const agileRoutes: readonly Route[] = [
  ...agile(
    ['GET /board', listBoards],
    ['POST /board', createBoard],
    ['GET /board/:id', (ctx) => {
      const b = boardParam(ctx);
      return b instanceof Response ? b : json(boardJson(ctx, b));
    }],
    ['DELETE /board/:id', (ctx) => {
      const b = boardParam(ctx);
      if (b instanceof Response) return b;
      if (!mayManageSprints(ctx, b)) return jiraError(403, ['You do not have permission to delete this board.']);
      ctx.sim.state.boards.delete(b.id);
      return noContent();
    }],
    ['GET /board/:id/configuration', configuration],
    ['GET /board/:id/issue', (ctx) => {
      const b = boardParam(ctx);
      const issues = b instanceof Response ? b : boardIssues(ctx, b, () => true);
      return issues instanceof Response ? issues : issuePage(ctx, issues);
    }],
    ['GET /board/:id/backlog', (ctx) => {
      const b = boardParam(ctx);
      const issues = b instanceof Response ? b : boardIssues(ctx, b, (i) => !openSprint(ctx, i) && !isDone(i.statusId));
      return issues instanceof Response ? issues : issuePage(ctx, issues);
    }],
    ['POST /backlog/issue', moveToBacklog],
    ['PUT /issue/rank', rank],
    ['GET /issue/:key', (ctx) => {
      const issue = visibleIssue(ctx, ctx.params['key'] ?? '');
      return issue ? json(expandedIssue(ctx, issue, parseFieldsParam(ctx.url.searchParams.getAll('fields')), new Set())) : jiraError(404, ['Issue does not exist or you do not have permission to see it.']);
    }],
  ),
  ...sprintRoutes,
];
