/**
 * The exporter's targets (docs/metrics.md 4): each is a profile, resolved and connected on first
 * use and kept, read through one ReadCache (one read in flight per target, results kept for the
 * cache time), and bounded by the scrape's deadline. A read whose credentials Jira refused drops
 * its client, so a profile whose token was renewed is read again from the file.
 */
import {
  collectLicense, connect, isAuthenticationError, JiraKitError, readProfile, ReadCache, resolveConfig, secretsOf, watchSecrets,
  type ApplicationOutcome, type CollectOptions, type Env, type JiraClient, type TargetOutcome,
} from '../index.js';
import { addResolvedSecrets } from './connect-cli.js';
import type { Io } from './io.js';

/** The plugin's limit on an answer (src/cli/check-license.ts): far above any license answer. */
const MAX_RESPONSE_BYTES = 4 * 2 ** 20;

/** The name of the target that /metrics reads when no --profile is given: the settings' own resolution. */
export const SETTINGS_TARGET = '';

/** A target that is not a profile in the file: /probe answers 400, as exporters answer an unknown module. */
export class UnknownTargetError extends JiraKitError {
  override name = 'UnknownTargetError';
}

/** What the targets need. */
export interface TargetsOptions {
  readonly io: Io;
  readonly read: Omit<CollectOptions, 'signal' | 'now'>;
  readonly cacheMs: number;
  /** Stops every read when the exporter shuts down. */
  readonly stop: AbortSignal;
}

/**
 * The environment a profile target resolves in: without JIRA_* variables, which outrank a
 * profile (cli.md, "Connection settings") and would send one Jira's token to every target.
 */
function profileEnv(env: Env): Env {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('JIRA_')));
}

/** Every error of an outcome. */
function errorsOf(outcome: TargetOutcome): unknown[] {
  return [outcome.error, ...outcome.apps.map((a) => a.error)].filter((e) => e !== undefined);
}

/** The exporter's targets, their clients and their cache. */
export class ExporterTargets {
  readonly #options: TargetsOptions;
  readonly #clients = new Map<string, Promise<JiraClient>>();
  /** One read in flight per target, results kept for the cache time. */
  readonly cache: ReadCache<TargetOutcome>;

  constructor(options: TargetsOptions) {
    this.#options = options;
    this.cache = new ReadCache({ ttlMs: options.cacheMs });
  }

  /**
   * Throws UnknownTargetError unless `name` is a profile in the profile file; for the settings'
   * own target, the ConfigError of settings that name no server.
   */
  async check(name: string): Promise<void> {
    if (name === SETTINGS_TARGET) {
      await resolveConfig({}, { env: this.#options.io.env });
      return;
    }
    if (!(await readProfile(name, this.#options.io.env))) {
      throw new UnknownTargetError(`There is no profile named ${JSON.stringify(name)}`, { hint: 'A target is a profile in profiles.ini; save one with `jirakit dance --save --profile NAME`' });
    }
  }

  async #connect(name: string): Promise<JiraClient> {
    const { io } = this.#options;
    const settings = name === SETTINGS_TARGET ? {} : { profile: name };
    const config = await resolveConfig(settings, { env: name === SETTINGS_TARGET ? io.env : profileEnv(io.env) });
    addResolvedSecrets(io, config.resolved);
    const client = await connect(config, { env: io.env, maxResponseBytes: MAX_RESPONSE_BYTES, signal: this.#options.stop });
    io.secrets.add(...secretsOf(client.auth));
    // An OAuth 2.0 profile renews its pair while the exporter runs: the new tokens are masked too,
    // and the old ones let go, so the masks of a process that runs for months stay the same size.
    watchSecrets(client.auth, (added, dropped) => io.secrets.delete(...dropped).add(...added));
    return client;
  }

  #client(name: string): Promise<JiraClient> {
    let client = this.#clients.get(name);
    if (!client) {
      client = this.#connect(name);
      // A failed connection is tried again on the next read, not kept.
      client.catch(() => this.#clients.delete(name));
      this.#clients.set(name, client);
    }
    return client;
  }

  async #read(name: string, signal: AbortSignal, timeoutSeconds: number): Promise<TargetOutcome> {
    const started = performance.now();
    let outcome: TargetOutcome;
    try {
      outcome = await collectLicense(await this.#client(name), { ...this.#options.read, signal });
    } catch (error) {
      const apps = (this.#options.read.apps ?? []).filter((a) => a !== 'all').map((app) => ({ app, error }));
      outcome = { apps, error, durationSeconds: (performance.now() - started) / 1000 };
    }
    if (errorsOf(outcome).some(isAuthenticationError)) this.#clients.delete(name);
    return signal.aborted && !this.#options.stop.aborted ? timedOut(outcome, timeoutSeconds) : outcome;
  }

  /**
   * The outcome of `name` for a scrape that may take `timeoutSeconds`: kept, shared or read
   * anew; a read still running at the deadline answers as a timed-out read.
   */
  async scrape(name: string, timeoutSeconds: number): Promise<TargetOutcome> {
    const deadline = AbortSignal.any([AbortSignal.timeout(timeoutSeconds * 1000), this.#options.stop]);
    const result = this.cache.get(name, () => this.#read(name, deadline, timeoutSeconds));
    let timer: NodeJS.Timeout | undefined;
    // A scrape that joined another's read waits no longer than its own deadline.
    const late = new Promise<TargetOutcome>((resolve) => {
      timer = setTimeout(() => resolve(timedOut({ apps: [], durationSeconds: timeoutSeconds }, timeoutSeconds, this.#options.read.apps)), timeoutSeconds * 1000 + 50);
    });
    try {
      return await Promise.race([result, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** An outcome whose read ran out of time: every error it has, or would have had, becomes the timeout. */
function timedOut(outcome: TargetOutcome, seconds: number, asked: readonly string[] = []): TargetOutcome {
  const error = new JiraKitError(`Jira did not answer within the scrape timeout (${Number(seconds.toFixed(2))} s)`, {
    hint: 'Raise scrape_timeout in Prometheus, or find out why Jira is slow',
  });
  const apps: readonly ApplicationOutcome[] = outcome.apps.length > 0 ? outcome.apps : asked.filter((a) => a !== 'all').map((app) => ({ app }));
  return { ...outcome, apps: apps.map((a) => (a.error === undefined && a.reading !== undefined ? a : { ...a, error })), error, durationSeconds: Math.max(outcome.durationSeconds, seconds) };
}
