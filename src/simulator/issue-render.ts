/** One issue's `fields` and the whole issue JSON for a request (jira-wire.md 4.5). */
import { CUSTOM_FIELDS, RANK_FIELD, SPRINT_FIELD } from './catalog.js';
import { formatDuration } from './duration.js';
import { commentPage, issueLinksJson, issueRef, issueTypeJson, priorityJson, resolutionJson, sprintField, statusJson, userOf, worklogJson } from './issue-json.js';
import { jiraTime } from './jira-time.js';
import { projectOf } from './rest-util.js';
import type { StoredIssue } from './seed.js';
import type { RouteContext } from './types.js';

type Ctx = RouteContext;

function projectRef(ctx: Ctx, issue: StoredIssue): Record<string, unknown> {
  const p = projectOf(ctx, issue);
  return { self: `${ctx.baseUrl}/rest/api/2/project/${p?.id ?? ''}`, id: p?.id, key: issue.projectKey, name: p?.name ?? issue.projectKey, projectTypeKey: p?.projectTypeKey ?? 'software' };
}

function named(ctx: Ctx, kind: 'components' | 'versions', ids: readonly string[] | undefined): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const id of ids ?? []) {
    const item = ctx.sim.state[kind].get(id);
    if (!item) continue;
    const path = kind === 'components' ? 'component' : 'version';
    out.push({ self: `${ctx.baseUrl}/rest/api/2/${path}/${id}`, id, name: item.name, ...('released' in item ? { archived: item.archived, released: item.released, ...(item.releaseDate ? { releaseDate: item.releaseDate } : {}) } : {}) });
  }
  return out;
}

function timetracking(issue: StoredIssue): Record<string, unknown> {
  const spent = (issue.worklogs ?? []).reduce((sum, w) => sum + w.timeSpentSeconds, 0);
  const out: Record<string, unknown> = {};
  if (issue.originalEstimate !== undefined) Object.assign(out, { originalEstimate: formatDuration(issue.originalEstimate), originalEstimateSeconds: issue.originalEstimate });
  if (issue.remainingEstimate !== undefined) Object.assign(out, { remainingEstimate: formatDuration(issue.remainingEstimate), remainingEstimateSeconds: issue.remainingEstimate });
  if (spent > 0) Object.assign(out, { timeSpent: formatDuration(spent), timeSpentSeconds: spent });
  return out;
}

function attachments(ctx: Ctx, issue: StoredIssue): Record<string, unknown>[] {
  return [...ctx.sim.state.attachments.values()].filter((a) => a.issueId === issue.id).map((a) => attachmentJson(ctx, a));
}

/** An attachment's JSON. */
export function attachmentJson(ctx: Ctx, a: { id: string; filename: string; author: string; created: number; content: Uint8Array; mimeType: string }): Record<string, unknown> {
  return { self: `${ctx.baseUrl}/rest/api/2/attachment/${a.id}`, id: a.id, filename: a.filename, author: userOf(ctx, a.author), created: jiraTime(a.created), size: a.content.length, mimeType: a.mimeType, content: `${ctx.baseUrl}/secure/attachment/${a.id}/${encodeURIComponent(a.filename)}` };
}

const spentOf = (issue: StoredIssue): number => (issue.worklogs ?? []).reduce((sum, w) => sum + w.timeSpentSeconds, 0);

