/**
 * `getConfig(argv, env)`: the connection settings a user's script gets from the same flags,
 * environment, profile and jirashell.ini that jirakit's commands use. The seed's
 * "use jirashell as a library" (`options, basic_auth, oauth = get_config()`), in TypeScript.
 */
import { parseArgs } from 'node:util';
import { ConfigError } from '../errors/jira-kit-error.js';
import { MAX_TIMEOUT_SECONDS, timeoutSecondsToMs } from './timeout.js';
import type { Env } from './paths.js';
import { resolveConnection, type ConnectionFlags, type ResolvedConnection } from './resolve.js';

/** Which credentials, with what they need. */
export type AuthSettings =
  | { readonly kind: 'oauth1'; readonly consumerKey: string; readonly keyCert: string; readonly accessToken: string; readonly accessTokenSecret?: string | undefined }
  | OAuth2Settings
  | { readonly kind: 'basic'; readonly username: string; readonly password?: string | undefined }
  | { readonly kind: 'pat'; readonly token: string }
  | { readonly kind: 'cloud'; readonly email: string; readonly apiToken: string }
  | { readonly kind: 'anonymous' };

/**
 * OAuth 2.0 credentials (oauth2-provider.md). `profile` names the profile the pair came from:
 * renewals are written back to it under its lock. A pair from flags or the environment is never
 * refreshed, since Jira's rotation would kill the refresh token the user still holds.
 */
export interface OAuth2Settings {
  readonly kind: 'oauth2';
  readonly accessToken: string;
  readonly refreshToken?: string | undefined;
  /** The access token's expiry, ms since the epoch. */
  readonly expiresAt?: number | undefined;
  readonly scope?: string | undefined;
  readonly clientId?: string | undefined;
  readonly clientSecret?: string | undefined;
  readonly profile?: string | undefined;
}

/** Everything needed to connect. */
export interface JiraConfig {
  readonly server: string;
  readonly auth: AuthSettings;
  readonly timeoutMs: number;
  readonly caFile?: string | undefined;
  readonly noVerify: boolean;
  readonly restPath: string;
  readonly restApiVersion: string;
  /** Names an environment variable holding an encrypted key's passphrase. */
  readonly keyPassphraseEnv?: string | undefined;
  /** The resolution behind it: sources of each value, the profile, warnings. */
  readonly resolved: ResolvedConnection;
  /** Arguments that were not connection flags, for the script's own use. */
  readonly rest: readonly string[];
}

