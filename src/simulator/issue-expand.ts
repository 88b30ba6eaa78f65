/** `expand` on an issue: renderedFields, names, schema, transitions, editmeta, changelog, operations. */
import { fieldMeta, FIELDS } from './fields.js';
import { changelogJson } from './issue-history.js';
import { commentJson } from './issue-json.js';
import { issueJson } from './issue-render.js';
import { jiraTime } from './jira-time.js';
import { visibleComments } from './rest-util.js';
import type { StoredIssue } from './seed.js';
import type { RouteContext } from './types.js';
import { renderWiki } from './wiki.js';
import { availableTransitions, transitionJson } from './workflow.js';

type Ctx = RouteContext;

/** Which expansions a request asked for (comma lists, repeated parameters). */
export function expansions(ctx: Ctx): Set<string> {
  return new Set(ctx.url.searchParams.getAll('expand').flatMap((e) => e.split(',')).map((e) => e.trim()).filter(Boolean));
}

/** The editmeta `fields` for an issue: what the caller could set through edit. */
export function editableFields(): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // Jira lists the attachment field too, with no operations.
  for (const f of FIELDS.values()) if ((f.editable && f.id !== 'parent') || f.id === 'attachment') out[f.id] = fieldMeta(f, f.id === 'summary' || f.id === 'issuetype');
  return out;
}

function renderedFields(ctx: Ctx, issue: StoredIssue, fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const name of Object.keys(fields)) out[name] = null;
  if ('description' in fields) out['description'] = renderWiki(issue.description);
  if ('environment' in fields) out['environment'] = issue.environment ? renderWiki(issue.environment) : null;
  if ('created' in fields) out['created'] = jiraTime(issue.created);
  if ('updated' in fields) out['updated'] = jiraTime(issue.updated);
  if ('comment' in fields) {
    const comments = visibleComments(ctx, issue).map((c) => commentJson(ctx, issue, c, true, renderWiki)).map((c) => ({ ...c, body: c['renderedBody'] }));
    out['comment'] = { comments, maxResults: comments.length, total: comments.length, startAt: 0 };
  }
  return out;
}

/** The issue JSON with the asked-for expansions. */
export function expandedIssue(ctx: Ctx, issue: StoredIssue, wanted: (name: string) => boolean, expand: ReadonlySet<string>): Record<string, unknown> {
  const out = issueJson(ctx, issue, wanted);
  const fields = out['fields'] as Record<string, unknown>;
  if (expand.has('renderedFields')) out['renderedFields'] = renderedFields(ctx, issue, fields);
  if (expand.has('names')) out['names'] = Object.fromEntries(Object.keys(fields).map((id) => [id, FIELDS.get(id)?.name ?? id]));
  if (expand.has('schema')) out['schema'] = Object.fromEntries(Object.keys(fields).flatMap((id) => (FIELDS.get(id) ? [[id, FIELDS.get(id)?.schema]] : [])));
  if (expand.has('transitions')) out['transitions'] = availableTransitions(issue).map((t) => transitionJson(ctx.baseUrl, t, expand.has('transitions.fields')));
  if (expand.has('editmeta')) out['editmeta'] = { fields: editableFields() };
  if (expand.has('changelog')) out['changelog'] = changelogJson(ctx, issue);
  if (expand.has('operations')) out['operations'] = { linkGroups: [] };
  if (expand.has('versionedRepresentations')) {
    out['versionedRepresentations'] = Object.fromEntries(Object.entries(fields).map(([id, v]) => [id, { '1': v }]));
    delete out['fields'];
  }
  return out;
}
