import type { Readable, Writable } from 'node:stream';
import { type Env } from '../index.js';

/** Everything a command touches outside itself, injected so tests need no global patching. */
export interface Io {
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly stdin: Readable;
  readonly env: Env;
  /** True when stdin is a terminal (prompts may hide input, browsers may open). */
  readonly interactive: boolean;
  /** -v/--verbose was given. */
  readonly verbose?: boolean;
}

/** The real process's streams and environment. */
export function processIo(): Io {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    interactive: Boolean(process.stdin.isTTY),
  };
}

/** Writes a line. */
export function println(stream: Writable, text = ''): void {
  stream.write(`${text}\n`);
}
