/**
 * Replacing a file so that a reader, a crash or a full disk never sees half of it: a temporary
 * file beside the target (0600 from its creation), fsync, rename over the target, fsync of the
 * directory so the rename itself survives a power cut. A symlinked target (dotfiles managers
 * link config files) is written through: the link stays, its target gets the new content.
 */
import { fsPromises } from '../node-fs-promises.js';
import { basename, dirname, resolve } from 'node:path';
import { ConfigError } from '../errors/jira-kit-error.js';

let counter = 0;

/** A temporary file name beside `target`, unique across processes without loading node:crypto. */
export function tempPathFor(target: string): string {
  counter += 1;
  const unique = `${process.pid}.${counter}${Math.random().toString(36).slice(2, 8)}`;
  return resolve(dirname(target), `${basename(target)}.${unique}.tmp`);
}

/** Follows symbolic links from `path` to the file a write must replace (which may not exist yet). */
export async function writeTarget(path: string): Promise<string> {
  let current = resolve(path);
  // 40 as Linux's MAXSYMLINKS: a loop ends as ELOOP, not as a hang.
  for (let hops = 0; hops < 40; hops += 1) {
    let isLink: boolean;
    try {
      isLink = (await fsPromises().lstat(current)).isSymbolicLink();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return current;
      throw error;
    }
    if (!isLink) return current;
    current = resolve(dirname(current), await fsPromises().readlink(current));
  }
  throw Object.assign(new Error(`too many symbolic links at ${path}`), { code: 'ELOOP' });
}

async function syncDirectory(dir: string): Promise<void> {
  let handle;
  try {
    handle = await fsPromises().open(dir, 'r');
    await handle.sync();
  } catch (error) {
    // Some file systems cannot fsync a directory; the rename has happened all the same.
    if (!['EISDIR', 'EINVAL', 'EPERM', 'EACCES', 'ENOTSUP', 'EBADF'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle?.close();
  }
}

/**
 * Replaces `target` (not a symlink: see writeTarget) with `text`, atomically and durably. The
 * temporary file is removed whatever fails; the error is thrown as it is.
 */
export async function replaceFile(target: string, text: string, mode = 0o600): Promise<void> {
  const temp = tempPathFor(target);
  let created = false;
  try {
    const handle = await fsPromises().open(temp, 'wx', mode);
    created = true;
    try {
      await handle.chmod(mode); // the umask may have taken bits away; exactly `mode`, no more
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fsPromises().rename(temp, target);
    created = false;
  } finally {
    if (created) await fsPromises().unlink(temp).catch(() => undefined);
  }
  await syncDirectory(dirname(target));
}

/**
 * Removes temporary files of `target` that a killed writer left (SIGKILL between creating one and
 * renaming it). Only call it holding the target's lock: then no live writer has one in use.
 * Older jirakit versions named them TARGET.PID.tmp; those go too.
 */
export async function removeLeftoverTemps(target: string): Promise<void> {
  const base = basename(target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^${base}\\.\\d+(\\.[0-9a-z]+)?\\.tmp$`);
  const names = await fsPromises().readdir(dirname(target)).catch(() => [] as string[]);
  for (const name of names) if (pattern.test(name)) await fsPromises().unlink(resolve(dirname(target), name)).catch(() => undefined);
}

const WRITE_HINTS: Readonly<Record<string, string>> = {
  ENOSPC: 'The disk is full: free some space',
  EDQUOT: 'The disk quota is used up: free some space',
  EFBIG: 'The file is larger than this process may write (ulimit -f)',
  EACCES: 'Check the owner and mode of the directory: it should be yours, mode 0700 (or set XDG_CONFIG_HOME to a directory of yours)',
  EPERM: 'Check the owner and mode of the directory: it should be yours, mode 0700 (or set XDG_CONFIG_HOME to a directory of yours)',
  EROFS: 'The file system is read-only: set XDG_CONFIG_HOME to a writable directory',
  ENOENT: 'A directory on the way to it is missing (a dangling symbolic link?)',
  ENOTDIR: 'A part of its path is a file, not a directory',
  EISDIR: 'It is a directory: move it away',
  ELOOP: 'It is a loop of symbolic links: fix or remove the link',
};

/**
 * The ConfigError for a failed write of `what` ("the profile file") at `path`: the errno code,
 * and a hint that fits it (`hints` overrides some, by code).
 */
export function writeError(what: string, path: string, error: unknown, hints: Readonly<Record<string, string>> = {}): ConfigError {
  if (error instanceof ConfigError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? '';
  return new ConfigError(`Could not write ${what} ${path} (${code || 'error'})`, {
    hint: hints[code] ?? WRITE_HINTS[code] ?? 'Check the directory and the disk it is on',
    cause: error,
  });
}
