/**
 * Compiles a parsed query into a predicate over issues and a sort, resolving values once (users,
 * groups, dates) so matching 10,000 issues does no per-issue lookups of the query's own values.
 */
import type { Node, Operand } from './ast.js';
import { dateFunction, dateValue } from './dates.js';
import type { JqlEnv } from './env.js';
import { jqlField, type JqlField } from './fields.js';
import { JqlError } from './lexer.js';
import { textMatcher } from './text.js';
import type { StoredIssue } from '../seed.js';

/** A compiled condition. */
export type Predicate = (issue: StoredIssue) => boolean;

/** Set when a query reads the clock (relative dates, now()), so its results cannot be cached for long. */
export interface CompileNotes {
  timeDependent: boolean;
  /** Filters referenced with `filter = x`, whose own queries are compiled in. */
  readonly filterJql: (ref: string) => Predicate | undefined;
}

const EQUALITY = new Set(['=', '!=', 'in', 'not in', 'is', 'is not']);
const ORDERED = new Set(['<', '>', '<=', '>=']);

function unsupported(op: string, field: string): never {
  throw new JqlError(`The operator '${op.toUpperCase()}' is not supported by the '${field}' field.`);
}

function missing(text: string, field: JqlField): never {
  if (field.type === 'user') throw new JqlError(`The value '${text}' does not exist for the field '${field.name}'.`);
  throw new JqlError(field.name === 'key' ? `An issue with key '${text}' does not exist for field 'key'.` : `The value '${text}' does not exist for the field '${field.name}'.`);
}

/** The stored values a query operand stands for (ids lower-cased for users). */
function values(operand: Operand, field: JqlField, env: JqlEnv): string[] {
  if (operand.kind === 'list') return operand.items.flatMap((o) => values(o, field, env));
  if (operand.kind === 'empty') return [];
  if (operand.kind === 'fn') return functionValues(operand.name, operand.args, field, env);
  const resolved = field.resolve ? field.resolve(operand.text, env) : operand.text;
  if (resolved === undefined && env.validate) missing(operand.text, field);
  return resolved === undefined ? [] : [resolved];
}

function functionValues(name: string, args: readonly string[], field: JqlField, env: JqlEnv): string[] {
  const n = name.toLowerCase();
  if (n === 'currentuser' && field.type === 'user') return env.me ? [env.me.toLowerCase()] : [];
  if (n === 'membersof' && field.type === 'user') {
    const group = env.state.groups.get(args[0] ?? '') ?? [...env.state.groups.values()].find((g) => g.name.toLowerCase() === (args[0] ?? '').toLowerCase());
    if (!group) throw new JqlError(`Function 'membersOf' can not generate a list of usernames for group '${args[0] ?? ''}'; the group does not exist.`);
    return [...group.members].map((m) => m.toLowerCase());
  }
  if (field.name === 'sprint' && /^(open|closed|future)sprints$/.test(n)) {
    const state = n === 'opensprints' ? 'active' : n === 'closedsprints' ? 'closed' : 'future';
    return [...env.state.sprints.values()].filter((s) => s.state === state).map((s) => s.id);
  }
  throw new JqlError(`Unable to find JQL function '${name}(${args.join(', ')})'.`);
}

function has(actual: string | number | readonly string[] | undefined, wanted: ReadonlySet<string>): boolean {
  if (actual === undefined) return false;
  if (typeof actual === 'string') return wanted.has(actual.toLowerCase());
  if (typeof actual === 'number') return wanted.has(String(actual));
  return actual.some((a) => wanted.has(a.toLowerCase()));
}

const isEmpty = (v: string | number | readonly string[] | undefined): boolean => v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

function dateBound(operand: Operand, field: JqlField, env: JqlEnv, notes: CompileNotes): { ms: number; dateOnly: boolean } {
  if (operand.kind === 'fn') {
    const ms = dateFunction(operand.name, operand.args, env.now);
    if (ms === undefined) throw new JqlError(`Unable to find JQL function '${operand.name}(${operand.args.join(', ')})'.`);
    notes.timeDependent = true;
    return { ms, dateOnly: false };
  }
  if (operand.kind !== 'value') throw new JqlError(`The operator is not supported with a list or EMPTY for the '${field.name}' field.`);
  const v = dateValue(operand.text, field.name, env.now);
  if (!/^\d/.test(operand.text.trim())) notes.timeDependent = true;
  return v;
}

function dateClause(op: string, operand: Operand, field: JqlField, env: JqlEnv, notes: CompileNotes): Predicate {
  const get = (i: StoredIssue): number | undefined => field.value(i, env) as number | undefined;
  if (op === 'is' || op === 'is not') {
    if (operand.kind !== 'empty') throw new JqlError(`The operator '${op.toUpperCase()}' can only be used with EMPTY or NULL.`);
    return op === 'is' ? (i) => get(i) === undefined : (i) => get(i) !== undefined;
  }
  if (op === 'in' || op === 'not in') {
    const list = operand.kind === 'list' ? operand.items : [operand];
    const bounds = list.map((o) => dateBound(o, field, env, notes));
    const hit = (v: number | undefined): boolean => v !== undefined && bounds.some((b) => (b.dateOnly ? v >= b.ms && v < b.ms + 86_400_000 : v === b.ms));
    return op === 'in' ? (i) => hit(get(i)) : (i) => !hit(get(i));
  }
  const { ms, dateOnly } = dateBound(operand, field, env, notes);
  const end = dateOnly ? ms + 86_400_000 : ms;
  switch (op) {
    case '=': return dateOnly ? (i) => { const v = get(i); return v !== undefined && v >= ms && v < end; } : (i) => get(i) === ms;
    case '!=': return (i) => { const v = get(i); return v !== undefined && (dateOnly ? v < ms || v >= end : v !== ms); };
    case '<': return (i) => (get(i) ?? Infinity) < ms;
    case '<=': return (i) => (get(i) ?? Infinity) < (dateOnly ? end : ms + 1);
    case '>': return (i) => (get(i) ?? -Infinity) >= (dateOnly ? end : ms + 1);
    case '>=': return (i) => (get(i) ?? -Infinity) >= ms;
    default: return unsupported(op, field.name);
  }
}

