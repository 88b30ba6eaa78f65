/**
 * The interactive shell: node:repl with `jira` in scope. A value that is a Promise prints once it
 * resolves, errors print as one line, and piped input runs line by line, each finishing before the
 * next starts (the seed's `jirashell … <<< 'jira.server_info()'`).
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import { inspect as nodeInspect } from 'node:util';
import { isNativeError } from 'node:util/types';
import repl, { type REPLEval, type REPLServer } from 'node:repl';
import { type JiraClient, JiraKitError, readFileBounded, type SecretMasker, stateDir } from '../index.js';
import { VERSION } from '../version.js';
import { println, type Io } from './io.js';
import { lineReaderFor } from './prompt.js';
import { formatError } from './report.js';
import type { ShellRequests } from './shell-requests.js';
import { showWaitStatus } from './wait-status.js';

/** What the shell shows and must keep out of history. */
export interface ShellOptions {
  readonly server: string;
  /** The client's requests: aborted on Ctrl-C, counted while a line waits (shell-requests.ts). */
  readonly requests?: ShellRequests;
}

/** The evaluation being waited for, which Ctrl-C may drop; and how to show a long wait. */
interface Waiting {
  cancel?: (() => void) | undefined;
  /** Starts a status line for a wait (terminals only); returns what ends it. */
  status?: (() => () => void) | undefined;
  /** Lines that failed (a Jira error, a thrown error, a rejected Promise). */
  failures: number;
}

const HISTORY_SIZE = 1000;
const SECRET_LINE = /(password|passwd|secret|token|api[_-]?key|bearer|authorization)\s*[:=]/i;

/** Whether a history line may be kept. */
export function keepInHistory(line: string, secrets: SecretMasker): boolean {
  // A line that holds one of the session's secrets (in any encoding) reads differently masked.
  return line.trim() !== '' && !SECRET_LINE.test(line) && secrets.mask(line) === line;
}

/** The history file: $XDG_STATE_HOME/jirakit/shell_history. */
export function historyPath(env: Io['env']): string {
  return join(stateDir(env), 'shell_history');
}

function awaitingEval(original: REPLEval, io: Io, waiting: Waiting): REPLEval {
  return function (this: REPLServer, code, context, file, callback) {
    let finished = false;
    let endStatus = (): void => undefined;
    const finish = (err: Error | null, value?: unknown, note?: string): void => {
      if (finished) return;
      finished = true;
      waiting.cancel = undefined;
      endStatus();
      if (note) println(io.stderr, note);
      callback(err, value);
    };
    const done = (err: Error | null, value?: unknown): void => {
      if (err && !finished) waiting.failures++;
      if (err instanceof JiraKitError) {
        // A Jira error is an answer, not a crash: one line, no stack.
        if (!finished) for (const line of formatError(err, { program: 'jira', verbose: io.verbose === true })) println(io.stderr, line);
        finish(null, undefined);
        return;
      }
      finish(err, value);
    };
    const evaluate = (source: string): void => {
      original.call(this, source, context, file, (error, result) => {
        if (error) return done(error);
        if (result && typeof (result as PromiseLike<unknown>).then === 'function') {
          waiting.cancel = () => finish(null, undefined, 'Interrupted.');
          endStatus = waiting.status?.() ?? endStatus;
          // Passed on as rejected: an Error made by the line belongs to the REPL's realm, not this one.
          (result as PromiseLike<unknown>).then((v) => done(null, v), (e: unknown) => done((e ?? new Error(`Promise rejected with ${String(e)}`)) as Error));
        } else done(null, result);
      });
    };
    // A line with top-level await runs as an async function call (top-level-await.ts); the parser
    // loads only for such lines.
    if (!code.includes('await')) return evaluate(code);
    import('./top-level-await.js').then(({ wrapTopLevelAwait }) => evaluate(wrapTopLevelAwait(code) ?? code), (e: unknown) => done(e instanceof Error ? e : new Error(String(e))));
  };
}

const customInspect = nodeInspect.custom;

/** An issue as the REST API gives it: what search_issues and searchPage return. */
function isIssue(value: unknown): value is { key: string; id: string } {
  const v = value as { key?: unknown; id?: unknown; fields?: unknown } | null;
  return typeof v === 'object' && v !== null && typeof v.key === 'string' && typeof v.id === 'string' && typeof v.fields === 'object';
}

/**
 * Shows values as node:repl does, with two exceptions. An error loses the stack frames of the
 * REPL and of jirakit around the line (`ReferenceError: nope is not defined`, `at REPL1:1:1`; an
 * HttpError's fields stay). A list of issues prints one line per issue as python-jira's repr
 * does (`<JIRA Issue: key='PROJ-1', id='10000'>`), not fifty nested objects; one issue prints whole.
 */
function setReplWriter(server: REPLServer): void {
  // node:repl's writer is util.inspect with its options attached; @types/node marks it read-only.
  const inspect = server.writer as unknown as ((value: unknown) => string) & { options: unknown };
  const writer = (value: unknown): string => {
    if (Array.isArray(value) && value.length > 0 && value.every(isIssue)) {
      return inspect(value.map((issue) => ({ [customInspect]: () => `<JIRA Issue: key='${issue.key}', id='${issue.id}'>` })));
    }
    const text = inspect(value);
    if (!isNativeError(value)) return text;
    return text.split('\n').filter((line) => !/^\s+at /.test(line) || /\bREPL\d+:\d+/.test(line)).join('\n');
  };
  (server as { writer: unknown }).writer = Object.assign(writer, { options: inspect.options });
}

