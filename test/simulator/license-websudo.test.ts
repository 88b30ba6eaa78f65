// The UPM license resources and WebSudo, which differ by auth kind (jira-wire.md 4.4, 5).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSimulator } from '../../src/simulator/index.js';
import { CONSUMER, testKeyPem } from '../helpers/keys.js';
import { basic, oauthFetch } from '../helpers/sim.js';

const BASE = 'https://jira.test/jira';
const UPM = '/rest/plugins/applications/1.0/installed';
const sim = createSimulator({
  contextPath: '/jira',
  consumers: [{ key: CONSUMER, publicKeyPem: testKeyPem }],
  pats: [['admin', 'PAT-admin']],
  now: () => Date.UTC(2026, 10, 29),
});
let admin: Awaited<ReturnType<typeof oauthFetch>>;
let jdoe: Awaited<ReturnType<typeof oauthFetch>>;
before(async () => {
  admin = await oauthFetch(sim, BASE, 'admin');
  jdoe = await oauthFetch(sim, BASE, 'jdoe');
});

test("the seed's request: accessDetails with active and licensed users, OAuth passing WebSudo", async () => {
  const res = await admin(`${UPM}/jira-software`);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^application\/vnd\.atl\.plugins/);
  const app = (await res.json()) as { accessDetails: { activeUserCount: number; licensedUserCount: number } };
  assert.equal(`Using ${app.accessDetails.activeUserCount} of ${app.accessDetails.licensedUserCount} license slots`, 'Using 45 of 50 license slots');
});

test('the 406 trap: Accept: application/json is refused; */*, vendor types and no Accept work', async () => {
  assert.equal((await admin(`${UPM}/jira-software`, { headers: { accept: 'application/json' } })).status, 406);
  assert.equal((await admin(`${UPM}/jira-software`, { headers: { accept: 'application/json,*.*;q=0.9' } })).status, 406, "python-jira's default Accept");
  assert.equal((await admin(`${UPM}/jira-software`, { headers: { accept: '*/*' } })).status, 200);
  assert.equal((await admin(`${UPM}/jira-software`, { headers: { accept: 'application/vnd.atl.plugins+json' } })).status, 200);
  const lenient = createSimulator({ upmRejectsJson: false });
  const res = await lenient.fetch(`http://j${UPM}/jira-software`, { headers: { accept: 'application/json', authorization: basic('admin', 'admin') } });
  assert.equal(res.status, 200);
});

test('license: expiry in epoch ms, unlimited as -1, 404 for an application that is not installed', async () => {
  const license = (await (await admin(`${UPM}/jira-software/license`)).json()) as Record<string, unknown>;
  assert.equal(license['maximumNumberOfUsers'], 50);
  assert.equal(license['expiryDate'], Date.UTC(2027, 11, 31));
  assert.equal(license['expiryDateString'], '31/Dec/27');
  assert.equal(license['maintenanceExpired'], false);
  const core = (await (await admin(`${UPM}/jira-core`)).json()) as { accessDetails: { licensedUserCount: number } };
  assert.equal(core.accessDetails.licensedUserCount, -1);
  const missing = await admin(`${UPM}/jira-servicedesk`);
  assert.equal(missing.status, 404);
  assert.equal(((await missing.json()) as { 'status-code': number })['status-code'], 404);
});

test('who may read it: non-admin and anonymous get the plugin-shaped 401', async () => {
  const user = await jdoe(`${UPM}/jira-software`);
  assert.equal(user.status, 401);
  assert.deepEqual(await user.json(), { message: 'Must have permission to access this resource.', 'status-code': 401 });
  const anon = await sim.fetch(`${BASE}${UPM}/jira-software`);
  assert.deepEqual(await anon.json(), { message: 'Client must be authenticated to access this resource.', 'status-code': 401 });
});

test('WebSudo on REST: Basic and OAuth pass; a cookie session and a PAT get "requires WebSudo"', async () => {
  assert.equal((await sim.fetch(`${BASE}${UPM}/jira-software`, { headers: { authorization: basic('admin', 'admin') } })).status, 200);
  const session = sim.state.createSession('admin');
  const cookie = await sim.fetch(`${BASE}${UPM}/jira-software`, { headers: { cookie: `JSESSIONID=${session.id}` } });
  assert.equal(cookie.status, 401);
  assert.deepEqual(await cookie.json(), { message: 'This resource requires WebSudo.', 'status-code': 401 });
  const pat = await sim.fetch(`${BASE}${UPM}/jira-software`, { headers: { authorization: 'Bearer PAT-admin' } });
  assert.deepEqual(await pat.json(), { message: 'This resource requires WebSudo.', 'status-code': 401 });
  const patOk = createSimulator({ pats: [['admin', 'P']], patBypassesWebSudo: true });
  assert.equal((await patOk.fetch(`http://j${UPM}/jira-software`, { headers: { authorization: 'Bearer P' } })).status, 200);
});

test('/secure/admin pages send every auth kind to WebSudoAuthenticate; only a session that confirms gets in', async () => {
  const target = '/secure/admin/ViewSystemInfo.jspa';
  const expected = `${BASE}/secure/admin/WebSudoAuthenticate!default.jspa?webSudoDestination=${encodeURIComponent(target)}`;
  assert.equal((await admin(target)).headers.get('location'), expected, 'OAuth');
  assert.equal((await sim.fetch(`${BASE}${target}`, { headers: { authorization: basic('admin', 'admin') } })).headers.get('location'), expected, 'Basic');
  const session = sim.state.createSession('admin');
  const cookie = { cookie: `JSESSIONID=${session.id}` };
  assert.equal((await sim.fetch(`${BASE}${target}`, { headers: cookie })).headers.get('location'), expected, 'session before WebSudo');
  const form = await sim.fetch(expected, { headers: cookie });
  assert.match(await form.text(), /name="webSudoPassword"/);
  const confirm = await sim.fetch(`${BASE}/secure/admin/WebSudoAuthenticate.jspa`, {
    method: 'POST',
    headers: { ...cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-atlassian-token': 'no-check' },
    body: `webSudoPassword=admin&webSudoDestination=${encodeURIComponent(target)}&webSudoIsPost=false`,
  });
  assert.equal(confirm.status, 302);
  assert.equal(confirm.headers.get('x-atlassian-websudo'), 'Has-Authentication');
  const page = await sim.fetch(`${BASE}${target}`, { headers: cookie });
  assert.equal(page.status, 200);
});
