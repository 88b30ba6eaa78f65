// The outside judges of an exposition, for the metrics tests: promtool's linter (Debian's
// prometheus package) and python3-prometheus-client's two parsers (its OpenMetrics one is strict).
import { execFile, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const PARSER = fileURLToPath(new URL('./parse-exposition.py', import.meta.url));

/** A command's exit code, stdout and stderr, with `input` on stdin. */
export function pipe(command: string, args: readonly string[], input: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** `promtool check metrics` on the text: exit 0 and nothing said, or what it said. */
export async function promtoolProblems(text: string): Promise<string> {
  const r = await pipe('/usr/bin/promtool', ['check', 'metrics'], text);
  return r.code === 0 && r.stdout === '' && r.stderr === '' ? '' : `exit ${r.code}: ${r.stdout}${r.stderr}`;
}

/** A family as python3-prometheus-client parsed it. */
export interface ParsedFamily {
  readonly name: string;
  readonly type: string;
  readonly unit: string;
  readonly help: string;
  readonly samples: { name: string; labels: Record<string, string>; value: string }[];
}

/** The text parsed by python3-prometheus-client in that format; throws with the parser's message. */
export async function pythonParse(text: string, format: 'prometheus' | 'openmetrics'): Promise<ParsedFamily[]> {
  const r = await pipe('/usr/bin/python3', [PARSER, format], text);
  if (r.code !== 0) throw new Error(`python3-prometheus-client refused the ${format} text: ${r.stderr}`);
  return JSON.parse(r.stdout) as ParsedFamily[];
}

/** A free loopback port (for servers that take a port, not 0). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Polls `probe` until it returns a value or the deadline passes (then throws with the last error). */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export { run };
