/**
 * Create and edit of an issue's fields: `fields` (set) and `update` (add, set, remove, edit)
 * operations, validated first and applied all or nothing, with a changelog entry for what changed.
 */
import { CUSTOM_FIELDS, LINK_TYPES, SPRINT_FIELD } from './catalog.js';
import { parseDuration } from './duration.js';
import { FIELDS } from './fields.js';
import { changeItems, snapshot } from './issue-history.js';
import { readCustom, readDate, readIssueType, readLabels, readNamed, readPriority, readTimetracking, readUser, type Read } from './issue-values.js';
import type { StoredComment } from './model.js';
import { projectOf } from './rest-util.js';
import type { StoredIssue } from './seed.js';
import type { RouteContext } from './types.js';

type Ctx = RouteContext;

/** One operation on one field. */
interface Op {
  readonly field: string;
  readonly op: string;
  readonly value: unknown;
}

const LINK_TYPE_NAMES: Record<string, string> = Object.fromEntries(Object.entries(LINK_TYPES).map(([id, [name]]) => [id, name]));

const cannotSet = (field: string): string => `Field '${field}' cannot be set. It is not on the appropriate screen, or unknown.`;

/** The operations of a body's `fields` and `update`, in order. */
export function operations(fields: Record<string, unknown>, update: Record<string, unknown>): Op[] | string {
  const ops: Op[] = Object.entries(fields).map(([field, value]) => ({ field, op: 'set', value }));
  for (const [field, list] of Object.entries(update)) {
    if (!Array.isArray(list)) return field;
    for (const entry of list) {
      if (!entry || typeof entry !== 'object') return field;
      for (const [op, value] of Object.entries(entry as Record<string, unknown>)) ops.push({ field, op, value });
    }
  }
  return ops;
}

function multi(current: string[], op: string, values: string[]): string[] {
  if (op === 'set') return values;
  if (op === 'add') return [...current, ...values.filter((v) => !current.includes(v))];
  return current.filter((v) => !values.includes(v));
}

type Draft = StoredIssue;
type Effect = (issue: StoredIssue) => void;

function put<T>(r: Read<T>, errors: Record<string, string>, key: string, apply: (v: T) => void): void {
  if (r.ok) apply(r.value);
  else errors[key] = r.error;
}

/** Applies one operation to the draft, or records its error. */
function applyOp(ctx: Ctx, d: Draft, o: Op, errors: Record<string, string>, effects: Effect[]): void {
  const { field, op, value } = o;
  const def = FIELDS.get(field);
  if (!def || !def.operations.includes(op) || (!def.editable && field !== 'resolution')) {
    errors[field] = def && def.editable ? `Operation '${op}' is not supported for field '${field}'.` : cannotSet(field);
    return;
  }
  const user = ctx.caller.user?.name ?? '';
  switch (field) {
    case 'summary':
      if (typeof value !== 'string' || value.trim() === '') errors[field] = 'You must specify a summary of the issue.';
      else if (/[\r\n]/.test(value)) errors[field] = 'The summary is invalid because it contains newline characters.';
      else if (value.length > 255) errors[field] = 'Summary must be less than 255 characters.';
      else d.summary = value;
      return;
    case 'description': d.description = typeof value === 'string' ? value : ''; return;
    case 'environment': d.environment = typeof value === 'string' ? value : undefined; return;
    case 'priority': put(readPriority(value), errors, field, (v) => { d.priorityId = v; }); return;
    case 'issuetype': put(readIssueType(value), errors, field, (v) => { d.issueTypeId = v; }); return;
    case 'assignee': put(readUser(ctx, value, 'assignee', projectOf(ctx, d)?.lead), errors, field, (v) => { d.assignee = v; }); return;
    case 'reporter': put(readUser(ctx, value, 'reporter'), errors, field, (v) => { d.reporter = v ?? d.reporter; }); return;
    case 'duedate': put(readDate(value), errors, field, (v) => { d.duedate = v; }); return;
    case 'labels': {
      const values = op === 'set' ? value : [value];
      put(readLabels(values), errors, field, (v) => { d.labels = multi(d.labels, op, v); });
      return;
    }
    case 'components': case 'fixVersions': case 'versions': {
      const kind = field === 'components' ? 'components' : 'versions';
      const label = field === 'components' ? 'Component' : 'Version';
      const values = op === 'set' ? value : [value];
      put(readNamed(ctx, kind, d.projectKey, values, label), errors, field, (v) => { d[field] = multi(d[field] ?? [], op, v); });
      return;
    }
    case 'timetracking':
      put(readTimetracking(value), errors, field, (v) => {
        if (v.original !== undefined) d.originalEstimate = v.original;
        if (v.remaining !== undefined) d.remainingEstimate = v.remaining;
        else if (v.original !== undefined && d.remainingEstimate === undefined) d.remainingEstimate = v.original;
      });
      return;
    case 'comment': commentOp(ctx, op, value, errors, effects, user); return;
    case 'worklog': effects.push(worklogEffect(ctx, value, user)); return;
    case 'issuelinks': linkOp(ctx, value, errors, effects); return;
    case 'parent': errors[field] = cannotSet(field); return;
    default:
      if (field === SPRINT_FIELD) {
        const sprint = value === null ? undefined : ctx.sim.state.sprints.get(String(value));
        if (value !== null && !sprint) errors[field] = `Sprint with id ${String(value)} does not exist.`;
        else d.sprintId = sprint?.id;
        return;
      }
      if (CUSTOM_FIELDS[field]) put(readCustom(ctx, field, value), errors, field, (v) => { d.custom = { ...d.custom, [field]: v }; });
      else errors[field] = cannotSet(field);
  }
}

