import { parseArgs, type ParseArgsConfig } from 'node:util';
import type { ConnectionFlags } from '../config/resolve.js';
import { UsageError } from './usage-error.js';

/** Option definitions in node:util parseArgs form. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** The connection flags every command that talks to Jira accepts (cli.md). */
export const CONNECTION_OPTIONS = {
  server: { type: 'string' },
  profile: { type: 'string' },
  'consumer-key': { type: 'string' },
  'key-cert': { type: 'string' },
  'access-token': { type: 'string' },
  'access-token-secret': { type: 'string' },
  'key-passphrase-env': { type: 'string' },
  timeout: { type: 'string' },
} as const satisfies OptionSpec;

/** Help text for the connection flags. */
export const CONNECTION_HELP = `Connection (flags > environment > profile > ~/.jira-python/jirashell.ini):
  --server URL                Jira base URL with context path (JIRA_SERVER)
  --profile NAME              saved profile (JIRA_PROFILE; default: "default")
  --consumer-key KEY          application link consumer key (JIRA_CONSUMER_KEY)
  --key-cert FILE             RSA private key, PEM (JIRA_KEY_CERT)
  --access-token TOKEN        OAuth access token (JIRA_ACCESS_TOKEN)
  --access-token-secret S     OAuth access token secret (JIRA_ACCESS_TOKEN_SECRET)
  --key-passphrase-env VAR    read an encrypted key's passphrase from $VAR
  --timeout SECONDS           per-request timeout (default 30)`;

/** Parses a command's arguments strictly; mistakes become UsageErrors (exit 2). */
export function parseCommandArgs<T extends OptionSpec>(argv: readonly string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals });
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\. To specify a positional.*$/s, '').replace(/\.$/, '') : String(error);
    throw new UsageError(message, { hint: 'See --help' });
  }
}

/** Picks the connection flags out of parsed values. */
export function connectionFlags(values: Record<string, unknown>): ConnectionFlags {
  const str = (name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  const flags: Record<string, string | undefined> = {
    server: str('server'),
    profile: str('profile'),
    consumerKey: str('consumer-key'),
    keyCert: str('key-cert'),
    accessToken: str('access-token'),
    accessTokenSecret: str('access-token-secret'),
    timeout: str('timeout'),
  };
  return Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)) as ConnectionFlags;
}

/** Parses --timeout SECONDS into milliseconds. */
export function timeoutMs(value: string | undefined, fallbackSeconds = 30): number {
  if (value === undefined) return fallbackSeconds * 1000;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0) throw new UsageError(`--timeout takes a number of seconds, not '${value}'`, { hint: 'e.g. --timeout 10' });
  return seconds * 1000;
}
