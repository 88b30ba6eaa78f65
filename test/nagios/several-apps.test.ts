// Several applications in one run: each is judged on its own, one that cannot be read does not
// hide another's state, and `--app all` with nothing to check is UNKNOWN, never OK.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { route } from '../../src/simulator/index.js';
import { ADMIN_ENV, app, check, jira } from './plugin-process.js';

test('one application not installed, another over its seats: CRITICAL, and both are named', async () => {
  const { url } = await jira({ applications: { 'jira-software': app(50, 50), 'jira-servicedesk': null } });
  const r = await check(['--url', url, '--app', 'jira-servicedesk', '--app', 'jira-software'], ADMIN_ENV);
  assert.equal(r.code, 2, r.out);
  assert.match(r.lines[0] ?? '', /^JIRA LICENSE CRITICAL - jira-servicedesk: .*404.*; jira-software: Using 50 of 50 license slots/);
  assert.match(r.lines[0] ?? '', /'jira-servicedesk_active'=U 'jira-software_active'=50;/, 'the unread one is U in perfdata');
});

test('one application with nonsense, another fine: UNKNOWN, naming the bad one', async () => {
  const { sim, url } = await jira({ applications: { 'jira-software': app(10, 50), 'jira-core': app(3, 10) } });
  sim.use(route('GET /rest/plugins/applications/1.0/installed/jira-core', () => Response.json({ key: 'jira-core', accessDetails: { activeUserCount: null, licensedUserCount: 10 } })));
  const r = await check(['--url', url, '--source', 'upm', '--app', 'jira-software', '--app', 'jira-core'], ADMIN_ENV);
  assert.equal(r.code, 3, r.out);
  assert.match(r.lines[0] ?? '', /^JIRA LICENSE UNKNOWN - jira-software: Using 10 of 50 license slots .*; jira-core: UPM's answer for jira-core gives accessDetails\.activeUserCount as null/);
});

test('the same application twice is checked once', async () => {
  const { url } = await jira({ applications: { 'jira-software': app(10, 50) } });
  const r = await check(['--url', url, '--app', 'jira-software', '--app', 'jira-software'], ADMIN_ENV);
  assert.equal(r.code, 0, r.out);
  assert.equal(r.lines[0]?.match(/'jira-software_active'/g)?.length, 1);
});

test('--app all when Jira lists no application role is UNKNOWN', async () => {
  const { sim, url } = await jira();
  sim.use(route('GET /rest/api/2/applicationrole', () => Response.json([])));
  const r = await check(['--url', url, '--app', 'all'], ADMIN_ENV);
  assert.equal(r.code, 3, r.out);
  assert.match(r.lines[0] ?? '', /^JIRA LICENSE UNKNOWN - Jira's list of application roles is empty/);
});

test('--app all when the list is not a list, or a role has no key, is UNKNOWN', async () => {
  const { sim, url } = await jira();
  for (const [body, out] of [[{}, /is an object, not a list/], [[{ name: 'Jira' }], /gives \[0\]\.key as undefined/], [[{ key: '' }], /\[0\]\.key as ""/]] as const) {
    sim.reset();
    sim.use(route('GET /rest/api/2/applicationrole', () => Response.json(body)));
    const r = await check(['--url', url, '--app', 'all'], ADMIN_ENV);
    assert.equal(r.code, 3, r.out);
    assert.match(r.lines[0] ?? '', out);
  }
});

test('every application unreadable: the run fails with the worst reason, unprefixed', async () => {
  const { url, close } = await jira();
  await close();
  const r = await check(['--url', url, '--app', 'jira-software', '--app', 'jira-core'], ADMIN_ENV);
  assert.equal(r.code, 2, r.out);
  assert.match(r.lines[0] ?? '', /^JIRA LICENSE CRITICAL - Could not connect to 127\.0\.0\.1:\d+: connection refused$/);
});
