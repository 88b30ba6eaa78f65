/**
 * Reading a file whole, but only up to a bound: a config file of 600 MB (a log redirected to the
 * wrong place, /dev/zero behind a symlink) must be one clear error, not ERR_STRING_TOO_LONG or a
 * process that eats all memory. Sync on purpose, as the callers: small files read once at start.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { ConfigError } from '../errors/jira-kit-error.js';

/** The most jirakit reads of profiles.ini or jirashell.ini; real ones are a few KiB. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** A file larger than the bound it was read with; `size` is undefined when it never ended (a device). */
export class FileTooLargeError extends Error {
  override name = 'FileTooLargeError';
  constructor(readonly path: string, readonly limit: number, readonly size: number | undefined) {
    super(`${path} is larger than ${limit} bytes`);
  }
}

/**
 * Reads a file as UTF-8 text, refusing one larger than `maxBytes` (by its size before reading,
 * and by what was read, for files that grow and devices); fs errors are thrown as they are.
 */
export function readFileBounded(path: string, maxBytes: number): string {
  const fd = openSync(path, 'r');
  try {
    const stat = fstatSync(fd);
    if (stat.isFile() && stat.size > maxBytes) throw new FileTooLargeError(path, maxBytes, stat.size);
    const chunks: Buffer[] = [];
    let length = 0;
    for (;;) {
      // One byte past the bound tells "exactly at the limit" from "beyond it".
      const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, maxBytes + 1 - length));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      length += n;
      if (length > maxBytes) throw new FileTooLargeError(path, maxBytes, undefined);
    }
    return Buffer.concat(chunks, length).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

function sizeText(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MiB` : `${Math.ceil(bytes / 1024)} KiB`;
}

const READ_HINTS: Readonly<Record<string, string>> = {
  EACCES: 'Check its owner and mode: it should be yours, mode 0600',
  EPERM: 'Check its owner and mode: it should be yours, mode 0600',
  EISDIR: 'It is a directory: move it away',
  ELOOP: 'It is a loop of symbolic links: fix or remove the link',
};

/**
 * Reads a config file that jirakit reads whole (profiles.ini, jirashell.ini); undefined when it
 * does not exist. `what` names it in messages ("The profile file"); `hint` says what to do with
 * a file that is too large.
 */
export function readConfigFile(path: string, what: string, tooLargeHint: string): string | undefined {
  try {
    return readFileBounded(path, MAX_CONFIG_BYTES);
  } catch (error) {
    if (error instanceof FileTooLargeError) {
      const size = error.size === undefined ? 'more than that' : sizeText(error.size);
      throw new ConfigError(`${what} ${path} is too large to be a config file (${size}; jirakit reads at most ${sizeText(MAX_CONFIG_BYTES)})`, { hint: tooLargeHint });
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new ConfigError(`Could not read ${what.replace(/^The /, 'the ')} ${path} (${code ?? 'error'})`, {
      hint: READ_HINTS[code ?? ''] ?? 'Check that it is a readable file',
      cause: error,
    });
  }
}