function textClause(op: string, operand: Operand, field: JqlField, env: JqlEnv): Predicate {
  const get = (i: StoredIssue): string | undefined => field.value(i, env) as string | undefined;
  if (op === 'is' || op === 'is not') {
    if (operand.kind !== 'empty') throw new JqlError(`The operator '${op.toUpperCase()}' can only be used with EMPTY or NULL.`);
    return op === 'is' ? (i) => isEmpty(get(i)) : (i) => !isEmpty(get(i));
  }
  if (op !== '~' && op !== '!~') unsupported(op, field.name);
  if (operand.kind !== 'value') throw new JqlError(`The operator '${op}' is not supported with a list or function for the '${field.name}' field.`);
  const match = textMatcher(operand.text, field.name);
  return op === '~' ? (i) => match(get(i) ?? '') : (i) => !match(get(i) ?? '');
}

function orderedClause(op: string, operand: Operand, field: JqlField, env: JqlEnv): Predicate {
  if (operand.kind !== 'value' || !field.rank) unsupported(op, field.name);
  let bound: string | number | undefined;
  if (field.rankOf) bound = field.rankOf(operand.text, env);
  else {
    const stored = field.resolve ? field.resolve(operand.text, env) : operand.text;
    const issue = stored === undefined ? undefined : env.state.issuesByKey.get(stored.toUpperCase()) ?? env.state.issuesById.get(stored);
    bound = issue ? field.rank(issue, env) : undefined;
  }
  if (bound === undefined) return env.validate ? missing(operand.text, field) : () => false;
  const rank = field.rank;
  const cmp = (i: StoredIssue): number | undefined => {
    const v = rank(i, env);
    return v === undefined ? undefined : v < (bound as string | number) ? -1 : v > (bound as string | number) ? 1 : 0;
  };
  const tests: Record<string, (c: number) => boolean> = { '<': (c) => c < 0, '<=': (c) => c <= 0, '>': (c) => c > 0, '>=': (c) => c >= 0 };
  const test = tests[op] ?? (() => false);
  return (i) => { const c = cmp(i); return c !== undefined && test(c); };
}

function clause(node: Extract<Node, { kind: 'clause' }>, env: JqlEnv, notes: CompileNotes): Predicate {
  const { op, operand } = node;
  if (node.field.toLowerCase() === 'filter' || node.field.toLowerCase() === 'savedfilter') {
    if (op !== '=' || operand.kind !== 'value') unsupported(op, 'filter');
    const inner = notes.filterJql(operand.text);
    if (!inner) throw new JqlError(`A filter with name or id '${operand.text}' does not exist or you do not have permission to view it.`);
    return inner;
  }
  const field = jqlField(node.field);
  if (!field) throw new JqlError(`Field '${node.field}' does not exist or you do not have permission to view it.`);
  if (field.type === 'date') return dateClause(op, operand, field, env, notes);
  if (field.type === 'text') return textClause(op, operand, field, env);
  if (ORDERED.has(op)) return orderedClause(op, operand, field, env);
  if (!EQUALITY.has(op)) unsupported(op, field.name);
  if (op === 'is' || op === 'is not') {
    if (operand.kind !== 'empty') throw new JqlError(`The operator '${op.toUpperCase()}' can only be used with EMPTY or NULL.`);
    return op === 'is' ? (i) => isEmpty(field.value(i, env)) : (i) => !isEmpty(field.value(i, env));
  }
  if ((op === '=' || op === '!=') && operand.kind === 'list') throw new JqlError(`The operator '${op}' does not support a list of values for the '${field.name}' field; use IN.`);
  const wanted = new Set(values(operand, field, env).map((v) => v.toLowerCase()));
  const empty = operand.kind === 'empty' || (operand.kind === 'list' && operand.items.some((o) => o.kind === 'empty'));
  // "resolution = Unresolved" resolves to '' (no resolution).
  const unresolved = wanted.has('');
  const hit = (i: StoredIssue): boolean => {
    const v = field.value(i, env);
    return has(v, wanted) || ((empty || unresolved) && isEmpty(v));
  };
  return op === '=' || op === 'in' ? hit : (i) => !hit(i) && !isEmpty(field.value(i, env));
}

/** Compiles a condition tree. */
export function compile(node: Node, env: JqlEnv, notes: CompileNotes): Predicate {
  if (node.kind === 'clause') return clause(node, env, notes);
  if (node.kind === 'not') {
    const inner = compile(node.item, env, notes);
    return (i) => !inner(i);
  }
  const items = node.items.map((n) => compile(n, env, notes));
  return node.kind === 'and' ? (i) => items.every((p) => p(i)) : (i) => items.some((p) => p(i));
}
