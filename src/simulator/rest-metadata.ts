/** Metadata: priorities, statuses, status categories, resolutions, issue types, link types, custom field options. */
import { requireUser } from './access.js';
import { FIELD_OPTIONS, LINK_TYPES, RESOLUTIONS, STATUS_CATEGORIES } from './catalog.js';
import { categoryJson, issueTypeJson, linkTypeJson, priorityJson, resolutionJson, statusJson } from './issue-json.js';
import { jiraError, json } from './responses.js';
import { api } from './rest-util.js';
import { ISSUE_TYPES, PRIORITIES, STATUSES } from './seed.js';
import type { Handler, Route, RouteContext } from './types.js';

type Ctx = RouteContext;

const PRIORITY_COLOURS: Record<string, string> = { '1': '#d04437', '2': '#f15C75', '3': '#f79232', '4': '#707070', '5': '#999999' };

/** Needs a logged-in user (metadata is not shown to anonymous callers who may browse nothing). */
const user = (then: Handler): Handler => (ctx) => {
  const u = requireUser(ctx);
  return u instanceof Response ? u : then(ctx);
};

/** A list route and a one-by-id route for a table of ids. */
function table(path: string, ids: () => string[], render: (ctx: Ctx, id: string) => Record<string, unknown>, find: (ref: string) => string | undefined, missing: (ref: string) => string): [string, Handler][] {
  return [
    [`GET /${path}`, user((ctx) => json(ids().map((id) => render(ctx, id))))],
    [`GET /${path}/:id`, user((ctx) => {
      const ref = ctx.params['id'] ?? '';
      const id = find(ref);
      return id === undefined ? jiraError(404, [missing(ref)]) : json(render(ctx, id));
    })],
  ];
}

const byIdOrName = (names: Record<string, string>) => (ref: string): string | undefined =>
  names[ref] !== undefined ? ref : Object.entries(names).find(([, n]) => n.toLowerCase() === ref.toLowerCase())?.[0];

const STATUS_NAMES = Object.fromEntries(Object.entries(STATUSES).map(([id, [n]]) => [id, n]));
const CATEGORY_KEYS = Object.fromEntries(Object.entries(STATUS_CATEGORIES).map(([id, [key]]) => [id, key]));
const RESOLUTION_NAMES = Object.fromEntries(Object.entries(RESOLUTIONS).map(([id, [n]]) => [id, n]));
const LINK_NAMES = Object.fromEntries(Object.entries(LINK_TYPES).map(([id, [n]]) => [id, n]));

/** The metadata routes. */
export const metadataRoutes: readonly Route[] = api(
  ...table('priority', () => Object.keys(PRIORITIES), (ctx, id) => ({ ...priorityJson(ctx.baseUrl, id, true), statusColor: PRIORITY_COLOURS[id], description: '' }), byIdOrName(PRIORITIES), (r) => `Cannot find priority with id '${r}'.`),
  ...table('status', () => Object.keys(STATUSES), (ctx, id) => statusJson(ctx.baseUrl, id, true), byIdOrName(STATUS_NAMES), (r) => `The status with id '${r}' does not exist`),
  ...table('statuscategory', () => Object.keys(STATUS_CATEGORIES), (ctx, id) => categoryJson(ctx.baseUrl, id), byIdOrName(CATEGORY_KEYS), (r) => `The status category with id '${r}' does not exist`),
  ...table('resolution', () => Object.keys(RESOLUTIONS), (ctx, id) => resolutionJson(ctx.baseUrl, id), byIdOrName(RESOLUTION_NAMES), (r) => `Cannot find resolution with id '${r}'.`),
  ['GET /issuetype/:id', user((ctx) => {
    const id = ctx.params['id'] ?? '';
    return ISSUE_TYPES[id] ? json(issueTypeJson(ctx.baseUrl, id, true)) : jiraError(404, [`The issue type with id '${id}' does not exist`]);
  })],
  ['GET /issueLinkType', user((ctx) => json({ issueLinkTypes: Object.keys(LINK_TYPES).map((id) => linkTypeJson(ctx.baseUrl, id)) }))],
  ['GET /issueLinkType/:id', user((ctx) => {
    const id = byIdOrName(LINK_NAMES)(ctx.params['id'] ?? '');
    return id ? json(linkTypeJson(ctx.baseUrl, id)) : jiraError(404, [`No issue link type with id '${ctx.params['id'] ?? ''}' exists.`]);
  })],
  ['GET /customFieldOption/:id', user((ctx) => {
    const id = ctx.params['id'] ?? '';
    const option = FIELD_OPTIONS[id];
    return option ? json({ self: `${ctx.baseUrl}/rest/api/2/customFieldOption/${id}`, value: option[1] }) : jiraError(404, [`Custom field option '${id}' does not exist.`]);
  })],
);
