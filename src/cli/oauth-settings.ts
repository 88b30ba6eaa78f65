import type { KeyObject } from 'node:crypto';
import { ConfigError, createHttpFetch, loadPrivateKey, permissionWarning, resolveConnection, type ConnectionFlags, type DanceOptions, type ResolvedConnection } from '../index.js';
import { timeoutMs } from './args.js';
import { println, type Io } from './io.js';
import { askHidden } from './prompt.js';
import { verboseHooks } from './verbose-hooks.js';
import { addResolvedSecrets } from './connect-cli.js';

/** What the OAuth commands need, resolved and loaded. */
export interface OAuthSettings {
  readonly resolved: ResolvedConnection;
  readonly server: string | undefined;
  readonly consumerKey: string;
  /** The key's path as given (it is stored in profiles; the key itself never is). */
  readonly keyCert: string;
  readonly privateKey: KeyObject;
  readonly timeoutMs: number;
  /** The settings of the dance legs: the transport with --ca-file, --no-verify and proxies; --verbose hooks. */
  dance(server: string): DanceOptions;
}

function need(resolved: ResolvedConnection, field: 'server' | 'consumerKey' | 'keyCert', flag: string, env: string): string {
  const value = resolved.values[field];
  if (value === undefined) {
    throw new ConfigError(`No ${flag.slice(2).replace(/-/g, ' ')} given`, { hint: `Pass ${flag}, set ${env}, or use a saved --profile` });
  }
  return value;
}

/** Resolves the consumer key, key and (if required) server, and loads the private key. */
export async function loadOAuthSettings(
  flags: ConnectionFlags,
  io: Io,
  options: {
    readonly requireServer: boolean;
    readonly passphraseEnv?: string | undefined;
    readonly profileMayBeMissing?: boolean | undefined;
    readonly noVerify?: boolean | undefined;
  },
): Promise<OAuthSettings> {
  const resolved = await resolveConnection(flags, { env: io.env, allowMissingProfile: options.profileMayBeMissing === true });
  addResolvedSecrets(io, resolved);
  for (const warning of resolved.warnings) println(io.stderr, `jirakit: warning: ${warning}`);
  const server = options.requireServer ? need(resolved, 'server', '--server', 'JIRA_SERVER') : resolved.values.server;
  const consumerKey = need(resolved, 'consumerKey', '--consumer-key', 'JIRA_CONSUMER_KEY');
  const keyCert = need(resolved, 'keyCert', '--key-cert', 'JIRA_KEY_CERT');
  let passphrase: string | undefined;
  if (options.passphraseEnv !== undefined) {
    passphrase = io.env[options.passphraseEnv];
    if (passphrase === undefined) {
      throw new ConfigError(`The environment variable ${options.passphraseEnv} (--key-passphrase-env) is not set`, { hint: 'Export it with the key passphrase' });
    }
  }
  const privateKey = await loadPrivateKey(keyCert, {
    passphrase,
    askPassphrase: io.interactive ? () => askHidden(io, `Passphrase for ${keyCert}: `) : undefined,
  });
  // Only once it is known to be a private key: a readable public key or directory is fine.
  const keyWarning = await permissionWarning(keyCert);
  if (keyWarning) println(io.stderr, `jirakit: warning: ${keyWarning}`);
  const timeout = timeoutMs(resolved.values.timeout);
  if (options.noVerify) {
    println(io.stderr, 'jirakit: warning: --no-verify: TLS certificates are not checked, so anyone on the network path can read and change this traffic, credentials included.');
  }
  // Made on first use: commands that only print (applink without --server, sign) never connect.
  let fetch: DanceOptions['fetch'];
  const dance = (at: string): DanceOptions => {
    fetch ??= createHttpFetch({ caFile: resolved.values.caFile, noVerify: options.noVerify === true, env: io.env });
    return { server: at, consumerKey, privateKey, timeoutMs: timeout, fetch, ...(io.verbose ? { hooks: verboseHooks(io) } : {}) };
  };
  return { resolved, server, consumerKey, keyCert, privateKey, timeoutMs: timeout, dance };
}
