/**
 * Connection settings, resolved in one place for every command and for users' scripts:
 * flags, then environment, then the profile, then ~/.jira-python/jirashell.ini (cli.md).
 */
import { ConfigError } from '../errors/jira-kit-error.js';
import { IniSyntaxError, parseIni, type IniData } from './ini.js';
import { jirashellIniPath, type Env } from './paths.js';
import { DEFAULT_PROFILE, permissionWarning, readProfile, type Profile } from './profiles.js';
import { profilesPath } from './paths.js';
import { readConfigFile } from './read-bounded.js';
import { parseServerUrl } from './server-url.js';

/** The settings that can come from any source. */
export const CONNECTION_FIELDS = {
  server: { env: 'JIRA_SERVER', profile: 'server', flag: '--server' },
  consumerKey: { env: 'JIRA_CONSUMER_KEY', profile: 'consumer_key', flag: '--consumer-key' },
  keyCert: { env: 'JIRA_KEY_CERT', profile: 'key_cert', flag: '--key-cert' },
  accessToken: { env: 'JIRA_ACCESS_TOKEN', profile: 'access_token', flag: '--access-token' },
  accessTokenSecret: { env: 'JIRA_ACCESS_TOKEN_SECRET', profile: 'access_token_secret', flag: '--access-token-secret' },
  username: { env: 'JIRA_USERNAME', profile: 'username', flag: '--username' },
  password: { env: 'JIRA_PASSWORD', profile: 'password', flag: '--password' },
  token: { env: 'JIRA_TOKEN', profile: 'token', flag: '--token' },
  email: { env: 'JIRA_EMAIL', profile: 'email', flag: '--email' },
  apiToken: { env: 'JIRA_API_TOKEN', profile: 'api_token', flag: '--api-token' },
  caFile: { env: 'JIRA_CA_FILE', profile: 'ca_file', flag: '--ca-file' },
  timeout: { env: 'JIRA_TIMEOUT', profile: 'timeout', flag: '--timeout' },
} as const satisfies Record<string, { env: string; profile: keyof Profile; flag: string }>;

/** A connection setting's name. */
export type ConnectionField = keyof typeof CONNECTION_FIELDS;

/** Settings given on the command line (or by a script). */
export type ConnectionFlags = Partial<Record<ConnectionField, string>> & { readonly profile?: string | undefined };

/** The kinds of credentials; exactly one results. */
export type AuthKind = 'oauth1' | 'basic' | 'pat' | 'cloud' | 'anonymous';

/** Resolved settings, each with the place it came from. */
export interface ResolvedConnection {
  readonly values: Readonly<Partial<Record<ConnectionField, string>>>;
  /** Where each value came from: "--server", "JIRA_SERVER", "profile 'default'", "jirashell.ini". */
  readonly sources: Readonly<Partial<Record<ConnectionField, string>>>;
  /** The profile that was read, if one exists. */
  readonly profile: string | undefined;
  readonly authKind: AuthKind;
  /** Things worth telling the user (a readable profile file). Never holds a secret. */
  readonly warnings: readonly string[];
}

/** Where to read from; every part injectable. */
export interface ResolveOptions {
  readonly env?: Env;
  /** A named profile may not exist yet (it is about to be saved). */
  readonly allowMissingProfile?: boolean;
}

const KIND_FIELDS: Record<Exclude<AuthKind, 'anonymous'>, readonly ConnectionField[]> = {
  oauth1: ['accessToken', 'accessTokenSecret'],
  pat: ['token'],
  basic: ['username', 'password'],
  cloud: ['email', 'apiToken'],
};

const KIND_NAMES: Record<Exclude<AuthKind, 'anonymous'>, string> = {
  oauth1: 'an OAuth access token',
  pat: 'a personal access token',
  basic: 'a user name and password',
  cloud: 'a Cloud email and API token',
};

