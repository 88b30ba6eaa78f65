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
  clientId: { env: 'JIRA_CLIENT_ID', profile: 'client_id', flag: '--client-id' },
  clientSecret: { env: 'JIRA_CLIENT_SECRET', profile: 'client_secret', flag: '--client-secret' },
  // Written by `dance --oauth2 --save` and each renewal, read from the profile only: a rotated
  // refresh token given on a command line would be dead after one run (oauth2-provider.md 1.6).
  refreshToken: { profile: 'refresh_token' },
  expiresAt: { profile: 'expires_at' },
  scope: { profile: 'scope' },
} as const satisfies Record<string, { env?: string; profile: keyof Profile; flag?: string }>;

/** A connection setting's name. */
export type ConnectionField = keyof typeof CONNECTION_FIELDS;

/** The settings a command line can give. */
type FlagField = { [F in ConnectionField]: (typeof CONNECTION_FIELDS)[F] extends { flag: string } ? F : never }[ConnectionField];

/** Settings given on the command line (or by a script); `clientSecretEnv` names a variable that holds the client secret. */
export type ConnectionFlags = Partial<Record<FlagField, string>> & { readonly profile?: string | undefined; readonly clientSecretEnv?: string | undefined };

/** The kinds of credentials; exactly one results. */
export type AuthKind = 'oauth1' | 'oauth2' | 'basic' | 'pat' | 'cloud' | 'anonymous';

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
  oauth2: ['refreshToken', 'accessToken', 'clientId'],
  pat: ['token'],
  basic: ['username', 'password'],
  cloud: ['email', 'apiToken'],
};

const KIND_NAMES: Record<Exclude<AuthKind, 'anonymous'>, string> = {
  oauth1: 'an OAuth access token',
  oauth2: 'an OAuth 2.0 token',
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

/** The sources of one field, highest first: flag, `--client-secret-env`'s variable, environment, profile, jirashell.ini. */
function candidatesOf(field: ConnectionField, flags: ConnectionFlags, env: Env, profile: { name: string; values: Profile | undefined }, ini: Partial<Record<ConnectionField, string>>): [string | undefined, string][] {
  const where: { env?: string; profile: keyof Profile; flag?: string } = CONNECTION_FIELDS[field];
  const secretEnv = field === 'clientSecret' ? flags.clientSecretEnv : undefined;
  return [
    [where.flag === undefined ? undefined : flags[field as FlagField], where.flag ?? ''],
    [secretEnv === undefined ? undefined : env[secretEnv], `$${secretEnv ?? ''} (--client-secret-env)`],
    [where.env === undefined ? undefined : env[where.env], where.env ?? ''],
    [profile.values?.[where.profile], `profile '${profile.name}'`],
    [ini[field], 'jirashell.ini'],
  ];
}

/** `--client-secret-env VAR` must name a set variable, and not come with --client-secret. */
function checkClientSecretEnv(flags: ConnectionFlags, env: Env): void {
  const name = flags.clientSecretEnv;
  if (name === undefined) return;
  if (flags.clientSecret !== undefined) throw new ConfigError('The client secret is given twice, by --client-secret and --client-secret-env', { hint: 'Give one of them' });
  if (!env[name]) throw new ConfigError(`The environment variable ${name} (--client-secret-env) is not set`, { hint: 'Export it with the client secret' });
}

/**
 * The kinds the values make. The identity decides whose `access_token` it is: a consumer key
 * (OAuth 1.0a) or a client ID (OAuth 2.0); a refresh token is OAuth 2.0's alone.
 */
function kindsOf(v: Partial<Record<ConnectionField, string>>): Exclude<AuthKind, 'anonymous'>[] {
  const oauth2 = v.refreshToken !== undefined || (v.clientId !== undefined && v.accessToken !== undefined && v.consumerKey === undefined && v.accessTokenSecret === undefined);
  const has = {
    oauth1: v.accessTokenSecret !== undefined || (v.accessToken !== undefined && (!oauth2 || v.consumerKey !== undefined)),
    oauth2,
    pat: v.token !== undefined,
    // A password alone (JIRA_PASSWORD set for later prompts) does not make Basic auth.
    basic: v.username !== undefined,
    cloud: v.email !== undefined || v.apiToken !== undefined,
  };
  return (Object.keys(KIND_FIELDS) as (keyof typeof KIND_FIELDS)[]).filter((kind) => has[kind]);
}

/** "an OAuth access token (from profile 'default')": the kind, by the source of its most telling field. */
function describeKind(kind: keyof typeof KIND_FIELDS, values: Partial<Record<ConnectionField, string>>, sources: Partial<Record<ConnectionField, string>>, withOAuth2: boolean): string {
  // OAuth 1.0a without a token secret beside OAuth 2.0 shares its access token: the consumer key is what made it.
  if (kind === 'oauth1' && withOAuth2 && values.accessTokenSecret === undefined && values.consumerKey !== undefined) return `an OAuth 1.0a consumer key (from ${sources.consumerKey})`;
  const field = KIND_FIELDS[kind].find((f) => values[f] !== undefined) ?? KIND_FIELDS[kind][0];
  return `${KIND_NAMES[kind]} (from ${field === undefined ? '?' : sources[field]})`;
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
  checkClientSecretEnv(flags, env);
  const ini = await readJirashellIni(env);
  const values: Partial<Record<ConnectionField, string>> = {};
  const sources: Partial<Record<ConnectionField, string>> = {};
  for (const field of Object.keys(CONNECTION_FIELDS) as ConnectionField[]) {
    for (const [value, source] of candidatesOf(field, flags, env, { name: profileName, values: profile }, ini)) {
      if (value === undefined || value === '') continue;
      values[field] = value;
      sources[field] = source;
      break;
    }
  }
  if (values.server !== undefined) values.server = parseServerUrl(values.server);
  const kinds = kindsOf(values);
  if (kinds.length > 1) {
    const withOAuth2 = kinds.includes('oauth2');
    throw new ConfigError(`Two kinds of credentials are set: ${describeKind(kinds[0]!, values, sources, withOAuth2)} and ${describeKind(kinds[1]!, values, sources, withOAuth2)}`, {
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
