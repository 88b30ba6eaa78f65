/**
 * check_jira_license's command line: options, help, and the parsing of ranges, states, days and
 * -t (Monitoring Plugins guidelines, monitoring-plugins.md). Any mistake is a PluginUsageError,
 * which the plugin reports as UNKNOWN: nothing may exit 1 (WARNING) by accident.
 */
import { parseArgs } from 'node:util';
import { CONNECTION_OPTIONS, isApplicationKey, MAX_TIMEOUT_SECONDS, timeoutSecondsToMs } from '../index.js';
import { type Metric, type Source } from '../nagios/license-check.js';
import { STATES, type State } from '../nagios/output.js';
import { parseRange, RangeSyntaxError, type Range } from '../nagios/range.js';
import { VERSION } from '../version.js';

const OPTIONS = {
  ...CONNECTION_OPTIONS,
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

// No '|' here: in plugin output it would start the performance data. The usage and the help
// keep within 80 columns, the usage within 23 lines (monitoring-plugins.md 5).
/** The short usage, printed after a bad command line's status line with -v. */
export const USAGE = `Usage: check_jira_license {-H HOST, --url URL} [-w RANGE] [-c RANGE]
  [--metric M] [--app KEY ...] [--source S] [--expiry-warning DAYS]
  [--expiry-critical DAYS] [-t SECONDS[:STATE]] [-v] [--format json]
  [--profile NAME or credential flags]`;

/** --help: the revision, the usage, then the details. */
export const HELP = `check_jira_license ${VERSION} (jirakit)
Checks Jira Server/Data Center license seats, and optionally license expiry.

${USAGE}

Options:
 -h, --help            this help (exit 3, as the guidelines say)
 -V, --version         the version (exit 3)
 -H, --hostname HOST   Jira host; https://HOST is checked
 --url, --server URL   Jira base URL with context path (for http, or a path)
 -w, --warning RANGE   WARNING range for --metric (default: 90% used or more)
 -c, --critical RANGE  CRITICAL range for --metric (default: no seat left)
 --metric M            what -w/-c apply to: percent (used), remaining (seats),
                       active (users)
 --app KEY             application (default jira-software; repeatable; 'all'
                       for every application Jira has a role for)
 --source S            upm (UPM's private resource, as the seed does),
                       applicationrole (documented; needs Administer Jira), or
                       auto (default: UPM, then applicationrole when UPM is
                       missing, refuses, or answers nonsense)
 --expiry-warning D    WARNING when the license or maintenance expires within
                       D days
 --expiry-critical D   CRITICAL within D days (a date already past is CRITICAL)
 -t, --timeout S[:ST]  the whole run's limit in seconds (default 10) and the
                       state when it is reached (default UNKNOWN)
 -v, --verbose         -v: the source on the line, and a failure's hint on a
                       second line; -vv: configuration; -vvv: each request
 --format json         one JSON object instead of plugin output
Connection: --profile, --token, --consumer-key/--key-cert/--access-token,
 --username/--password, --ca-file, --no-verify, and the JIRA_* variables, as
 every jirakit command (keep secrets off the command line: use a profile or
 the environment). An OAuth 2.0 profile (jirakit dance --oauth2 --save)
 renews its token by itself; it needs the ADMIN scope and an admin's account.

Ranges: [@]start:end; alert outside start..end, or inside with @; ~ is -inf.
 e.g. -w 90 -c 95 --metric percent;  --metric remaining -w 10: -c 1:
Numbers that are missing or make no sense (null, negative, a fraction,
 0 seats, an unreadable date) are UNKNOWN, never OK.
Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.`;

/** A bad command line: UNKNOWN with the usage (guidelines: Plugin Options). */
export class PluginUsageError extends Error {}

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
  // The same rule as every --timeout: Node's timers hold at most 2^31-1 ms (config/timeout.ts).
  const ms = timeoutSecondsToMs(seconds);
  if (ms === undefined) throw new PluginUsageError(`-t takes seconds[:state], seconds above 0 and at most ${MAX_TIMEOUT_SECONDS}, not '${text}'`);
  return { ms, state: state === undefined ? 'UNKNOWN' : stateFrom(state) };
}

function days(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new PluginUsageError(`${flag} takes a whole number of days, not '${text}'`);
  return Number(text);
}

/** --app keys, checked: an empty Nagios or Icinga macro gives '', which names no application. */
function apps(keys: readonly string[] | undefined): string[] {
  for (const key of keys ?? []) {
    if (key !== 'all' && !isApplicationKey(key)) {
      throw new PluginUsageError(`--app takes an application key such as jira-software (or all), not ${key === '' ? 'an empty value' : `'${key}'`}`);
    }
  }
  return keys === undefined || keys.length === 0 ? ['jira-software'] : [...keys];
}

function range(text: string | undefined): Range | undefined {
  if (text === undefined) return undefined;
  try {
    return parseRange(text);
  } catch (error) {
    throw new PluginUsageError(error instanceof RangeSyntaxError ? error.message : String(error));
  }
}

/** The plugin's settings, parsed and checked. */
export interface PluginArgs {
  readonly values: ReturnType<typeof parsePluginValues>;
  readonly timeout: { readonly ms: number; readonly state: State };
  readonly verbosity: number;
  readonly source: Source;
  /** The --app keys (default jira-software); `all` is expanded when Jira is asked. */
  readonly apps: readonly string[];
  readonly settings: {
    readonly metric: Metric;
    readonly warning: Range | undefined;
    readonly critical: Range | undefined;
    readonly expiryWarning: number | undefined;
    readonly expiryCritical: number | undefined;
  };
  /** --url, --server, or https://HOST from -H. */
  readonly server: string | undefined;
}

/** How many -v the command line holds (-v, -vv, -vvv, --verbose), read even when it cannot be parsed. */
export function verbosityOf(argv: readonly string[]): number {
  let n = 0;
  for (const arg of argv) {
    if (arg === '--') break;
    if (arg === '--verbose') n++;
    else if (/^-v+$/.test(arg)) n += arg.length - 1;
  }
  return n;
}

/** The raw option values (-h and -V are answered before anything else is checked). */
export function parsePluginValues(argv: readonly string[]) {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new PluginUsageError(error instanceof Error ? error.message.replace(/\. To specify.*$/s, '').replace(/\.$/, '') : String(error));
  }
}

/** Checks the option values and turns them into settings. */
export function parsePluginArgs(values: ReturnType<typeof parsePluginValues>): PluginArgs {
  const metric = (values.metric ?? 'percent') as Metric;
  if (!['percent', 'remaining', 'active'].includes(metric)) throw new PluginUsageError(`--metric takes percent, remaining or active, not '${values.metric}'`);
  const source = (values.source ?? 'auto') as Source;
  if (!['upm', 'applicationrole', 'auto'].includes(source)) throw new PluginUsageError(`--source takes upm, applicationrole or auto, not '${values.source}'`);
  if (values.format !== undefined && values.format !== 'json') throw new PluginUsageError(`--format takes json, not '${values.format}'`);
  return {
    values,
    timeout: parseTimeout(values.timeout),
    verbosity: values.verbose?.length ?? 0,
    source,
    apps: apps(values.app),
    settings: {
      metric,
      warning: range(values.warning),
      critical: range(values.critical),
      expiryWarning: days(values['expiry-warning'], '--expiry-warning'),
      expiryCritical: days(values['expiry-critical'], '--expiry-critical'),
    },
    server: values.url ?? values.server ?? (values.hostname === undefined ? undefined : `https://${values.hostname}`),
  };
}
