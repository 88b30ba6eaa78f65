/** The changelog: what each change did to an issue, as `expand=changelog` shows it. */
import { CUSTOM_FIELDS, RESOLUTIONS, SPRINT_FIELD } from './catalog.js';
import { jiraTime } from './jira-time.js';
import type { ChangeItem } from './model.js';
import { ISSUE_TYPES, PRIORITIES, STATUSES, type StoredIssue } from './seed.js';
import type { RouteContext } from './types.js';
import { userRef } from './user-json.js';

type Ctx = RouteContext;

/** [id, display] pairs of a field's value; null for none. */
type Value = readonly [string | null, string | null];

/** Changelog field names differ from REST ids for a few fields (Jira's history keeps UI names). */
const HISTORY_NAMES: Record<string, string> = { components: 'Component', fixVersions: 'Fix Version', versions: 'Version', timetracking: 'timeoriginalestimate' };

function list(ctx: Ctx, kind: 'components' | 'versions', ids: readonly string[] | undefined): Value {
  if (!ids || ids.length === 0) return [null, null];
  return [ids.join(', '), ids.map((id) => ctx.sim.state[kind].get(id)?.name ?? id).join(', ')];
}

function valueOf(ctx: Ctx, issue: StoredIssue, field: string): Value {
  const user = (name: string | undefined): Value => [name ?? null, name === undefined ? null : ctx.sim.state.users.get(name)?.displayName ?? name];
  switch (field) {
    case 'summary': return [null, issue.summary];
    case 'description': return [null, issue.description || null];
    case 'environment': return [null, issue.environment ?? null];
    case 'priority': return [issue.priorityId, PRIORITIES[issue.priorityId] ?? null];
    case 'issuetype': return [issue.issueTypeId, ISSUE_TYPES[issue.issueTypeId] ?? null];
    case 'status': return [issue.statusId, STATUSES[issue.statusId]?.[0] ?? null];
    case 'resolution': return [issue.resolutionId ?? null, issue.resolutionId ? RESOLUTIONS[issue.resolutionId]?.[0] ?? null : null];
    case 'assignee': return user(issue.assignee);
    case 'reporter': return user(issue.reporter);
    case 'duedate': return [issue.duedate ?? null, issue.duedate ?? null];
    case 'labels': return [null, issue.labels.length ? issue.labels.join(' ') : null];
    case 'components': return list(ctx, 'components', issue.components);
    case 'fixVersions': case 'versions': return list(ctx, 'versions', issue[field]);
    case 'timetracking': return [issue.originalEstimate === undefined ? null : String(issue.originalEstimate), issue.originalEstimate === undefined ? null : String(issue.originalEstimate)];
    case SPRINT_FIELD: return [issue.sprintId ?? null, issue.sprintId ? ctx.sim.state.sprints.get(issue.sprintId)?.name ?? null : null];
    default: {
      const v = issue.custom?.[field];
      const shown = v && typeof v === 'object' ? String((v as { value?: unknown }).value) : v === undefined || v === null ? null : String(v);
      return [null, shown];
    }
  }
}

/** The values of some fields now. */
export function snapshot(ctx: Ctx, issue: StoredIssue, fields: readonly string[]): Map<string, Value> {
  return new Map(fields.filter((f) => f !== 'comment' && f !== 'worklog' && f !== 'issuelinks').map((f) => [f, valueOf(ctx, issue, f)]));
}

/** Records a change group for the fields whose values differ between two snapshots. */
export function changeItems(ctx: Ctx, issue: StoredIssue, before: Map<string, Value>, after: Map<string, Value>): void {
  const items: ChangeItem[] = [];
  for (const [field, [from, fromString]] of before) {
    const [to, toString] = after.get(field) ?? [null, null];
    if (from === to && fromString === toString) continue;
    const custom = CUSTOM_FIELDS[field];
    items.push({ field: custom ? custom[0] : HISTORY_NAMES[field] ?? field, fieldtype: custom ? 'custom' : 'jira', from, fromString, to, toString });
  }
  record(ctx, issue, items);
}

/** Adds a change group with these items (none: nothing is recorded). */
export function record(ctx: Ctx, issue: StoredIssue, items: readonly ChangeItem[]): void {
  if (items.length === 0) return;
  issue.changelog = [...(issue.changelog ?? []), { id: ctx.sim.state.nextId('changegroup', 10000), author: ctx.caller.user?.name ?? 'anonymous', created: ctx.sim.now(), items }];
}

/** Records the change of some fields made by `change`. */
export function recorded(ctx: Ctx, issue: StoredIssue, fields: readonly string[], change: () => void): void {
  const before = snapshot(ctx, issue, fields);
  change();
  changeItems(ctx, issue, before, snapshot(ctx, issue, fields));
}

/** The changelog JSON: `{startAt, maxResults, total, histories}`. */
export function changelogJson(ctx: Ctx, issue: StoredIssue): Record<string, unknown> {
  const histories = (issue.changelog ?? []).map((g) => ({ id: g.id, author: userRef(ctx.baseUrl, ctx.sim.state.users.get(g.author), g.author), created: jiraTime(g.created), items: g.items }));
  return { startAt: 0, maxResults: histories.length, total: histories.length, histories };
}

/** One changelog item of a Jira field. */
export function item(field: string, from: [string | null, string | null], to: [string | null, string | null], fieldtype: 'jira' | 'custom' = 'jira'): ChangeItem {
  return { field, fieldtype, from: from[0], fromString: from[1], to: to[0], toString: to[1] };
}

/** Records time tracking after a worklog change: timespent, timeestimate and the worklog id, as Jira does. */
export function recordWorklog(ctx: Ctx, issue: StoredIssue, before: { spent: number; estimate: number | undefined }, worklogId: string, removed: boolean): void {
  const spent = (issue.worklogs ?? []).reduce((sum, w) => sum + w.timeSpentSeconds, 0);
  const str = (n: number | undefined): string | null => (n === undefined || n === 0 ? null : String(n));
  const items: ChangeItem[] = [];
  if (before.spent !== spent) items.push(item('timespent', [str(before.spent), str(before.spent)], [str(spent), str(spent)]));
  if (str(before.estimate) !== str(issue.remainingEstimate)) items.push(item('timeestimate', [str(before.estimate), str(before.estimate)], [str(issue.remainingEstimate), str(issue.remainingEstimate)]));
  items.push(item('WorklogId', removed ? [worklogId, worklogId] : [null, null], removed ? [null, null] : [worklogId, worklogId]));
  record(ctx, issue, items);
}
