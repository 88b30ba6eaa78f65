/**
 * The fields JQL can search and sort: how to read each from an issue, how a query value maps to
 * what is stored (undefined: no such value), and which operators apply.
 */
import { RESOLUTIONS } from '../catalog.js';
import { ISSUE_TYPES, PRIORITIES, STATUSES, type StoredIssue } from '../seed.js';
import type { JqlEnv } from './env.js';

/** A searchable field. */
export interface JqlField {
  readonly name: string;
  readonly type: 'id' | 'multi' | 'text' | 'date' | 'user';
  /** The issue's stored value(s), lower-cased for ids; ms for dates; text for text fields. */
  value(issue: StoredIssue, env: JqlEnv): string | number | readonly string[] | undefined;
  /** A query value as stored; undefined when none exists. */
  resolve?(text: string, env: JqlEnv): string | undefined;
  /** Numeric order for <, >, and for sorting. */
  rank?(issue: StoredIssue, env: JqlEnv): number | string | undefined;
  /** Numeric order of a query value for <, >. */
  rankOf?(text: string, env: JqlEnv): number | undefined;
  /** Sorting when no rank: the value. */
  readonly sortable: boolean;
}

function byName(table: Readonly<Record<string, string>>, text: string): string | undefined {
  const t = text.toLowerCase();
  if (table[text] !== undefined) return text;
  return Object.entries(table).find(([, name]) => name.toLowerCase() === t)?.[0];
}

const STATUS_NAMES = Object.fromEntries(Object.entries(STATUSES).map(([id, [name]]) => [id, name]));
const RESOLUTION_NAMES = Object.fromEntries(Object.entries(RESOLUTIONS).map(([id, [name]]) => [id, name]));
const keyRank = (key: string): string => {
  const [project = '', n = '0'] = key.split('-');
  return `${project}\u0000${n.padStart(12, '0')}`;
};

function userField(name: string, get: (i: StoredIssue) => string | readonly string[] | undefined): JqlField {
  return {
    name,
    type: 'user',
    sortable: true,
    value: (i) => {
      const v = get(i);
      return typeof v === 'string' ? v.toLowerCase() : v?.map((x) => x.toLowerCase());
    },
    resolve: (text, env) => {
      const t = text.toLowerCase();
      for (const u of env.state.users.values()) if (u.name.toLowerCase() === t || u.email.toLowerCase() === t || u.displayName.toLowerCase() === t) return u.name.toLowerCase();
      return undefined;
    },
    rank: (i, env) => {
      const v = get(i);
      return typeof v === 'string' ? env.state.users.get(v)?.displayName.toLowerCase() ?? v : undefined;
    },
  };
}

function namedList(name: string, kind: 'components' | 'versions', get: (i: StoredIssue) => readonly string[] | undefined): JqlField {
  return {
    name,
    type: 'multi',
    sortable: true,
    value: (i) => get(i) ?? [],
    resolve: (text, env) => {
      for (const item of env.state[kind].values()) if (item.id === text || item.name.toLowerCase() === text.toLowerCase()) return item.id;
      return undefined;
    },
    rank: (i, env) => {
      const first = get(i)?.[0];
      return first === undefined ? undefined : env.state[kind].get(first)?.name.toLowerCase();
    },
  };
}

function dateField(name: string, get: (i: StoredIssue) => number | undefined): JqlField {
  return { name, type: 'date', sortable: true, value: get, rank: get };
}

function textField(name: string, get: (i: StoredIssue, env: JqlEnv) => string | undefined, sortable = false): JqlField {
  return { name, type: 'text', sortable, value: get, ...(sortable ? { rank: (i: StoredIssue, env: JqlEnv) => get(i, env)?.toLowerCase() } : {}) };
}

