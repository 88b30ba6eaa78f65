/**
 * Seats and users from the two answers that hold them, checked field by field: UPM's
 * `accessDetails` (jira-wire.md 4.4) and Jira's applicationrole (jira-wire.md 4.3). A count is a
 * JSON number that is a whole number of 0 or more; seats may also be -1, the unlimited license.
 * Anything else, or two fields that disagree, is a LicenseDataError: never a guess.
 */
import { describeValue, LicenseDataError, type LicenseResource } from './license-data-error.js';

/** Users and seats of one application, checked. */
export interface SeatCount {
  /** Users counting against the license: a whole number, 0 or more. */
  readonly users: number;
  /** Seats: a whole number, 0 or more; undefined when the license is unlimited. */
  readonly seats: number | undefined;
  readonly unlimited: boolean;
}

/** Reads the fields of one answer, each failure naming the field. */
export class AnswerFields {
  constructor(
    private readonly resource: LicenseResource,
    private readonly app: string | undefined,
  ) {}

  /** A LicenseDataError about `field`. */
  fail(field: string, problem: string, hint?: string): LicenseDataError {
    return new LicenseDataError({ resource: this.resource, app: this.app, field, problem, hint });
  }

  /** The answer as one JSON object; an empty answer counts as `{}`, a list or a scalar fails. */
  object(body: unknown, what: string): Record<string, unknown> {
    if (body === undefined || body === null) return {};
    if (Array.isArray(body)) throw this.fail('', `is a list, not ${what}`);
    if (typeof body !== 'object') throw this.fail('', `is ${describeValue(body)}, not ${what}`);
    return body as Record<string, unknown>;
  }

  /** The answer's `key` must be the application asked about when it is given at all. */
  sameKey(body: Record<string, unknown>): void {
    const key = body['key'];
    if (key === undefined || key === this.app) return;
    throw this.fail('key', `is for another application (${typeof key === 'string' ? `'${JSON.stringify(key).slice(1, -1)}'` : describeValue(key)})`);
  }

  /** A whole number of at least `min`; `what` says what it counts, for the message. */
  whole(value: unknown, field: string, min: number, what: string): number {
    if (value === undefined) throw this.fail(field, `has no ${field}`);
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
      throw this.fail(field, `gives ${field} as ${describeValue(value)}, not ${what}`, `${field} must be a JSON number: a whole number, 0 or more${min < 0 ? ', or -1 for unlimited' : ''}`);
    }
    return value;
  }

  /** true or false; undefined when absent and not `required`. */
  flag(value: unknown, field: string, required: boolean): boolean | undefined {
    if (value === undefined && !required) return undefined;
    if (value === undefined) throw this.fail(field, `has no ${field}`);
    if (typeof value !== 'boolean') throw this.fail(field, `gives ${field} as ${describeValue(value)}, not true or false`);
    return value;
  }
}

const USERS = 'a count of users';
const SEATS = 'a count of seats';

/**
 * Seats from a seat field and an unlimited flag: the flag set wins over any seat count (the
 * resolution.de example pairs `hasUnlimitedSeats: true` with 500 seats, prometheus.md 3.1); -1
 * seats is unlimited unless the flag says otherwise, which is a contradiction.
 */
function seatsOf(fields: AnswerFields, seatsValue: unknown, seatsField: string, unlimited: boolean | undefined, flagField: string): Pick<SeatCount, 'seats' | 'unlimited'> {
  if (unlimited === true) {
    if (seatsValue !== undefined) fields.whole(seatsValue, seatsField, -1, SEATS);
    return { seats: undefined, unlimited: true };
  }
  const seats = fields.whole(seatsValue, seatsField, -1, SEATS);
  if (seats >= 0) return { seats, unlimited: false };
  if (unlimited === false) throw fields.fail(flagField, `gives ${seatsField} as -1 (unlimited) but ${flagField} as false`);
  return { seats: undefined, unlimited: true };
}

/** Seats from UPM's `installed/{app}` answer: `accessDetails.activeUserCount` and `licensedUserCount` (-1 unlimited). */
export function seatsFromUpm(body: unknown, app: string): SeatCount {
  const fields = new AnswerFields('upm', app);
  const answer = fields.object(body, 'one application');
  fields.sameKey(answer);
  const access = answer['accessDetails'];
  if (access === undefined || access === null) throw fields.fail('accessDetails', 'has no accessDetails');
  if (typeof access !== 'object' || Array.isArray(access)) throw fields.fail('accessDetails', `gives accessDetails as ${describeValue(access)}, not an object`);
  const details = access as Record<string, unknown>;
  const users = fields.whole(details['activeUserCount'], 'accessDetails.activeUserCount', 0, USERS);
  // `unlimited` beside the counts is UNCONFIRMED (jira-wire.md 4.4): read when present.
  const unlimited = fields.flag(details['unlimited'], 'accessDetails.unlimited', false);
  return { users, ...seatsOf(fields, details['licensedUserCount'], 'accessDetails.licensedUserCount', unlimited, 'accessDetails.unlimited') };
}

/**
 * Seats from `GET /rest/api/2/applicationrole/{app}`: `userCount`, `numberOfSeats` and the
 * required `hasUnlimitedSeats`. `remainingSeats` is not read: remaining is seats − users
 * (jira-wire.md 4.4), and how Jira clamps it past the limit is UNCONFIRMED.
 */
export function seatsFromApplicationRole(body: unknown, app: string): SeatCount {
  const fields = new AnswerFields('applicationrole', app);
  const answer = fields.object(body, 'one application role');
  fields.sameKey(answer);
  const users = fields.whole(answer['userCount'], 'userCount', 0, USERS);
  const unlimited = fields.flag(answer['hasUnlimitedSeats'], 'hasUnlimitedSeats', true);
  return { users, ...seatsOf(fields, answer['numberOfSeats'], 'numberOfSeats', unlimited, 'hasUnlimitedSeats') };
}
