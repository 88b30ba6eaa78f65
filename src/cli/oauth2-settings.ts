/**
 * What the OAuth 2.0 commands (dance --oauth2, applink --oauth2, logout) resolve: the server, the
 * link's client ID and secret (flags, environment, `--client-secret-env`, profile; the secret
 * asked for on a terminal rather than put on a command line), the scope and the redirect URL.
 */
import { ConfigError, createHttpFetch, resolveConnection, type OAuth2ClientOptions, type ResolvedConnection } from '../index.js';
import { connectionFlags, timeoutMs } from './args.js';
import { addResolvedSecrets } from './connect-cli.js';
import { println, type Io } from './io.js';
import { askHidden } from './prompt.js';
import { UsageError } from './usage-error.js';
import { verboseHooks } from './verbose-hooks.js';

/** The redirect URL jirakit listens at unless told otherwise; the admin registers exactly this (oauth2-provider.md 1.9). */
export const DEFAULT_REDIRECT_URI = 'http://localhost:8765/callback';

/** The scopes of Jira's provider, narrowest first (oauth2-provider.md 1.8). */
export const SCOPES = ['READ', 'WRITE', 'ADMIN', 'SYSTEM_ADMIN'] as const;

/** The OAuth 2.0 commands' settings, resolved. */
export interface OAuth2CliSettings {
  readonly resolved: ResolvedConnection;
  /** The legs' options: server, client, transport with --ca-file/--no-verify/proxies, --verbose hooks. */
  readonly options: OAuth2ClientOptions;
}

/** `--scope`: Jira's scope names, space- or comma-separated, in any case; checked here so a typo is exit 2. */
export function parseScope(value: string): string {
  const words = value.split(/[\s,]+/).filter(Boolean).map((w) => w.toUpperCase());
  const wrong = words.find((w) => !(SCOPES as readonly string[]).includes(w));
  if (words.length === 0 || wrong !== undefined) {
    throw new UsageError(`--scope takes READ, WRITE, ADMIN or SYSTEM_ADMIN, not '${(wrong ?? value).slice(0, 40)}'`, { hint: 'e.g. --scope ADMIN for check_jira_license' });
  }
  return [...new Set(words)].join(' ');
}

/** `--redirect-uri`: an absolute URL without a fragment (Jira's rules for a link's redirect, oauth2-provider.md 1.9). */
export function parseRedirectUri(value: string | undefined): string {
  if (value === undefined) return DEFAULT_REDIRECT_URI;
  let url: URL;
  try {
    url = new URL(value);
    // `localhost:8765` parses as a URL of scheme "localhost:"; a redirect has a host.
    if (url.host === '') throw new TypeError('no host');
  } catch {
    throw new UsageError(`--redirect-uri must be an absolute URL, not '${value.slice(0, 60)}'`, { hint: `e.g. --redirect-uri ${DEFAULT_REDIRECT_URI}` });
  }
  if (url.hash !== '' || value.includes('#')) throw new UsageError('--redirect-uri must not have a #fragment', { hint: `e.g. --redirect-uri ${DEFAULT_REDIRECT_URI}` });
  return value;
}

function need(resolved: ResolvedConnection, field: 'server' | 'clientId', what: string, hint: string): string {
  const value = resolved.values[field];
  if (value === undefined) throw new ConfigError(`No ${what} given`, { hint });
  return value;
}

/** The client secret: resolved, else asked for on a terminal; never required on the command line. */
async function clientSecretOf(resolved: ResolvedConnection, io: Io, clientId: string): Promise<string> {
  const secret = resolved.values.clientSecret ?? (io.interactive ? await askHidden(io, `Client secret of ${clientId}: `) : undefined);
  if (!secret) {
    throw new ConfigError('No OAuth 2.0 client secret given', { hint: 'Set JIRA_CLIENT_SECRET or pass --client-secret-env VAR (Jira shows the secret in the External application link)' });
  }
  io.secrets.add(secret);
  return secret;
}

/** Resolves the OAuth 2.0 settings from a command's parsed flags; access tokens and other credentials on the command line are not read. */
export async function loadOAuth2Settings(values: Record<string, unknown>, io: Io, options: { readonly profileMayBeMissing?: boolean } = {}): Promise<OAuth2CliSettings> {
  const flags = connectionFlags(values, ['access-token', 'access-token-secret', 'username', 'password', 'token', 'email', 'api-token', 'consumer-key', 'key-cert']);
  const resolved = await resolveConnection(flags, { env: io.env, allowMissingProfile: options.profileMayBeMissing === true });
  addResolvedSecrets(io, resolved);
  for (const warning of resolved.warnings) println(io.stderr, `jirakit: warning: ${warning}`);
  const server = need(resolved, 'server', 'server', 'Pass --server, set JIRA_SERVER, or use a saved --profile');
  const clientId = need(resolved, 'clientId', 'OAuth 2.0 client ID', "Pass --client-id or set JIRA_CLIENT_ID: Jira shows it in the External application link");
  const clientSecret = await clientSecretOf(resolved, io, clientId);
  if (values['no-verify'] === true) {
    println(io.stderr, 'jirakit: warning: --no-verify: TLS certificates are not checked, so anyone on the network path can read and change this traffic, credentials included.');
  }
  const fetch = createHttpFetch({ caFile: resolved.values.caFile, noVerify: values['no-verify'] === true, env: io.env });
  return {
    resolved,
    options: { server, clientId, clientSecret, fetch, timeoutMs: timeoutMs(resolved.values.timeout), ...(io.verbose ? { hooks: verboseHooks(io) } : {}) },
  };
}