const FIELDS: Record<string, JqlField> = {
  project: {
    name: 'project', type: 'id', sortable: true,
    value: (i) => i.projectKey.toLowerCase(),
    resolve: (text, env) => {
      if (!env.me) return undefined;
      for (const p of env.state.projects.values()) if (p.key.toLowerCase() === text.toLowerCase() || p.id === text || p.name.toLowerCase() === text.toLowerCase()) return p.key.toLowerCase();
      return undefined;
    },
    rank: (i) => i.projectKey,
  },
  key: {
    name: 'key', type: 'id', sortable: true,
    value: (i) => i.key.toLowerCase(),
    resolve: (text, env) => (env.state.issuesByKey.get(text.toUpperCase()) ?? env.state.issuesById.get(text))?.key.toLowerCase(),
    rank: (i) => keyRank(i.key),
  },
  id: { name: 'id', type: 'id', sortable: true, value: (i) => i.id, resolve: (text, env) => (env.state.issuesById.get(text) ?? env.state.issuesByKey.get(text.toUpperCase()))?.id, rank: (i) => Number(i.id) },
  status: { name: 'status', type: 'id', sortable: true, value: (i) => i.statusId, resolve: (t) => byName(STATUS_NAMES, t), rank: (i) => Number(i.statusId) },
  statuscategory: {
    name: 'statusCategory', type: 'id', sortable: false,
    value: (i) => STATUSES[i.statusId]?.[2],
    resolve: (t) => Object.values(STATUSES).find(([, id, key, name]) => String(id) === t || key === t.toLowerCase() || name.toLowerCase() === t.toLowerCase())?.[2],
  },
  priority: {
    name: 'priority', type: 'id', sortable: true,
    value: (i) => i.priorityId,
    resolve: (t) => byName(PRIORITIES, t),
    rank: (i) => -Number(i.priorityId),
    rankOf: (t) => { const id = byName(PRIORITIES, t); return id === undefined ? undefined : -Number(id); },
  },
  resolution: {
    name: 'resolution', type: 'id', sortable: true,
    value: (i) => i.resolutionId,
    resolve: (t) => (t.toLowerCase() === 'unresolved' ? '' : byName(RESOLUTION_NAMES, t)),
    rank: (i) => (i.resolutionId === undefined ? undefined : Number(i.resolutionId)),
  },
  issuetype: { name: 'issuetype', type: 'id', sortable: true, value: (i) => i.issueTypeId, resolve: (t) => byName(ISSUE_TYPES, t), rank: (i) => ISSUE_TYPES[i.issueTypeId] },
  assignee: userField('assignee', (i) => i.assignee),
  reporter: userField('reporter', (i) => i.reporter),
  creator: userField('creator', (i) => i.reporter),
  watcher: userField('watcher', (i) => i.watchers ?? []),
  voter: userField('voter', (i) => i.voters ?? []),
  labels: { name: 'labels', type: 'multi', sortable: false, value: (i) => i.labels, resolve: (t) => t },
  component: namedList('component', 'components', (i) => i.components),
  fixversion: namedList('fixVersion', 'versions', (i) => i.fixVersions),
  affectedversion: namedList('affectedVersion', 'versions', (i) => i.versions),
  parent: { name: 'parent', type: 'id', sortable: false, value: (i) => i.parentId, resolve: (t, env) => (env.state.issuesByKey.get(t.toUpperCase()) ?? env.state.issuesById.get(t))?.id },
  sprint: {
    name: 'sprint', type: 'id', sortable: true,
    value: (i) => i.sprintId,
    resolve: (t, env) => [...env.state.sprints.values()].find((s) => s.id === t || s.name.toLowerCase() === t.toLowerCase())?.id,
    rank: (i) => (i.sprintId === undefined ? undefined : Number(i.sprintId)),
  },
  summary: textField('summary', (i) => i.summary, true),
  description: textField('description', (i) => i.description || undefined),
  environment: textField('environment', (i) => i.environment),
  comment: textField('comment', (i) => (i.comments.length ? i.comments.map((c) => c.body).join('\n') : undefined)),
  text: textField('text', (i) => [i.summary, i.description, i.environment ?? '', ...i.comments.map((c) => c.body)].join('\n')),
  created: dateField('created', (i) => i.created),
  updated: dateField('updated', (i) => i.updated),
  resolved: dateField('resolved', (i) => i.resolutiondate),
  due: dateField('due', (i) => (i.duedate === undefined ? undefined : Date.parse(`${i.duedate}T00:00:00Z`))),
  rank: { name: 'Rank', type: 'id', sortable: true, value: () => undefined, rank: (i) => i.rank ?? Number(i.id) },
};

const ALIASES: Record<string, string> = {
  issuekey: 'key', type: 'issuetype', createddate: 'created', updateddate: 'updated', resolutiondate: 'resolved', duedate: 'due',
  fixversions: 'fixversion', components: 'component', 'cf[10100]': 'sprint', 'cf[10101]': 'rank', issue: 'key',
};

/** The field a JQL name refers to, if any. */
export function jqlField(name: string): JqlField | undefined {
  const n = name.toLowerCase();
  return FIELDS[ALIASES[n] ?? n];
}
