import { connect, mergeHooks, permissionWarning, resolveConfig, secretsOf, watchSecrets, type Hooks, type JiraClient, type JiraConfig, type ResolvedConnection } from '../index.js';
import { println, type Io } from './io.js';
import { askHidden } from './prompt.js';
import { verboseHooks } from './verbose-hooks.js';

/** What a command adds to its connection: hooks of its own, a client-wide signal. */
export interface CliConnectOptions {
  /** Flags the command uses for something else (not connection settings). */
  readonly exclude?: readonly string[] | undefined;
  readonly hooks?: Hooks | undefined;
  readonly signal?: (() => AbortSignal | undefined) | undefined;
}

/** Adds the secrets a resolution found (a profile's token, jirashell.ini's password) to the masked ones. */
export function addResolvedSecrets(io: Io, resolved: ResolvedConnection): void {
  const v = resolved.values;
  io.secrets.add(v.password, v.token, v.accessToken, v.accessTokenSecret, v.apiToken, v.clientSecret, v.refreshToken);
  if (v.username !== undefined) io.secrets.addBasic(v.username, v.password);
  if (v.email !== undefined) io.secrets.addBasic(v.email, v.apiToken);
}

/** Prints what the resolution found worth a warning, and the --no-verify warning. */
function warn(config: JiraConfig, io: Io): void {
  for (const warning of config.resolved.warnings) println(io.stderr, `jirakit: warning: ${warning}`);
  if (config.noVerify) {
    println(io.stderr, 'jirakit: warning: --no-verify: TLS certificates are not checked, so anyone on the network path can read and change this traffic, credentials included.');
  }
}

/** Resolves the settings from a command's parsed flags, warns as needed, and connects. */
export async function connectFromFlags(values: Record<string, unknown>, io: Io, extra: CliConnectOptions = {}): Promise<{ client: JiraClient; config: JiraConfig }> {
  const kept = Object.fromEntries(Object.entries(values).filter(([name]) => !(extra.exclude ?? []).includes(name)));
  const config = await resolveConfig(kept, { env: io.env });
  addResolvedSecrets(io, config.resolved);
  warn(config, io);
  const client = await connect(config, {
    env: io.env,
    hooks: mergeHooks(io.verbose ? verboseHooks(io) : undefined, extra.hooks),
    signal: extra.signal,
    askPassword: io.interactive ? (user) => askHidden(io, `Password for ${user} at ${config.server}: `) : undefined,
    askPassphrase: io.interactive ? () => askHidden(io, `Passphrase for ${config.auth.kind === 'oauth1' ? config.auth.keyCert : 'the key'}: `) : undefined,
  });
  io.secrets.add(...secretsOf(client.auth));
  // An OAuth 2.0 pair renewed later is masked from then on too.
  watchSecrets(client.auth, (added, dropped) => io.secrets.delete(...dropped).add(...added));
  // After connect() loaded it, so only a real private key is warned about.
  const keyWarning = config.auth.kind === 'oauth1' ? await permissionWarning(config.auth.keyCert) : undefined;
  if (keyWarning) println(io.stderr, `jirakit: warning: ${keyWarning}`);
  return { client, config };
}
