/** Search, GET and POST, with startAt/maxResults/total paging (jira-wire.md 4.6). */
import { FIELDS, fieldJson } from './fields.js';
import { findFilter } from './filter-access.js';
import { expandedIssue } from './issue-expand.js';
import { parseFieldsParam } from './issue-json.js';
import { compileJql, JqlError, type Query } from './jql/index.js';
import { bytes, jiraError, json } from './responses.js';
import { intParam, jsonBody } from './rest-util.js';
import { route } from './router.js';
import type { StoredIssue } from './seed.js';
import type { Route, RouteContext } from './types.js';

type Ctx = RouteContext;

/**
 * Paging through a big result asks the same query again for every page; Jira keeps no such cache,
 * but re-sorting 10,000 issues per page would make the simulator, not the client, the thing
 * measured. Results are kept per query, user and data version, a few at a time.
 */
const RESULTS = new WeakMap<object, Map<string, readonly StoredIssue[]>>();

function cachedResult(ctx: Ctx, jql: string, user: string, compute: () => readonly StoredIssue[]): readonly StoredIssue[] {
  const state = ctx.sim.state;
  let cache = RESULTS.get(state);
  if (!cache) RESULTS.set(state, (cache = new Map()));
  const key = `${state.version}\u0000${user}\u0000${jql}`;
  let result = cache.get(key);
  if (!result) {
    result = compute();
    cache.set(key, result);
    if (cache.size > 16) cache.delete(cache.keys().next().value as string);
  }
  return result;
}

interface SearchParams {
  jql: string;
  startAt: number;
  maxResults: number;
  fields: string[];
  expand: string[];
  validateQuery: boolean;
}

/** Compiles a query for this caller, or answers Jira's 400. */
export function queryFor(ctx: Ctx, jql: string, validate: boolean): Query | Response {
  const { state } = ctx.sim;
  try {
    const env = { state, me: ctx.caller.user?.name, now: ctx.sim.now(), validate };
    return compileJql(jql, env, (ref, e) => findFilter(state, e.me, ref)?.jql);
  } catch (error) {
    if (error instanceof JqlError) return jiraError(400, [error.message]);
    throw error;
  }
}

/** The issues a query matches for this caller, in order, cached per data version. */
export function matchingIssues(ctx: Ctx, jql: string, query: Query): readonly StoredIssue[] {
  const me = ctx.caller.user?.name;
  if (!me) return [];
  const { state } = ctx.sim;
  // A query with relative dates is cached for the minute only.
  const key = query.timeDependent ? `${jql}\u0000${Math.floor(ctx.sim.now() / 60_000)}` : jql;
  return cachedResult(ctx, key, me, () => query.order(state.issues.filter(query.matches)));
}

function search(ctx: Ctx, p: SearchParams): Response {
  const query = queryFor(ctx, p.jql, p.validateQuery);
  if (query instanceof Response) return query;
  const me = ctx.caller.user?.name;
  const { state } = ctx.sim;
  const matching = matchingIssues(ctx, p.jql, query);
  const maxResults = Math.min(Math.max(p.maxResults, 0), ctx.sim.options.maxResultsCap);
  const startAt = Math.max(p.startAt, 0);
  const fields = p.fields.length > 0 ? p.fields : ['*navigable'];
  const wanted = parseFieldsParam(fields);
  const expand = new Set(p.expand.flatMap((e) => e.split(',')).map((e) => e.trim()).filter(Boolean));
  // What an issue renders to depends on the caller too (isWatching, hasVoted, restricted comments).
  const renderKey = `${state.version}\u0000${ctx.baseUrl}\u0000${fields.join(',')}\u0000${[...expand].join(',')}\u0000${me ?? ''}`;
  const body = cachedPage(state, `${renderKey}\u0000${p.jql}\u0000${startAt}\u0000${maxResults}`, () => {
    const head = JSON.stringify({ expand: 'schema,names', startAt, maxResults, total: matching.length });
    const parts: Buffer[] = [Buffer.from(`${head.slice(0, -1)},"issues":[`)];
    const page = matching.slice(startAt, startAt + maxResults);
    page.forEach((issue, i) => {
      if (i > 0) parts.push(COMMA);
      parts.push(renderedIssue(issue, renderKey, () => JSON.stringify(expandedIssue(ctx, issue, wanted, expand))));
    });
    parts.push(Buffer.from(`]${pageExtras(page, expand)}}`));
    return Buffer.concat(parts);
  });
  return bytes(body, { status: 200, headers: { 'content-type': 'application/json;charset=UTF-8' } });
}

