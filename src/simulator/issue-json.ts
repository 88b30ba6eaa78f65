/** Renders stored issues as Jira DC's REST v2 JSON (jira-wire.md 4.5). */
import { jiraTime } from './jira-time.js';
import { ISSUE_TYPES, PRIORITIES, STATUSES, type StoredIssue } from './seed.js';
import type { User } from './state.js';

/** Which fields a request asked for: `*all`, `*navigable`, names, and `-name` exclusions. */
export function parseFieldsParam(values: readonly string[]): (name: string) => boolean {
  const items = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  if (items.length === 0) return () => true;
  const include = new Set(items.filter((i) => !i.startsWith('-')));
  const exclude = new Set(items.filter((i) => i.startsWith('-')).map((i) => i.slice(1)));
  const all = include.has('*all') || include.has('*navigable') || include.size === 0;
  return (name) => !exclude.has(name) && (all || include.has(name));
}

function userRef(baseUrl: string, user: User | undefined, name: string | undefined): unknown {
  if (!name) return null;
  return {
    self: `${baseUrl}/rest/api/2/user?username=${encodeURIComponent(name)}`,
    name,
    key: name,
    emailAddress: user?.email ?? `${name}@example.com`,
    displayName: user?.displayName ?? name,
    active: user?.active ?? true,
    timeZone: 'UTC',
  };
}

/** Looks users up by name. */
export type UserLookup = (name: string) => User | undefined;

/** The full JSON of one issue, with only the wanted fields. */
export function issueJson(issue: StoredIssue, baseUrl: string, users: UserLookup, wanted: (name: string) => boolean, projectName: string): Record<string, unknown> {
  const [statusName, categoryId, categoryKey, categoryName] = STATUSES[issue.statusId] ?? ['Open', 2, 'new', 'To Do'];
  const all: Record<string, () => unknown> = {
    summary: () => issue.summary,
    issuetype: () => ({ self: `${baseUrl}/rest/api/2/issuetype/${issue.issueTypeId}`, id: issue.issueTypeId, name: ISSUE_TYPES[issue.issueTypeId], subtask: false }),
    project: () => ({ self: `${baseUrl}/rest/api/2/project/${issue.projectKey}`, key: issue.projectKey, name: projectName, projectTypeKey: 'software' }),
    status: () => ({
      self: `${baseUrl}/rest/api/2/status/${issue.statusId}`,
      id: issue.statusId,
      name: statusName,
      statusCategory: { id: categoryId, key: categoryKey, name: categoryName },
    }),
    priority: () => ({ self: `${baseUrl}/rest/api/2/priority/${issue.priorityId}`, id: issue.priorityId, name: PRIORITIES[issue.priorityId] }),
    assignee: () => userRef(baseUrl, issue.assignee === undefined ? undefined : users(issue.assignee), issue.assignee),
    reporter: () => userRef(baseUrl, users(issue.reporter), issue.reporter),
    created: () => jiraTime(issue.created),
    updated: () => jiraTime(issue.updated),
    description: () => issue.description,
    labels: () => issue.labels,
    comment: () => ({
      startAt: 0,
      maxResults: issue.comments.length,
      total: issue.comments.length,
      comments: issue.comments.map((c) => commentJson(issue, c, baseUrl, users)),
    }),
  };
  const fields: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(all)) if (wanted(name)) fields[name] = value();
  return {
    expand: 'renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations',
    id: issue.id,
    self: `${baseUrl}/rest/api/2/issue/${issue.id}`,
    key: issue.key,
    fields,
  };
}

/** One comment's JSON. */
export function commentJson(issue: StoredIssue, c: StoredIssue['comments'][number], baseUrl: string, users: UserLookup): Record<string, unknown> {
  const author = userRef(baseUrl, users(c.author), c.author);
  return {
    self: `${baseUrl}/rest/api/2/issue/${issue.id}/comment/${c.id}`,
    id: c.id,
    author,
    body: c.body,
    updateAuthor: author,
    created: jiraTime(c.created),
    updated: jiraTime(c.created),
  };
}
