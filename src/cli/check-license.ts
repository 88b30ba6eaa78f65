/**
 * check_jira_license: a Nagios/Icinga plugin for Jira license seats and expiry, following the
 * Monitoring Plugins guidelines: stdout only, exit 0/1/2/3, ranges, perfdata, -t/-v/-h/-V.
 * Nothing may exit 1 (WARNING) by accident, so every failure is caught here and becomes UNKNOWN
 * (or CRITICAL when Jira cannot be reached at all).
 * @see https://www.monitoring-plugins.org/doc/guidelines.html
 */
import { parseArgs } from 'node:util';
import { connect } from '../client/connect.js';
import { CONFIG_OPTIONS, configFromResolved, flagsFromValues } from '../config/get-config.js';
import { resolveConnection } from '../config/resolve.js';
import { JiraKitError } from '../errors/jira-kit-error.js';
import { NetworkError, TimeoutError } from '../errors/network-error.js';
import { redactUrl } from '../errors/redact.js';
import type { FetchLike } from '../http/send.js';
import { judge, measureApp, type AppMeasure, type Metric, type Source } from '../nagios/license-check.js';
import { STATES, formatOutput, type State } from '../nagios/output.js';
import { parseRange, RangeSyntaxError, type Range } from '../nagios/range.js';
import { VERSION } from '../version.js';
import type { Io } from './io.js';

const SERVICE = 'JIRA LICENSE';

const OPTIONS = {
  ...CONFIG_OPTIONS,
  warning: { type: 'string', short: 'w' },
  critical: { type: 'string', short: 'c' },
  timeout: { type: 'string', short: 't' },
  verbose: { type: 'boolean', short: 'v', multiple: true },
  hostname: { type: 'string', short: 'H' },
  url: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
  app: { type: 'string', multiple: true },
  metric: { type: 'string' },
  source: { type: 'string' },
  'expiry-warning': { type: 'string' },
  'expiry-critical': { type: 'string' },
  format: { type: 'string' },
} as const;

// No '|' here: in plugin output it would start the performance data.
const USAGE = `Usage: check_jira_license {-H HOST, --url URL} [-w RANGE] [-c RANGE] [--metric M]
  [--app KEY ...] [--source S] [--expiry-warning DAYS] [--expiry-critical DAYS]
  [-t SECONDS[:STATE]] [-v] [--format json] [--profile NAME or credential flags]`;

const HELP = `check_jira_license ${VERSION} (jirakit)
Checks Jira Server/Data Center license seats, and optionally license expiry.

${USAGE}

Options:
 -h, --help            this help (exit 3, as the guidelines say)
 -V, --version         the version (exit 3)
 -H, --hostname HOST   Jira host; https://HOST is checked (use --url for http or a context path)
 --url, --server URL   Jira base URL with context path
 -w, --warning RANGE   WARNING range for --metric (default: 90% of the seats or more used)
 -c, --critical RANGE  CRITICAL range for --metric (default: no seat left)
 --metric M            what -w/-c apply to: percent (used), remaining (seats), active (users)
 --app KEY             application (default jira-software; repeatable; 'all' for every one)
 --source S            upm (the private UPM resource, as the seed does), applicationrole
                       (documented; needs Administer Jira), or auto (default: UPM, then
                       applicationrole when UPM is missing or refuses)
 --expiry-warning D    WARNING when the license or maintenance expires within D days
 --expiry-critical D   CRITICAL within D days (an expired license is always CRITICAL)
 -t, --timeout S[:ST]  give up after S seconds (default 10) with state ST (default UNKNOWN)
 -v, --verbose         more detail: -v on the line, -vv configuration, -vvv each request
 --format json         one JSON object instead of plugin output
Connection: --profile, --token, --consumer-key/--key-cert/--access-token, --username/--password,
 --ca-file, --no-verify, and the JIRA_* variables, as every jirakit command
 (keep secrets out of the command line: use a profile or the environment).

Ranges: [@]start:end; alert outside start..end, or inside with @; ~ is -infinity.
 e.g. -w 90 -c 95 --metric percent;  --metric remaining -w 10: -c 1:
Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.`;

class PluginUsageError extends Error {}

function stateFrom(text: string): State {
  const upper = text.trim().toUpperCase();
  const byNumber = (['OK', 'WARNING', 'CRITICAL', 'UNKNOWN'] as const)[Number(upper)];
  if (/^[0-3]$/.test(upper) && byNumber) return byNumber;
  if (upper in STATES) return upper as State;
  throw new PluginUsageError(`'${text}' is not a state (OK, WARNING, CRITICAL, UNKNOWN or 0-3)`);
}

function parseTimeout(text: string | undefined): { ms: number; state: State } {
  if (text === undefined) return { ms: 10_000, state: 'UNKNOWN' };
  const [seconds = '', state] = text.split(':');
  const n = Number(seconds);
  if (!/^\d+(\.\d+)?$/.test(seconds) || n <= 0) throw new PluginUsageError(`-t takes seconds[:state], not '${text}'`);
  return { ms: n * 1000, state: state === undefined ? 'UNKNOWN' : stateFrom(state) };
}

function days(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new PluginUsageError(`${flag} takes a whole number of days, not '${text}'`);
  return Number(text);
}

function range(text: string | undefined): Range | undefined {
  if (text === undefined) return undefined;
  try {
    return parseRange(text);
  } catch (error) {
    throw new PluginUsageError(error instanceof RangeSyntaxError ? error.message : String(error));
  }
}

