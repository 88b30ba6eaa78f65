/**
 * A recursive-descent JQL parser: OR, AND, NOT (and ||, &&, !), parentheses, the clause operators,
 * functions, lists and EMPTY, then ORDER BY. Nesting depth is capped so no query can exhaust the
 * stack, and duplicate sort fields are Jira's 400, which also bounds the sort's cost.
 */
import type { Ast, Node, Operand, SortTerm } from './ast.js';
import { JqlError, tokenize, type Token } from './lexer.js';

/** The deepest nesting of parentheses and NOTs accepted. */
export const MAX_DEPTH = 100;

/** The most clauses one query may have; each costs a pass over the issues. */
export const MAX_CLAUSES = 1000;

const OPERATORS = "The valid operators are '=', '!=', '<', '>', '<=', '>=', '~', '!~', 'IN', 'NOT IN', 'IS' and 'IS NOT'.";
const UNSUPPORTED = new Set(['was', 'changed']);

class Parser {
  #pos = 0;
  #depth = 0;
  #clauses = 0;
  constructor(private readonly tokens: readonly Token[]) {}

  peek(offset = 0): Token | undefined {
    return this.tokens[this.#pos + offset];
  }

  is(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && t.kind !== 'string' && t.text.toLowerCase() === word;
  }

  next(expecting: string): Token {
    const t = this.tokens[this.#pos++];
    if (!t) throw new JqlError(`Error in the JQL Query: Expecting ${expecting} but reached the end of the query.`);
    return t;
  }

  fail(t: Token | undefined, expecting: string): never {
    if (!t) throw new JqlError(`Error in the JQL Query: Expecting ${expecting} but reached the end of the query.`);
    throw new JqlError(`Error in the JQL Query: Expecting ${expecting} but got '${t.text}'. (line 1, character ${t.at})`);
  }

  parse(): Ast {
    const where = this.peek() && !this.is('order') ? this.or() : undefined;
    const orderBy = this.is('order') ? this.order() : [];
    const rest = this.peek();
    if (rest) this.fail(rest, where ? "either 'OR' or 'AND'" : 'a field name');
    return { where, orderBy };
  }

  or(): Node {
    const items = [this.and()];
    while (this.is('or') || this.is('||')) {
      this.#pos++;
      items.push(this.and());
    }
    return items.length === 1 ? (items[0] as Node) : { kind: 'or', items };
  }

  and(): Node {
    const items = [this.not()];
    while (this.is('and') || this.is('&&')) {
      this.#pos++;
      items.push(this.not());
    }
    return items.length === 1 ? (items[0] as Node) : { kind: 'and', items };
  }

  not(): Node {
    if (++this.#depth > MAX_DEPTH) throw new JqlError(`The JQL query is nested too deeply: at most ${MAX_DEPTH} levels of parentheses and NOT are supported.`);
    try {
      if (this.is('not') || this.is('!')) {
        this.#pos++;
        return { kind: 'not', item: this.not() };
      }
      if (this.is('(')) {
        this.#pos++;
        const inner = this.or();
        if (!this.is(')')) this.fail(this.peek(), "')'");
        this.#pos++;
        return inner;
      }
      return this.clause();
    } finally {
      this.#depth--;
    }
  }

  clause(): Node {
    if (++this.#clauses > MAX_CLAUSES) throw new JqlError(`The JQL query is too complex: it has more than ${MAX_CLAUSES} clauses.`);
    const fieldToken = this.next('a field name');
    if (fieldToken.kind === 'op') this.fail(fieldToken, 'a field name');
    const field = fieldToken.text;
    const op = this.operator();
    return { kind: 'clause', field, op, operand: this.operand(op) };
  }

  operator(): string {
    const t = this.next('an operator');
    const word = t.text.toLowerCase();
    if (t.kind === 'op' && ['=', '!=', '<', '>', '<=', '>=', '~', '!~'].includes(t.text)) return t.text;
    if (word === 'in') return 'in';
    if (word === 'not' && this.is('in')) { this.#pos++; return 'not in'; }
    if (word === 'is') {
      if (this.is('not')) { this.#pos++; return 'is not'; }
      return 'is';
    }
    if (UNSUPPORTED.has(word)) throw new JqlError(`The operator '${word.toUpperCase()}' is not supported by the jirakit simulator.`);
    throw new JqlError(`Error in the JQL Query: Expecting operator but got '${t.text}'. ${OPERATORS} (line 1, character ${t.at})`);
  }

  operand(op: string): Operand {
    if (this.is('(')) {
      this.#pos++;
      const items: Operand[] = [];
      while (!this.is(')')) {
        if (items.length > 0) {
          if (!this.is(',')) this.fail(this.peek(), "')' or ','");
          this.#pos++;
        }
        items.push(this.single());
      }
      this.#pos++;
      return { kind: 'list', items };
    }
    const single = this.single();
    if ((op === 'in' || op === 'not in') && single.kind === 'value') this.fail(this.peek(-1), "'('");
    return single;
  }

  single(): Operand {
    const t = this.next('a value');
    if (t.kind === 'op') this.fail(t, 'a value');
    if (t.kind === 'word' && ['empty', 'null'].includes(t.text.toLowerCase())) return { kind: 'empty' };
    if (t.kind === 'word' && this.is('(')) {
      this.#pos++;
      const args: string[] = [];
      while (!this.is(')')) {
        if (args.length > 0) {
          if (!this.is(',')) this.fail(this.peek(), "')' or ','");
          this.#pos++;
        }
        const a = this.next("')'");
        if (a.kind === 'op') this.fail(a, 'a function argument');
        args.push(a.text);
      }
      this.#pos++;
      return { kind: 'fn', name: t.text, args };
    }
    return { kind: 'value', text: t.text };
  }

  order(): SortTerm[] {
    this.#pos++;
    if (!this.is('by')) this.fail(this.peek(), "'BY'");
    this.#pos++;
    const terms: SortTerm[] = [];
    const seen = new Set<string>();
    do {
      if (terms.length > 0) this.#pos++;
      const t = this.next('a field name');
      if (t.kind === 'op') this.fail(t, 'a field name');
      const key = t.text.toLowerCase();
      if (seen.has(key)) throw new JqlError(`The sort field '${t.text}' is referenced multiple times in the JQL sort.`);
      seen.add(key);
      let direction: SortTerm['direction'];
      if (this.is('asc') || this.is('desc')) direction = this.next('ASC or DESC').text.toLowerCase() as 'asc' | 'desc';
      terms.push({ field: t.text, direction });
    } while (this.is(','));
    return terms;
  }
}

/** Parses a JQL string into its tree, or throws Jira's 400 message. */
export function parse(jql: string): Ast {
  return new Parser(tokenize(jql)).parse();
}
