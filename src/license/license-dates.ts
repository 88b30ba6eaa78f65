/**
 * License and maintenance expiry from UPM's `installed/{app}/license` answer (jira-wire.md 4.4).
 * Both encodings are read: `expiryDate` in epoch milliseconds and the date strings UPM and Jira
 * write (`expiryDateString`'s `07/Dec/17`, ISO dates, Jira's `2026-09-20T10:00:00.000+0000`).
 * A date that is there but cannot be read is a LicenseDataError, never "no expiry".
 */
import { describeValue } from './license-data-error.js';
import { AnswerFields } from './seat-count.js';

const DAY_MS = 86_400_000;
/** Jira was first released in 2002: an earlier "date" is a misread (epoch seconds read as ms). */
const EARLIEST_MS = Date.UTC(2000, 0, 1);
const LATEST_MS = Date.UTC(9999, 11, 31);
/**
 * How far the number and the string of one date may differ: the string is a calendar day in
 * the server's time zone (UTC-12 to UTC+14) read as midnight UTC.
 */
const SAME_DATE_MS = 2 * DAY_MS;

/** English month abbreviations, as Jira's default `dd/MMM/yy` writes them. */
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** Date.UTC for a calendar date, undefined when the date does not exist (31 February). */
function calendarDay(year: number, month: number, day: number): number | undefined {
  const ms = Date.UTC(year, month, day);
  const d = new Date(ms);
  return d.getUTCFullYear() === year && d.getUTCMonth() === month && d.getUTCDate() === day ? ms : undefined;
}

function fromString(text: string): number | undefined {
  if (/^\d{1,16}$/.test(text)) return Number(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))?$/.exec(text);
  if (iso) {
    const [, y, mo, d, h, mi, s, frac, zone] = iso;
    const day = calendarDay(Number(y), Number(mo) - 1, Number(d));
    if (day === undefined || h === undefined) return day;
    if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return undefined;
    const offset = zone === 'Z' || zone === undefined ? 'Z' : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
    return Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s ?? '00'}${(frac ?? '').slice(0, 4)}${offset}`);
  }
  // UPM's expiryDateString: dd/MMM/yy in Jira's default (English) locale; yy is 20yy.
  const upm = /^(\d{1,2})\/([A-Za-z]{3})\/(\d{2}|\d{4})$/.exec(text);
  if (!upm) return undefined;
  const month = MONTHS.indexOf((upm[2] ?? '').toLowerCase());
  const year = Number(upm[3]) + ((upm[3] ?? '').length === 2 ? 2000 : 0);
  return month < 0 ? undefined : calendarDay(year, month, Number(upm[1]));
}

/**
 * A license date as epoch milliseconds: a number of milliseconds, a string of them, an ISO date
 * (midnight UTC) or timestamp, or `dd/MMM/yy` with an English month; undefined when unreadable.
 */
export function parseLicenseDate(value: unknown): number | undefined {
  const ms = typeof value === 'number' ? value : typeof value === 'string' ? fromString(value.trim()) : undefined;
  return ms !== undefined && Number.isSafeInteger(ms) && ms >= EARLIEST_MS && ms <= LATEST_MS ? ms : undefined;
}

/** License and maintenance expiry, Unix seconds; undefined for a date the license does not have. */
export interface LicenseDates {
  /** When the license expires; undefined for a license that does not expire. */
  readonly licenseExpiresAt: number | undefined;
  /** When maintenance (support and updates) ends; undefined when UPM gives no such date. */
  readonly maintenanceExpiresAt: number | undefined;
}

const READABLE = 'which is not a date jirakit reads';
const READABLE_HINT = 'jirakit reads epoch milliseconds, YYYY-MM-DD, Jira timestamps (2026-09-20T10:00:00.000+0000) and DD/Mon/YY with an English month';

/** One date from its number field, its string field, or both (which must agree), in ms. */
function readDate(fields: AnswerFields, answer: Record<string, unknown>, name: 'expiry' | 'maintenanceExpiry'): number | undefined {
  const read = (field: string): number | undefined => {
    const value = answer[field];
    // null is how a Java bean writes a date the license does not have.
    if (value === undefined || value === null) return undefined;
    const ms = parseLicenseDate(value);
    if (ms === undefined) throw fields.fail(field, `gives ${field} as ${describeValue(value)}, ${READABLE}`, READABLE_HINT);
    return ms;
  };
  const exact = read(`${name}Date`);
  const day = read(`${name}DateString`);
  if (exact !== undefined && day !== undefined && Math.abs(exact - day) > SAME_DATE_MS) {
    throw fields.fail(`${name}DateString`, `gives ${name}Date as ${new Date(exact).toISOString().slice(0, 10)} but ${name}DateString as ${describeValue(answer[`${name}DateString`])}`);
  }
  return exact ?? day;
}

/** UPM's `expired` and `maintenanceExpired` must agree with the dates, but for a clock's difference. */
function checkFlag(fields: AnswerFields, answer: Record<string, unknown>, flagField: string, dateField: string, ms: number | undefined, nowMs: number): void {
  const flag = answer[flagField];
  if (typeof flag !== 'boolean') return;
  if (ms === undefined) {
    if (flag) throw fields.fail(flagField, `says ${flagField} is true but gives no ${dateField}`);
    return;
  }
  if (Math.abs(ms - nowMs) > SAME_DATE_MS && flag !== ms <= nowMs) {
    throw fields.fail(flagField, `says ${flagField} is ${flag} but gives ${dateField} as ${new Date(ms).toISOString().slice(0, 10)}`);
  }
}

/** License and maintenance expiry from UPM's license answer, checked against its own flags at `nowMs`. */
export function datesFromUpmLicense(body: unknown, app: string, nowMs: number): LicenseDates {
  const fields = new AnswerFields('upm-license', app);
  const answer = fields.object(body, 'a license');
  const license = readDate(fields, answer, 'expiry');
  const maintenance = readDate(fields, answer, 'maintenanceExpiry');
  // An answer without any date is no license answer (`{}`): nothing to judge is not "fine".
  if (license === undefined && maintenance === undefined) throw fields.fail('expiryDate', 'gives no expiryDate and no maintenanceExpiryDate');
  checkFlag(fields, answer, 'expired', 'expiryDate', license, nowMs);
  checkFlag(fields, answer, 'maintenanceExpired', 'maintenanceExpiryDate', maintenance, nowMs);
  const seconds = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : Math.floor(ms / 1000));
  return { licenseExpiresAt: seconds(license), maintenanceExpiresAt: seconds(maintenance) };
}