/** The state for a failure: unreachable Jira is CRITICAL (guidelines: the service is not running); the rest UNKNOWN. */
function failureState(error: unknown): State {
  return error instanceof NetworkError && !(error instanceof TimeoutError) ? 'CRITICAL' : 'UNKNOWN';
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Runs the plugin; returns the exit code (0-3). Writes only to stdout. */
export async function checkLicenseMain(argv: readonly string[], io: Io): Promise<number> {
  const out = (text: string): void => {
    io.stdout.write(`${text}\n`);
  };
  const finish = (state: State, text: string, long: string[] = []): number => {
    out(formatOutput(SERVICE, state, text, [], long));
    return STATES[state];
  };
  let timeout = { ms: 10_000, state: 'UNKNOWN' as State };
  let timer: NodeJS.Timeout | undefined;
  try {
    let values;
    try {
      values = parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
    } catch (error) {
      throw new PluginUsageError(error instanceof Error ? error.message.replace(/\. To specify.*$/s, '').replace(/\.$/, '') : String(error));
    }
    if (values.help) {
      out(HELP);
      return STATES.UNKNOWN;
    }
    if (values.version) {
      out(`check_jira_license ${VERSION} (jirakit)`);
      return STATES.UNKNOWN;
    }
    timeout = parseTimeout(values.timeout);
    const verbosity = values.verbose?.length ?? 0;
    const metric = (values.metric ?? 'percent') as Metric;
    if (!['percent', 'remaining', 'active'].includes(metric)) throw new PluginUsageError(`--metric takes percent, remaining or active, not '${values.metric}'`);
    const source = (values.source ?? 'auto') as Source;
    if (!['upm', 'applicationrole', 'auto'].includes(source)) throw new PluginUsageError(`--source takes upm, applicationrole or auto, not '${values.source}'`);
    if (values.format !== undefined && values.format !== 'json') throw new PluginUsageError(`--format takes json, not '${values.format}'`);
    const settings = {
      metric,
      warning: range(values.warning),
      critical: range(values.critical),
      expiryWarning: days(values['expiry-warning'], '--expiry-warning'),
      expiryCritical: days(values['expiry-critical'], '--expiry-critical'),
    };
    const server = values.url ?? values.server ?? (values.hostname === undefined ? undefined : `https://${values.hostname}`);
    const started = Date.now();
    const expired = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), timeout.ms);
    });
    const work = (async () => {
      const flags = flagsFromValues({ ...values, timeout: undefined, server });
      const resolved = await resolveConnection(flags, { env: io.env });
      const config = configFromResolved(resolved, { noVerify: values['no-verify'] === true, keyPassphraseEnv: values['key-passphrase-env'] });
      const requests: string[] = [];
      const budget = (): number => Math.max(100, timeout.ms - (Date.now() - started) - 200);
      const { createFetch } = await import('../http/dispatcher.js');
      const base = await createFetch(new URL(config.server), { caFile: config.caFile, noVerify: config.noVerify, env: io.env });
      const logging: FetchLike = async (input, init) => {
        const response = await base(input, init);
        requests.push(`${init?.method ?? 'GET'} ${redactUrl(String(input))} -> HTTP ${response.status}`);
        return response;
      };
      const client = await connect({ ...config, timeoutMs: budget() }, {
        env: io.env,
        fetch: logging,
        retry: { maxTotalDelayMs: budget() },
      });
      let apps = values.app ?? ['jira-software'];
      if (apps.includes('all')) apps = (await client.applicationRoles()).map((r) => r.key);
      const wantExpiry = settings.expiryWarning !== undefined || settings.expiryCritical !== undefined;
      const measures: AppMeasure[] = [];
      for (const app of apps) measures.push(await measureApp(client, app, source, wantExpiry, Date.now()));
      return { measures, config, requests };
    })();
    const result = await Promise.race([work, expired]);
    if (result === 'timeout') {
      work.catch(() => undefined);
      return finish(timeout.state, `Plugin timed out after ${timeout.ms / 1000} seconds`);
    }
    const verdict = judge(result.measures, settings);
    if (values.format === 'json') {
      out(JSON.stringify({ state: verdict.state, code: STATES[verdict.state], text: verdict.text, apps: result.measures, perfdata: verdict.perf }));
      return STATES[verdict.state];
    }
    let text = verdict.text;
    if (verbosity >= 1) text += ` (via ${[...new Set(result.measures.map((m) => (m.source === 'upm' ? 'UPM' : 'applicationrole')))].join(', ')})`;
    const long: string[] = [];
    if (verbosity >= 2) {
      long.push(`server: ${result.config.server}`, `auth: ${result.config.auth.kind}`, `source: ${source}`, `metric: ${metric}`,
        `warning: ${settings.warning?.text ?? '(default @90: on percent)'}`, `critical: ${settings.critical?.text ?? '(default @100: on percent)'}`);
    }
    if (verbosity >= 3) long.push(...result.requests);
    out(formatOutput(SERVICE, verdict.state, text, verdict.perf, long));
    return STATES[verdict.state];
  } catch (error) {
    if (error instanceof PluginUsageError) return finish('UNKNOWN', oneLine(error.message), [USAGE]);
    if (error instanceof JiraKitError) {
      const state = error instanceof TimeoutError ? timeout.state : failureState(error);
      return finish(state, oneLine(error.message), error.hint ? [oneLine(error.hint)] : []);
    }
    return finish('UNKNOWN', `internal error: ${oneLine(error instanceof Error ? error.message : String(error))}`);
  } finally {
    if (timer) clearTimeout(timer);
  }
}
