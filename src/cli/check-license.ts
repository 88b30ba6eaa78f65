/**
 * check_jira_license: a Nagios/Icinga plugin for Jira license seats and expiry, following the
 * Monitoring Plugins guidelines (monitoring-plugins.md): stdout only, exit 0/1/2/3, ranges,
 * perfdata, -t/-v/-h/-V. Nothing may exit 1 (WARNING) by accident, so every failure is caught
 * here and becomes UNKNOWN (or CRITICAL when Jira cannot be reached at all).
 * @see https://www.monitoring-plugins.org/doc/guidelines.html
 */
import { connect, listApplicationKeys, readLicense, redactUrl, resolveConfig, secretsOf, watchSecrets, type JiraClient, type JiraConfig } from '../index.js';
import { adminScopeError } from '../nagios/admin-scope.js';
import { withinDeadline } from '../nagios/deadline.js';
import { describeFailure, oneLine } from '../nagios/failure.js';
import { judge, type AppResult } from '../nagios/license-check.js';
import { STATES, formatOutput, type State } from '../nagios/output.js';
import { VERSION } from '../version.js';
import { HELP, PluginUsageError, USAGE, parsePluginArgs, parsePluginValues, verbosityOf, type PluginArgs } from './check-license-args.js';
import { addResolvedSecrets } from './connect-cli.js';
import type { Io } from './io.js';

const SERVICE = 'JIRA LICENSE';
/** The plugin reads a few small JSON answers: 4 MiB is far above any, and bounds a hostile one. */
const MAX_RESPONSE_BYTES = 4 * 2 ** 20;

/** What a run gathered. */
interface Gathered {
  readonly results: AppResult[];
  readonly config: JiraConfig;
  /** Each exchange, for -vvv. */
  readonly requests: string[];
}

/** The applications asked for, `all` replaced by every role Jira lists, each once. */
async function applications(client: JiraClient, asked: readonly string[]): Promise<string[]> {
  const apps = asked.includes('all') ? [...asked.filter((a) => a !== 'all'), ...(await listApplicationKeys(client))] : asked;
  return [...new Set(apps)];
}

/** Reads seats (and expiry) of every application asked for, within what is left of -t; one application's failure does not hide the others. */
async function gather(args: PluginArgs, io: Io, started: number, signal: AbortSignal): Promise<Gathered> {
  const { values, timeout } = args;
  const config = await resolveConfig({ ...values, timeout: undefined, server: args.server }, { env: io.env });
  addResolvedSecrets(io, config.resolved);
  const scope = adminScopeError(config.auth);
  if (scope) throw scope;
  const requests: string[] = [];
  const budget = (): number => Math.max(100, Math.floor(timeout.ms - (Date.now() - started) - 200));
  const client = await connect({ ...config, timeoutMs: budget() }, {
    env: io.env,
    maxResponseBytes: MAX_RESPONSE_BYTES,
    // Stops the calls in flight when -t runs out.
    signal,
    retry: { maxTotalDelayMs: budget() },
    hooks: { afterResponse: [(response, sent) => requests.push(`${sent.method} ${redactUrl(sent.url)} -> HTTP ${response.status}`)] },
  });
  io.secrets.add(...secretsOf(client.auth));
  watchSecrets(client.auth, (added, dropped) => io.secrets.delete(...dropped).add(...added));
  const expiry = args.settings.expiryWarning !== undefined || args.settings.expiryCritical !== undefined;
  const results: AppResult[] = [];
  for (const app of await applications(client, args.apps)) {
    try {
      results.push({ app, reading: await readLicense(client, app, { source: args.source, expiry }) });
    } catch (error) {
      results.push({ app, failure: describeFailure(error, timeout.state, config.auth.kind) });
    }
  }
  return { results, config, requests };
}

