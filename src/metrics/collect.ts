/**
 * One read of one Jira for the metrics (docs/metrics.md 3): serverInfo, the list of roles for
 * `all`, then each application's seats and dates with the same readers and checks as the
 * monitoring plugin (src/license), so a metric is exactly the number the plugin judges. Nothing
 * is thrown: every failure is kept in the outcome, so the exposition can say what failed.
 */
import { AbortedError, JiraKitError } from '../errors/jira-kit-error.js';
import { isNetworkError } from '../errors/network-error.js';
import type { JiraClient } from '../client/jira-client.js';
import { datesFromUpmLicense } from '../license/license-dates.js';
import { describeValue, LicenseDataError } from '../license/license-data-error.js';
import { listApplicationKeys, readLicense, type LicenseReading, type LicenseSource } from '../license/read-license.js';
import type { ApplicationOutcome, TargetOutcome } from './license-metrics.js';

/** What to read. */
export interface CollectOptions {
  /** Application keys, `all` for every role Jira lists (default: jira-software, as the plugin). */
  readonly apps?: readonly string[] | undefined;
  /** Where seats come from (default 'auto', as the plugin). */
  readonly source?: LicenseSource | undefined;
  /** Also read license and maintenance expiry (default true). */
  readonly expiry?: boolean | undefined;
  /** Stops the read (a scrape's deadline); what is left is recorded as failed. */
  readonly signal?: AbortSignal | undefined;
  /** The clock UPM's `expired` flags are checked against (default Date.now). */
  readonly now?: (() => number) | undefined;
}

/** A version label: digits and dots with an optional suffix (10.3.4, 9.12.0-m0002), short. */
const VERSION = /^\d{1,4}(?:\.\d{1,6}){0,3}(?:[-+][0-9A-Za-z.]{1,20})?$/;
/** A deployment type: a few words of letters (Server, Data Center, Cloud). */
const DEPLOYMENT = /^[A-Za-z][A-Za-z ]{0,30}$/;

/** serverInfo's version and deployment type, checked: they become label values (docs/metrics.md 2). */
function infoOf(answer: unknown): TargetOutcome['info'] {
  const body = (typeof answer === 'object' && answer !== null ? answer : {}) as Record<string, unknown>;
  const { version, deploymentType } = body;
  if (typeof version !== 'string' || !VERSION.test(version)) {
    throw new JiraKitError(`Jira's serverInfo gives version as ${describeValue(version)}, not a Jira version`, { hint: 'Check that the server URL is Jira\'s base URL: GET /rest/api/2/serverInfo should answer Jira\'s JSON' });
  }
  if (typeof deploymentType !== 'string' || !DEPLOYMENT.test(deploymentType)) {
    throw new JiraKitError(`Jira's serverInfo gives deploymentType as ${describeValue(deploymentType)}, not a deployment type`, { hint: 'Check that the server URL is Jira\'s base URL' });
  }
  return { version, deployment: deploymentType };
}

/**
 * The plugin's rule for 0 seats (monitoring-plugins.md, src/nagios/seat-check.ts): no license has
 * 0 seats, so users on 0 seats say the application has no license of its own; not a number to export.
 */
function checkSeats(reading: LicenseReading): void {
  if (reading.unlimited || reading.seats !== 0) return;
  throw new LicenseDataError({
    resource: reading.source,
    app: reading.app,
    field: reading.source === 'upm' ? 'accessDetails.licensedUserCount' : 'numberOfSeats',
    problem: `reports ${reading.users} users on 0 seats, and no license has 0 seats`,
    hint: 'An application without a license of its own reports 0 seats; check Administration > Applications, or leave it out of --app',
  });
}

async function readApplication(client: JiraClient, app: string, options: CollectOptions): Promise<ApplicationOutcome> {
  const { signal } = options;
  let reading: LicenseReading | undefined;
  try {
    const seats = await readLicense(client, app, { source: options.source, signal });
    checkSeats(seats);
    reading = seats;
    if (options.expiry === false) return { app, reading };
    // readLicense's own expiry step, kept apart so the seats survive when only the dates fail.
    const details: unknown = await client.licenseDetails(app, { signal });
    return { app, reading: { ...reading, expiry: datesFromUpmLicense(details, app, (options.now ?? Date.now)()) } };
  } catch (error) {
    return { app, reading, error };
  }
}

/** The applications asked for, `all` replaced by Jira's list, each once. */
async function applications(client: JiraClient, asked: readonly string[], signal: AbortSignal | undefined): Promise<string[]> {
  const listed = asked.includes('all') ? await listApplicationKeys(client, { signal }) : [];
  return [...new Set([...asked.filter((a) => a !== 'all'), ...listed])];
}

/**
 * Reads one Jira: its version, then every application asked for, one at a time (one Jira is
 * never asked more than one thing at once). Once Jira is unreachable the remaining
 * applications are not tried: they fail with the same error.
 * @example
 * const outcome = await collectLicense(jira, { apps: ['all'] });
 */
export async function collectLicense(client: JiraClient, options: CollectOptions = {}): Promise<TargetOutcome> {
  const started = performance.now();
  // Microseconds are more than enough, and keep 0.0968 from printing as 0.09682005799999999.
  const duration = (): number => Math.round((performance.now() - started) * 1000) / 1e6;
  const asked = options.apps ?? ['jira-software'];
  const { signal } = options;
  let info: TargetOutcome['info'];
  let targetError: unknown;
  try {
    const answer: unknown = await client.serverInfo({ signal });
    try {
      info = infoOf(answer);
    } catch (error) {
      targetError = error;
    }
  } catch (error) {
    return { apps: asked.filter((a) => a !== 'all').map((app) => ({ app, error })), error, durationSeconds: duration() };
  }
  let keys: string[];
  try {
    keys = await applications(client, asked, signal);
  } catch (error) {
    return { info, apps: asked.filter((a) => a !== 'all').map((app) => ({ app, error })), error, durationSeconds: duration() };
  }
  const apps: ApplicationOutcome[] = [];
  for (const app of keys) {
    const stopped = apps.find((a) => isNetworkError(a.error))?.error ?? (signal?.aborted ? new AbortedError(`The read stopped before ${app}`, { reason: 'signal' }) : undefined);
    apps.push(stopped === undefined ? await readApplication(client, app, options) : { app, error: stopped });
  }
  return { info, apps, error: targetError, durationSeconds: duration() };
}
