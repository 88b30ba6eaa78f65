/** Issue links (create, get, delete) and remote links of an issue (CRUD, by id or globalId). */
import { can, requireUser } from './access.js';
import { LINK_TYPES } from './catalog.js';
import { item, record } from './issue-history.js';
import { issueRef, linkTypeJson } from './issue-json.js';
import type { StoredIssue } from './seed.js';
import type { StoredRemoteLink } from './model.js';
import { jiraError, json } from './responses.js';
import { api, created, invalidJson, ISSUE_NOT_FOUND, issueParam, noContent, objectBody, projectOf, touch, visibleIssue } from './rest-util.js';
import type { Route, RouteContext } from './types.js';

type Ctx = RouteContext;

/** The "Link" changelog items on both issues: "This issue blocks PROJ-7" and its inverse. */
function recordLink(ctx: Ctx, inward: StoredIssue, outward: StoredIssue, typeId: string, added: boolean): void {
  const [, inwardText, outwardText] = LINK_TYPES[typeId] ?? ['', 'relates to', 'relates to'];
  const side = (other: StoredIssue, text: string): [string | null, string | null] => [other.key, `This issue ${text} ${other.key}`];
  const none: [null, null] = [null, null];
  record(ctx, inward, [item('Link', added ? none : side(outward, outwardText), added ? side(outward, outwardText) : none)]);
  record(ctx, outward, [item('Link', added ? none : side(inward, inwardText), added ? side(inward, inwardText) : none)]);
}

function createLink(ctx: Ctx): Response {
  const user = requireUser(ctx);
  if (user instanceof Response) return user;
  const body = objectBody(ctx);
  if (!body) return invalidJson();
  const type = (body['type'] ?? {}) as { id?: unknown; name?: unknown };
  const typeId = Object.entries(LINK_TYPES).find(([id, [name]]) => id === String(type.id) || name === type.name)?.[0];
  if (!typeId) return jiraError(404, [`No issue link type with name '${String(type.name ?? type.id)}' found.`]);
  const ref = (v: unknown): string => String((v as { key?: unknown; id?: unknown } | undefined)?.key ?? (v as { id?: unknown } | undefined)?.id ?? '');
  const inward = visibleIssue(ctx, ref(body['inwardIssue']));
  const outward = visibleIssue(ctx, ref(body['outwardIssue']));
  if (!inward || !outward) return jiraError(404, [ISSUE_NOT_FOUND]);
  if (!can(ctx, 'LINK_ISSUES', projectOf(ctx, inward))) return jiraError(403, ['You do not have the permission to link issues in this project.']);
  const { state } = ctx.sim;
  const id = state.nextId('issuelink', 10000);
  state.links.set(id, { id, typeId, inwardId: inward.id, outwardId: outward.id });
  recordLink(ctx, inward, outward, typeId, true);
  const comment = body['comment'] as { body?: unknown; visibility?: { type: 'role' | 'group'; value: string } } | undefined;
  if (comment && typeof comment.body === 'string' && comment.body.trim() !== '') {
    const now = ctx.sim.now();
    outward.comments.push({ id: state.nextId('comment', 10000), author: user.name, updateAuthor: user.name, body: comment.body, created: now, updated: now, visibility: comment.visibility });
  }
  touch(ctx, inward);
  touch(ctx, outward);
  // Jira answers 201 with no body.
  return new Response(null, { status: 201, headers: { location: `${ctx.baseUrl}/rest/api/2/issueLink/${id}` } });
}

function getLink(ctx: Ctx): Response {
  const link = ctx.caller.user ? ctx.sim.state.links.get(ctx.params['id'] ?? '') : undefined;
  const inward = link && ctx.sim.state.issuesById.get(link.inwardId);
  const outward = link && ctx.sim.state.issuesById.get(link.outwardId);
  if (!link || !inward || !outward) return jiraError(404, [`No issue link with id '${ctx.params['id'] ?? ''}' exists.`]);
  return json({ id: link.id, self: `${ctx.baseUrl}/rest/api/2/issueLink/${link.id}`, type: linkTypeJson(ctx.baseUrl, link.typeId), inwardIssue: issueRef(ctx, inward), outwardIssue: issueRef(ctx, outward) });
}

function deleteLink(ctx: Ctx): Response {
  const link = ctx.caller.user ? ctx.sim.state.links.get(ctx.params['id'] ?? '') : undefined;
  if (!link) return jiraError(404, [`No issue link with id '${ctx.params['id'] ?? ''}' exists.`]);
  const inward = ctx.sim.state.issuesById.get(link.inwardId);
  if (inward && !can(ctx, 'LINK_ISSUES', projectOf(ctx, inward))) return jiraError(403, ['You do not have the permission to delete links in this project.']);
  ctx.sim.state.links.delete(link.id);
  const outward = ctx.sim.state.issuesById.get(link.outwardId);
  if (inward && outward) recordLink(ctx, inward, outward, link.typeId, false);
  ctx.sim.state.version++;
  return noContent();
}

