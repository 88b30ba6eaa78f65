// The plugin's state is the truth: OK, WARNING and CRITICAL only from numbers that were read and
// make sense (docs/cli.md, "Errors and exit codes"); any other answer is UNKNOWN, in one line
// that names what was wrong. Each case is an odd body from a simulator over loopback.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { route } from '../../src/simulator/index.js';
import { ADMIN_ENV, app, check, jira } from './plugin-process.js';

const UPM = 'GET /rest/plugins/applications/1.0/installed/:app';
const UPM_LICENSE = 'GET /rest/plugins/applications/1.0/installed/:app/license';
const ROLE = 'GET /rest/api/2/applicationrole/:key';
const DAY = 86_400_000;
const NOW = Date.now();

let sim: Awaited<ReturnType<typeof jira>>['sim'];
let url: string;
before(async () => ({ sim, url } = await jira({ applications: { 'jira-software': app(10, 50, { expiryDate: '2099-01-01' }) } })));

interface Case {
  readonly name: string;
  /** Routes to answer with; `null` a 404. */
  readonly routes: Readonly<Record<string, unknown>>;
  readonly args?: readonly string[];
  readonly state: 'OK' | 'WARNING' | 'CRITICAL' | 'UNKNOWN';
  readonly out: RegExp;
}

const seats = (accessDetails: object, extra: object = {}) => ({ key: 'jira-software', accessDetails, ...extra });
const role = (fields: object) => ({ key: 'jira-software', name: 'Jira Software', ...fields });
const upmOnly = ['--source', 'upm'];
const roleOnly = { [UPM]: null };
const expiry = ['--expiry-warning', '60', '--expiry-critical', '30'];
const isoIn = (days: number) => new Date(NOW + days * DAY).toISOString().slice(0, 10);