/** The connection flags, in node:util parseArgs form: what getConfig and every command understand. */
export const CONNECTION_OPTIONS = {
  server: { type: 'string' },
  profile: { type: 'string' },
  'consumer-key': { type: 'string' },
  'key-cert': { type: 'string' },
  'access-token': { type: 'string' },
  'access-token-secret': { type: 'string' },
  'key-passphrase-env': { type: 'string' },
  username: { type: 'string' },
  password: { type: 'string' },
  token: { type: 'string' },
  email: { type: 'string' },
  'api-token': { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  'client-secret-env': { type: 'string' },
  'ca-file': { type: 'string' },
  'no-verify': { type: 'boolean' },
  timeout: { type: 'string' },
  'rest-path': { type: 'string' },
  'rest-api-version': { type: 'string' },
} as const;

/** Python jirashell's short and multi-letter flags, mapped to the long ones (python-jira.md 1). */
export const JIRASHELL_SHORT: Readonly<Record<string, string>> = {
  '-s': '--server',
  '-r': '--rest-path',
  '-u': '--username',
  '-p': '--password',
  '-P': '--prompt-for-password',
  '-od': '--oauth-dance',
  '-ck': '--consumer-key',
  '-k': '--key-cert',
  '-pt': '--print-tokens',
  '-at': '--access-token',
  '-ats': '--access-token-secret',
};

/** Rewrites jirashell's short forms (`-ck KEY`, `-s=URL`) to long flags; node:util rejects `-ck`. */
export function normalizeJirashellArgs(argv: readonly string[], extra: Readonly<Record<string, string>> = {}): string[] {
  const map = { ...JIRASHELL_SHORT, ...extra };
  return argv.map((arg) => {
    const [flag = '', ...value] = arg.split('=');
    const long = map[flag];
    if (!long) return arg;
    return value.length > 0 ? `${long}=${value.join('=')}` : long;
  });
}

/** Builds ConnectionFlags from parsed option values. */
export function flagsFromValues(values: Readonly<Record<string, unknown>>): ConnectionFlags {
  const str = (name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const pairs: [keyof ConnectionFlags, string | undefined][] = [
    ['server', str('server')], ['profile', str('profile')], ['consumerKey', str('consumer-key')], ['keyCert', str('key-cert')],
    ['accessToken', str('access-token')], ['accessTokenSecret', str('access-token-secret')], ['username', str('username')],
    ['password', str('password')], ['token', str('token')], ['email', str('email')], ['apiToken', str('api-token')],
    ['caFile', str('ca-file')], ['timeout', str('timeout')], ['clientId', str('client-id')], ['clientSecret', str('client-secret')],
    ['clientSecretEnv', str('client-secret-env')],
  ];
  return Object.fromEntries(pairs.filter(([, v]) => v !== undefined)) as ConnectionFlags;
}

/** The OAuth 2.0 settings of a resolution whose kind is oauth2. */
function oauth2Settings(resolved: ResolvedConnection): OAuth2Settings {
  const v = resolved.values;
  const fromProfile = resolved.profile !== undefined && resolved.sources.refreshToken === `profile '${resolved.profile}'` && (v.accessToken === undefined || resolved.sources.accessToken === resolved.sources.refreshToken);
  // The expiry and scope describe the profile's token, not one from a flag or the environment.
  const ofToken = resolved.sources.expiresAt === resolved.sources.accessToken;
  const expiresAt = v.expiresAt === undefined || !ofToken ? Number.NaN : Date.parse(v.expiresAt);
  return {
    kind: 'oauth2',
    accessToken: v.accessToken ?? '',
    refreshToken: fromProfile ? v.refreshToken : undefined,
    expiresAt: Number.isNaN(expiresAt) ? undefined : expiresAt,
    scope: resolved.sources.scope === resolved.sources.accessToken ? v.scope : undefined,
    clientId: v.clientId,
    clientSecret: v.clientSecret,
    profile: fromProfile ? resolved.profile : undefined,
  };
}

/** Turns resolved settings into a config; a missing server or an incomplete credential is a ConfigError. */
export function configFromResolved(resolved: ResolvedConnection, extra: { noVerify?: boolean; restPath?: string | undefined; restApiVersion?: string | undefined; keyPassphraseEnv?: string | undefined; rest?: readonly string[] } = {}): JiraConfig {
  const v = resolved.values;
  if (v.server === undefined) throw new ConfigError('No server given', { hint: 'Pass --server, set JIRA_SERVER, or use a saved --profile' });
  let auth: AuthSettings;
  const missing = (what: string, flag: string, env: string): ConfigError =>
    new ConfigError(`${what} is missing`, { hint: `Pass ${flag} or set ${env}` });
  switch (resolved.authKind) {
    case 'oauth1':
      if (!v.consumerKey) throw missing('The OAuth consumer key', '--consumer-key', 'JIRA_CONSUMER_KEY');
      if (!v.keyCert) throw missing('The OAuth private key', '--key-cert', 'JIRA_KEY_CERT');
      auth = { kind: 'oauth1', consumerKey: v.consumerKey, keyCert: v.keyCert, accessToken: v.accessToken ?? '', accessTokenSecret: v.accessTokenSecret };
      break;
    case 'basic':
      auth = { kind: 'basic', username: v.username ?? '', password: v.password };
      break;
    case 'pat':
      auth = { kind: 'pat', token: v.token ?? '' };
      break;
    case 'oauth2':
      auth = oauth2Settings(resolved);
      break;
    case 'cloud':
      if (!v.email) throw missing('The Cloud email', '--email', 'JIRA_EMAIL');
      if (!v.apiToken) throw missing('The Cloud API token', '--api-token', 'JIRA_API_TOKEN');
      auth = { kind: 'cloud', email: v.email, apiToken: v.apiToken };
      break;
    default:
      // A consumer key and key without a token is 2-legged OAuth (an empty oauth_token).
      auth = v.consumerKey && v.keyCert ? { kind: 'oauth1', consumerKey: v.consumerKey, keyCert: v.keyCert, accessToken: '' } : { kind: 'anonymous' };
  }
  const timeoutMs = v.timeout === undefined ? 30_000 : timeoutSecondsToMs(v.timeout);
  if (timeoutMs === undefined) {
    throw new ConfigError(`The timeout from ${resolved.sources.timeout ?? 'the settings'} must be seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}, not '${v.timeout}'`, { hint: 'Give it in seconds, e.g. --timeout 10' });
  }
  return {
    server: v.server,
    auth,
    timeoutMs,
    caFile: v.caFile,
    noVerify: extra.noVerify === true,
    restPath: extra.restPath ?? 'api',
    restApiVersion: extra.restApiVersion ?? '2',
    keyPassphraseEnv: extra.keyPassphraseEnv,
    resolved,
    rest: extra.rest ?? [],
  };
}

/** What resolveConfig may be told besides the flags. */
export interface ResolveConfigOptions {
  readonly env?: Env | undefined;
  /** Arguments that were not connection flags, kept in `config.rest`. */
  readonly rest?: readonly string[] | undefined;
}

/**
 * Resolves parsed connection flags (named as in CONNECTION_OPTIONS) with the environment, the
 * profile and jirashell.ini into a config, as every jirakit command does.
 * @example
 * const { values } = parseArgs({ options: { ...CONNECTION_OPTIONS, verbose: { type: 'boolean' } } });
 * const jira = await connect(await resolveConfig(values));
 */
export async function resolveConfig(values: Readonly<Record<string, unknown>>, options: ResolveConfigOptions = {}): Promise<JiraConfig> {
  const text = (name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const resolved = await resolveConnection(flagsFromValues(values), { env: options.env ?? process.env });
  return configFromResolved(resolved, {
    noVerify: values['no-verify'] === true,
    restPath: text('rest-path'),
    restApiVersion: text('rest-api-version'),
    keyPassphraseEnv: text('key-passphrase-env'),
    rest: options.rest ?? [],
  });
}

/**
 * Resolves connection settings from a command line and environment, as jirakit's commands do.
 * Unknown arguments are left in `rest` for the script.
 * @example
 * const config = await getConfig();           // process.argv and process.env
 * const jira = await connect(config);
 */
export async function getConfig(argv: readonly string[] = process.argv.slice(2), env: Env = process.env): Promise<JiraConfig> {
  const { values, tokens } = parseArgs({ args: normalizeJirashellArgs(argv), options: CONNECTION_OPTIONS, strict: false, allowPositionals: true, tokens: true });
  const known = new Set(Object.keys(CONNECTION_OPTIONS));
  const rest: string[] = [];
  for (const token of tokens ?? []) {
    if (token.kind === 'positional') rest.push(token.value);
    else if (token.kind === 'option' && !known.has(token.name)) rest.push(token.rawName, ...(token.value === undefined ? [] : [token.value]));
  }
  return resolveConfig(values, { env, rest });
}
