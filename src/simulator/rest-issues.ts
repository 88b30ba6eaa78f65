/** Issues: get, create, comments, transitions (jira-wire.md 4.5, 4.8). */
import { commentJson, issueJson, parseFieldsParam } from './issue-json.js';
import { jiraError, json } from './responses.js';
import { route } from './router.js';
import { ISSUE_TYPES, TRANSITIONS, STATUSES, type StoredIssue } from './seed.js';
import type { Route, RouteContext } from './types.js';

type Ctx = RouteContext;

const NOT_FOUND = 'Issue does not exist or you do not have permission to see it.';
const NOT_AUTHENTICATED = 'You are not authenticated. Authentication required to perform this operation.';

/** Reads a JSON body; undefined when it is not JSON. */
export function jsonBody(ctx: Ctx): unknown {
  try {
    return JSON.parse(ctx.body) as unknown;
  } catch {
    return undefined;
  }
}

const invalidJson = (): Response => jiraError(400, ['Unexpected character in the request body: it must be JSON.']);

/** Looks an issue up by key or id, as the caller may see it; anonymous callers see none. */
export function visibleIssue(ctx: Ctx, keyOrId: string): StoredIssue | undefined {
  if (!ctx.caller.user) return undefined;
  const byKey = ctx.sim.state.issuesByKey.get(keyOrId.toUpperCase());
  if (byKey) return byKey;
  return /^\d+$/.test(keyOrId) ? ctx.sim.state.issues[Number(keyOrId) - 10001] : undefined;
}

/** Renders an issue for this request. */
export function renderIssue(ctx: Ctx, issue: StoredIssue, wanted: (name: string) => boolean): Record<string, unknown> {
  const users = ctx.sim.state.users;
  return issueJson(issue, ctx.baseUrl, (name) => users.get(name), wanted, ctx.sim.state.projects.get(issue.projectKey)?.name ?? issue.projectKey);
}

function getIssue(ctx: Ctx): Response {
  const issue = visibleIssue(ctx, ctx.params['key'] ?? '');
  if (!issue) return jiraError(404, [NOT_FOUND]);
  return json(renderIssue(ctx, issue, parseFieldsParam(ctx.url.searchParams.getAll('fields'))));
}

function createIssue(ctx: Ctx): Response {
  const user = ctx.caller.user;
  if (!user) return jiraError(401, [NOT_AUTHENTICATED]);
  const body = jsonBody(ctx) as { fields?: Record<string, unknown> } | undefined;
  if (!body || typeof body !== 'object') return invalidJson();
  const f = body.fields ?? {};
  const errors: Record<string, string> = {};
  const projectRef = f['project'] as { id?: string; key?: string } | undefined;
  const project = [...ctx.sim.state.projects.values()].find((p) => p.key === projectRef?.key || p.id === String(projectRef?.id));
  if (!project) errors['project'] = projectRef ? 'project is invalid' : 'project is required';
  const typeRef = f['issuetype'] as { id?: string; name?: string } | undefined;
  const typeId = Object.entries(ISSUE_TYPES).find(([id, name]) => id === String(typeRef?.id) || name.toLowerCase() === typeRef?.name?.toLowerCase())?.[0];
  if (!typeId) errors['issuetype'] = typeRef ? 'valid issue type is required' : 'issue type is required';
  const summary = typeof f['summary'] === 'string' ? f['summary'].trim() : '';
  if (!summary) errors['summary'] = 'You must specify a summary of the issue.';
  if (!project || !typeId || !summary) return jiraError(400, [], errors);
  const state = ctx.sim.state;
  const number = state.issues.filter((i) => i.projectKey === project.key).length + 1;
  const now = ctx.sim.now();
  const issue: StoredIssue = {
    id: String(10001 + state.issues.length),
    key: `${project.key}-${number}`,
    projectKey: project.key,
    issueTypeId: typeId,
    summary,
    description: typeof f['description'] === 'string' ? f['description'] : '',
    statusId: '1',
    priorityId: '3',
    assignee: (f['assignee'] as { name?: string } | undefined)?.name,
    reporter: user.name,
    created: now,
    updated: now,
    labels: Array.isArray(f['labels']) ? (f['labels'] as unknown[]).map(String) : [],
    comments: [],
  };
  state.addIssue(issue);
  return json({ id: issue.id, key: issue.key, self: `${ctx.baseUrl}/rest/api/2/issue/${issue.id}` }, 201);
}

