/**
 * Attachments: multipart upload (XSRF needs `X-Atlassian-Token: no-check`, enforced before routing,
 * jira-wire.md 5.2), metadata, content download under /secure/attachment, delete, /attachment/meta.
 */
import { can } from './access.js';
import { item, record } from './issue-history.js';
import { attachmentJson } from './issue-render.js';
import type { StoredAttachment } from './model.js';
import { boundaryOf, parseMultipart } from './multipart.js';
import { html, jiraError, json, page } from './responses.js';
import { api, issueParam, noContent, projectOf, touch } from './rest-util.js';
import { route } from './router.js';
import type { Route, RouteContext } from './types.js';

type Ctx = RouteContext;

function upload(ctx: Ctx): Response {
  const issue = issueParam(ctx);
  if (issue instanceof Response) return issue;
  if (!can(ctx, 'CREATE_ATTACHMENTS', projectOf(ctx, issue))) return jiraError(403, ['You do not have permission to create attachments for this issue.']);
  const boundary = boundaryOf(ctx.request.headers.get('content-type'));
  const parts = boundary ? parseMultipart(ctx.bodyBytes, boundary) : undefined;
  const files = (parts ?? []).filter((p) => p.name === 'file' && p.filename !== undefined);
  if (files.length === 0) return jiraError(404, ['No attachments were found in the request; send them in the multipart field "file".']);
  const author = ctx.caller.user?.name ?? '';
  const made: StoredAttachment[] = files.map((f) => ({
    id: ctx.sim.state.nextId('attachment', 10000),
    issueId: issue.id,
    filename: (f.filename ?? 'file').split(/[\\/]/).pop() ?? 'file',
    author,
    created: ctx.sim.now(),
    mimeType: f.contentType.split(';')[0]?.trim() || 'application/octet-stream',
    content: f.data,
  }));
  for (const a of made) ctx.sim.state.attachments.set(a.id, a);
  record(ctx, issue, made.map((a) => item('Attachment', [null, null], [a.id, a.filename])));
  touch(ctx, issue);
  return json(made.map((a) => attachmentJson(ctx, a)));
}

/** An attachment the caller may see (its issue visible), or undefined. */
function visible(ctx: Ctx, id: string): StoredAttachment | undefined {
  const a = ctx.sim.state.attachments.get(id);
  return a && ctx.caller.user && ctx.sim.state.issuesById.has(a.issueId) ? a : undefined;
}

function remove(ctx: Ctx): Response {
  const a = visible(ctx, ctx.params['id'] ?? '');
  if (!a) return jiraError(404, [`The attachment with id '${ctx.params['id'] ?? ''}' does not exist`]);
  const issue = ctx.sim.state.issuesById.get(a.issueId);
  const project = issue ? projectOf(ctx, issue) : undefined;
  const allowed = can(ctx, 'DELETE_ALL_ATTACHMENTS', project) || (a.author === ctx.caller.user?.name && can(ctx, 'DELETE_OWN_ATTACHMENTS', project));
  if (!allowed) return jiraError(403, ['You do not have permission to delete this attachment.']);
  ctx.sim.state.attachments.delete(a.id);
  if (issue) {
    record(ctx, issue, [item('Attachment', [a.id, a.filename], [null, null])]);
    touch(ctx, issue);
  }
  return noContent();
}

function content(ctx: Ctx): Response {
  const a = visible(ctx, ctx.params['id'] ?? '');
  if (!a) return html(page('Attachment not found', '<p>The attachment does not exist or you do not have permission to see it.</p>'), 404);
  const disposition = `attachment; filename*=UTF-8''${encodeURIComponent(a.filename)}`;
  return new Response(new Uint8Array(a.content), { status: 200, headers: { 'content-type': a.mimeType, 'content-disposition': disposition, 'content-length': String(a.content.length) } });
}

/** The attachment routes. */
export const attachmentRoutes: readonly Route[] = [
  ...api(
    ['POST /issue/:key/attachments', upload],
    ['GET /attachment/meta', (ctx) => json({ enabled: true, uploadLimit: ctx.sim.options.maxAttachmentBytes })],
    ['GET /attachment/:id', (ctx) => {
      const a = visible(ctx, ctx.params['id'] ?? '');
      return a ? json(attachmentJson(ctx, a)) : jiraError(404, [`The attachment with id '${ctx.params['id'] ?? ''}' does not exist`]);
    }],
    ['DELETE /attachment/:id', remove],
  ),
  route('GET /secure/attachment/:id/:name', content),
];
