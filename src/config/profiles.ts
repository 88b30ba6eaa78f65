/**
 * Saved connection profiles: one INI file, a section per profile, under the XDG config directory
 * (directory 0700, file 0600, written atomically). A profile stores the key's path, never the key.
 */
import { statSync } from 'node:fs';
import { chmod, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../errors/jira-kit-error.js';
import { IniSyntaxError, parseIni, stringifyIni, type IniData } from './ini.js';
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
] as const;

/** One profile's values. */
export type Profile = Partial<Record<(typeof PROFILE_FIELDS)[number], string>>;

/** The profile used when none is named. */
export const DEFAULT_PROFILE = 'default';

/** Reads every profile; a missing file is no profiles. */
export async function readProfiles(env: Env): Promise<IniData> {
  const path = profilesPath(env);
  // Sync on purpose, as in resolve.ts: a small file read once at start.
  const text = readConfigFile(path, 'The profile file', 'Check what wrote it, then move it away and save the profile again with `jirakit dance --save`');
  if (text === undefined) return new Map();
  try {
    return parseIni(text);
  } catch (error) {
    const detail = error instanceof IniSyntaxError ? error.message : 'unreadable';
    throw new ConfigError(`The profile file ${path} is broken (${detail})`, { hint: 'Fix or delete it, then save the profile again with `jirakit dance --save`' });
  }
}

/** Reads one profile; undefined when it does not exist. */
export async function readProfile(name: string, env: Env): Promise<Profile | undefined> {
  const section = (await readProfiles(env)).get(name);
  if (!section) return undefined;
  const profile: Profile = {};
  for (const field of PROFILE_FIELDS) {
    const value = section.get(field);
    if (value !== undefined && value !== '') profile[field] = value;
  }
  return profile;
}

/** Writes (replaces) one profile, keeping the others; returns the file's path. */
export async function saveProfile(name: string, profile: Profile, env: Env): Promise<string> {
  if (!/^[A-Za-z0-9_.@-]+$/.test(name)) {
    throw new ConfigError(`'${name}' is not a usable profile name`, { hint: 'Use letters, digits, dot, dash, underscore or @' });
  }
  const path = profilesPath(env);
  const all = await readProfiles(env);
  const section = new Map<string, string>();
  for (const field of PROFILE_FIELDS) {
    let value = profile[field];
    if (value === undefined || value === '') continue;
    if (field === 'key_cert' || field === 'ca_file') value = resolve(value);
    section.set(field, value);
  }
  all.set(name, section);
  const dir = dirname(path);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  // Temp file then rename, so a crash never leaves half a file; 0600 from creation on.
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, stringifyIni(all, 'jirakit profiles: holds tokens; keep this file private (0600).'), { mode: 0o600, flag: 'w' });
  await chmod(temp, 0o600);
  await rename(temp, path);
  return path;
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