function remoteJson(ctx: Ctx, issueKey: string, r: StoredRemoteLink): Record<string, unknown> {
  return { id: Number(r.id), self: `${ctx.baseUrl}/rest/api/2/issue/${issueKey}/remotelink/${r.id}`, ...(r.globalId ? { globalId: r.globalId } : {}), ...(r.application ? { application: r.application } : { application: {} }), ...(r.relationship ? { relationship: r.relationship } : {}), object: r.object };
}

function remoteLinks(ctx: Ctx): Response {
  const issue = issueParam(ctx);
  if (issue instanceof Response) return issue;
  const globalId = ctx.url.searchParams.get('globalId');
  const links = [...ctx.sim.state.remoteLinks.values()].filter((r) => r.issueId === issue.id);
  if (globalId !== null) {
    const one = links.find((r) => r.globalId === globalId);
    return one ? json(remoteJson(ctx, issue.key, one)) : jiraError(404, [`No remote link with globalId '${globalId}' exists.`]);
  }
  return json(links.map((r) => remoteJson(ctx, issue.key, r)));
}

function saveRemote(ctx: Ctx, existing?: StoredRemoteLink): Response {
  const issue = issueParam(ctx);
  if (issue instanceof Response) return issue;
  if (!can(ctx, 'LINK_ISSUES', projectOf(ctx, issue))) return jiraError(403, ['You do not have the permission to link issues in this project.']);
  const body = objectBody(ctx);
  if (!body) return invalidJson();
  const object = body['object'] as Record<string, unknown> | undefined;
  if (!object || typeof object['url'] !== 'string' || typeof object['title'] !== 'string') return jiraError(400, [], { ...(!object || typeof object['url'] !== 'string' ? { url: "'url' is required." } : {}), ...(!object || typeof object['title'] !== 'string' ? { title: "'title' is required." } : {}) });
  const globalId = typeof body['globalId'] === 'string' ? body['globalId'] : undefined;
  const { state } = ctx.sim;
  const same = existing ?? (globalId === undefined ? undefined : [...state.remoteLinks.values()].find((r) => r.issueId === issue.id && r.globalId === globalId));
  const link: StoredRemoteLink = same ?? { id: state.nextId('remotelink', 10000), issueId: issue.id, object };
  Object.assign(link, { object, globalId, application: body['application'] as Record<string, unknown> | undefined, relationship: typeof body['relationship'] === 'string' ? body['relationship'] : undefined });
  state.remoteLinks.set(link.id, link);
  touch(ctx, issue);
  if (existing) return noContent();
  const ref = { id: Number(link.id), self: `${ctx.baseUrl}/rest/api/2/issue/${issue.key}/remotelink/${link.id}` };
  // A globalId that exists already updates that link: 200 instead of 201.
  return same ? json(ref) : created(ref);
}

function findRemote(ctx: Ctx): StoredRemoteLink | Response {
  const issue = issueParam(ctx);
  if (issue instanceof Response) return issue;
  const link = ctx.sim.state.remoteLinks.get(ctx.params['id'] ?? '');
  return link && link.issueId === issue.id ? link : jiraError(404, [`No remote link with id '${ctx.params['id'] ?? ''}' exists on this issue.`]);
}

function deleteRemote(ctx: Ctx): Response {
  const issue = issueParam(ctx);
  if (issue instanceof Response) return issue;
  const globalId = ctx.url.searchParams.get('globalId');
  const link = ctx.params['id'] !== undefined ? findRemote(ctx) : [...ctx.sim.state.remoteLinks.values()].find((r) => r.issueId === issue.id && r.globalId === globalId) ?? jiraError(404, [`No remote link with globalId '${globalId ?? ''}' exists.`]);
  if (link instanceof Response) return link;
  ctx.sim.state.remoteLinks.delete(link.id);
  touch(ctx, issue);
  return noContent();
}

/** The link routes. */
export const linkRoutes: readonly Route[] = api(
  ['POST /issueLink', createLink],
  ['GET /issueLink/:id', getLink],
  ['DELETE /issueLink/:id', deleteLink],
  ['GET /issue/:key/remotelink', remoteLinks],
  ['POST /issue/:key/remotelink', (ctx) => saveRemote(ctx)],
  ['DELETE /issue/:key/remotelink', deleteRemote],
  ['GET /issue/:key/remotelink/:id', (ctx) => {
    const link = findRemote(ctx);
    return link instanceof Response ? link : json(remoteJson(ctx, ctx.params['key'] ?? '', link));
  }],
  ['PUT /issue/:key/remotelink/:id', (ctx) => {
    const link = findRemote(ctx);
    return link instanceof Response ? link : saveRemote(ctx, link);
  }],
  ['DELETE /issue/:key/remotelink/:id', deleteRemote],
);
