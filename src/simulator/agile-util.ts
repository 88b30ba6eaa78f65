/** What the agile resources share: routes under /rest/agile/1.0, board and sprint JSON, a board's issues. */
import { can } from './access.js';
import { filterVisible } from './filter-access.js';
import type { StoredBoard, StoredProject, StoredSprint } from './model.js';
import { expandedIssue } from './issue-expand.js';
import { parseFieldsParam } from './issue-json.js';
import { jiraError, json } from './responses.js';
import { pageParams } from './rest-util.js';
import { matchingIssues, queryFor } from './rest-search.js';
import { route } from './router.js';
import type { StoredIssue } from './seed.js';
import type { Handler, Route, RouteContext } from './types.js';

type Ctx = RouteContext;

/** Routes under /rest/agile/1.0. */
export function agile(...specs: readonly (readonly [string, Handler])[]): Route[] {
  return specs.map(([spec, handler]) => {
    const [method, path] = spec.split(' ');
    return route(`${method ?? 'GET'} /rest/agile/1.0${path ?? '/'}`, handler);
  });
}

/** A board's JSON. */
export function boardJson(ctx: Ctx, b: StoredBoard): Record<string, unknown> {
  const p = boardProject(ctx, b);
  return { id: Number(b.id), self: `${ctx.baseUrl}/rest/agile/1.0/board/${b.id}`, name: b.name, type: b.type, ...(p ? { location: { projectId: Number(p.id), displayName: `${p.name} (${p.key})`, projectName: p.name, projectKey: p.key, projectTypeKey: p.projectTypeKey, name: `${p.name} (${p.key})` } } : {}) };
}

/** A sprint's JSON. */
export function sprintJson(ctx: Ctx, s: StoredSprint): Record<string, unknown> {
  return { id: Number(s.id), self: `${ctx.baseUrl}/rest/agile/1.0/sprint/${s.id}`, state: s.state, name: s.name, ...(s.startDate ? { startDate: s.startDate } : {}), ...(s.endDate ? { endDate: s.endDate } : {}), ...(s.completeDate ? { completeDate: s.completeDate } : {}), originBoardId: Number(s.originBoardId), goal: s.goal };
}

/** The board's project: the first `project = X` of its filter. */
export function boardProject(ctx: Ctx, b: StoredBoard): StoredProject | undefined {
  const jql = ctx.sim.state.filters.get(b.filterId)?.jql ?? '';
  const key = /project\s*(?:=|in\s*\()\s*"?([A-Za-z][A-Za-z0-9_]*)"?/i.exec(jql)?.[1];
  return key === undefined ? undefined : ctx.sim.state.projects.get(key.toUpperCase());
}

/** The board named by :id that the caller may see (its filter visible), or Jira Software's 404. */
export function boardParam(ctx: Ctx): StoredBoard | Response {
  const b = ctx.caller.user ? ctx.sim.state.boards.get(ctx.params['id'] ?? '') : undefined;
  const filter = b ? ctx.sim.state.filters.get(b.filterId) : undefined;
  if (!b || !filter || !filterVisible(ctx.sim.state, ctx.caller.user?.name, filter)) return jiraError(404, [`Board does not exist or you do not have permission to see it.`]);
  return b;
}

/** Whether the caller may manage the board's sprints (Manage Sprints in its project). */
export function mayManageSprints(ctx: Ctx, b: StoredBoard): boolean {
  return can(ctx, 'MANAGE_SPRINTS_PERMISSION', boardProject(ctx, b));
}

/** A board's issues, narrowed by a `jql` parameter; a 400 answer for bad JQL. */
export function boardIssues(ctx: Ctx, b: StoredBoard, extra: (i: StoredIssue) => boolean): readonly StoredIssue[] | Response {
  const base = ctx.sim.state.filters.get(b.filterId)?.jql ?? '';
  const query = queryFor(ctx, base, false);
  if (query instanceof Response) return query;
  const own = ctx.url.searchParams.get('jql');
  const narrow = own ? queryFor(ctx, own, true) : undefined;
  if (narrow instanceof Response) return narrow;
  return matchingIssues(ctx, base, query).filter((i) => extra(i) && (!narrow || narrow.matches(i)));
}

/** Issues as a search page (the agile resources answer like /search). */
export function issuePage(ctx: Ctx, issues: readonly StoredIssue[]): Response {
  const { startAt, maxResults } = pageParams(ctx, 50, ctx.sim.options.maxResultsCap);
  const wanted = parseFieldsParam(ctx.url.searchParams.getAll('fields'));
  const page = issues.slice(startAt, startAt + maxResults).map((i) => expandedIssue(ctx, i, wanted, new Set()));
  return json({ expand: 'schema,names', startAt, maxResults, total: issues.length, issues: page });
}

