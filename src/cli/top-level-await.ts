/**
 * Top-level await for the shell, done here rather than by node:repl. Node's REPL awaits such a
 * line itself, and then a rejection goes to its domain: a stack trace on stdout, the line's
 * callback never called (piped input stopped there and the process exited 13), and Ctrl-C
 * buffered until the wait ended. Rewritten into an async function call, the line's value is a
 * Promise like any other, which the shell awaits, reports and interrupts itself (shell.ts).
 *
 * The rewrite keeps what a REPL user expects of declarations: `const me = await jira.myself()`
 * leaves `me` defined for the next lines. Names declared at the top of the line are declared
 * before the function (`let` for let/const/class/function, `var` for var) and assigned inside it.
 */
import { Parser, type Node } from 'acorn';

interface Ranged extends Node {
  readonly [key: string]: unknown;
}

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

function isNode(value: unknown): value is Ranged {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/** Whether `node` awaits outside any function of its own (an await, or a for await). */
function awaitsAtTop(node: Ranged): boolean {
  if (node.type === 'AwaitExpression' || (node.type === 'ForOfStatement' && node['await'] === true)) return true;
  if (FUNCTIONS.has(node.type)) return false;
  for (const value of Object.values(node)) {
    const children = Array.isArray(value) ? value : [value];
    for (const child of children) if (isNode(child) && awaitsAtTop(child)) return true;
  }
  return false;
}

/** The names a binding pattern declares: `a`, `{ b, c: [d], ...e }`, `[f = 1]`. */
function boundNames(pattern: Ranged | null | undefined, out: string[] = []): string[] {
  if (!pattern) return out;
  switch (pattern.type) {
    case 'Identifier':
      out.push(pattern['name'] as string);
      break;
    case 'ObjectPattern':
      for (const p of pattern['properties'] as Ranged[]) boundNames((p.type === 'RestElement' ? p['argument'] : p['value']) as Ranged, out);
      break;
    case 'ArrayPattern':
      for (const e of pattern['elements'] as (Ranged | null)[]) boundNames(e, out);
      break;
    case 'AssignmentPattern':
      boundNames(pattern['left'] as Ranged, out);
      break;
    case 'RestElement':
      boundNames(pattern['argument'] as Ranged, out);
      break;
  }
  return out;
}

/**
 * The line as an async function call whose value is the line's value, or undefined when the line
 * has no top-level await (or does not parse: node:repl then reports it, or asks for more lines).
 */
export function wrapTopLevelAwait(code: string): string | undefined {
  if (!code.includes('await')) return undefined;
  let program: Ranged;
  try {
    program = Parser.parse(code, { ecmaVersion: 'latest', sourceType: 'script', allowAwaitOutsideFunction: true }) as unknown as Ranged;
  } catch {
    return undefined;
  }
  const body = program['body'] as Ranged[];
  if (!body.some(awaitsAtTop)) return undefined;
  const lets: string[] = [];
  const vars: string[] = [];
  const edits: { start: number; end: number; text: string }[] = [];
  const text = (n: Ranged): string => code.slice(n.start, n.end);
  body.forEach((statement, k) => {
    if (statement.type === 'VariableDeclaration') {
      const declarators = statement['declarations'] as Ranged[];
      for (const d of declarators) (statement['kind'] === 'var' ? vars : lets).push(...boundNames(d['id'] as Ranged));
      const assignments = declarators.filter((d) => d['init']).map((d) => `${text(d['id'] as Ranged)} = ${text(d['init'] as Ranged)}`);
      edits.push({ start: statement.start, end: statement.end, text: assignments.length > 0 ? `void (${assignments.join(', ')});` : ';' });
    } else if (statement.type === 'FunctionDeclaration' || statement.type === 'ClassDeclaration') {
      const name = (statement['id'] as Ranged)['name'] as string;
      lets.push(name);
      // The declaration's own text in expression position: a named function or class expression.
      edits.push({ start: statement.start, end: statement.end, text: `${name} = ${text(statement)};` });
    } else if (k === body.length - 1 && statement.type === 'ExpressionStatement') {
      // New lines around it: the line may end in a // comment.
      edits.push({ start: statement.start, end: statement.end, text: `return (\n${text(statement['expression'] as Ranged)}\n);` });
    }
  });
  let inner = '';
  let at = 0;
  for (const edit of edits) {
    inner += code.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  inner += code.slice(at);
  const declared = `${lets.length > 0 ? `let ${lets.join(', ')}; ` : ''}${vars.length > 0 ? `var ${vars.join(', ')}; ` : ''}`;
  return `${declared}(async () => {\n${inner}\n})()`;
}
