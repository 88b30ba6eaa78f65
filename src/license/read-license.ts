/**
 * Reads one application's license from Jira and checks it: seats and users from UPM or the
 * documented applicationrole resource, and optionally license and maintenance expiry. The
 * numbers it returns were read and make sense (docs/cli.md, "Errors and exit codes"); any other
 * answer is a LicenseDataError. It prints nothing and judges nothing: the monitoring plugin and
 * the metrics (prometheus.md 3.6) share it.
 */
import { ConfigError } from '../errors/jira-kit-error.js';
import { HttpError } from '../errors/http-error.js';
import type { JiraClient } from '../client/jira-client.js';
import { datesFromUpmLicense, type LicenseDates } from './license-dates.js';
import { describeValue, isLicenseDataError, LicenseDataError } from './license-data-error.js';
import { seatsFromApplicationRole, type SeatCount } from './seat-count.js';

/** Where seats come from: UPM's private resource, the documented applicationrole, or UPM then applicationrole. */
export type LicenseSource = 'upm' | 'applicationrole' | 'auto';

/** Options of readLicense. */
export interface ReadLicenseOptions {
  /** Default 'auto': UPM, then applicationrole when UPM is missing, refuses, or answers nonsense. */
  readonly source?: LicenseSource | undefined;
  /** Also read license and maintenance expiry (UPM's license resource). */
  readonly expiry?: boolean | undefined;
  readonly signal?: AbortSignal | undefined;
  /** The clock UPM's `expired` flags are checked against (default Date.now). */
  readonly now?: (() => number) | undefined;
}

/** One application's license, every number checked. */
export interface LicenseReading extends SeatCount {
  readonly app: string;
  /** The resource the seats came from. */
  readonly source: 'upm' | 'applicationrole';
  /** Expiry, when asked for. */
  readonly expiry?: LicenseDates | undefined;
}

/** Application keys as Jira writes them (jira-software, jira-servicedesk, jira-core): no empty key, no `/`. */
const APP_KEY = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,126}[A-Za-z0-9])?$/;

/** True for a string that can be an application key. */
export function isApplicationKey(text: string): boolean {
  return APP_KEY.test(text);
}

function checkKey(app: string): void {
  if (isApplicationKey(app)) return;
  throw new ConfigError(app === '' ? 'An empty application key names no application' : `${describeValue(app)} is not an application key`, {
    hint: 'Application keys look like jira-software, jira-servicedesk or jira-core',
  });
}

async function fromUpm(client: JiraClient, app: string, signal: AbortSignal | undefined): Promise<SeatCount> {
  const usage = await client.license(app, { signal });
  return { users: usage.activeUserCount, seats: usage.unlimited ? undefined : usage.licensedUserCount, unlimited: usage.unlimited };
}

async function fromRole(client: JiraClient, app: string, signal: AbortSignal | undefined): Promise<SeatCount> {
  return seatsFromApplicationRole(await client.request<unknown>('GET', `/rest/api/2/applicationrole/${encodeURIComponent(app)}`, { signal }), app);
}

/** Whether UPM's failure lets applicationrole try: UPM missing, refusing or talking nonsense, not Jira unreachable. */
function mayFallBack(error: unknown): boolean {
  // An answer UPM gave (404, 406, WebSudo, odd data); never a Jira that did not answer at all.
  return isLicenseDataError(error) || error instanceof HttpError;
}

async function readSeats(client: JiraClient, app: string, source: LicenseSource, signal: AbortSignal | undefined): Promise<SeatCount & Pick<LicenseReading, 'source'>> {
  if (source === 'applicationrole') return { ...(await fromRole(client, app, signal)), source };
  try {
    return { ...(await fromUpm(client, app, signal)), source: 'upm' };
  } catch (upmError) {
    if (source === 'upm' || !mayFallBack(upmError)) throw upmError;
    try {
      return { ...(await fromRole(client, app, signal)), source: 'applicationrole' };
    } catch (roleError) {
      // UPM's refusal is why applicationrole was asked; nonsense from applicationrole is news.
      throw isLicenseDataError(roleError) ? roleError : upmError;
    }
  }
}

/**
 * Reads and checks one application's seats, users and, with `expiry`, its dates.
 * @example
 * const { users, seats, unlimited } = await readLicense(jira, 'jira-software');
 */
export async function readLicense(client: JiraClient, app: string, options: ReadLicenseOptions = {}): Promise<LicenseReading> {
  checkKey(app);
  const { signal } = options;
  const seats = await readSeats(client, app, options.source ?? 'auto', signal);
  if (!options.expiry) return { app, ...seats };
  const details: unknown = await client.licenseDetails(app, { signal });
  return { app, ...seats, expiry: datesFromUpmLicense(details, app, (options.now ?? Date.now)()) };
}

/** The keys of every application Jira has a role for (`GET /rest/api/2/applicationrole`), checked and without repeats. */
export async function listApplicationKeys(client: JiraClient, options: Pick<ReadLicenseOptions, 'signal'> = {}): Promise<string[]> {
  const roles: unknown = await client.applicationRoles({ signal: options.signal });
  const fail = (field: string, problem: string) => new LicenseDataError({ resource: 'applicationrole-list', field, problem });
  if (!Array.isArray(roles)) throw fail('', `is ${describeValue(roles)}, not a list`);
  if (roles.length === 0) throw fail('', 'is empty, so there is no application to check');
  const keys = roles.map((role: unknown, i) => {
    const key = typeof role === 'object' && role !== null ? (role as { key?: unknown }).key : undefined;
    if (typeof key !== 'string' || !isApplicationKey(key)) throw fail(`[${i}].key`, `gives [${i}].key as ${describeValue(key)}, not an application key`);
    return key;
  });
  return [...new Set(keys)];
}