function comments(ctx: Ctx): Response {
  const issue = visibleIssue(ctx, ctx.params['key'] ?? '');
  if (!issue) return jiraError(404, [NOT_FOUND]);
  const users = ctx.sim.state.users;
  const list = issue.comments.map((c) => commentJson(issue, c, ctx.baseUrl, (n) => users.get(n)));
  return json({ startAt: 0, maxResults: list.length, total: list.length, comments: list });
}

function addComment(ctx: Ctx): Response {
  const user = ctx.caller.user;
  if (!user) return jiraError(401, [NOT_AUTHENTICATED]);
  const issue = visibleIssue(ctx, ctx.params['key'] ?? '');
  if (!issue) return jiraError(404, [NOT_FOUND]);
  const body = jsonBody(ctx) as { body?: unknown } | undefined;
  if (!body || typeof body !== 'object') return invalidJson();
  if (typeof body.body !== 'string' || body.body.trim() === '') return jiraError(400, [], { comment: 'Comment body can not be empty!' });
  const comment = { id: String(20000 + issue.comments.length + Number(issue.id)), author: user.name, body: body.body, created: ctx.sim.now() };
  issue.comments.push(comment);
  issue.updated = comment.created;
  ctx.sim.state.version++;
  const users = ctx.sim.state.users;
  return json(commentJson(issue, comment, ctx.baseUrl, (n) => users.get(n)), 201);
}

function transitions(ctx: Ctx): Response {
  const issue = visibleIssue(ctx, ctx.params['key'] ?? '');
  if (!issue) return jiraError(404, [NOT_FOUND]);
  const only = ctx.url.searchParams.get('transitionId');
  const list = (TRANSITIONS[issue.statusId] ?? [])
    .filter(([id]) => only === null || id === only)
    .map(([id, name, to]) => {
      const [toName, categoryId, categoryKey, categoryName] = STATUSES[to] ?? ['?', 0, '', ''];
      return {
        id,
        name,
        to: { self: `${ctx.baseUrl}/rest/api/2/status/${to}`, id: to, name: toName, statusCategory: { id: categoryId, key: categoryKey, name: categoryName } },
        hasScreen: false,
        isGlobal: false,
        isInitial: false,
        isConditional: false,
      };
    });
  return json({ expand: 'transitions', transitions: list });
}

function doTransition(ctx: Ctx): Response {
  if (!ctx.caller.user) return jiraError(401, [NOT_AUTHENTICATED]);
  const issue = visibleIssue(ctx, ctx.params['key'] ?? '');
  if (!issue) return jiraError(404, [NOT_FOUND]);
  const body = jsonBody(ctx) as { transition?: { id?: unknown } ; update?: { comment?: { add?: { body?: string } }[] } } | undefined;
  if (!body || typeof body !== 'object') return invalidJson();
  const id = String(body.transition?.id ?? '');
  const transition = (TRANSITIONS[issue.statusId] ?? []).find(([tid]) => tid === id);
  if (!transition) return jiraError(400, [`Transition id '${id}' is not valid for this issue.`]);
  issue.statusId = transition[2];
  issue.updated = ctx.sim.now();
  ctx.sim.state.version++;
  for (const c of body.update?.comment ?? []) {
    if (c.add?.body) issue.comments.push({ id: String(30000 + issue.comments.length), author: ctx.caller.user.name, body: c.add.body, created: issue.updated });
  }
  return new Response(null, { status: 204 });
}

/** The issue routes under /rest/api/2 and /rest/api/latest. */
export const issueRoutes: readonly Route[] = ['2', 'latest'].flatMap((v) => [
  route(`GET /rest/api/${v}/issue/:key`, getIssue),
  route(`POST /rest/api/${v}/issue`, createIssue),
  route(`GET /rest/api/${v}/issue/:key/comment`, comments),
  route(`POST /rest/api/${v}/issue/:key/comment`, addComment),
  route(`GET /rest/api/${v}/issue/:key/transitions`, transitions),
  route(`POST /rest/api/${v}/issue/:key/transitions`, doTransition),
]);
