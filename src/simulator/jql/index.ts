/**
 * The JQL the simulator runs: OR, AND, NOT and parentheses over the fields in fields.ts, with
 * `=`, `!=`, `IN`, `NOT IN`, `IS [NOT] EMPTY`, `<`/`>` comparisons, `~` text search, relative
 * dates and functions, then ORDER BY any sortable field. Anything else is Jira's 400.
 */
import type { StoredIssue } from '../seed.js';
import type { SortTerm } from './ast.js';
import type { JqlEnv } from './env.js';
import { compile, type CompileNotes, type Predicate } from './evaluate.js';
import { jqlField } from './fields.js';
import { JqlError } from './lexer.js';
import { parse } from './parser.js';

export { JqlError } from './lexer.js';
export type { JqlEnv } from './env.js';

/** A compiled query. */
export interface Query {
  matches: Predicate;
  /** Sorts by the ORDER BY clause (key descending when none), computing sort keys once per issue. */
  order(issues: readonly StoredIssue[]): StoredIssue[];
  /** Whether the result depends on the clock (relative dates, now()). */
  readonly timeDependent: boolean;
}

/** The longest query accepted, in characters. */
export const MAX_JQL_LENGTH = 100_000;

type Key = (issue: StoredIssue) => number | string | undefined;

function sorter(terms: readonly SortTerm[], env: JqlEnv): [Key, number][] {
  const keys: [Key, number][] = terms.map((t) => {
    const field = jqlField(t.field);
    if (!field) throw new JqlError(`Not able to sort using field '${t.field}'.`);
    if (!field.sortable || !field.rank) throw new JqlError(`Field '${t.field}' does not support sorting.`);
    const rank = field.rank;
    const defaultDirection = field.type === 'date' ? -1 : 1;
    return [(i: StoredIssue) => rank(i, env), t.direction === undefined ? defaultDirection : t.direction === 'asc' ? 1 : -1];
  });
  if (keys.length === 0) keys.push([(i) => jqlField('key')?.rank?.(i, env), -1]);
  return keys;
}

function orderBy(keys: [Key, number][]): (issues: readonly StoredIssue[]) => StoredIssue[] {
  return (issues) => {
    const decorated = issues.map((issue) => ({ issue, keys: keys.map(([key]) => key(issue)) }));
    decorated.sort((a, b) => {
      for (let i = 0; i < keys.length; i++) {
        const x = a.keys[i];
        const y = b.keys[i];
        const direction = keys[i]?.[1] ?? 1;
        if (x === y) continue;
        // Empty values sort last ascending, first descending (Lucene's missing-last).
        if (x === undefined) return direction;
        if (y === undefined) return -direction;
        return x < y ? -direction : direction;
      }
      return 0;
    });
    return decorated.map((d) => d.issue);
  };
}

/** Parses and compiles a query; `filterJql` resolves `filter = x` to that filter's query. */
export function compileJql(jql: string, env: JqlEnv, filterJql: (ref: string, env: JqlEnv) => string | undefined = () => undefined): Query {
  if (jql.length > MAX_JQL_LENGTH) throw new JqlError(`The JQL query is too long: it must be at most ${MAX_JQL_LENGTH} characters.`);
  const ast = parse(jql);
  const notes: CompileNotes = {
    timeDependent: false,
    filterJql: (ref) => {
      if (env.filters?.has(ref)) throw new JqlError(`The filter '${ref}' refers to itself.`);
      const inner = filterJql(ref, env);
      if (inner === undefined) return undefined;
      const nested = compileJql(inner, { ...env, filters: new Set([...(env.filters ?? []), ref]) }, filterJql);
      if (nested.timeDependent) notes.timeDependent = true;
      return nested.matches;
    },
  };
  const matches = ast.where ? compile(ast.where, env, notes) : () => true;
  const order = orderBy(sorter(ast.orderBy, env));
  return { matches, order, timeDependent: notes.timeDependent };
}
