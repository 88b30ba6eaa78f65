// readLicense, the library the plugin and the metrics share: checked numbers from the simulator
// in-process, Unix seconds for the dates, and a LicenseDataError that names the field.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../../src/client/client.js';
import { createBasicAuth } from '../../src/auth/basic.js';
import { createTokenAuth } from '../../src/auth/token.js';
import { createSimulator, route } from '../../src/simulator/index.js';
import { ConfigError, HttpError, isLicenseDataError, LicenseDataError, listApplicationKeys, parseLicenseDate, readLicense } from '../../src/index.js';

const BASE = 'http://jira.test';
const apps = {
  'jira-software': { name: 'Jira Software', version: '10.3.19', activeUsers: 45, licensedUsers: 50, expiryDate: '2027-12-31', maintenanceExpiryDate: '2027-06-30' },
  'jira-core': { name: 'Jira Core', version: '10.3.19', activeUsers: 45, licensedUsers: -1, platform: true },
  'jira-servicedesk': null,
};
const setup = () => {
  const sim = createSimulator({ applications: apps, pats: [['admin', 'PAT']] });
  return { sim, jira: createClient({ baseUrl: BASE, auth: createBasicAuth({ username: 'admin', password: 'admin' }), fetch: sim.fetch }) };
};

test('readLicense: seats and users from UPM, dates as Unix seconds', async () => {
  const { jira } = setup();
  assert.deepEqual(await readLicense(jira, 'jira-software', { expiry: true }), {
    app: 'jira-software', source: 'upm', users: 45, seats: 50, unlimited: false,
    expiry: { licenseExpiresAt: Date.UTC(2027, 11, 31) / 1000, maintenanceExpiresAt: Date.UTC(2027, 5, 30) / 1000 },
  });
  assert.deepEqual(await readLicense(jira, 'jira-core'), { app: 'jira-core', source: 'upm', users: 45, seats: undefined, unlimited: true });
});

test('readLicense: applicationrole on request, and as the fallback when UPM refuses a PAT (WebSudo)', async () => {
  const { sim, jira } = setup();
  assert.equal((await readLicense(jira, 'jira-software', { source: 'applicationrole' })).source, 'applicationrole');
  const pat = createClient({ baseUrl: BASE, auth: createTokenAuth('PAT'), fetch: sim.fetch });
  assert.deepEqual(await readLicense(pat, 'jira-software'), { app: 'jira-software', source: 'applicationrole', users: 45, seats: 50, unlimited: false });
});

test('readLicense: UPM nonsense falls back to applicationrole; nonsense from both names applicationrole\'s field', async () => {
  const { sim, jira } = setup();
  sim.use(route('GET /rest/plugins/applications/1.0/installed/:app', () => Response.json({ accessDetails: { activeUserCount: null, licensedUserCount: 50 } })));
  assert.equal((await readLicense(jira, 'jira-software')).source, 'applicationrole');
  await assert.rejects(readLicense(jira, 'jira-software', { source: 'upm' }), (e: unknown) => e instanceof LicenseDataError && e.field === 'accessDetails.activeUserCount' && e.resource === 'upm' && e.app === 'jira-software');
  sim.use(route('GET /rest/api/2/applicationrole/:key', () => Response.json({ key: 'jira-software', userCount: 3, numberOfSeats: -1, hasUnlimitedSeats: false })));
  await assert.rejects(readLicense(jira, 'jira-software'), (e: unknown) => isLicenseDataError(e) && e.field === 'hasUnlimitedSeats' && /numberOfSeats as -1 \(unlimited\) but hasUnlimitedSeats as false/.test(e.message));
});

test('readLicense: an application that is not installed is the HTTP error, not a data error', async () => {
  const { jira } = setup();
  await assert.rejects(readLicense(jira, 'jira-servicedesk'), (e: unknown) => e instanceof HttpError && e.status === 404);
});

test('readLicense: a key that names no application is refused before anything is sent', async () => {
  const { sim } = setup();
  let asked = 0;
  const counting: typeof sim.fetch = (input, init) => { asked++; return sim.fetch(input, init); };
  const jira = createClient({ baseUrl: BASE, auth: createBasicAuth({ username: 'admin', password: 'admin' }), fetch: counting });
  for (const key of ['', ' ', 'a/b', '../x', 'jira software']) {
    await assert.rejects(readLicense(jira, key), ConfigError, key);
  }
  assert.equal(asked, 0);
  await readLicense(jira, 'jira-software');
  assert.equal(asked, 1, 'the counter counts');
});

test('listApplicationKeys: every role once; an empty list is a LicenseDataError', async () => {
  const { sim, jira } = setup();
  assert.deepEqual(await listApplicationKeys(jira), ['jira-software', 'jira-core']);
  sim.use(route('GET /rest/api/2/applicationrole', () => Response.json([])));
  await assert.rejects(listApplicationKeys(jira), (e: unknown) => e instanceof LicenseDataError && e.resource === 'applicationrole-list' && /is empty/.test(e.message));
});

test('client.license(): a null count is an error, never 0', async () => {
  const { sim, jira } = setup();
  sim.use(route('GET /rest/plugins/applications/1.0/installed/:app', () => Response.json({ accessDetails: { activeUserCount: null, licensedUserCount: 50 } })));
  await assert.rejects(jira.license('jira-software'), (e: unknown) => e instanceof LicenseDataError && e.field === 'accessDetails.activeUserCount');
});

test('parseLicenseDate: the encodings UPM and Jira use, and nothing else', () => {
  const dec7 = Date.UTC(2017, 11, 7);
  for (const [input, ms] of [
    [4100331600000, 4100331600000], ['4100331600000', 4100331600000], ['2017-12-07', dec7], ['07/Dec/17', dec7], ['7/dec/2017', dec7],
    ['2017-12-07T00:00:00.000+0000', dec7], ['2017-12-07T01:00:00+01:00', dec7], ['2017-12-07T00:00Z', dec7],
  ] as const) {
    assert.equal(parseLicenseDate(input), ms, String(input));
  }
  for (const input of [null, undefined, true, {}, [], '', 'soon', '07/Dez/17', '2017-02-30', '2017-13-01', '2017-12-07T25:00:00Z', 1512604800, -1, 1.5e12 + 0.5, Infinity, NaN, '1e12', 9e15, '12/07/2017']) {
    assert.equal(parseLicenseDate(input), undefined, String(input));
  }
});
