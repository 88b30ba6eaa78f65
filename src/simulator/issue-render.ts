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
  const avatar = `${ctx.baseUrl}/secure/projectavatar?avatarId=10324`;
  return { self: `${ctx.baseUrl}/rest/api/2/project/${p?.id ?? ''}`, id: p?.id, key: issue.projectKey, name: p?.name ?? issue.projectKey, projectTypeKey: p?.projectTypeKey ?? 'software', avatarUrls: { '48x48': avatar, '24x24': avatar, '16x16': avatar, '32x32': avatar } };
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

/** Every field's value getter for an issue. */
function getters(ctx: Ctx, issue: StoredIssue): Record<string, () => unknown> {
  const { baseUrl } = ctx;
  const me = ctx.caller.user?.name ?? '';
  const parent = issue.parentId === undefined ? undefined : ctx.sim.state.issuesById.get(issue.parentId);
  const spent = (issue.worklogs ?? []).reduce((sum, w) => sum + w.timeSpentSeconds, 0);
  return {
    summary: () => issue.summary,
    issuetype: () => issueTypeJson(baseUrl, issue.issueTypeId),
    project: () => projectRef(ctx, issue),
    status: () => statusJson(baseUrl, issue.statusId),
    priority: () => priorityJson(baseUrl, issue.priorityId),
    resolution: () => (issue.resolutionId ? resolutionJson(baseUrl, issue.resolutionId) : null),
    resolutiondate: () => (issue.resolutiondate === undefined ? null : jiraTime(issue.resolutiondate)),
    assignee: () => userOf(ctx, issue.assignee),
    reporter: () => userOf(ctx, issue.reporter),
    creator: () => userOf(ctx, issue.reporter),
    created: () => jiraTime(issue.created),
    updated: () => jiraTime(issue.updated),
    duedate: () => issue.duedate ?? null,
    description: () => issue.description,
    environment: () => issue.environment ?? null,
    labels: () => issue.labels,
    components: () => named(ctx, 'components', issue.components),
    fixVersions: () => named(ctx, 'versions', issue.fixVersions),
    versions: () => named(ctx, 'versions', issue.versions),
    ...(parent ? { parent: () => issueRef(ctx, parent) } : {}),
    subtasks: () => subtasks(ctx, issue),
    issuelinks: () => issueLinksJson(ctx, issue),
    timetracking: () => timetracking(issue),
    timeoriginalestimate: () => issue.originalEstimate ?? null,
    timeestimate: () => issue.remainingEstimate ?? null,
    timespent: () => (spent > 0 ? spent : null),
    watches: () => ({ self: `${baseUrl}/rest/api/2/issue/${issue.key}/watchers`, watchCount: issue.watchers?.length ?? 0, isWatching: issue.watchers?.includes(me) ?? false }),
    votes: () => ({ self: `${baseUrl}/rest/api/2/issue/${issue.key}/votes`, votes: issue.voters?.length ?? 0, hasVoted: issue.voters?.includes(me) ?? false }),
    comment: () => commentPage(ctx, issue),
    worklog: () => {
      const list = (issue.worklogs ?? []).map((w) => worklogJson(ctx, issue, w));
      return { startAt: 0, maxResults: list.length, total: list.length, worklogs: list };
    },
    attachment: () => attachments(ctx, issue),
    [SPRINT_FIELD]: () => sprintField(ctx, issue),
    [RANK_FIELD]: () => `0|i${String(issue.rank ?? Number(issue.id)).padStart(5, '0')}:`,
    ...Object.fromEntries(Object.keys(CUSTOM_FIELDS).filter((id) => id !== SPRINT_FIELD && id !== RANK_FIELD).map((id) => [id, () => issue.custom?.[id] ?? null])),
  };
}

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
  for (const [name, value] of Object.entries(getters(ctx, issue))) if (wanted(name)) fields[name] = value();
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