async function readJirashellIni(env: Env): Promise<Partial<Record<ConnectionField, string>>> {
  const path = jirashellIniPath(env);
  // Sync on purpose: a few hundred bytes read once at start, where fs/promises' first use
  // costs ~4 ms more (measured) in a monitoring plugin run every few minutes.
  const text = readConfigFile(path, "Python jirashell's config file", 'Move it away: jirakit only reads it');
  if (text === undefined) return {};
  let data: IniData;
  try {
    data = parseIni(text);
  } catch (error) {
    if (!(error instanceof IniSyntaxError)) throw error;
    throw new ConfigError(`${path} cannot be read as an INI file (${error.message})`, { hint: 'Fix it, or move it away; jirakit only reads it' });
  }
  const get = (section: string, key: string): string | undefined => data.get(section)?.get(key) || undefined;
  const out: Partial<Record<ConnectionField, string>> = {};
  const map: [ConnectionField, string, string][] = [
    ['server', 'options', 'server'],
    ['consumerKey', 'oauth', 'consumer_key'],
    ['keyCert', 'oauth', 'key_cert'],
    ['accessToken', 'oauth', 'access_token'],
    ['accessTokenSecret', 'oauth', 'access_token_secret'],
    ['username', 'basic_auth', 'username'],
    ['password', 'basic_auth', 'password'],
  ];
  for (const [field, section, key] of map) {
    const value = get(section, key);
    if (value !== undefined) out[field] = value;
  }
  return out;
}

/**
 * Resolves connection settings: flags, environment, profile, jirashell.ini. Two kinds of
 * credentials at once is a ConfigError that names both sources.
 */
export async function resolveConnection(flags: ConnectionFlags, options: ResolveOptions = {}): Promise<ResolvedConnection> {
  const env = options.env ?? process.env;
  const explicitProfile = flags.profile ?? (env['JIRA_PROFILE'] || undefined);
  const profileName = explicitProfile ?? DEFAULT_PROFILE;
  const profile = await readProfile(profileName, env);
  if (explicitProfile !== undefined && !profile && !options.allowMissingProfile) {
    throw new ConfigError(`There is no profile named '${explicitProfile}'`, { hint: 'Save one with `jirakit dance --save --profile NAME`, or check --profile / JIRA_PROFILE' });
  }
  const ini = await readJirashellIni(env);
  const values: Partial<Record<ConnectionField, string>> = {};
  const sources: Partial<Record<ConnectionField, string>> = {};
  for (const [field, where] of Object.entries(CONNECTION_FIELDS) as [ConnectionField, (typeof CONNECTION_FIELDS)[ConnectionField]][]) {
    const candidates: [string | undefined, string][] = [
      [flags[field], where.flag],
      [env[where.env], where.env],
      [profile?.[where.profile], `profile '${profileName}'`],
      [ini[field], 'jirashell.ini'],
    ];
    for (const [value, source] of candidates) {
      if (value === undefined || value === '') continue;
      values[field] = value;
      sources[field] = source;
      break;
    }
  }
  if (values.server !== undefined) values.server = parseServerUrl(values.server);
  const kinds = (Object.keys(KIND_FIELDS) as (keyof typeof KIND_FIELDS)[]).filter((kind) =>
    // A password alone (JIRA_PASSWORD set for later prompts) does not make Basic auth.
    kind === 'basic' ? values.username !== undefined : KIND_FIELDS[kind].some((f) => values[f] !== undefined),
  );
  if (kinds.length > 1) {
    const describe = (kind: keyof typeof KIND_FIELDS): string => {
      const field = KIND_FIELDS[kind].find((f) => values[f] !== undefined) ?? KIND_FIELDS[kind][0];
      return `${KIND_NAMES[kind]} (from ${field === undefined ? '?' : sources[field]})`;
    };
    throw new ConfigError(`Two kinds of credentials are set: ${describe(kinds[0]!)} and ${describe(kinds[1]!)}`, {
      hint: 'Use one: remove the other from the flags, the environment or the profile',
    });
  }
  const warnings: string[] = [];
  if (profile) {
    const warning = await permissionWarning(profilesPath(env));
    if (warning) warnings.push(warning);
  }
  return { values, sources, profile: profile ? profileName : undefined, authKind: kinds[0] ?? 'anonymous', warnings };
}
