import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CONNECTION_OPTIONS, MAX_TIMEOUT_SECONDS, flagsFromValues, timeoutSecondsToMs, type ConnectionFlags } from '../index.js';
import { UsageError } from './usage-error.js';

/** Option definitions in node:util parseArgs form. */
export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

export { CONNECTION_OPTIONS };

/** Help text for the connection flags. */
export const CONNECTION_HELP = `Connection (flags > environment > profile > ~/.jira-python/jirashell.ini):
  --server URL                Jira base URL with context path (JIRA_SERVER)
  --profile NAME              saved profile (JIRA_PROFILE; default: "default")
  --consumer-key KEY          OAuth consumer key (JIRA_CONSUMER_KEY)
  --key-cert FILE             OAuth RSA private key, PEM (JIRA_KEY_CERT)
  --access-token TOKEN        OAuth 1.0a or 2.0 access token (JIRA_ACCESS_TOKEN)
  --access-token-secret S     OAuth access token secret (JIRA_ACCESS_TOKEN_SECRET)
  --key-passphrase-env VAR    read an encrypted key's passphrase from $VAR
  --client-id ID              OAuth 2.0 client ID (JIRA_CLIENT_ID)
  --client-secret S           OAuth 2.0 client secret (JIRA_CLIENT_SECRET)
  --client-secret-env VAR     read the OAuth 2.0 client secret from $VAR
  --username U --password P   Basic auth (JIRA_USERNAME, JIRA_PASSWORD; asked on a terminal)
  --token PAT                 personal access token (JIRA_TOKEN)
  --email E --api-token T     Jira Cloud (JIRA_EMAIL, JIRA_API_TOKEN)
  --ca-file FILE              extra CA certificates, PEM (also NODE_EXTRA_CA_CERTS)
  --no-verify                 do not check TLS certificates (unsafe)
  --timeout SECONDS           per-request timeout (default 30)
HTTPS_PROXY, HTTP_PROXY and NO_PROXY are honoured.`;

/** Help text for the OAuth 2.0 settings of `dance --oauth2`, `applink --oauth2` and `logout`. */
export const OAUTH2_CONNECTION_HELP = `Connection (flags > environment > profile):
  --server URL                Jira base URL with context path (JIRA_SERVER)
  --profile NAME              saved profile (JIRA_PROFILE; default: "default")
  --client-id ID              the link's client ID (JIRA_CLIENT_ID)
  --client-secret S           the link's client secret (JIRA_CLIENT_SECRET);
                              on a command line, ps shows it
  --client-secret-env VAR     read the client secret from $VAR
  --ca-file FILE              extra CA certificates, PEM (also NODE_EXTRA_CA_CERTS)
  --no-verify                 do not check TLS certificates (unsafe)
  --timeout SECONDS           per-request timeout (default 30)
HTTPS_PROXY, HTTP_PROXY and NO_PROXY are honoured.`;

/**
 * Help text for the commands that only speak OAuth (dance, applink, sign): the settings they read.
 * Basic, PAT and Cloud flags mean nothing to them (a PAT beside OAuth settings is a conflict).
 */
export function oauthConnectionHelp(accessToken: boolean): string {
  return [
    'Connection (flags > environment > profile > ~/.jira-python/jirashell.ini):',
    '  --server URL                Jira base URL with context path (JIRA_SERVER)',
    '  --profile NAME              saved profile (JIRA_PROFILE; default: "default")',
    '  --consumer-key KEY          OAuth consumer key (JIRA_CONSUMER_KEY)',
    '  --key-cert FILE             OAuth RSA private key, PEM (JIRA_KEY_CERT)',
    ...(accessToken ? ['  --access-token TOKEN        OAuth access token (JIRA_ACCESS_TOKEN)'] : []),
    "  --key-passphrase-env VAR    read an encrypted key's passphrase from $VAR",
    '  --ca-file FILE              extra CA certificates, PEM (also NODE_EXTRA_CA_CERTS)',
    '  --no-verify                 do not check TLS certificates (unsafe)',
    '  --timeout SECONDS           per-request timeout (default 30)',
    'HTTPS_PROXY, HTTP_PROXY and NO_PROXY are honoured.',
  ].join('\n');
}

/** Parses a command's arguments strictly; mistakes become UsageErrors (exit 2). */
export function parseCommandArgs<T extends OptionSpec>(argv: readonly string[], options: T, allowPositionals = false) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals });
  } catch (error) {
    const message = error instanceof Error ? error.message.replace(/\. To specify a positional.*$/s, '').replace(/\.$/, '') : String(error);
    throw new UsageError(message, { hint: 'See --help' });
  }
  // A bad --timeout is the command line's mistake (exit 2), whichever command reads it later.
  const timeout = (parsed.values as Record<string, unknown>)['timeout'];
  if (typeof timeout === 'string') timeoutMs(timeout);
  return parsed;
}

/** Picks the connection flags out of parsed values, minus any a command uses otherwise. */
export function connectionFlags(values: Record<string, unknown>, exclude: readonly string[] = []): ConnectionFlags {
  const kept = Object.fromEntries(Object.entries(values).filter(([name]) => !exclude.includes(name)));
  return flagsFromValues(kept);
}

/** Parses a timeout flag (SECONDS) into milliseconds; anything but seconds above 0 and at most ~24.8 days is a usage error. */
export function timeoutMs(value: string | undefined, fallbackSeconds = 30, flag = '--timeout'): number {
  if (value === undefined) return fallbackSeconds * 1000;
  const ms = timeoutSecondsToMs(value);
  if (ms === undefined) throw new UsageError(`${flag} takes seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}, not '${value}'`, { hint: `Give it in seconds, e.g. ${flag} 10` });
  return ms;
}
