/**
 * New files written together or not at all, none replaced unless asked: what `jirakit keygen`
 * needs for a key pair, since a new private key beside an old public key breaks the link.
 */
import { constants } from 'node:fs';
import { chmod, copyFile, link, lstat, rename, unlink, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ConfigError } from '../errors/jira-kit-error.js';
import { tempPathFor, writeError, writeTarget } from './atomic-write.js';

async function exists(path: string): Promise<boolean> {
  // lstat: a dangling symlink is something the user put there too.
  return lstat(path).then(() => true, (error: NodeJS.ErrnoException) => error.code !== 'ENOENT');
}

/** Refuses before anything is written when either file is there: a new private key beside an old .pub breaks the link. */
export async function refuseExisting(paths: readonly string[]): Promise<void> {
  const there: string[] = [];
  for (const path of paths) if (await exists(path)) there.push(path);
  if (there.length === 0) return;
  throw new ConfigError(`${there[0]} already exists`, {
    hint: `Choose another --out, or pass --force to replace ${there[1] === undefined ? 'it' : `it and ${there[1]}`} (the application link must then be updated)`,
  });
}

/** Puts a finished temp file at `target` without ever replacing a file there (EEXIST instead). */
async function publishNew(temp: string, target: string): Promise<void> {
  try {
    await link(temp, target);
  } catch (error) {
    // File systems without hard links (FAT, some network and FUSE ones): an exclusive copy.
    if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    await copyFile(temp, target, constants.COPYFILE_EXCL);
  }
}

/**
 * Writes every file or none (a key pair): each goes to a temp file beside its target first (0600
 * or 0644 from creation). Then, without `force`, link() publishes each without ever replacing a
 * file; with `force`, rename() replaces each (through symlinks), the old ones kept as hard links
 * until all are in, so a failure half-way puts them back. A failure removes what it wrote.
 */
export async function writeFileSet(files: readonly { path: string; data: string; mode: number }[], force: boolean): Promise<void> {
  const staged: { temp: string; target: string; backup: string | undefined }[] = [];
  const published: (typeof staged)[number][] = [];
  let at = files[0]?.path ?? '';
  try {
    for (const file of files) {
      at = file.path;
      const target = force ? await writeTarget(file.path) : resolve(file.path);
      const temp = tempPathFor(target);
      staged.push({ temp, target, backup: undefined });
      await writeFile(temp, file.data, { mode: file.mode, flag: 'wx' });
      await chmod(temp, file.mode); // the umask may have taken bits away
    }
    for (const entry of staged) {
      at = entry.target;
      if (force) {
        const backup = `${entry.temp}.old`;
        entry.backup = await link(entry.target, backup).then(() => backup, () => undefined);
        await rename(entry.temp, entry.target);
      } else await publishNew(entry.temp, entry.target);
      published.push(entry);
    }
  } catch (error) {
    for (const { target, backup } of published) {
      if (backup) await rename(backup, target).catch(() => undefined);
      else await unlink(target).catch(() => undefined);
    }
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new ConfigError(`${at} was created by something else while the key was made`, { hint: 'Check what made it, then run keygen again' });
    const where = 'Check that the directory exists and is writable';
    throw writeError('the key file', at, error, { EACCES: where, EPERM: where, ENOENT: where, EROFS: where });
  } finally {
    for (const { temp, backup } of staged) {
      await unlink(temp).catch(() => undefined);
      if (backup) await unlink(backup).catch(() => undefined);
    }
  }
}
