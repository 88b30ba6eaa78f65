import { createInterface, type Interface } from 'node:readline';
import type { ReadStream } from 'node:tty';
import { AbortedError } from '../index.js';
import type { Io } from './io.js';

/**
 * Reads answers line by line from stdin, whether it is a terminal or a pipe, so a dance can be
 * scripted (`printf 'y\n' | jirakit dance …`). One reader per command keeps piped lines in order.
 */
export class LineReader {
  #rl: Interface | undefined;
  #lines: string[] = [];
  #waiting: ((line: string | undefined) => void)[] = [];
  #ended = false;

  constructor(private readonly io: Io) {}

  #start(): void {
    if (this.#rl) return;
    this.#rl = createInterface({ input: this.io.stdin, terminal: false, crlfDelay: Infinity });
    this.#rl.on('line', (line) => {
      const waiter = this.#waiting.shift();
      if (waiter) waiter(line);
      else this.#lines.push(line);
    });
    this.#rl.on('close', () => {
      this.#ended = true;
      for (const waiter of this.#waiting.splice(0)) waiter(undefined);
    });
  }

  /** Writes the question to stderr and resolves with the next line (undefined at end of input). */
  async ask(question: string): Promise<string | undefined> {
    this.io.stderr.write(question);
    const answer = await this.next();
    // A terminal echoes the Enter key; a pipe does not, so end the prompt's line ourselves.
    if (!this.io.interactive) this.io.stderr.write('\n');
    return answer;
  }

  /** The next line of input, or undefined at its end. */
  async next(): Promise<string | undefined> {
    this.#start();
    const line = this.#lines.shift();
    if (line !== undefined) return line;
    if (this.#ended) return undefined;
    return new Promise<string | undefined>((resolve) => this.#waiting.push(resolve));
  }

  /** Stops reading so the process can exit. */
  close(): void {
    this.#rl?.close();
    this.#rl = undefined;
    readers.delete(this.io.stdin);
  }
}

const readers = new WeakMap<object, LineReader>();

/**
 * The one line reader of this input: a dance's answers and a shell's piped lines come from the
 * same stdin (`printf 'y\njira.server_info()\n' | jirashell -od …`), so no line is lost between them.
 */
export function lineReaderFor(io: Io): LineReader {
  let reader = readers.get(io.stdin);
  if (!reader) {
    reader = new LineReader(io);
    readers.set(io.stdin, reader);
  }
  return reader;
}

/** Reads a secret from a terminal without echoing it; Ctrl-C aborts. */
export async function askHidden(io: Io, question: string): Promise<string> {
  const stdin = io.stdin as ReadStream;
  if (!stdin.isTTY || typeof stdin.setRawMode !== 'function') {
    throw new AbortedError('Cannot ask for a secret without a terminal', { reason: 'declined' });
  }
  // Echo goes off before the question appears, so an answer typed (or pasted) at once is never shown.
  stdin.setRawMode(true);
  stdin.resume();
  io.stderr.write(question);
  try {
    return await new Promise<string>((resolve, reject) => {
      let value = '';
      const onData = (chunk: Buffer): void => {
        for (const char of chunk.toString('utf8')) {
          if (char === '\r' || char === '\n') {
            stdin.off('data', onData);
            resolve(value);
            return;
          }
          if (char === '\u0003') {
            stdin.off('data', onData);
            reject(new AbortedError('Interrupted at the prompt', { reason: 'interrupted' }));
            return;
          }
          if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
          else value += char;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    io.stderr.write('\n');
  }
}
