/**
 * A save that fails after a dance must not lose the new tokens (the user approved them in a
 * browser; Jira will not show them again): they go to a new 0600 file elsewhere (the current
 * directory, then home, then the temp directory) and the error says in one sentence where.
 */
import { fsPromises } from '../node-fs-promises.js';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ConfigError } from '../errors/jira-kit-error.js';
import { iniValueProblem, stringifyIni } from './ini.js';
import { profilesPath, type Env } from './paths.js';
import { PROFILE_FIELDS, saveProfile, type Profile } from './profiles.js';

/** The rescue file's text: a section to copy into profiles.ini (JSON if a value cannot be INI). */
function rescueText(name: string, profile: Profile, env: Env): string {
  const values = PROFILE_FIELDS.flatMap((field): [string, string][] => {
    const value = profile[field];
    if (value === undefined || value === '') return [];
    return [[field, field === 'key_cert' || field === 'ca_file' ? resolve(value) : value]];
  });
  const header = `jirakit could not save the profile '${name}' to ${profilesPath(env)}.\nCopy the section below into that file, then delete this one: it holds tokens.`;
  if (values.some(([, v]) => iniValueProblem(v) !== undefined)) return `${JSON.stringify({ profile: name, ...Object.fromEntries(values) }, null, 2)}\n`;
  return stringifyIni(new Map([[name, new Map(values)]]), header);
}

async function writeNew(path: string, text: string): Promise<boolean> {
  let handle;
  try {
    handle = await fsPromises().open(path, 'wx', 0o600);
  } catch {
    return false;
  }
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
    await handle.close();
    return true;
  } catch {
    await handle.close().catch(() => undefined);
    await fsPromises().unlink(path).catch(() => undefined); // half a rescue file would only mislead
    return false;
  }
}

/**
 * Writes a profile that could not be saved to a new 0600 file in the first of `places` where
 * that works (never over an existing file); returns its path, or undefined when none worked.
 */
export async function rescueProfile(name: string, profile: Profile, env: Env, places?: readonly string[]): Promise<string | undefined> {
  const text = rescueText(name, profile, env);
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const dirs = [...new Set((places ?? [process.cwd(), env['HOME'] || homedir(), tmpdir()]).map((d) => resolve(d)))];
  for (const dir of dirs) {
    for (let n = 1; n <= 5; n += 1) {
      const path = join(dir, `jirakit-profile-${name.replace(/[^\w.@-]/g, '_')}-${stamp}${n > 1 ? `-${n}` : ''}.ini`);
      if (await writeNew(path, text)) return path;
    }
  }
  return undefined;
}

/**
 * Saves a profile after a dance; when that fails, writes it to a rescue file (rescueProfile)
 * and throws a ConfigError whose hint says where the tokens are. Returns the profile file's path.
 */
export async function saveProfileOrRescue(name: string, profile: Profile, env: Env, places?: readonly string[]): Promise<string> {
  try {
    return await saveProfile(name, profile, env);
  } catch (error) {
    const failure = error instanceof ConfigError ? error : new ConfigError(`Could not save the profile '${name}'`, { cause: error });
    const rescued = await rescueProfile(name, profile, env, places);
    const where = rescued
      ? `the new tokens are in ${rescued} (mode 0600): copy its [${name}] section into the profile file, then delete it`
      : 'the new tokens could not be written anywhere else either: run the dance again once the profile file can be written';
    const first = failure.hint ? `${failure.hint.replace(/\.$/, '')}; ${where}` : where;
    throw new ConfigError(failure.message, { hint: `${first.charAt(0).toUpperCase()}${first.slice(1)}`, cause: failure });
  }
}
