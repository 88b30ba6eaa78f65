/**
 * Writes a node_exporter textfile atomically (prometheus.md 3.4): a temporary file in the same
 * directory whose name does not end in `.prom` (the collector reads only `*.prom`), written,
 * fsynced, given mode 0644 whatever the umask, then renamed over the target, so a scrape sees
 * the old file or the new one and never half of one.
 */
import { closeSync, fchmodSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { ConfigError } from '../index.js';

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'the directory does not exist',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  ENOTDIR: 'a part of the path is not a directory',
  EISDIR: 'it is a directory',
};

/** The temporary file's path: hidden, in the same directory, ending in `.tmp`, one per process. */
export function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
}

/** Writes `text` to `path` atomically, mode 0644; a ConfigError naming the file and the reason. */
export function writeTextfile(path: string, text: string): void {
  const temp = temporaryPath(path);
  let fd: number | undefined;
  try {
    fd = openSync(temp, 'w', 0o644);
    fchmodSync(fd, 0o644);
    writeSync(fd, text);
    fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(temp, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    try {
      unlinkSync(temp);
    } catch {
      // Never created, or already renamed.
    }
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new ConfigError(`Could not write ${path}: ${REASONS[code] ?? 'the write failed'} (${code || 'error'})`, {
      hint: `Check that ${dirname(path)} exists and that this user may write to it`,
    });
  }
}
