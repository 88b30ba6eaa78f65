/** Comments: list, add, get, update, delete; `visibility` and `expand=renderedBody` (jira-wire.md 4.8). */
import { can, canSeeComment, inGroup, inRole, requireUser } from './access.js';
import { ROLES } from './catalog.js';
import { commentJson } from './issue-json.js';
import type { StoredComment } from './model.js';
import { jiraError, json } from './responses.js';
import { api, created, invalidJson, issueParam, noContent, objectBody, pageParams, projectOf, touch, visibleComments } from './rest-util.js';
import type { StoredIssue } from './seed.js';
import type { Route, RouteContext } from './types.js';
import { renderWiki } from './wiki.js';

type Ctx = RouteContext;

const rendered = (ctx: Ctx): boolean => (ctx.url.searchParams.get('expand') ?? '').includes('renderedBody');

/** Checks a visibility object: the role must exist and the author belong to it, or to the group. */
function readVisibility(ctx: Ctx, issue: StoredIssue, value: unknown): StoredComment['visibility'] | Response {
  if (value === undefined || value === null) return undefined;
  const v = value as { type?: unknown; value?: unknown };
  const name = typeof v.value === 'string' ? v.value : '';
  const user = ctx.caller.user?.name ?? '';
  if (v.type === 'group') {
    if (!ctx.sim.state.groups.has(name)) return jiraError(400, [], { commentLevel: `Group: ${name} does not exist.` });
    if (!inGroup(ctx, user, name)) return jiraError(400, [], { commentLevel: `You are currently not a member of the group: ${name}.` });
    return { type: 'group', value: name };
  }
  if (v.type === 'role') {
    const roleId = Object.entries(ROLES).find(([, [n]]) => n === name)?.[0];
    const project = projectOf(ctx, issue);
    if (!roleId || !project) return jiraError(400, [], { commentLevel: `Role: ${name} does not exist.` });
    if (!inRole(ctx, project, roleId, user)) return jiraError(400, [], { commentLevel: `You are currently not a member of the project role: ${name}.` });
    return { type: 'role', value: name };
  }
  return jiraError(400, [], { commentLevel: 'Visibility type must be role or group.' });
}

function list(ctx: Ctx): Response {
  const issue = issueParam(ctx);
  if (issue instanceof Response) return issue;
  const { startAt, maxResults } = pageParams(ctx, 5000, 5000);
  const all = visibleComments(ctx, issue);
  const ordered = (ctx.url.searchParams.get('orderBy') ?? '').startsWith('-') ? [...all].reverse() : all;
  const comments = ordered.slice(startAt, startAt + maxResults).map((c) => commentJson(ctx, issue, c, rendered(ctx), renderWiki));
  return json({ startAt, maxResults, total: all.length, comments });
}

function find(ctx: Ctx): { issue: StoredIssue; comment: StoredComment } | Response {
  const issue = issueParam(ctx);
  if (issue instanceof Response) return issue;
  const comment = issue.comments.find((c) => c.id === ctx.params['id']);
  if (!comment || !canSeeComment(ctx, projectOf(ctx, issue), comment)) return jiraError(404, [`Can not find a comment for the id: ${ctx.params['id'] ?? ''}.`]);
  return { issue, comment };
}

function getOne(ctx: Ctx): Response {
  const found = find(ctx);
  if (found instanceof Response) return found;
  return json(commentJson(ctx, found.issue, found.comment, rendered(ctx), renderWiki));
}

function add(ctx: Ctx): Response {
  const user = requireUser(ctx);
  if (user instanceof Response) return user;
  const issue = issueParam(ctx);
  if (issue instanceof Response) return issue;
  if (!can(ctx, 'ADD_COMMENTS', projectOf(ctx, issue))) return jiraError(403, ['You do not have the permission to comment on this issue.']);
  const body = objectBody(ctx);
  if (!body) return invalidJson();
  if (typeof body['body'] !== 'string' || body['body'].trim() === '') return jiraError(400, [], { comment: 'Comment body can not be empty!' });
  const visibility = readVisibility(ctx, issue, body['visibility']);
  if (visibility instanceof Response) return visibility;
  const now = ctx.sim.now();
  const comment: StoredComment = { id: ctx.sim.state.nextId('comment', 10000), author: user.name, updateAuthor: user.name, body: body['body'], created: now, updated: now, visibility };
  issue.comments.push(comment);
  touch(ctx, issue);
  return created(commentJson(ctx, issue, comment, rendered(ctx), renderWiki));
}

function mayChange(ctx: Ctx, issue: StoredIssue, comment: StoredComment, verb: 'EDIT' | 'DELETE'): boolean {
  const project = projectOf(ctx, issue);
  return can(ctx, `${verb}_ALL_COMMENTS`, project) || (comment.author === ctx.caller.user?.name && can(ctx, `${verb}_OWN_COMMENTS`, project));
}

function update(ctx: Ctx): Response {
  const found = find(ctx);
  if (found instanceof Response) return found;
  const { issue, comment } = found;
  if (!mayChange(ctx, issue, comment, 'EDIT')) return jiraError(403, ['You do not have the permission to edit this comment.']);
  const body = objectBody(ctx);
  if (!body) return invalidJson();
  if (body['body'] !== undefined && (typeof body['body'] !== 'string' || body['body'].trim() === '')) return jiraError(400, [], { comment: 'Comment body can not be empty!' });
  const visibility = body['visibility'] === undefined ? comment.visibility : readVisibility(ctx, issue, body['visibility']);
  if (visibility instanceof Response) return visibility;
  if (typeof body['body'] === 'string') comment.body = body['body'];
  comment.visibility = visibility;
  comment.updated = ctx.sim.now();
  comment.updateAuthor = ctx.caller.user?.name ?? comment.updateAuthor;
  touch(ctx, issue);
  return json(commentJson(ctx, issue, comment, rendered(ctx), renderWiki));
}

function remove(ctx: Ctx): Response {
  const found = find(ctx);
  if (found instanceof Response) return found;
  const { issue, comment } = found;
  if (!mayChange(ctx, issue, comment, 'DELETE')) return jiraError(403, ['You do not have the permission to delete this comment.']);
  issue.comments.splice(issue.comments.indexOf(comment), 1);
  touch(ctx, issue);
  return noContent();
}

/** The comment routes. */
export const commentRoutes: readonly Route[] = api(
  ['GET /issue/:key/comment', list],
  ['POST /issue/:key/comment', add],
  ['GET /issue/:key/comment/:id', getOne],
  ['PUT /issue/:key/comment/:id', update],
  ['DELETE /issue/:key/comment/:id', remove],
);
