/** What the REST route files share: routes under /rest/api/2 and /latest, bodies, paging, lookups. */
import { canSeeComment } from './access.js';
import type { StoredProject } from './model.js';
import { jiraError, json } from './responses.js';
import { route } from './router.js';
import type { StoredIssue } from './seed.js';
import type { Handler, Route, RouteContext } from './types.js';

type Ctx = RouteContext;

/** Routes for `/rest/api/2` and `/rest/api/latest` from `"GET /issue/:key"`-style specs. */
export function api(...specs: readonly (readonly [string, Handler])[]): Route[] {
  return ['2', 'latest'].flatMap((v) => specs.map(([spec, handler]) => {
    const [method, path] = spec.split(' ');
    return route(`${method ?? 'GET'} /rest/api/${v}${path ?? '/'}`, handler);
  }));
}

/** Reads a JSON body; undefined when it is not JSON. */
export function jsonBody(ctx: Ctx): unknown {
  try {
    return JSON.parse(ctx.body) as unknown;
  } catch {
    return undefined;
  }
}

/** A JSON object body, or undefined. */
export function objectBody(ctx: Ctx): Record<string, unknown> | undefined {
  const body = jsonBody(ctx);
  return body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
}

/** Jira's 400 for a body that is not the JSON it expects (UNCONFIRMED wording). */
export const invalidJson = (): Response => jiraError(400, ['Can not deserialize the request body: it must be a JSON object.']);

/** 204 with no body. */
export const noContent = (): Response => new Response(null, { status: 204 });

/** A whole-number query parameter; the fallback when absent, undefined when not a number. */
export function intParam(value: string | null | undefined, fallback: number): number | undefined {
  if (value === null || value === undefined || value === '') return fallback;
  return /^-?\d+$/.test(value) ? Number(value) : undefined;
}

/** startAt and maxResults from the query, clamped (maxResults at most `cap`). */
export function pageParams(ctx: Ctx, defaultMax = 50, cap = 1000): { startAt: number; maxResults: number } {
  const q = ctx.url.searchParams;
  const startAt = Math.max(intParam(q.get('startAt'), 0) ?? 0, 0);
  const maxResults = Math.min(Math.max(intParam(q.get('maxResults'), defaultMax) ?? defaultMax, 0), cap);
  return { startAt, maxResults };
}

/** Jira's paged shape: startAt, maxResults, total, isLast and the values. */
export function paged<T>(items: readonly T[], startAt: number, maxResults: number, key = 'values', self?: string): Record<string, unknown> {
  const values = items.slice(startAt, startAt + maxResults);
  return { ...(self ? { self } : {}), maxResults, startAt, total: items.length, isLast: startAt + values.length >= items.length, [key]: values };
}

/** True for Python's and JSON's true spellings ("True", "true", "1"). */
export function truthy(value: string | null): boolean {
  return value !== null && /^(true|1|yes)$/i.test(value);
}

/** A project by key or id, case-insensitively by key; anonymous callers see none. */
export function findProject(ctx: Ctx, ref: string): StoredProject | undefined {
  if (!ctx.caller.user) return undefined;
  const { projects } = ctx.sim.state;
  const byKey = projects.get(ref.toUpperCase());
  if (byKey) return byKey;
  for (const p of projects.values()) if (p.id === ref) return p;
  return undefined;
}

/** Jira's 404 for a project (jira-wire.md 4.7). */
export const noProject = (ref: string): Response => jiraError(404, [`No project could be found with key '${ref}'.`]);

/** Jira's 404 text for an issue (jira-wire.md 4.0). */
export const ISSUE_NOT_FOUND = 'Issue does not exist or you do not have permission to see it.';

/** Looks an issue up by key or id, as the caller may see it; anonymous callers see none. */
export function visibleIssue(ctx: Ctx, keyOrId: string): StoredIssue | undefined {
  if (!ctx.caller.user) return undefined;
  const { state } = ctx.sim;
  return state.issuesByKey.get(keyOrId.toUpperCase()) ?? state.issuesById.get(keyOrId);
}

/** The issue named by the `:key` parameter, or Jira's 404. */
export function issueParam(ctx: Ctx): StoredIssue | Response {
  return visibleIssue(ctx, ctx.params['key'] ?? '') ?? jiraError(404, [ISSUE_NOT_FOUND]);
}

/** The project an issue belongs to. */
export function projectOf(ctx: Ctx, issue: StoredIssue): StoredProject | undefined {
  return ctx.sim.state.projects.get(issue.projectKey);
}

/** The comments of an issue the caller may read. */
export function visibleComments(ctx: Ctx, issue: StoredIssue): StoredIssue['comments'] {
  const project = projectOf(ctx, issue);
  return issue.comments.every((c) => !c.visibility) ? issue.comments : issue.comments.filter((c) => canSeeComment(ctx, project, c));
}

/** Marks issue data changed: search caches go stale and `updated` moves. */
export function touch(ctx: Ctx, issue: StoredIssue): void {
  issue.updated = ctx.sim.now();
  ctx.sim.state.version++;
}

/** JSON with status 201. */
export const created = (body: unknown): Response => json(body, 201);
