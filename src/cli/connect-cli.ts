import { connect } from '../client/connect.js';
import type { JiraClient } from '../client/client.js';
import { configFromResolved, type JiraConfig } from '../config/get-config.js';
import { permissionWarning } from '../config/profiles.js';
import { resolveConnection } from '../config/resolve.js';
import { redactHeaders, redactUrl } from '../errors/redact.js';
import type { FetchLike } from '../http/send.js';
import { connectionFlags } from './args.js';
import type { ShellRequests } from './shell-requests.js';
import { println, type Io } from './io.js';
import { askHidden } from './prompt.js';

/** Wraps a fetch so --verbose shows each exchange with credentials masked. */
export function verboseFetch(inner: FetchLike, io: Io): FetchLike {
  return async (input, init) => {
    const method = init?.method ?? 'GET';
    println(io.stderr, `> ${method} ${redactUrl(String(input))}`);
    for (const [name, value] of redactHeaders(Object.entries((init?.headers as Record<string, string> | undefined) ?? {}))) println(io.stderr, `> ${name}: ${value}`);
    const response = await inner(input, init);
    println(io.stderr, `< HTTP ${response.status} ${response.statusText}`);
    for (const [name, value] of redactHeaders([...response.headers])) println(io.stderr, `< ${name}: ${value}`);
    return response;
  };
}

/** Resolves the settings from a command's parsed flags, warns as needed, and connects. */
export async function connectFromFlags(
  values: Record<string, unknown>,
  io: Io,
  extra: { exclude?: readonly string[]; fetch?: FetchLike; onSend?: (url: string, init: RequestInit | undefined) => void; requests?: ShellRequests } = {},
): Promise<{ client: JiraClient; config: JiraConfig }> {
  const resolved = await resolveConnection(connectionFlags(values, extra.exclude), { env: io.env });
  const config = configFromResolved(resolved, {
    noVerify: values['no-verify'] === true,
    restPath: typeof values['rest-path'] === 'string' ? values['rest-path'] : undefined,
    restApiVersion: typeof values['rest-api-version'] === 'string' ? values['rest-api-version'] : undefined,
    keyPassphraseEnv: typeof values['key-passphrase-env'] === 'string' ? values['key-passphrase-env'] : undefined,
  });
  for (const warning of resolved.warnings) println(io.stderr, `jirakit: warning: ${warning}`);
  if (config.noVerify) {
    println(io.stderr, 'jirakit: warning: --no-verify: TLS certificates are not checked, so anyone on the network path can read and change this traffic, credentials included.');
  }
  const { createFetch } = await import('../http/dispatcher.js');
  const created = extra.fetch ?? (await createFetch(new URL(config.server), { caFile: config.caFile, noVerify: config.noVerify, env: io.env }));
  const { onSend, requests } = extra;
  const sent: FetchLike = onSend
    ? (input, init) => {
        onSend(String(input), init);
        return created(input, init);
      }
    : created;
  const base = requests ? requests.wrap(sent) : sent;
  const client = await connect(config, {
    env: io.env,
    fetch: io.verbose ? verboseFetch(base, io) : base,
    askPassword: io.interactive ? (user) => askHidden(io, `Password for ${user} at ${config.server}: `) : undefined,
    askPassphrase: io.interactive ? () => askHidden(io, `Passphrase for ${config.auth.kind === 'oauth1' ? config.auth.keyCert : 'the key'}: `) : undefined,
    onRetry: io.verbose ? (r) => println(io.stderr, `jirakit: retrying in ${(r.delayMs / 1000).toFixed(1)} s (${r.reason}), attempt ${r.attempt + 1}`) : undefined,
  });
  // After connect() loaded it, so only a real private key is warned about.
  const keyWarning = config.auth.kind === 'oauth1' ? await permissionWarning(config.auth.keyCert) : undefined;
  if (keyWarning) println(io.stderr, `jirakit: warning: ${keyWarning}`);
  return { client, config };
}
