/**
 * Saved connection profiles: one INI file, a section per profile, under the XDG config directory
 * (directory 0700, file 0600). Writers take a lock, read the file again under it, and replace it
 * atomically (through a symlink), so concurrent saves all survive. A profile stores the key's
 * path, never the key.
 */
import { statSync } from 'node:fs';
import { fsPromises } from '../node-fs-promises.js';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../errors/jira-kit-error.js';
import { removeLeftoverTemps, replaceFile, writeError, writeTarget } from './atomic-write.js';
import { withFileLock, type LockOptions } from './file-lock.js';
import { IniSyntaxError, iniValueProblem, parseIni, stringifyIni, type IniData } from './ini.js';
import { profilesPath, type Env } from './paths.js';
import { readConfigFile } from './read-bounded.js';

/** The fields a profile may hold, as written in the file. */
export const PROFILE_FIELDS = [
  'server',
  'consumer_key',
  'key_cert',
  'access_token',
  'access_token_secret',
  'username',
  'password',
  'token',
  'email',
  'api_token',
  'ca_file',
  'timeout',
  // OAuth 2.0 (oauth2-provider.md 1.4): the client, and the pair with its expiry (ISO 8601, from expires_in).
  'client_id',
  'client_secret',
  'refresh_token',
  'expires_at',
  'scope',
] as const;

/** One profile's values. */
export type Profile = Partial<Record<(typeof PROFILE_FIELDS)[number], string>>;

/** The profile used when none is named. */
export const DEFAULT_PROFILE = 'default';

function readProfilesText(env: Env): string | undefined {
  // Sync on purpose, as in resolve.ts: a small file read once at start.
  return readConfigFile(profilesPath(env), 'The profile file', 'Check what wrote it, then move it away and save the profile again with `jirakit dance --save`');
}

function parseProfiles(text: string, path: string): IniData {
  try {
    return parseIni(text);
  } catch (error) {
    const detail = error instanceof IniSyntaxError ? error.message : 'unreadable';
    throw new ConfigError(`The profile file ${path} is broken (${detail})`, { hint: 'Fix or delete it, then save the profile again with `jirakit dance --save`' });
  }
}

/** Reads every profile; a missing file is no profiles. */
export async function readProfiles(env: Env): Promise<IniData> {
  const text = readProfilesText(env);
  return text === undefined ? new Map() : parseProfiles(text, profilesPath(env));
}

function profileOf(section: ReadonlyMap<string, string> | undefined): Profile | undefined {
  if (!section) return undefined;
  const profile: Profile = {};
  for (const field of PROFILE_FIELDS) {
    const value = section.get(field);
    if (value !== undefined && value !== '') profile[field] = value;
  }
  return profile;
}

/** Reads one profile; undefined when it does not exist. */
export async function readProfile(name: string, env: Env): Promise<Profile | undefined> {
  return profileOf((await readProfiles(env)).get(name));
}

const HEADER = 'jirakit profiles: holds tokens; keep this file private (0600).';

function checkProfileName(name: string): void {
  // DEFAULT is configparser's section of inherited values, not a profile.
  if (!/^[A-Za-z0-9_.@-]{1,64}$/.test(name) || name === 'DEFAULT') {
    throw new ConfigError(`'${name.replace(/[^\x20-\x7e]/g, '?')}' is not a usable profile name`, { hint: 'Use up to 64 letters, digits, dots, dashes, underscores or @' });
  }
}

/** The section written for a profile: its fields (paths made absolute), and any other keys the section had. */
function sectionOf(name: string, profile: Profile, old: ReadonlyMap<string, string> | undefined): Map<string, string> {
  const fields: readonly string[] = PROFILE_FIELDS;
  const section = new Map([...(old ?? [])].filter(([key]) => !fields.includes(key)));
  for (const field of PROFILE_FIELDS) {
    let value = profile[field];
    if (value === undefined || value === '') continue;
    if (field === 'key_cert' || field === 'ca_file') value = resolve(value);
    const problem = iniValueProblem(value);
    if (problem !== undefined) throw new ConfigError(`The ${field} of profile '${name}' cannot be saved: ${problem}`, { hint: 'Check where the value came from' });
    section.set(field, value);
  }
  return section;
}

