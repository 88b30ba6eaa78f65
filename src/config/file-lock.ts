/**
 * A lock file that serialises writers across processes, and that a crashed writer cannot leave
 * stuck: created with O_EXCL, it holds the owner's pid, host (and pid namespace) and process
 * start time, and its holder touches it every few seconds. Another process takes it over when
 * the owner is gone (no such pid, or the pid now belongs to a process that started later) or
 * the lock has not been touched for `staleMs`; it waits at most `waitMs` for a live owner.
 */
import { readFileSync, readlinkSync, unlinkSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { fsPromises } from '../node-fs-promises.js';
import { hostname } from 'node:os';
import { ConfigError } from '../errors/jira-kit-error.js';
import { FileTooLargeError, readFileBounded } from '../read-file-bounded.js';

/** A plain timer rather than node:timers/promises, which every plugin run would load for a wait it rarely makes. */
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A lock file's text; one larger than a line of JSON is not one of ours and is not read whole. */
function readLock(path: string): string {
  try {
    return readFileBounded(path, 4096);
  } catch (error) {
    if (error instanceof FileTooLargeError) return '';
    throw error;
  }
}

/** How long to wait for a lock, and when a lock counts as abandoned. */
export interface LockOptions {
  /** How long to wait for a lock held by a live process before giving up (default 30 s). */
  readonly waitMs?: number | undefined;
  /** A lock its holder has not touched for this long is taken over, live pid or not (default 20 s). */
  readonly staleMs?: number | undefined;
}

interface Owner {
  readonly pid: number;
  readonly host: string;
  readonly start: string | undefined;
  readonly token: string;
}

interface Seen {
  readonly raw: string;
  readonly owner: Owner | undefined;
  readonly ino: number;
  readonly ageMs: number;
}

/** The start time of a process in clock ticks since boot (Linux); with the pid, it tells a reused pid apart. */
function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

let host: string | undefined;

/** This host and pid namespace: a pid means something only there (containers can share a home and a host name). */
function hostId(): string {
  if (host === undefined) {
    let ns = '';
    try {
      ns = readlinkSync('/proc/self/ns/pid');
    } catch {
      ns = ''; // not Linux: the host name alone
    }
    host = ns ? `${hostname()} ${ns}` : hostname();
  }
  return host;
}

function parseOwner(raw: string): Owner | undefined {
  try {
    const o = JSON.parse(raw) as Partial<Owner>;
    // A pid of 0 or below would make kill(pid, 0) ask about a whole process group.
    if (typeof o.pid !== 'number' || !Number.isInteger(o.pid) || o.pid <= 0 || typeof o.host !== 'string' || typeof o.token !== 'string') return undefined;
    return { pid: o.pid, host: o.host, start: typeof o.start === 'string' ? o.start : undefined, token: o.token };
  } catch {
    return undefined; // still being written, or not ours: judged by age alone
  }
}

async function look(path: string): Promise<Seen | undefined> {
  try {
    // A lock holds a line of JSON; anything larger is not one of ours (and is not read whole).
    const info = await fsPromises().stat(path);
    const raw = readLock(path);
    return { raw, owner: parseOwner(raw), ino: info.ino, ageMs: Date.now() - info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function ownerGone(owner: Owner): boolean {
  if (owner.host !== hostId()) return false; // another host's pid cannot be checked: age decides
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return true;
  }
  const start = processStart(owner.pid);
  return owner.start !== undefined && start !== undefined && start !== owner.start;
}

function isStale(seen: Seen, staleMs: number): boolean {
  return seen.ageMs > staleMs || (seen.owner !== undefined && ownerGone(seen.owner));
}

/**
 * Removes a stale lock, unless it changed since it was judged: breakers serialise on a second
 * O_EXCL file, so two of them cannot both remove a lock and then each take a fresh one.
 */
/** Removes a stale lock unless another process is doing so; true when the lock is gone. */
async function breakLock(path: string, judged: Seen, staleMs: number): Promise<boolean> {
  const breaker = `${path}.break`;
  try {
    await (await fsPromises().open(breaker, 'wx', 0o600)).close();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // A breaker holds this for microseconds; an old one was left by a crash.
    const age = await fsPromises().stat(breaker).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > staleMs) await fsPromises().unlink(breaker).catch(() => undefined);
    return false;
  }
  try {
    const now = await look(path);
    if (!now) return true;
    if (now.ino !== judged.ino || now.raw !== judged.raw || !isStale(now, staleMs)) return false;
    return fsPromises().unlink(path).then(() => true, () => false);
  } finally {
    await fsPromises().unlink(breaker).catch(() => undefined);
  }
}

function timeoutError(path: string, seen: Seen | undefined, waitMs: number): ConfigError {
  const who = seen?.owner ? `process ${seen.owner.pid}` : 'another process';
  return new ConfigError(`${path} is held by ${who}, which did not release it within ${(waitMs / 1000).toFixed(waitMs < 10_000 ? 1 : 0)} s`, {
    hint: 'Another jirakit is saving a profile: wait for it to finish, or stop it, then try again',
  });
}

async function acquire(path: string, owner: Owner, options: LockOptions): Promise<FileHandle> {
  const waitMs = options.waitMs ?? 30_000;
  const staleMs = options.staleMs ?? 20_000;
  const deadline = Date.now() + waitMs;
  for (let delay = 2; ; delay = Math.min(delay * 2, 100)) {
    try {
      const handle = await fsPromises().open(path, 'wx', 0o600);
      try {
        await handle.writeFile(`${JSON.stringify(owner)}\n`);
      } catch (error) {
        await handle.close();
        await fsPromises().unlink(path).catch(() => undefined);
        throw error;
      }
      return handle;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const seen = await look(path);
    // Try again at once only when the stale lock is really gone; a lock that could not be broken
    // (another breaker at work, or one a crash left) waits like a live one, within the deadline.
    if (seen && isStale(seen, staleMs) && (await breakLock(path, seen, staleMs))) continue;
    if (Date.now() >= deadline) throw timeoutError(path, seen, waitMs);
    await sleep(delay + Math.random() * delay);
  }
}

/**
 * Runs `fn` while holding the lock file at `path` (created, then removed); other processes, and
 * other calls in this one, wait for it. Not reentrant: `fn` must not take the same lock again.
 * Errors creating the lock are thrown as they are (the caller names the file).
 */
export async function withFileLock<T>(path: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const owner: Owner = { pid: process.pid, host: hostId(), start: processStart(process.pid), token: `${process.pid}.${Date.now()}.${Math.random()}` };
  const handle = await acquire(path, owner, options);
  const ours = (): boolean => parseOwner(readLock(path))?.token === owner.token;
  // The holder proves it is alive by touching the lock; a hung or frozen one stops doing so.
  const every = Math.max(50, Math.floor((options.staleMs ?? 20_000) / 4));
  const heartbeat = setInterval(() => void handle.utimes(new Date(), new Date()).catch(() => undefined), every).unref();
  // process.exit() while holding: leave no lock behind (a killed process is taken over by pid).
  const onExit = (): void => {
    try {
      if (ours()) unlinkSync(path);
    } catch {
      // nothing left to clean
    }
  };
  process.once('exit', onExit);
  try {
    return await fn();
  } finally {
    clearInterval(heartbeat);
    process.removeListener('exit', onExit);
    await handle.close().catch(() => undefined);
    onExit();
  }
}