/** `expand=names,schema` on a search adds the maps once for the page. */
function pageExtras(page: readonly StoredIssue[], expand: ReadonlySet<string>): string {
  if (page.length === 0) return '';
  let out = '';
  if (expand.has('names')) out += `,"names":${JSON.stringify(Object.fromEntries([...FIELDS.values()].map((f) => [f.id, f.name])))}`;
  if (expand.has('schema')) out += `,"schema":${JSON.stringify(Object.fromEntries([...FIELDS.values()].map((f) => [f.id, f.schema])))}`;
  return out;
}

/** Whole pages as sent, per simulator, oldest dropped past PAGE_CACHE_BYTES; keys hold the data version. */
const PAGES = new WeakMap<object, { pages: Map<string, Buffer>; bytes: number }>();
const PAGE_CACHE_BYTES = 64 * 2 ** 20;

function cachedPage(state: object, key: string, build: () => Buffer): Buffer {
  let cache = PAGES.get(state);
  if (!cache) PAGES.set(state, (cache = { pages: new Map(), bytes: 0 }));
  const hit = cache.pages.get(key);
  if (hit) return hit;
  const page = build();
  cache.pages.set(key, page);
  cache.bytes += page.length;
  for (const [oldKey, old] of cache.pages) {
    if (cache.bytes <= PAGE_CACHE_BYTES) break;
    cache.pages.delete(oldKey);
    cache.bytes -= old.length;
  }
  return page;
}

const COMMA = Buffer.from(',');

/** Each issue's encoded JSON for the last rendering asked of it, so paging a big search serialises it once. */
const RENDERED = new WeakMap<StoredIssue, { key: string; json: Buffer }>();

function renderedIssue(issue: StoredIssue, key: string, render: () => string): Buffer {
  const hit = RENDERED.get(issue);
  if (hit?.key === key) return hit.json;
  const json = Buffer.from(render());
  RENDERED.set(issue, { key, json });
  return json;
}

function searchGet(ctx: Ctx): Response {
  const q = ctx.url.searchParams;
  const startAt = intParam(q.get('startAt'), 0);
  const maxResults = intParam(q.get('maxResults'), 50);
  if (startAt === undefined || maxResults === undefined) return jiraError(400, ['startAt and maxResults must be numbers.']);
  // python-jira sends validateQuery=True (a stringified Python bool).
  const validate = (q.get('validateQuery') ?? 'true').toLowerCase() !== 'false';
  return search(ctx, { jql: q.get('jql') ?? '', startAt, maxResults, fields: q.getAll('fields'), expand: q.getAll('expand'), validateQuery: validate });
}

function searchPost(ctx: Ctx): Response {
  const body = jsonBody(ctx) as { jql?: unknown; startAt?: unknown; maxResults?: unknown; fields?: unknown; expand?: unknown; validateQuery?: unknown } | undefined;
  if (!body || typeof body !== 'object') return jiraError(400, ['The request body must be a JSON object.']);
  const fields = Array.isArray(body.fields) ? body.fields.map(String) : typeof body.fields === 'string' ? [body.fields] : [];
  return search(ctx, {
    jql: typeof body.jql === 'string' ? body.jql : '',
    startAt: typeof body.startAt === 'number' ? body.startAt : 0,
    maxResults: typeof body.maxResults === 'number' ? body.maxResults : 50,
    fields,
    expand: Array.isArray(body.expand) ? body.expand.map(String) : typeof body.expand === 'string' ? [body.expand] : [],
    validateQuery: body.validateQuery !== false && body.validateQuery !== 'false',
  });
}

/** Search and the field list. */
export const searchRoutes: readonly Route[] = ['2', 'latest'].flatMap((v) => [
  route(`GET /rest/api/${v}/search`, searchGet),
  route(`POST /rest/api/${v}/search`, searchPost),
  route(`GET /rest/api/${v}/field`, () => json([...FIELDS.values()].map(fieldJson))),
]);