const CASES: Case[] = [
  // UPM's accessDetails (jira-wire.md 4.4).
  { name: 'UPM: an empty object', routes: { [UPM]: {} }, args: upmOnly, state: 'UNKNOWN', out: /UPM's answer for jira-software has no accessDetails/ },
  { name: 'UPM: a list', routes: { [UPM]: [] }, args: upmOnly, state: 'UNKNOWN', out: /UPM's answer for jira-software .*list/ },
  { name: 'UPM: activeUserCount null', routes: { [UPM]: seats({ activeUserCount: null, licensedUserCount: 10 }) }, args: upmOnly, state: 'UNKNOWN', out: /accessDetails\.activeUserCount as null/ },
  { name: 'UPM: activeUserCount missing', routes: { [UPM]: seats({ licensedUserCount: 10 }) }, args: upmOnly, state: 'UNKNOWN', out: /no accessDetails\.activeUserCount/ },
  { name: 'UPM: activeUserCount a string', routes: { [UPM]: seats({ activeUserCount: '5', licensedUserCount: 10 }) }, args: upmOnly, state: 'UNKNOWN', out: /accessDetails\.activeUserCount as "5"/ },
  { name: 'UPM: a fraction of a user', routes: { [UPM]: seats({ activeUserCount: 2.5, licensedUserCount: 10 }) }, args: upmOnly, state: 'UNKNOWN', out: /accessDetails\.activeUserCount as 2\.5/ },
  { name: 'UPM: negative users', routes: { [UPM]: seats({ activeUserCount: -3, licensedUserCount: 10 }) }, args: upmOnly, state: 'UNKNOWN', out: /accessDetails\.activeUserCount as -3/ },
  { name: 'UPM: more users than a double holds exactly', routes: { [UPM]: seats({ activeUserCount: 1e300, licensedUserCount: 10 }) }, args: upmOnly, state: 'UNKNOWN', out: /accessDetails\.activeUserCount/ },
  { name: 'UPM: licensedUserCount null', routes: { [UPM]: seats({ activeUserCount: 3, licensedUserCount: null }) }, args: upmOnly, state: 'UNKNOWN', out: /accessDetails\.licensedUserCount as null/ },
  { name: 'UPM: -5 seats', routes: { [UPM]: seats({ activeUserCount: 3, licensedUserCount: -5 }) }, args: upmOnly, state: 'UNKNOWN', out: /accessDetails\.licensedUserCount as -5/ },
  { name: 'UPM: -1 seats but not unlimited', routes: { [UPM]: seats({ activeUserCount: 3, licensedUserCount: -1, unlimited: false }) }, args: upmOnly, state: 'UNKNOWN', out: /accessDetails\.unlimited/ },
  { name: 'UPM: an answer for another application', routes: { [UPM]: seats({ activeUserCount: 3, licensedUserCount: 10 }, { key: 'jira-core' }) }, args: upmOnly, state: 'UNKNOWN', out: /'jira-core'/ },
  { name: 'UPM: 5 users of 0 seats', routes: { [UPM]: seats({ activeUserCount: 5, licensedUserCount: 0 }) }, args: upmOnly, state: 'UNKNOWN', out: /0 seats/ },
  { name: 'UPM: 0 users of 0 seats', routes: { [UPM]: seats({ activeUserCount: 0, licensedUserCount: 0 }) }, args: upmOnly, state: 'UNKNOWN', out: /0 seats/ },
  { name: 'UPM: good numbers are read', routes: { [UPM]: seats({ activeUserCount: 3, licensedUserCount: 10 }) }, args: upmOnly, state: 'OK', out: /Using 3 of 10 license slots \(30\.0%\), 7 remaining/ },
  { name: 'UPM: -1 seats is unlimited', routes: { [UPM]: seats({ activeUserCount: 3, licensedUserCount: -1 }) }, args: upmOnly, state: 'OK', out: /jira-software: 3 users, unlimited license/ },
  { name: 'UPM: the unlimited flag wins over a seat count', routes: { [UPM]: seats({ activeUserCount: 3, licensedUserCount: 500, unlimited: true }) }, args: upmOnly, state: 'OK', out: /3 users, unlimited license/ },
  // applicationrole (jira-wire.md 4.3), after UPM's 404.
  { name: 'UPM 404, applicationrole {}', routes: { ...roleOnly, [ROLE]: {} }, state: 'UNKNOWN', out: /applicationrole answer for jira-software has no userCount/ },
  { name: 'UPM 404, applicationrole []', routes: { ...roleOnly, [ROLE]: [] }, state: 'UNKNOWN', out: /applicationrole answer for jira-software is a list/ },
  { name: 'applicationrole: userCount null', routes: { ...roleOnly, [ROLE]: role({ userCount: null, numberOfSeats: 10, hasUnlimitedSeats: false }) }, state: 'UNKNOWN', out: /userCount as null/ },
  { name: 'applicationrole: no hasUnlimitedSeats', routes: { ...roleOnly, [ROLE]: role({ userCount: 3, numberOfSeats: 10 }) }, state: 'UNKNOWN', out: /no hasUnlimitedSeats/ },
  { name: 'applicationrole: hasUnlimitedSeats "false"', routes: { ...roleOnly, [ROLE]: role({ userCount: 3, numberOfSeats: 10, hasUnlimitedSeats: 'false' }) }, state: 'UNKNOWN', out: /hasUnlimitedSeats as "false"/ },
  { name: 'applicationrole: -1 seats, not unlimited', routes: { ...roleOnly, [ROLE]: role({ userCount: 3, numberOfSeats: -1, hasUnlimitedSeats: false }) }, state: 'UNKNOWN', out: /hasUnlimitedSeats/ },
  { name: 'applicationrole: seats as a string', routes: { ...roleOnly, [ROLE]: role({ userCount: 3, numberOfSeats: '10', hasUnlimitedSeats: false }) }, state: 'UNKNOWN', out: /numberOfSeats as "10"/ },
  { name: 'applicationrole: another key', routes: { ...roleOnly, [ROLE]: role({ key: 'jira-core', userCount: 3, numberOfSeats: 10, hasUnlimitedSeats: false }) }, state: 'UNKNOWN', out: /'jira-core'/ },
  { name: 'applicationrole: good numbers are read', routes: { ...roleOnly, [ROLE]: role({ userCount: 46, numberOfSeats: 50, hasUnlimitedSeats: false }) }, state: 'WARNING', out: /Using 46 of 50 license slots/ },
  { name: 'applicationrole: unlimited with a seat count (resolution.de\'s example)', routes: { ...roleOnly, [ROLE]: role({ userCount: 46, numberOfSeats: 500, hasUnlimitedSeats: true }) }, state: 'OK', out: /46 users, unlimited license/ },
  // Expiry (jira-wire.md 4.4): both encodings are read; a date that cannot be read is UNKNOWN.
  { name: 'expiry: "2020-01-01" is read, and expired', routes: { [UPM_LICENSE]: { maximumNumberOfUsers: 50, expiryDate: '2020-01-01' } }, args: expiry, state: 'CRITICAL', out: /license expired \d+ days ago/ },
  { name: 'expiry: UPM\'s "07/Dec/17" is read, and expired', routes: { [UPM_LICENSE]: { maximumNumberOfUsers: 50, expiryDateString: '07/Dec/17' } }, args: expiry, state: 'CRITICAL', out: /license expired \d+ days ago/ },
  { name: 'expiry: epoch milliseconds', routes: { [UPM_LICENSE]: { maximumNumberOfUsers: 50, expiryDate: NOW + 45.5 * DAY } }, args: expiry, state: 'WARNING', out: /license expires in 45 days/ },
  { name: 'expiry: a Jira datetime', routes: { [UPM_LICENSE]: { maximumNumberOfUsers: 50, expiryDate: `${isoIn(20)}T12:00:00.000+0000` } }, args: expiry, state: 'CRITICAL', out: /license expires in (19|20) days/ },
  { name: 'expiry: a German month', routes: { [UPM_LICENSE]: { maximumNumberOfUsers: 50, expiryDate: '07/Dez/17' } }, args: expiry, state: 'UNKNOWN', out: /expiryDate as "07\/Dez\/17"/ },
  { name: 'expiry: 31 February', routes: { [UPM_LICENSE]: { maximumNumberOfUsers: 50, expiryDate: '2030-02-31' } }, args: expiry, state: 'UNKNOWN', out: /expiryDate as "2030-02-31"/ },
  { name: 'expiry: epoch seconds, not milliseconds', routes: { [UPM_LICENSE]: { maximumNumberOfUsers: 50, expiryDate: Math.floor(NOW / 1000) + 400 * 86_400 } }, args: expiry, state: 'UNKNOWN', out: /expiryDate as \d+/ },
  { name: 'expiry: a bad maintenance date', routes: { [UPM_LICENSE]: { maximumNumberOfUsers: 50, expiryDate: '2099-01-01', maintenanceExpiryDate: true } }, args: expiry, state: 'UNKNOWN', out: /maintenanceExpiryDate as true/ },
  { name: 'expiry: no date at all', routes: { [UPM_LICENSE]: {} }, args: expiry, state: 'UNKNOWN', out: /no expiryDate/ },
  { name: 'expiry: a list', routes: { [UPM_LICENSE]: [] }, args: expiry, state: 'UNKNOWN', out: /license for jira-software is a list/ },
  { name: 'expiry: the number and the string disagree', routes: { [UPM_LICENSE]: { expiryDate: Date.parse('2099-01-01'), expiryDateString: '07/Dec/17' } }, args: expiry, state: 'UNKNOWN', out: /expiryDateString/ },
  { name: 'expiry: "expired" with a date years ahead', routes: { [UPM_LICENSE]: { expiryDate: Date.parse('2099-01-01'), expired: true } }, args: expiry, state: 'UNKNOWN', out: /expired/ },
  { name: 'expiry: null is a license that does not expire', routes: { [UPM_LICENSE]: { expiryDate: null, maintenanceExpiryDate: Date.parse('2099-01-01') } }, args: expiry, state: 'OK', out: /Using 10 of 50/ },
];

for (const c of CASES) {
  test(`license data: ${c.name} is ${c.state}`, async () => {
    sim.reset();
    for (const [path, body] of Object.entries(c.routes)) {
      sim.use(route(path, () => (body === null ? Response.json({ message: 'not installed', 'status-code': 404 }, { status: 404 }) : Response.json(body))));
    }
    const r = await check(['--url', url, ...(c.args ?? [])], ADMIN_ENV);
    assert.equal(r.code, { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 }[c.state], r.out);
    assert.match(r.lines[0] ?? '', new RegExp(`^JIRA LICENSE ${c.state} - `));
    assert.match(r.lines[0] ?? '', c.out);
    assert.doesNotMatch(r.out, /undefined|NaN|Infinity/);
    assert.equal(r.lines.length, 1, `one line without -v: ${r.out}`);
  });
}

test('--app with an empty key (an empty Nagios or Icinga macro) is UNKNOWN, not a check of nothing', async () => {
  sim.reset();
  const r = await check(['--url', url, '--app', ''], ADMIN_ENV);
  assert.equal(r.code, 3, r.out);
  assert.match(r.out, /^JIRA LICENSE UNKNOWN - --app takes an application key/);
  assert.equal(r.lines.length, 1);
});
