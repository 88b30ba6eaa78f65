/**
 * The JQL the simulator understands: clauses joined by AND over project, key, status, assignee
 * and labels (`=`, `!=`, `in`), then `ORDER BY` key, created or updated. Anything else is a
 * Jira-shaped 400, as a real Jira answers a query it cannot parse.
 */
import { STATUSES, type StoredIssue } from './seed.js';

/** A query Jira would refuse; the message goes into errorMessages. */
export class JqlError extends Error {
  override name = 'JqlError';
}

/** A compiled query. */
export interface Query {
  /** The projects the query names (to check they exist and are visible). */
  readonly projects: readonly string[];
  matches(issue: StoredIssue, currentUser: string | undefined): boolean;
  /** Sorts by the ORDER BY clause, computing each issue's sort keys once. */
  order(issues: readonly StoredIssue[]): StoredIssue[];
}

const TOKEN = /\s*(?:"((?:\\.|[^"\\])*)"|'((?:\\.|[^'\\])*)'|(!=|=|\(|\)|,)|([^\s=!(),"']+))/y;

function tokenize(jql: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < jql.length) {
    const m = TOKEN.exec(jql);
    if (!m) {
      if (/^\s*$/.test(jql.slice(TOKEN.lastIndex))) break;
      throw new JqlError(`Error in the JQL Query: The character '${jql[TOKEN.lastIndex] ?? ''}' is a reserved JQL character.`);
    }
    tokens.push(m[1] ?? m[2] ?? m[3] ?? m[4] ?? '');
  }
  return tokens;
}

const FIELDS: Record<string, (issue: StoredIssue) => string | readonly string[] | undefined> = {
  project: (i) => i.projectKey,
  key: (i) => i.key,
  issuekey: (i) => i.key,
  status: (i) => STATUSES[i.statusId]?.[0],
  assignee: (i) => i.assignee,
  labels: (i) => i.labels,
};

const ORDER: Record<string, (issue: StoredIssue) => number | string> = {
  key: (i) => `${i.projectKey}\u0000${String(Number(i.key.split('-')[1] ?? 0)).padStart(12, '0')}`,
  issuekey: (i) => ORDER['key']!(i),
  created: (i) => i.created,
  updated: (i) => i.updated,
};

/** Parses a JQL string. An empty query matches everything, ordered by key descending as Jira does by default. */
export function parseJql(jql: string): Query {
  const tokens = tokenize(jql);
  let pos = 0;
  const peek = (): string | undefined => tokens[pos];
  const next = (): string => {
    const t = tokens[pos++];
    if (t === undefined) throw new JqlError(`Error in the JQL Query: Expecting more after '${tokens.slice(-1)[0] ?? ''}'.`);
    return t;
  };
  const clauses: ((issue: StoredIssue, me: string | undefined) => boolean)[] = [];
  const projects: string[] = [];
  while (pos < tokens.length && peek()?.toLowerCase() !== 'order') {
    if (clauses.length > 0) {
      const and = next();
      if (and.toLowerCase() !== 'and') throw new JqlError(`Error in the JQL Query: Expecting 'AND' or 'ORDER BY' but got '${and}'.`);
    }
    const field = next().toLowerCase();
    const get = FIELDS[field];
    if (!get) throw new JqlError(`Field '${field}' does not exist or you do not have permission to view it.`);
    const op = next().toLowerCase();
    let values: string[];
    if (op === 'in' || op === 'not') {
      if (op === 'not' && next().toLowerCase() !== 'in') throw new JqlError("Error in the JQL Query: Expecting 'in' after 'not'.");
      if (next() !== '(') throw new JqlError("Error in the JQL Query: Expecting '(' after 'in'.");
      values = [];
      for (let t = next(); t !== ')'; t = next()) if (t !== ',') values.push(t);
    } else if (op === '=' || op === '!=') {
      values = [next()];
    } else {
      throw new JqlError(`Error in the JQL Query: The operator '${op}' is not supported here.`);
    }
    if (field === 'project') projects.push(...values);
    const negate = op === '!=' || op === 'not';
    clauses.push((issue, me) => {
      const actual = get(issue);
      const wanted = values.map((v) => (v.toLowerCase() === 'currentuser()' ? me : v)?.toLowerCase());
      const have = (Array.isArray(actual) ? actual : [actual]).map((a) => (a as string | undefined)?.toLowerCase());
      const hit = have.some((h) => h !== undefined && wanted.includes(h));
      return negate ? !hit : hit;
    });
  }
  const order: [(i: StoredIssue) => number | string, number][] = [];
  if (pos < tokens.length) {
    next();
    if (next().toLowerCase() !== 'by') throw new JqlError("Error in the JQL Query: Expecting 'BY' after 'ORDER'.");
    while (pos < tokens.length) {
      const field = next().toLowerCase();
      const key = ORDER[field];
      if (!key) throw new JqlError(`Not able to sort using field '${field}'.`);
      let direction = -1;
      if (field === 'key' || field === 'issuekey') direction = 1;
      const d = peek()?.toLowerCase();
      if (d === 'asc' || d === 'desc') {
        direction = d === 'asc' ? 1 : -1;
        pos++;
      }
      order.push([key, direction]);
      if (peek() === ',') pos++;
    }
  }
  if (order.length === 0) order.push([ORDER['key']!, -1]);
  return {
    projects,
    matches: (issue, me) => clauses.every((c) => c(issue, me)),
    order: (issues) => {
      const decorated = issues.map((issue) => ({ issue, keys: order.map(([key]) => key(issue)) }));
      decorated.sort((a, b) => {
        for (let i = 0; i < order.length; i++) {
          const x = a.keys[i]!;
          const y = b.keys[i]!;
          const direction = order[i]![1];
          if (x < y) return -direction;
          if (x > y) return direction;
        }
        return 0;
      });
      return decorated.map((d) => d.issue);
    },
  };
}
