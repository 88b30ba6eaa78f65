import { homedir } from 'node:os';
import { join } from 'node:path';

/** Environment variables, injected so tests never touch the real home directory. */
export type Env = Readonly<Record<string, string | undefined>>;

function home(env: Env): string {
  return env['HOME'] || homedir();
}

/** `$XDG_CONFIG_HOME/jirakit`, default `~/.config/jirakit`: where profiles live. */
export function configDir(env: Env): string {
  return join(env['XDG_CONFIG_HOME'] || join(home(env), '.config'), 'jirakit');
}

/** `$XDG_STATE_HOME/jirakit`, default `~/.local/state/jirakit`: shell history. */
export function stateDir(env: Env): string {
  return join(env['XDG_STATE_HOME'] || join(home(env), '.local', 'state'), 'jirakit');
}

/** Python jirashell's config file, read (never written) for compatibility. */
export function jirashellIniPath(env: Env): string {
  return join(home(env), '.jira-python', 'jirashell.ini');
}

/** The profile file. */
export function profilesPath(env: Env): string {
  return join(configDir(env), 'profiles.ini');
}
