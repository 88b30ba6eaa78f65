import type { Auth } from '../auth/auth.js';
import { anonymousAuth } from '../auth/auth.js';
import { createBasicAuth } from '../auth/basic.js';
import { createCloudAuth } from '../auth/cloud.js';
import { createOAuth1Auth } from '../auth/oauth1.js';
import { createOAuth2Auth } from '../auth/oauth2.js';
import { loadPrivateKey } from '../auth/private-key.js';
import { createTokenAuth } from '../auth/token.js';
import type { AuthSettings, JiraConfig, OAuth2Settings } from '../config/get-config.js';
import { ConfigError } from '../errors/jira-kit-error.js';
import type { FetchLike } from '../http/fetch-like.js';
import { createHttpFetch } from '../http/http-fetch.js';
import type { TransportOptions } from '../http/send-with-retries.js';
import { createClient } from './client.js';
import type { ClientOptions, JiraClient } from './jira-client.js';
import { profileTokenStore } from './oauth2-profile-store.js';
import { createOAuth2Refresher } from './oauth2-refresher.js';

/** What connect may need from its caller: prompts (only a CLI on a terminal has them), a fetch, hooks. */
export interface ConnectOptions extends Omit<TransportOptions, 'fetch' | 'timeoutMs'>, Pick<ClientOptions, 'signal' | 'maxResponseBytes'> {
  /** Asks for a Basic password that no flag, variable or profile gave. */
  readonly askPassword?: ((username: string) => Promise<string>) | undefined;
  /** Asks for an encrypted key's passphrase. */
  readonly askPassphrase?: (() => Promise<string | undefined>) | undefined;
  /** Overrides the transport (tests pass a simulator's fetch). */
  readonly fetch?: FetchLike | undefined;
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
}

/** What authFromSettings needs besides the connect options: where the key's passphrase is, and the server and timeout an OAuth 2.0 refresh uses. */
export interface AuthContext extends ConnectOptions {
  readonly keyPassphraseEnv?: string | undefined;
  /** Jira's base URL: OAuth 2.0 tokens are refreshed there (without it they are never renewed). */
  readonly server?: string | undefined;
  readonly timeoutMs?: number | undefined;
}

/**
 * OAuth 2.0: a pair from a profile renews itself there, under the profile's lock; one from
 * flags or the environment is used as it is (oauth2-provider.md 1.6).
 */
function oauth2Auth(settings: OAuth2Settings, options: AuthContext): Auth {
  const { server, env } = options;
  const refresh = settings.profile === undefined || server === undefined
    ? undefined
    : createOAuth2Refresher({
      server,
      clientId: settings.clientId,
      clientSecret: settings.clientSecret,
      store: profileTokenStore(settings.profile, env ?? process.env),
      fetch: options.fetch,
      timeoutMs: options.timeoutMs,
      hooks: options.hooks,
      now: options.now,
    });
  if (settings.accessToken === '' && !refresh) throw new ConfigError('No OAuth 2.0 access token is set', { hint: 'Run `jirakit dance --oauth2 --save`, or pass --access-token with --client-id' });
  const { accessToken, refreshToken, expiresAt, scope } = settings;
  return createOAuth2Auth({ tokens: { accessToken, refreshToken, expiresAt, scope }, refresh, now: options.now });
}

/** Builds the auth strategy a config names: the one place that looks at the kind. */
export async function authFromSettings(settings: AuthSettings, options: AuthContext = {}): Promise<Auth> {
  switch (settings.kind) {
    case 'oauth1': {
      const passphrase = options.keyPassphraseEnv === undefined ? undefined : options.env?.[options.keyPassphraseEnv];
      const privateKey = await loadPrivateKey(settings.keyCert, { passphrase, askPassphrase: options.askPassphrase });
      return createOAuth1Auth({ consumerKey: settings.consumerKey, privateKey, token: settings.accessToken, now: options.now });
    }
    case 'basic': {
      let password = settings.password;
      if (password === undefined && options.askPassword) password = await options.askPassword(settings.username);
      if (password === undefined) {
        throw new ConfigError(`No password for user '${settings.username}'`, { hint: 'Set JIRA_PASSWORD (or --password), or run on a terminal to be asked' });
      }
      return createBasicAuth({ username: settings.username, password });
    }
    case 'pat':
      return createTokenAuth(settings.token);
    case 'cloud':
      return createCloudAuth(settings);
    case 'oauth2':
      return oauth2Auth(settings, options);
    default:
      return anonymousAuth;
  }
}

/**
 * Connects a client from a config (see getConfig): loads the key, asks for what is missing, and
 * sets up the transport (CA file, --no-verify, proxies from the environment). Sends nothing
 * until the first call.
 * @example
 * const jira = await connect(await getConfig());
 * const { activeUserCount, licensedUserCount } = await jira.license('jira-software');
 */
export async function connect(config: JiraConfig, options: ConnectOptions = {}): Promise<JiraClient> {
  const fetch = options.fetch ?? createHttpFetch({ caFile: config.caFile, noVerify: config.noVerify, env: options.env ?? process.env, maxResponseBytes: options.maxResponseBytes });
  const auth = await authFromSettings(config.auth, { ...options, fetch, keyPassphraseEnv: config.keyPassphraseEnv, env: options.env ?? process.env, server: config.server, timeoutMs: config.timeoutMs });
  return createClient({ ...options, baseUrl: config.server, auth, fetch, timeoutMs: config.timeoutMs, restPath: config.restPath, restApiVersion: config.restApiVersion });
}
