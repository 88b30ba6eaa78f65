// Properties of the reading and the verdict: whatever JSON Jira sends, the plugin says OK,
// WARNING or CRITICAL exactly when the numbers are valid (an oracle written apart from the
// code), and nothing it prints holds NaN, undefined or Infinity.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { isLicenseDataError } from '../../src/license/license-data-error.js';
import { datesFromUpmLicense, parseLicenseDate } from '../../src/license/license-dates.js';
import { seatsFromApplicationRole, seatsFromUpm, type SeatCount } from '../../src/license/seat-count.js';
import { describeFailure } from '../../src/nagios/failure.js';
import { judge, type AppResult } from '../../src/nagios/license-check.js';
import { formatOutput } from '../../src/nagios/output.js';

const RUNS = { numRuns: 2000 };
const APP = 'jira-software';
const json = fc.jsonValue({ maxDepth: 2 });
const absent = fc.constant(undefined);
const number = fc.oneof(fc.integer({ min: -3, max: 60 }), fc.double(), fc.constantFrom(-1, 0, 1, 2.5, 1e300, 2 ** 53, -0, Number.MAX_SAFE_INTEGER));
const count = fc.oneof(number, fc.constantFrom(null, '5', '', true, false), json, absent);
const flag = fc.oneof(fc.boolean(), fc.constantFrom('true', 0, 1, null), absent);
const key = fc.oneof(absent, fc.constantFrom(APP, 'jira-core', '', 5, null));
const obj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown, min: number): boolean => typeof v === 'number' && Number.isInteger(v) && Math.abs(v) <= Number.MAX_SAFE_INTEGER && v >= min;

/** The plugin's state for one answer read by `reader`. */
function verdict(body: unknown, reader: (body: unknown, app: string) => SeatCount): { state: string; line: string } {
  let result: AppResult;
  try {
    result = { app: APP, reading: { app: APP, source: 'upm', ...reader(body, APP) } };
  } catch (error) {
    assert.ok(isLicenseDataError(error), String(error));
    result = { app: APP, failure: describeFailure(error, 'UNKNOWN') };
  }
  const v = judge([result], { metric: 'percent' }, Date.now());
  return { state: v.state, line: formatOutput('JIRA LICENSE', v.state, v.text, v.perf, v.long) };
}

/** Whether the seat fields make sense: users a count, seats a count above 0, -1 or the flag for unlimited, and no contradiction. */
function validSeats(users: unknown, seats: unknown, unlimited: unknown, flagRequired: boolean): boolean {
  if (!isCount(users, 0)) return false;
  if (unlimited === undefined ? flagRequired : typeof unlimited !== 'boolean') return false;
  if (unlimited === true) return seats === undefined || isCount(seats, -1);
  if (!isCount(seats, -1)) return false;
  return seats === -1 ? unlimited !== false : (seats as number) > 0;
}

test('UPM: any answer is judged OK, WARNING or CRITICAL exactly when its numbers are valid', () => {
  const details = fc.record({ activeUserCount: count, licensedUserCount: count, unlimited: flag }, { requiredKeys: [] });
  const body = fc.oneof(json, fc.record({ key, accessDetails: fc.oneof(details, json) }, { requiredKeys: [] }));
  fc.assert(fc.property(body, (b) => {
    const valid = obj(b) && (b['key'] === undefined || b['key'] === APP) && obj(b['accessDetails'])
      && validSeats(b['accessDetails']['activeUserCount'], b['accessDetails']['licensedUserCount'], b['accessDetails']['unlimited'], false);
    const { state, line } = verdict(b, seatsFromUpm);
    assert.equal(state !== 'UNKNOWN', valid, line);
    assert.doesNotMatch(line, /NaN|undefined|Infinity/);
  }), RUNS);
});

test('applicationrole: any answer is judged OK, WARNING or CRITICAL exactly when its numbers are valid', () => {
  const body = fc.oneof(json, fc.record({ key, userCount: count, numberOfSeats: count, hasUnlimitedSeats: flag, remainingSeats: count }, { requiredKeys: [] }));
  fc.assert(fc.property(body, (b) => {
    const valid = obj(b) && (b['key'] === undefined || b['key'] === APP) && validSeats(b['userCount'], b['numberOfSeats'], b['hasUnlimitedSeats'], true);
    const { state, line } = verdict(b, seatsFromApplicationRole);
    assert.equal(state !== 'UNKNOWN', valid, line);
    assert.doesNotMatch(line, /NaN|undefined|Infinity/);
  }), RUNS);
});

test('UPM license: dates are read when every date given is readable, and are whole Unix seconds', () => {
  const date = fc.oneof(absent, fc.constant(null), fc.integer({ min: 0, max: 2 ** 48 }), fc.date({ noInvalidDate: true }).map((d) => d.toISOString()), fc.string(), json);
  const body = fc.oneof(json, fc.record({ expiryDate: date, expiryDateString: date, maintenanceExpiryDate: date, maintenanceExpiryDateString: date }, { requiredKeys: [] }));
  fc.assert(fc.property(body, (b: unknown) => {
    let dates;
    try {
      dates = datesFromUpmLicense(b, APP, Date.now());
    } catch (error) {
      assert.ok(isLicenseDataError(error), String(error));
      return;
    }
    assert.ok(obj(b));
    const given = ['expiryDate', 'expiryDateString', 'maintenanceExpiryDate', 'maintenanceExpiryDateString'].map((f) => b[f]).filter((v) => v !== undefined && v !== null);
    assert.ok(given.length > 0, 'no date is no reading');
    for (const v of given) assert.notEqual(parseLicenseDate(v), undefined, JSON.stringify(v));
    for (const s of [dates.licenseExpiresAt, dates.maintenanceExpiresAt]) {
      if (s !== undefined) assert.ok(Number.isSafeInteger(s) && s >= Date.UTC(2000, 0, 1) / 1000, String(s));
    }
  }), RUNS);
});
