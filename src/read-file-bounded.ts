/**
 * Reading a file whole, but only up to a bound: a file of 600 MB (a log redirected to the wrong
 * place, /dev/zero behind a symlink) must be one clear error, not ERR_STRING_TOO_LONG or a
 * process that eats all memory. Sync on purpose: every caller reads a small file once.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

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
