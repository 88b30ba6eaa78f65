/**
 * JQL tokens: quoted strings, words, operators and parentheses, each with its position for Jira's
 * "(line 1, character N)" messages. The token count is capped, so one request's work is bounded.
 */

/** A query Jira would refuse; the message goes into errorMessages. */
export class JqlError extends Error {
  override name = 'JqlError';
}

/** One token: `string` is quoted text, `word` unquoted, `op` an operator or punctuation. */
export interface Token {
  readonly kind: 'string' | 'word' | 'op';
  readonly text: string;
  /** 1-based character position. */
  readonly at: number;
}

/** The most tokens one query may have. */
export const MAX_TOKENS = 20_000;

const OPS = ['!=', '<=', '>=', '!~', '=', '<', '>', '~', '(', ')', ',', '&&', '||', '!'];
// Jira's reserved characters that cannot start a word (brackets stay allowed for cf[10100]).
const RESERVED = new Set([...'{}`^%@$#;&|']);

function unescape(text: string): string {
  return text.replace(/\\(u[0-9a-fA-F]{4}|.)/g, (_, e: string) => (e.length === 5 ? String.fromCharCode(parseInt(e.slice(1), 16)) : e === 'n' ? '\n' : e === 't' ? '\t' : e));
}

function readString(jql: string, start: number): [string, number] {
  const quote = jql[start];
  let i = start + 1;
  let raw = '';
  while (i < jql.length && jql[i] !== quote) {
    if (jql[i] === '\\') raw += jql[i++] ?? '';
    raw += jql[i++] ?? '';
  }
  if (i >= jql.length) throw new JqlError(`Error in the JQL Query: The quoted string '${raw}' has not been completed. (line 1, character ${start + 1})`);
  return [unescape(raw), i + 1];
}

/** Splits a query into tokens, or throws Jira's 400 message. */
export function tokenize(jql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < jql.length) {
    const c = jql[i] ?? '';
    if (/\s/.test(c)) { i++; continue; }
    if (tokens.length >= MAX_TOKENS) throw new JqlError('The JQL query is too long: it must have fewer than 20000 terms.');
    if (c === '"' || c === "'") {
      const [text, next] = readString(jql, i);
      tokens.push({ kind: 'string', text, at: i + 1 });
      i = next;
      continue;
    }
    const op = OPS.find((o) => jql.startsWith(o, i));
    if (op) {
      tokens.push({ kind: 'op', text: op, at: i + 1 });
      i += op.length;
      continue;
    }
    if (RESERVED.has(c)) {
      throw new JqlError(`Error in the JQL Query: The character '${c}' is a reserved JQL character. You must enclose it in a string or use the escape '\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}' instead. (line 1, character ${i + 1})`);
    }
    let j = i;
    while (j < jql.length && !/[\s=!<>~(),"'&|]/.test(jql[j] ?? '')) j++;
    // cf[10100] keeps its brackets.
    tokens.push({ kind: 'word', text: jql.slice(i, j), at: i + 1 });
    i = j;
  }
  return tokens;
}
