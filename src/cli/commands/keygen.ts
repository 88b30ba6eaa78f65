import { constants } from 'node:fs';
import { chmod, copyFile, link, lstat, rename, unlink, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { tempPathFor, writeError, writeTarget } from '../../config/atomic-write.js';
import { ConfigError, generateRsaKeyPair, pemBody } from '../../index.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { println } from '../io.js';
import { UsageError } from '../usage-error.js';

/** rsa.pem -> rsa.pub; anything else gets .pub appended. */
export function publicKeyPath(privatePath: string): string {
  return /\.pem$/i.test(privatePath) ? privatePath.replace(/\.pem$/i, '.pub') : `${privatePath}.pub`;
}

async function exists(path: string): Promise<boolean> {
  // lstat: a dangling symlink is something the user put there too.
  return lstat(path).then(() => true, (error: NodeJS.ErrnoException) => error.code !== 'ENOENT');
}

/** Refuses before anything is written when either file is there: a new private key beside an old .pub breaks the link. */
async function refuseExisting(paths: readonly string[]): Promise<void> {
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
 * Writes both files or neither: each goes to a temp file beside its target first (0600 or 0644
 * from creation). Then, without --force, link() publishes each without ever replacing a file;
 * with --force, rename() replaces each (through symlinks). A failure removes what it wrote.
 */
async function writePair(files: readonly { path: string; data: string; mode: number }[], force: boolean): Promise<void> {
  const staged: { temp: string; target: string }[] = [];
  const published: string[] = [];
  let at = files[0]?.path ?? '';
  try {
    for (const file of files) {
      at = file.path;
      const target = force ? await writeTarget(file.path) : resolve(file.path);
      const temp = tempPathFor(target);
      staged.push({ temp, target });
      await writeFile(temp, file.data, { mode: file.mode, flag: 'wx' });
      await chmod(temp, file.mode); // the umask may have taken bits away
    }
    for (const { temp, target } of staged) {
      at = target;
      if (force) await rename(temp, target);
      else await publishNew(temp, target);
      published.push(target);
    }
  } catch (error) {
    if (!force) for (const target of published) await unlink(target).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new ConfigError(`${at} was created by something else while the key was made`, { hint: 'Check what made it, then run keygen again' });
    const where = 'Check that the directory exists and is writable';
    throw writeError('the key file', at, error, { EACCES: where, EPERM: where, ENOENT: where, EROFS: where });
  } finally {
    for (const { temp } of staged) await unlink(temp).catch(() => undefined);
  }
}

/** `jirakit keygen`: the seed's two openssl commands in one. */
export const keygen: Command = {
  summary: 'make an RSA key pair for a Jira application link',
  help: `Usage: jirakit keygen --out FILE [--bits 2048] [--force]

Writes an RSA private key (PEM, mode 0600) to FILE and its public key beside it
(FILE with .pub instead of .pem), then prints the public key as Jira's
application-link form wants it: the base64 body, without the BEGIN/END lines.

Options:
  --out FILE    where to write the private key (required)
  --bits N      key size, 2048 (default) to 4096
  --force       replace existing files (without it, nothing is written
                if either file exists)

Example:
  jirakit keygen --out rsa.pem`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { out: { type: 'string' }, bits: { type: 'string' }, force: { type: 'boolean' } });
    if (!values.out) throw new UsageError('--out FILE is required', { hint: 'e.g. jirakit keygen --out rsa.pem' });
    const bits = Number(values.bits ?? 2048);
    if (!Number.isInteger(bits) || bits < 2048 || bits > 8192) throw new UsageError(`--bits takes 2048 to 8192, not '${values.bits}'`, { hint: 'Jira accepts 2048-bit keys; larger ones are slower' });
    const pubPath = publicKeyPath(values.out);
    const force = values.force === true;
    if (!force) await refuseExisting([values.out, pubPath]);
    const { privateKeyPem: privateKey, publicKeyPem: publicKey } = generateRsaKeyPair(bits);
    await writePair([{ path: values.out, data: privateKey, mode: 0o600 }, { path: pubPath, data: publicKey, mode: 0o644 }], force);
    println(io.stderr, `Wrote the private key to ${values.out} (mode 0600; keep it secret) and the public key to ${pubPath}.`);
    println(io.stderr, "Public key for the 'Public Key' field of Jira's incoming application link:");
    println(io.stdout, pemBody(publicKey));
    return 0;
  },
};