/** How each field renders, built once: a search renders 10,000 issues without a closure per field. */
const RENDER: Readonly<Record<string, (ctx: Ctx, issue: StoredIssue) => unknown>> = {
  summary: (_, i) => i.summary,
  issuetype: (ctx, i) => issueTypeJson(ctx.baseUrl, i.issueTypeId),
  project: (ctx, i) => projectRef(ctx, i),
  status: (ctx, i) => statusJson(ctx.baseUrl, i.statusId),
  priority: (ctx, i) => priorityJson(ctx.baseUrl, i.priorityId),
  resolution: (ctx, i) => (i.resolutionId ? resolutionJson(ctx.baseUrl, i.resolutionId) : null),
  resolutiondate: (_, i) => (i.resolutiondate === undefined ? null : jiraTime(i.resolutiondate)),
  assignee: (ctx, i) => userOf(ctx, i.assignee),
  reporter: (ctx, i) => userOf(ctx, i.reporter),
  creator: (ctx, i) => userOf(ctx, i.reporter),
  created: (_, i) => jiraTime(i.created),
  updated: (_, i) => jiraTime(i.updated),
  duedate: (_, i) => i.duedate ?? null,
  description: (_, i) => i.description,
  environment: (_, i) => i.environment ?? null,
  labels: (_, i) => i.labels,
  components: (ctx, i) => named(ctx, 'components', i.components),
  fixVersions: (ctx, i) => named(ctx, 'versions', i.fixVersions),
  versions: (ctx, i) => named(ctx, 'versions', i.versions),
  parent: (ctx, i) => {
    const parent = i.parentId === undefined ? undefined : ctx.sim.state.issuesById.get(i.parentId);
    return parent ? issueRef(ctx, parent) : undefined;
  },
  subtasks: (ctx, i) => subtasks(ctx, i),
  issuelinks: (ctx, i) => (ctx.sim.state.links.size === 0 ? [] : issueLinksJson(ctx, i)),
  timetracking: (_, i) => timetracking(i),
  timeoriginalestimate: (_, i) => i.originalEstimate ?? null,
  timeestimate: (_, i) => i.remainingEstimate ?? null,
  timespent: (_, i) => spentOf(i) || null,
  watches: (ctx, i) => ({ self: `${ctx.baseUrl}/rest/api/2/issue/${i.key}/watchers`, watchCount: i.watchers?.length ?? 0, isWatching: i.watchers?.includes(ctx.caller.user?.name ?? '') ?? false }),
  votes: (ctx, i) => ({ self: `${ctx.baseUrl}/rest/api/2/issue/${i.key}/votes`, votes: i.voters?.length ?? 0, hasVoted: i.voters?.includes(ctx.caller.user?.name ?? '') ?? false }),
  comment: (ctx, i) => commentPage(ctx, i),
  worklog: (ctx, i) => {
    const list = (i.worklogs ?? []).map((w) => worklogJson(ctx, i, w));
    return { startAt: 0, maxResults: list.length, total: list.length, worklogs: list };
  },
  attachment: (ctx, i) => (ctx.sim.state.attachments.size === 0 ? [] : attachments(ctx, i)),
  [SPRINT_FIELD]: (ctx, i) => sprintField(ctx, i),
  [RANK_FIELD]: (_, i) => `0|i${String(i.rank ?? Number(i.id)).padStart(5, '0')}:`,
  ...Object.fromEntries(Object.keys(CUSTOM_FIELDS).filter((id) => id !== SPRINT_FIELD && id !== RANK_FIELD).map((id) => [id, (_: Ctx, i: StoredIssue) => i.custom?.[id] ?? null])),
};

const FIELD_NAMES = Object.keys(RENDER);

/** Children by parent id, rebuilt once per data version so a big search scans the issues once. */
const CHILDREN = new WeakMap<object, { version: number; byParent: Map<string, StoredIssue[]> }>();

function subtasks(ctx: Ctx, issue: StoredIssue): Record<string, unknown>[] {
  const { state } = ctx.sim;
  let index = CHILDREN.get(state);
  if (index?.version !== state.version) {
    index = { version: state.version, byParent: new Map() };
    for (const i of state.issues) if (i.parentId !== undefined) index.byParent.set(i.parentId, [...(index.byParent.get(i.parentId) ?? []), i]);
    CHILDREN.set(state, index);
  }
  return (index.byParent.get(issue.id) ?? []).map((i) => issueRef(ctx, i));
}

/** The `fields` of an issue, only those wanted. */
export function issueFields(ctx: Ctx, issue: StoredIssue, wanted: (name: string) => boolean): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  for (const name of FIELD_NAMES) {
    if (!wanted(name)) continue;
    const value = RENDER[name]?.(ctx, issue);
    // parent is there only for sub-tasks.
    if (value !== undefined) fields[name] = value;
  }
  return fields;
}

/** The issue JSON without expansions. */
export function issueJson(ctx: Ctx, issue: StoredIssue, wanted: (name: string) => boolean): Record<string, unknown> {
  return {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: issue.id,
    self: `${ctx.baseUrl}/rest/api/2/issue/${issue.id}`,
    key: issue.key,
    fields: issueFields(ctx, issue, wanted),
  };
}
