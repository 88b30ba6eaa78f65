/**
 * The interactive shell: node:repl with `jira` in scope. A value that is a Promise prints once it
 * resolves, errors print as one line, and piped input runs line by line, each finishing before the
 * next starts (the seed's `jirashell … <<< 'jira.server_info()'`).
 */
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { PassThrough } from 'node:stream';
import repl, { type REPLEval, type REPLServer } from 'node:repl';
import type { JiraClient } from '../client/client.js';
import { stateDir } from '../config/paths.js';
import { JiraKitError } from '../errors/jira-kit-error.js';
import { VERSION } from '../version.js';
import { println, type Io } from './io.js';
import { lineReaderFor } from './prompt.js';
import { formatError } from './report.js';

/** What the shell shows and must keep out of history. */
export interface ShellOptions {
  readonly server: string;
  /** Values that must never be written to the history file. */
  readonly secrets: readonly string[];
}

const HISTORY_SIZE = 1000;
const SECRET_LINE = /(password|passwd|secret|token|api[_-]?key|bearer|authorization)\s*[:=]/i;

/** Whether a history line may be kept. */
export function keepInHistory(line: string, secrets: readonly string[]): boolean {
  return line.trim() !== '' && !SECRET_LINE.test(line) && !secrets.some((s) => s.length >= 4 && line.includes(s));
}

/** The history file: $XDG_STATE_HOME/jirakit/shell_history. */
export function historyPath(env: Io['env']): string {
  return join(stateDir(env), 'shell_history');
}

function awaitingEval(original: REPLEval, io: Io): REPLEval {
  return function (this: REPLServer, code, context, file, callback) {
    original.call(this, code, context, file, (error, result) => {
      const done = (err: Error | null, value?: unknown): void => {
        if (err instanceof JiraKitError) {
          // A Jira error is an answer, not a crash: one line, no stack.
          for (const line of formatError(err, { program: 'jira', verbose: io.verbose === true })) println(io.stderr, line);
          callback(null, undefined);
          return;
        }
        callback(err, value);
      };
      if (error) return done(error);
      if (result && typeof (result as PromiseLike<unknown>).then === 'function') {
        (result as PromiseLike<unknown>).then((v) => done(null, v), (e: unknown) => done(e instanceof Error ? e : new Error(String(e))));
      } else done(null, result);
    });
  };
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
    return (await readFile(file, 'utf8')).split('\n').filter(Boolean).slice(-HISTORY_SIZE);
  } catch {
    return [];
  }
}

async function saveHistory(file: string, lines: readonly string[], secrets: readonly string[]): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, `${lines.filter((l) => keepInHistory(l, secrets)).slice(-HISTORY_SIZE).join('\n')}\n`, { mode: 0o600 });
  await chmod(file, 0o600);
}

/** Runs the shell until Ctrl-D (or the end of piped input); returns the exit code. */
export async function runShell(client: JiraClient, io: Io, options: ShellOptions): Promise<number> {
  banner(io, options.server);
  const colors = io.interactive && !io.env['NO_COLOR'];
  if (io.interactive) {
    const file = historyPath(io.env);
    const previous = await loadHistory(file);
    // historySize reaches readline through the REPL's options, though @types/node omits it.
    const server = repl.start({ prompt: 'jira> ', input: io.stdin, output: io.stdout, terminal: true, useColors: colors, ignoreUndefined: true, historySize: HISTORY_SIZE } as repl.ReplOptions);
    setEval(server, awaitingEval(server.eval, io));
    Object.assign(server.context, { jira: client });
    // readline keeps history newest first.
    (server as unknown as { history: string[] }).history.push(...[...previous].reverse());
    await new Promise<void>((resolve) => server.on('exit', resolve));
    const history = [...(server as unknown as { history: string[] }).history].reverse();
    await saveHistory(file, history, options.secrets);
    return 0;
  }
  // Piped input: feed the REPL one line at a time, the next only after the last has finished.
  const input = new PassThrough();
  const server = repl.start({ prompt: '', input, output: io.stdout, terminal: false, useColors: false, ignoreUndefined: true });
  const lines = lineReaderFor(io);
  let busy = false;
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
      if (!waits) {
        busy = false;
        setImmediate(pump);
      }
    });
  };
  const original = awaitingEval(server.eval, io);
  setEval(server, function (this: REPLServer, code, context, file, callback) {
    original.call(this, code, context, file, (error, result) => {
      callback(error, result);
      busy = false;
      setImmediate(pump);
    });
  });
  Object.assign(server.context, { jira: client });
  pump();
  await new Promise<void>((resolve) => server.on('exit', resolve));
  return 0;
}
