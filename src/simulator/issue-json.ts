/** Renders stored issues as Jira DC's REST v2 JSON (jira-wire.md 4.5). */
import { LINK_TYPES, RESOLUTIONS, STATUS_CATEGORIES } from './catalog.js';
import { formatDuration } from './duration.js';
import { jiraTime } from './jira-time.js';
import type { StoredComment, StoredWorklog } from './model.js';
import { visibleComments } from './rest-util.js';
import { ISSUE_TYPES, PRIORITIES, STATUSES, SUBTASK_TYPE, type StoredIssue } from './seed.js';
import type { RouteContext } from './types.js';
import { userRef } from './user-json.js';

type Ctx = RouteContext;

/** Which fields a request asked for: `*all`, `*navigable`, names, and `-name` exclusions. */
export function parseFieldsParam(values: readonly string[]): (name: string) => boolean {
  const items = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  if (items.length === 0) return () => true;
  const include = new Set(items.filter((i) => !i.startsWith('-')));
  const exclude = new Set(items.filter((i) => i.startsWith('-')).map((i) => i.slice(1)));
  const all = include.has('*all') || include.has('*navigable') || include.size === 0;
  return (name) => !exclude.has(name) && (all || include.has(name));
}

/** A user reference by name, for this request. */
export function userOf(ctx: Ctx, name: string | undefined): Record<string, unknown> | null {
  return userRef(ctx.baseUrl, name === undefined ? undefined : ctx.sim.state.users.get(name), name);
}

/** The status JSON; `full` adds what /status shows (inside issues it stays short, for search speed). */
export function statusJson(baseUrl: string, id: string, full = false): Record<string, unknown> {
  const [name, categoryId, categoryKey, categoryName] = STATUSES[id] ?? ['Open', 2, 'new', 'To Do'];
  if (!full) return { self: `${baseUrl}/rest/api/2/status/${id}`, id, name, statusCategory: { id: categoryId, key: categoryKey, name: categoryName } };
  return { self: `${baseUrl}/rest/api/2/status/${id}`, description: '', iconUrl: `${baseUrl}/images/icons/statuses/generic.png`, name, id, statusCategory: categoryJson(baseUrl, String(categoryId)) };
}

/** The status category JSON. */
export function categoryJson(baseUrl: string, id: string): Record<string, unknown> {
  const [key, name, colorName] = STATUS_CATEGORIES[id] ?? ['undefined', 'No Category', 'medium-gray'];
  return { self: `${baseUrl}/rest/api/2/statuscategory/${id}`, id: Number(id), key, colorName, name };
}

/** The issue type JSON; `full` adds what /issuetype shows. */
export function issueTypeJson(baseUrl: string, id: string, full = false): Record<string, unknown> {
  const short = { self: `${baseUrl}/rest/api/2/issuetype/${id}`, id, name: ISSUE_TYPES[id], subtask: id === SUBTASK_TYPE };
  return full ? { ...short, description: '', iconUrl: `${baseUrl}/images/icons/issuetypes/${id}.png`, avatarId: 10300 + (Number(id) % 100) } : short;
}

/** The priority JSON; `full` adds what /priority shows. */
export function priorityJson(baseUrl: string, id: string, full = false): Record<string, unknown> {
  const short = { self: `${baseUrl}/rest/api/2/priority/${id}`, name: PRIORITIES[id], id };
  return full ? { ...short, iconUrl: `${baseUrl}/images/icons/priorities/${(PRIORITIES[id] ?? '').toLowerCase()}.svg` } : short;
}

/** The resolution JSON. */
export function resolutionJson(baseUrl: string, id: string): Record<string, unknown> {
  const [name, description] = RESOLUTIONS[id] ?? ['?', ''];
  return { self: `${baseUrl}/rest/api/2/resolution/${id}`, id, description, name };
}

