/** Creating issues, one or in bulk: validation in Jira's order, then the fields as an edit would set them. */
import { can } from './access.js';
import { applyEdit, operations } from './issue-edit.js';
import { readIssueType } from './issue-values.js';
import type { StoredProject } from './model.js';
import { visibleIssue } from './rest-util.js';
import { SUBTASK_TYPE, type StoredIssue } from './seed.js';
import type { RouteContext } from './types.js';

type Ctx = RouteContext;

/** A created issue, or the 400's errors and messages. */
export type Created = { issue: StoredIssue } | { errors: Record<string, string>; messages: string[] };

function projectRef(ctx: Ctx, value: unknown): StoredProject | undefined {
  const ref = (value ?? {}) as { id?: unknown; key?: unknown };
  const key = typeof value === 'string' ? value : typeof ref.key === 'string' ? ref.key : undefined;
  for (const p of ctx.sim.state.projects.values()) if (p.key === key?.toUpperCase() || p.id === String(ref.id)) return p;
  return undefined;
}

/** Creates one issue from a `{fields, update}` body. */
export function createIssueFrom(ctx: Ctx, body: Record<string, unknown>): Created {
  const fields = { ...((body['fields'] ?? {}) as Record<string, unknown>) };
  const update = (body['update'] ?? {}) as Record<string, unknown>;
  const errors: Record<string, string> = {};
  const project = projectRef(ctx, fields['project']);
  if (!project) errors['project'] = fields['project'] ? 'project is invalid' : 'project is required';
  const type = readIssueType(fields['issuetype']);
  if (!type.ok) errors['issuetype'] = type.error;
  const summary = typeof fields['summary'] === 'string' ? fields['summary'].trim() : '';
  if (!summary) errors['summary'] = 'You must specify a summary of the issue.';
  const parentRef = (fields['parent'] ?? {}) as { key?: string; id?: string };
  const parent = fields['parent'] ? visibleIssue(ctx, String(parentRef.key ?? parentRef.id ?? '')) : undefined;
  if (type.ok && type.value === SUBTASK_TYPE && !parent) errors['parent'] = fields['parent'] ? 'Could not find issue by id or key.' : 'Issue type is a sub-task but parent issue key or id not specified.';
  if (type.ok && type.value !== SUBTASK_TYPE && fields['parent']) errors['parent'] = 'Issue type is not a sub-task but parent issue key or id specified.';
  if (!project || !type.ok || Object.keys(errors).length > 0) return { errors, messages: [] };
  if (project.archived || !can(ctx, 'CREATE_ISSUES', project)) return { errors: {}, messages: [`You do not have permission to create issues in this project.`] };
  for (const name of ['project', 'issuetype', 'summary', 'parent']) delete fields[name];
  const issue = newIssue(ctx, project, type.value, summary, parent);
  const ops = operations(fields, update);
  if (typeof ops === 'string') return { errors: { [ops]: `Field '${ops}' cannot be set. It is not on the appropriate screen, or unknown.` }, messages: [] };
  const failed = applyEdit(ctx, issue, ops, false);
  if (failed) return { errors: failed, messages: [] };
  project.counter++;
  ctx.sim.state.addIssue(issue);
  return { issue };
}

function newIssue(ctx: Ctx, project: StoredProject, typeId: string, summary: string, parent: StoredIssue | undefined): StoredIssue {
  const { state } = ctx.sim;
  const now = ctx.sim.now();
  const reporter = ctx.caller.user?.name ?? '';
  return {
    id: state.nextId('issue', 10001),
    key: `${project.key}-${project.counter}`,
    projectKey: project.key,
    issueTypeId: typeId,
    summary,
    description: '',
    statusId: '1',
    priorityId: '3',
    assignee: project.assigneeType === 'PROJECT_LEAD' ? project.lead : undefined,
    reporter,
    created: now,
    updated: now,
    labels: [],
    comments: [],
    // Jira's default "auto-watch": the reporter watches what they create.
    watchers: [reporter],
    ...(parent ? { parentId: parent.id } : {}),
  };
}

/** The JSON of a created issue: id, key, self. */
export function createdRef(ctx: Ctx, issue: StoredIssue): Record<string, unknown> {
  return { id: issue.id, key: issue.key, self: `${ctx.baseUrl}/rest/api/2/issue/${issue.id}` };
}
