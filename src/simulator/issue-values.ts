/**
 * Reading field values from a create or edit body: references by id or name, users, dates. Each
 * reader returns the stored value or Jira's error text for the field (UNCONFIRMED wordings are
 * listed in docs/simulator.md).
 */
import { FIELD_OPTIONS } from './catalog.js';
import { parseDuration } from './duration.js';
import { ISSUE_TYPES, PRIORITIES } from './seed.js';
import type { RouteContext } from './types.js';

type Ctx = RouteContext;

/** A value, or an error message for the field. */
export type Read<T> = { ok: true; value: T } | { ok: false; error: string };

const ok = <T>(value: T): Read<T> => ({ ok: true, value });
const fail = (error: string): Read<never> => ({ ok: false, error });

function refOf(value: unknown): { id?: string; name?: string; key?: string; value?: string } | undefined {
  if (typeof value === 'string' || typeof value === 'number') return { id: String(value) };
  if (!value || typeof value !== 'object') return undefined;
  const v = value as Record<string, unknown>;
  const str = (x: unknown): string | undefined => (typeof x === 'string' || typeof x === 'number' ? String(x) : undefined);
  const out: { id?: string; name?: string; key?: string; value?: string } = {};
  const id = str(v['id']);
  const name = str(v['name']);
  const key = str(v['key']);
  const val = str(v['value']);
  if (id !== undefined) out.id = id;
  if (name !== undefined) out.name = name;
  if (key !== undefined) out.key = key;
  if (val !== undefined) out.value = val;
  return out;
}

function byIdOrName(table: Readonly<Record<string, string>>, value: unknown): string | undefined {
  const ref = refOf(value);
  if (!ref) return undefined;
  if (ref.id !== undefined && table[ref.id] !== undefined) return ref.id;
  const name = ref.name?.toLowerCase();
  return Object.entries(table).find(([, n]) => n.toLowerCase() === name)?.[0];
}

/** A priority id. */
export function readPriority(value: unknown): Read<string> {
  const id = byIdOrName(PRIORITIES, value);
  if (id) return ok(id);
  const ref = refOf(value);
  return fail(ref?.name !== undefined ? `Priority name '${ref.name}' is not valid` : `Priority with id '${ref?.id ?? ''}' does not exist`);
}

/** An issue type id. */
export function readIssueType(value: unknown): Read<string> {
  const id = byIdOrName(ISSUE_TYPES, value);
  if (id) return ok(id);
  // An unknown name reads as no type at all; an unknown id as an invalid one (python-jira's own tests).
  const ref = refOf(value);
  return fail(ref?.id !== undefined ? 'valid issue type is required' : 'issue type is required');
}

/** A user name or undefined for nobody; "-1" is the project's automatic assignee. */
export function readUser(ctx: Ctx, value: unknown, field: 'assignee' | 'reporter', automatic?: string): Read<string | undefined> {
  if (value === null) return field === 'reporter' ? fail('The reporter specified is not a user.') : ok(undefined);
  const ref = refOf(value);
  const name = ref?.name ?? ref?.key ?? ref?.id;
  if (name === '-1' && field === 'assignee') return ok(automatic);
  const user = name === undefined ? undefined : ctx.sim.state.users.get(name);
  if (user) return ok(user.name);
  return fail(field === 'reporter' ? 'The reporter specified is not a user.' : `User '${name ?? ''}' does not exist.`);
}

/** Ids of a project's components or versions named by id or name. */
export function readNamed(ctx: Ctx, kind: 'components' | 'versions', projectKey: string, value: unknown, label: string): Read<string[]> {
  if (!Array.isArray(value)) return fail(`${label} must be a list`);
  const ids: string[] = [];
  for (const item of value) {
    const ref = refOf(item);
    const found = [...ctx.sim.state[kind].values()].find((c) => c.projectKey === projectKey && (c.id === ref?.id || (ref?.name !== undefined && c.name === ref.name)));
    if (!found) return fail(ref?.name !== undefined ? `${label} name '${ref.name}' is not valid` : `${label} id '${ref?.id ?? ''}' is not valid`);
    if (!ids.includes(found.id)) ids.push(found.id);
  }
  return ok(ids);
}

/** Labels: strings without spaces. */
export function readLabels(value: unknown): Read<string[]> {
  if (!Array.isArray(value) || value.some((l) => typeof l !== 'string')) return fail('Labels must be a list of strings');
  const bad = (value as string[]).find((l) => /\s/.test(l));
  return bad === undefined ? ok([...new Set(value as string[])]) : fail(`The label '${bad}' contains spaces which is invalid.`);
}

/** A date as yyyy-mm-dd, or undefined for none. */
export function readDate(value: unknown): Read<string | undefined> {
  if (value === null || value === '') return ok(undefined);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value))) return ok(value);
  return fail(`Error parsing date string: ${String(value)}`);
}

/** Estimates from a timetracking object, in seconds. */
export function readTimetracking(value: unknown): Read<{ original?: number; remaining?: number }> {
  if (!value || typeof value !== 'object') return fail('Time tracking must be an object');
  const v = value as Record<string, unknown>;
  const out: { original?: number; remaining?: number } = {};
  for (const [name, key] of [['originalEstimate', 'original'], ['remainingEstimate', 'remaining']] as const) {
    if (v[name] === undefined) continue;
    const seconds = typeof v[name] === 'string' ? parseDuration(v[name]) : undefined;
    if (seconds === undefined) return fail(`Invalid time duration entered for ${name}.`);
    out[key] = seconds;
  }
  return ok(out);
}

/** A custom field's stored value. */
export function readCustom(ctx: Ctx, id: string, value: unknown): Read<unknown> {
  if (value === null) return ok(null);
  if (id === 'customfield_10102') return typeof value === 'number' ? ok(value) : fail('Operation value must be a number');
  if (id === 'customfield_10103') {
    const ref = refOf(value);
    const option = Object.entries(FIELD_OPTIONS).find(([oid, [field, v]]) => field === id && (oid === ref?.id || v === ref?.value));
    return option ? ok({ self: `${ctx.baseUrl}/rest/api/2/customFieldOption/${option[0]}`, value: option[1][1], id: option[0] }) : fail(`Option value '${ref?.value ?? ref?.id ?? ''}' is not valid`);
  }
  if (id === 'customfield_10104') return typeof value === 'string' && ctx.sim.state.issuesByKey.has(value.toUpperCase()) ? ok(value.toUpperCase()) : fail(`Issue '${String(value)}' does not exist.`);
  return typeof value === 'string' || typeof value === 'number' ? ok(value) : fail('Operation value must be a string');
}