/** One comment's JSON; renderedBody when asked. */
export function commentJson(ctx: Ctx, issue: StoredIssue, c: StoredComment, rendered = false, render?: (t: string) => string): Record<string, unknown> {
  return {
    self: `${ctx.baseUrl}/rest/api/2/issue/${issue.id}/comment/${c.id}`,
    id: c.id,
    author: userOf(ctx, c.author),
    body: c.body,
    ...(rendered && render ? { renderedBody: render(c.body) } : {}),
    updateAuthor: userOf(ctx, c.updateAuthor),
    created: jiraTime(c.created),
    updated: jiraTime(c.updated),
    ...(c.visibility ? { visibility: c.visibility } : {}),
  };
}

/** One worklog's JSON. */
export function worklogJson(ctx: Ctx, issue: StoredIssue, w: StoredWorklog): Record<string, unknown> {
  return {
    self: `${ctx.baseUrl}/rest/api/2/issue/${issue.id}/worklog/${w.id}`,
    author: userOf(ctx, w.author),
    updateAuthor: userOf(ctx, w.updateAuthor),
    comment: w.comment,
    created: jiraTime(w.created),
    updated: jiraTime(w.updated),
    started: jiraTime(w.started),
    timeSpent: formatDuration(w.timeSpentSeconds),
    timeSpentSeconds: w.timeSpentSeconds,
    id: w.id,
    issueId: issue.id,
  };
}

/** The short issue shape inside links, subtasks and parent. */
export function issueRef(ctx: Ctx, issue: StoredIssue): Record<string, unknown> {
  return {
    id: issue.id,
    key: issue.key,
    self: `${ctx.baseUrl}/rest/api/2/issue/${issue.id}`,
    fields: { summary: issue.summary, status: statusJson(ctx.baseUrl, issue.statusId), priority: priorityJson(ctx.baseUrl, issue.priorityId), issuetype: issueTypeJson(ctx.baseUrl, issue.issueTypeId) },
  };
}

/** The issuelinks field: each link shows the other issue on its side. */
export function issueLinksJson(ctx: Ctx, issue: StoredIssue): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const link of ctx.sim.state.links.values()) {
    if (link.inwardId !== issue.id && link.outwardId !== issue.id) continue;
    const otherId = link.inwardId === issue.id ? link.outwardId : link.inwardId;
    const other = ctx.sim.state.issuesById.get(otherId);
    if (!other) continue;
    out.push({ id: link.id, self: `${ctx.baseUrl}/rest/api/2/issueLink/${link.id}`, type: linkTypeJson(ctx.baseUrl, link.typeId), [link.inwardId === issue.id ? 'outwardIssue' : 'inwardIssue']: issueRef(ctx, other) });
  }
  return out;
}

/** An issue link type's JSON. */
export function linkTypeJson(baseUrl: string, id: string): Record<string, unknown> {
  const [name, inward, outward] = LINK_TYPES[id] ?? ['?', '', ''];
  return { id, name, inward, outward, self: `${baseUrl}/rest/api/2/issueLinkType/${id}` };
}

/** The sprint custom field's value: Jira Software's serialised sprint strings. */
export function sprintField(ctx: Ctx, issue: StoredIssue): string[] | null {
  const sprint = issue.sprintId === undefined ? undefined : ctx.sim.state.sprints.get(issue.sprintId);
  if (!sprint) return null;
  return [`com.atlassian.greenhopper.service.sprint.Sprint@1[id=${sprint.id},rapidViewId=${sprint.originBoardId},state=${sprint.state.toUpperCase()},name=${sprint.name},startDate=${sprint.startDate ?? '<null>'},endDate=${sprint.endDate ?? '<null>'},completeDate=${sprint.completeDate ?? '<null>'},sequence=${sprint.id},goal=${sprint.goal}]`];
}

/** The comment page inside an issue's fields. */
export function commentPage(ctx: Ctx, issue: StoredIssue): Record<string, unknown> {
  const list = visibleComments(ctx, issue).map((c) => commentJson(ctx, issue, c));
  return { comments: list, maxResults: list.length, total: list.length, startAt: 0 };
}
