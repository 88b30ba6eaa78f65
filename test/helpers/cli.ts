import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { after } from 'node:test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The bundled CLI, as users run it (npm test builds it first). */
export const JIRAKIT = fileURLToPath(new URL('../../dist/jirakit.js', import.meta.url));

/** A fresh HOME so no test reads or writes the real user's files. */
export function freshHome(): string {
  return mkdtempSync(join(tmpdir(), 'jirakit-test-home-'));
}

/** A clean environment: only PATH and the given variables. */
export function cleanEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: home, LANG: 'C', ...extra };
}

/** A running CLI process with helpers to wait for output. */
export interface CliProcess {
  readonly child: ChildProcessWithoutNullStreams;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout+stderr. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code once the process ends. */
  exit(): Promise<number>;
  write(text: string): void;
}

const children = new Set<ChildProcessWithoutNullStreams>();
// A failed assertion must not leave a server running that keeps the test file from ending.
after(() => {
  for (const child of children) child.kill('SIGKILL');
});

/** Starts `jirakit ARGS` as a process. */
export function startCli(args: readonly string[], env: Record<string, string>, cwd?: string): CliProcess {
  const child = spawn(process.execPath, [JIRAKIT, ...args], { env, cwd: cwd ?? env['HOME'] ?? process.cwd(), stdio: 'pipe' });
  children.add(child);
  child.on('close', () => children.delete(child));
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  const notify = (): void => listeners.forEach((l) => l());
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); notify(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); notify(); });
  const exited = new Promise<number>((resolve) => child.on('close', (code, signal) => resolve(code ?? (signal === 'SIGINT' ? 130 : 1))));
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    write: (text) => child.stdin.write(text),
    exit: () => exited,
    waitFor(pattern, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const match = (out + err).match(pattern);
          if (match) {
            listeners.delete(check);
            clearTimeout(timer);
            resolve(match);
          }
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          reject(new Error(`timed out waiting for ${pattern}\nstdout: ${out}\nstderr: ${err}`));
        }, timeoutMs);
        listeners.add(check);
        check();
        void exited.then(() => setTimeout(check, 0));
      });
    },
  };
}

/** Runs `jirakit ARGS` to completion with the given stdin. */
export async function runCli(args: readonly string[], env: Record<string, string>, input = '', cwd?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const p = startCli(args, env, cwd);
  p.child.stdin.end(input);
  const code = await p.exit();
  return { code, stdout: p.stdout(), stderr: p.stderr() };
}

/**
 * Runs `jirakit ARGS` as runCli does, but under root (CI machines often are) without the
 * capabilities that let root write through a file's permissions (util-linux setpriv), so a
 * read-only directory refuses it too and a permission test runs everywhere instead of skipping.
 */
export function runCliObeyingPermissions(args: readonly string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const caps = '-dac_override,-dac_read_search';
  const command = process.getuid?.() === 0
    ? ['setpriv', `--inh-caps=${caps}`, `--bounding-set=${caps}`, '--', process.execPath, JIRAKIT, ...args]
    : [process.execPath, JIRAKIT, ...args];
  return new Promise((resolve, reject) => {
    const child = spawn(command[0] ?? '', command.slice(1), { env, cwd: env['HOME'], stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr }));
  });
}