/** The plugin's output for what was gathered. */
function report(args: PluginArgs, result: Gathered): { state: State; text: string } {
  const verdict = judge(result.results, args.settings, Date.now());
  if (args.values.format === 'json') {
    const apps = result.results.map((r) => (r.reading ? r.reading : { app: r.app, state: r.failure.state, error: r.failure.text }));
    return { state: verdict.state, text: JSON.stringify({ state: verdict.state, code: STATES[verdict.state], text: verdict.text, apps, perfdata: verdict.perf }) };
  }
  let text = verdict.text;
  const readings = result.results.flatMap((r) => (r.reading ? [r.reading] : []));
  if (args.verbosity >= 1 && readings.length > 0) text += ` (via ${[...new Set(readings.map((r) => (r.source === 'upm' ? 'UPM' : 'applicationrole')))].join(', ')})`;
  // Hints are long output, from -v on (monitoring-plugins.md 6); the first line stands alone without.
  const long: string[] = args.verbosity >= 1 ? [...verdict.long] : [];
  if (args.verbosity >= 2) {
    const { settings } = args;
    long.push(`server: ${result.config.server}`, `auth: ${result.config.auth.kind}`, `source: ${args.source}`, `metric: ${settings.metric}`,
      `warning: ${settings.warning?.text ?? '(default @90: on percent)'}`, `critical: ${settings.critical?.text ?? '(default @100: on percent)'}`);
  }
  if (args.verbosity >= 3) long.push(...result.requests);
  return { state: verdict.state, text: formatOutput(SERVICE, verdict.state, text, verdict.perf, long) };
}

/** When this process started, in epoch ms: from process.uptime(), since `performance` loads nine modules (~2 ms) the plugin has no other use for. */
function processStart(): number {
  return Math.floor(Date.now() - process.uptime() * 1000);
}

/**
 * Runs the plugin; returns the exit code (0-3). Writes only to stdout: one line, and long output
 * only with -v. -t counts from `startedAt`, the process's start by default: the plugin is a
 * process of its own, and Nagios times the whole of it.
 */
export async function checkLicenseMain(argv: readonly string[], io: Io, startedAt = processStart()): Promise<number> {
  const out = (text: string): void => void io.stdout.write(`${text}\n`);
  // Counted from argv, so a command line that cannot be parsed still gets its -v.
  const verbosity = verbosityOf(argv);
  let json = false;
  const finish = (state: State, text: string, long: readonly (string | undefined)[] = []): number => {
    // --format json promises one object whatever happened, failures included.
    if (json) out(JSON.stringify({ state, code: STATES[state], text, apps: [], perfdata: [] }));
    else out(formatOutput(SERVICE, state, text, [], verbosity >= 1 ? long.filter((l): l is string => l !== undefined) : []));
    return STATES[state];
  };
  let timeoutState: State = 'UNKNOWN';
  try {
    const values = parsePluginValues(argv);
    json = values.format === 'json';
    if (values.help || values.version) {
      out(values.help ? HELP : `check_jira_license ${VERSION} (jirakit)`);
      return STATES.UNKNOWN;
    }
    const args = parsePluginArgs(values);
    timeoutState = args.timeout.state;
    const stop = new AbortController();
    // Reading, parsing and judging all count against -t; only the write comes after.
    const work = (async () => report(args, await gather(args, io, startedAt, stop.signal)))();
    const result = await withinDeadline(work, args.timeout.ms, startedAt, () => stop.abort());
    if (result === 'timeout') return finish(timeoutState, `Plugin timed out after ${args.timeout.ms / 1000} seconds`);
    out(result.text);
    return STATES[result.state];
  } catch (error) {
    // A bad command line prints the short usage (monitoring-plugins.md 5), as long output.
    if (error instanceof PluginUsageError) return finish('UNKNOWN', `${oneLine(error.message)} (--help for usage)`, [USAGE]);
    const failure = describeFailure(error, timeoutState);
    return finish(failure.state, failure.text, [failure.hint]);
  }
}