/** The REPL reads `eval` from itself on every line; @types/node marks it read-only. */
function setEval(server: REPLServer, evaluate: REPLEval): void {
  (server as { eval: REPLEval }).eval = evaluate;
}

function banner(io: Io, server: string): void {
  println(io.stdout, `<Jira Shell ${VERSION} (${server})>`);
  println(io.stdout);
  println(io.stdout, "*** Jira shell active; client is in 'jira'. Press Ctrl-D to exit.");
  println(io.stdout);
}

async function loadHistory(file: string): Promise<string[]> {
  try {
    // A thousand lines are a few KiB: a history file far larger is not one, and is not read.
    return readFileBounded(file, 4 * 2 ** 20).split('\n').filter(Boolean).slice(-HISTORY_SIZE);
  } catch {
    return [];
  }
}

async function saveHistory(file: string, lines: readonly string[], secrets: SecretMasker): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${lines.filter((l) => keepInHistory(l, secrets)).slice(-HISTORY_SIZE).join('\n')}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
}

/**
 * Ctrl-C while a line is being waited for drops it and its requests, and gives the prompt back
 * (node:repl would print its exit hint and leave the wait running); otherwise node:repl's own.
 */
function interruptible(server: REPLServer, waiting: Waiting, requests: ShellRequests | undefined): void {
  const own = server.listeners('SIGINT') as ((...args: unknown[]) => void)[];
  server.removeAllListeners('SIGINT');
  server.on('SIGINT', () => {
    requests?.interrupt();
    if (waiting.cancel) {
      waiting.cancel();
      return;
    }
    for (const listener of own) listener.call(server);
  });
}

/** The interactive shell: line editing, history, completion, Ctrl-C for the line being waited for. */
async function runInteractive(client: JiraClient, io: Io, options: ShellOptions): Promise<number> {
  // Line editing and colour only when the answers go to a terminal too (`jirakit shell > log`
  // keeps plain text), and colour never with NO_COLOR (cli.md).
  const terminal = Boolean((io.stdout as { isTTY?: boolean }).isTTY);
  const colors = terminal && !io.env['NO_COLOR'];
  const file = historyPath(io.env);
  const previous = await loadHistory(file);
  // historySize reaches readline through the REPL's options, though @types/node omits it.
  const server = repl.start({ prompt: 'jira> ', input: io.stdin, output: io.stdout, terminal, useColors: colors, ignoreUndefined: true, historySize: HISTORY_SIZE, breakEvalOnSigint: true } as repl.ReplOptions);
  const { requests } = options;
  const waiting: Waiting = {
    failures: 0,
    status: requests && (io.stderr as { isTTY?: boolean }).isTTY ? () => showWaitStatus(io.stderr, () => requests.answered()) : undefined,
  };
  setEval(server, awaitingEval(server.eval, io, waiting));
  setReplWriter(server);
  interruptible(server, waiting, requests);
  Object.assign(server.context, { jira: client });
  // readline keeps history newest first.
  (server as unknown as { history: string[] }).history.push(...[...previous].reverse());
  await new Promise<void>((resolve) => server.on('exit', resolve));
  const history = [...(server as unknown as { history: string[] }).history].reverse();
  await saveHistory(file, history, io.secrets);
  return 0;
}

/**
 * Piped input: feed the REPL one line at a time, the next once the REPL shows its prompt again.
 * The prompt, not the eval callback: an error thrown by the line itself goes to node:repl's
 * domain, which prints it and shows the prompt without ever calling back (the rest of the input
 * was then never run, and the process exited 13). Exit 1 when any line failed.
 */
async function runPiped(client: JiraClient, io: Io): Promise<number> {
  const input = new PassThrough();
  const server = repl.start({ prompt: '', input, output: io.stdout, terminal: false, useColors: false, ignoreUndefined: true });
  const lines = lineReaderFor(io);
  let busy = false;
  const next = (): void => {
    busy = false;
    setImmediate(pump);
  };
  const pump = (): void => {
    if (busy) return;
    busy = true;
    void lines.next().then((line) => {
      if (line === undefined) {
        lines.close();
        input.end();
        return;
      }
      // Blank lines and REPL commands (.exit, .help) never reach eval, so do not wait for one.
      const waits = line.trim() !== '' && !line.trim().startsWith('.');
      input.write(`${line}\n`);
      if (!waits) next();
    });
  };
  const waiting: Waiting = { failures: 0 };
  // An error thrown by the line itself sets `lastError` (the REPL's `_error`) before the prompt
  // shows again, so it is counted here. Not node:repl's displayPrompt: it would print '... '
  // before the answer to a line that continues the one before; piped output holds answers only.
  let lastError: unknown = (server as { lastError?: unknown }).lastError;
  server.displayPrompt = (preserveCursor?: boolean): void => {
    const error = (server as { lastError?: unknown }).lastError;
    if (error !== lastError) waiting.failures++;
    lastError = error;
    server.prompt(preserveCursor);
    next();
  };
  setEval(server, awaitingEval(server.eval, io, waiting));
  setReplWriter(server);
  Object.assign(server.context, { jira: client });
  pump();
  await new Promise<void>((resolve) => server.on('exit', resolve));
  // A script whose lines failed must not look like a success to what runs it (cron, CI).
  return waiting.failures > 0 ? 1 : 0;
}

/** Runs the shell until Ctrl-D (or the end of piped input); returns the exit code. */
export async function runShell(client: JiraClient, io: Io, options: ShellOptions): Promise<number> {
  banner(io, options.server);
  return io.interactive ? runInteractive(client, io, options) : runPiped(client, io);
}