function commentOp(ctx: Ctx, op: string, value: unknown, errors: Record<string, string>, effects: Effect[], user: string): void {
  const v = (value ?? {}) as { id?: unknown; body?: unknown; visibility?: StoredComment['visibility'] };
  if (op === 'add') {
    if (typeof v.body !== 'string' || v.body.trim() === '') { errors['comment'] = 'Comment body can not be empty!'; return; }
    const body = v.body;
    effects.push((issue) => {
      const now = ctx.sim.now();
      issue.comments.push({ id: ctx.sim.state.nextId('comment', 10000), author: user, updateAuthor: user, body, created: now, updated: now, visibility: v.visibility });
    });
    return;
  }
  effects.push((issue) => {
    const at = issue.comments.findIndex((c) => c.id === String(v.id));
    const comment = issue.comments[at];
    if (!comment) return;
    if (op === 'remove') issue.comments.splice(at, 1);
    else if (typeof v.body === 'string') Object.assign(comment, { body: v.body, updated: ctx.sim.now(), updateAuthor: user });
  });
}

function worklogEffect(ctx: Ctx, value: unknown, user: string): Effect {
  return (issue) => {
    const v = (value ?? {}) as { timeSpent?: string; timeSpentSeconds?: number; comment?: string };
    const spent = typeof v.timeSpentSeconds === 'number' ? v.timeSpentSeconds : (parseDuration(v.timeSpent ?? '') ?? 0);
    const now = ctx.sim.now();
    issue.worklogs = [...(issue.worklogs ?? []), { id: ctx.sim.state.nextId('worklog', 10000), author: user, updateAuthor: user, comment: v.comment ?? '', started: now, timeSpentSeconds: spent, created: now, updated: now }];
    if (issue.remainingEstimate !== undefined) issue.remainingEstimate = Math.max(0, issue.remainingEstimate - spent);
  };
}

function linkOp(ctx: Ctx, value: unknown, errors: Record<string, string>, effects: Effect[]): void {
  const v = (value ?? {}) as { type?: { id?: string; name?: string }; inwardIssue?: { key?: string }; outwardIssue?: { key?: string } };
  const typeId = Object.entries(LINK_TYPE_NAMES).find(([id, name]) => id === String(v.type?.id) || name === v.type?.name)?.[0];
  const otherKey = v.outwardIssue?.key ?? v.inwardIssue?.key ?? '';
  const other = ctx.sim.state.issuesByKey.get(otherKey.toUpperCase());
  if (!typeId || !other) { errors['issuelinks'] = !typeId ? 'No issue link type with name or id given.' : `Issue '${otherKey}' does not exist.`; return; }
  effects.push((issue) => {
    const outward = v.outwardIssue !== undefined;
    const id = ctx.sim.state.nextId('issuelink', 10000);
    ctx.sim.state.links.set(id, { id, typeId, inwardId: outward ? issue.id : other.id, outwardId: outward ? other.id : issue.id });
  });
}

/** Validates and applies operations; the error map when any fails (nothing is changed then). */
export function applyEdit(ctx: Ctx, issue: StoredIssue, ops: readonly Op[], record: boolean): Record<string, string> | undefined {
  const draft: Draft = { ...issue, labels: [...issue.labels] };
  const errors: Record<string, string> = {};
  const effects: Effect[] = [];
  for (const o of ops) applyOp(ctx, draft, o, errors, effects);
  if (Object.keys(errors).length > 0) return errors;
  const touched = [...new Set(ops.map((o) => o.field))];
  const before = snapshot(ctx, issue, touched);
  const { comments, worklogs, changelog, ...changes } = draft;
  void comments; void worklogs; void changelog;
  Object.assign(issue, changes);
  for (const effect of effects) effect(issue);
  if (record) changeItems(ctx, issue, before, snapshot(ctx, issue, touched));
  issue.updated = ctx.sim.now();
  ctx.sim.state.version++;
  return undefined;
}