async function ensurePrivateDir(dir: string): Promise<void> {
  await fsPromises().mkdir(dir, { recursive: true, mode: 0o700 });
  const info = await fsPromises().stat(dir);
  // Tighten a directory of ours; one that is not ours cannot be chmod-ed (EPERM) and is the user's to fix.
  if ((info.mode & 0o077) !== 0 && info.uid === process.getuid?.()) await fsPromises().chmod(dir, 0o700);
}

/** Runs `fn` with the file to write (the profile file, or its symlink's target) under the lock beside that file. */
async function lockProfiles<T>(env: Env, fn: (target: string) => Promise<T>, options: LockOptions): Promise<T> {
  const path = profilesPath(env);
  let target: string;
  try {
    await ensurePrivateDir(dirname(path));
    target = await writeTarget(path);
  } catch (error) {
    throw writeError('the profile file', path, error);
  }
  let locked = false;
  try {
    return await withFileLock(`${target}.lock`, async () => {
      locked = true;
      await removeLeftoverTemps(target);
      return fn(target);
    }, options);
  } catch (error) {
    // Errors of `fn` are the caller's; only taking the lock is a failure to write here.
    throw locked ? error : writeError('the profile file', target, error);
  }
}

/**
 * Runs `fn` while holding the profile file's lock: other jirakit processes that save or update a
 * profile wait until it returns. Not reentrant: inside `fn`, do not call saveProfile or updateProfile.
 */
export async function withProfileLock<T>(env: Env, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  return lockProfiles(env, () => fn(), options);
}

/**
 * Reads one profile, lets `change` return its new value (undefined deletes it; `current` itself
 * writes nothing) and writes the file, all under the lock, so no other process's save is lost.
 */
export async function updateProfile(
  name: string,
  change: (current: Profile | undefined) => Profile | undefined | Promise<Profile | undefined>,
  env: Env,
  options: LockOptions = {},
): Promise<Profile | undefined> {
  checkProfileName(name);
  return lockProfiles(env, async (target) => {
    // Read again under the lock: what another process wrote a moment ago must be kept.
    const all = await readProfiles(env);
    const current = profileOf(all.get(name));
    const next = await change(current);
    if (next === current) return current;
    if (next === undefined) {
      if (!all.delete(name)) return undefined;
    } else {
      all.set(name, sectionOf(name, next, all.get(name)));
    }
    try {
      await replaceFile(target, stringifyIni(all, HEADER));
    } catch (error) {
      throw writeError('the profile file', target, error);
    }
    return profileOf(all.get(name));
  }, options);
}

/** Writes (replaces) one profile, keeping the others, under the lock; returns the file's path. */
export async function saveProfile(name: string, profile: Profile, env: Env): Promise<string> {
  await updateProfile(name, () => ({ ...profile }), env);
  return profilesPath(env);
}

/**
 * Checks, before a dance, that a profile of this name can be saved afterwards: the name, the
 * file's syntax, and a real write of the file's current content under its lock.
 */
export async function checkProfileSavable(name: string, env: Env): Promise<void> {
  checkProfileName(name);
  await lockProfiles(env, async (target) => {
    const text = readProfilesText(env);
    parseProfiles(text ?? '', profilesPath(env));
    if (text === undefined) return; // creating the lock beside it showed that it can be created
    try {
      await replaceFile(target, text);
    } catch (error) {
      throw writeError('the profile file', target, error);
    }
  }, {});
}

/** A warning when a file holding secrets (a profile, a private key) can be read by others; undefined when it is private. */
export async function permissionWarning(path: string): Promise<string | undefined> {
  try {
    const mode = statSync(path).mode & 0o777;
    if ((mode & 0o077) === 0) return undefined;
    return `${path} can be read by other users (mode ${mode.toString(8).padStart(4, '0')}); run chmod 600 ${path}`;
  } catch {
    return undefined;
  }
}
