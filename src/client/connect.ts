import type { Auth } from '../auth/auth.js';
import { anonymousAuth } from '../auth/auth.js';
import { createBasicAuth } from '../auth/basic.js';
import { createCloudAuth } from '../auth/cloud.js';
import { createOAuth1Auth } from '../auth/oauth1.js';
import { loadPrivateKey } from '../auth/private-key.js';
import { createTokenAuth } from '../auth/token.js';
import type { AuthSettings, JiraConfig } from '../config/get-config.js';
import { ConfigError } from '../errors/jira-kit-error.js';
import type { FetchLike } from '../http/fetch-like.js';
import { createHttpFetch } from '../http/http-fetch.js';
import type { TransportOptions } from '../http/send-with-retries.js';
import { createClient } from './client.js';
import type { ClientOptions, JiraClient } from './jira-client.js';

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

/** Builds the auth strategy a config names: the one place that looks at the kind. */
export async function authFromSettings(settings: AuthSettings, options: ConnectOptions & { keyPassphraseEnv?: string | undefined } = {}): Promise<Auth> {
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
  const auth = await authFromSettings(config.auth, { ...options, keyPassphraseEnv: config.keyPassphraseEnv, env: options.env ?? process.env });
  const fetch = options.fetch ?? createHttpFetch({ caFile: config.caFile, noVerify: config.noVerify, env: options.env ?? process.env, maxResponseBytes: options.maxResponseBytes });
  return createClient({ ...options, baseUrl: config.server, auth, fetch, timeoutMs: config.timeoutMs, restPath: config.restPath, restApiVersion: config.restApiVersion });
}
