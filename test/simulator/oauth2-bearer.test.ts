// Calling Jira with an OAuth 2.0 access token in-process: Bearer (case-sensitive) and
// Basic-with-token, bad tokens served as anonymous, PATs untouched, and what each scope allows
// (docs/oauth2-provider.md 1.8, 1.10).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_CLIENT, BASE, READ_CLIENT, WRITE_CLIENT, oauth2Sim, tokens, withBearer } from '../helpers/oauth2.js';

const PAT_LIKE_JWT = 'aGVsbG8.d29ybGQ.cGF0';
const UPM = '/rest/plugins/applications/1.0/installed/jira-software';

test('Bearer with a live token is the user; a PAT is still a PAT, even one shaped like a JWT', async () => {
  const sim = oauth2Sim({ pats: [['jdoe', PAT_LIKE_JWT]] });
  const { access_token: token } = await tokens(sim);
  const me = await withBearer(sim, '/rest/api/2/myself', token);
  assert.equal(me.status, 200);
  assert.equal(me.headers.get('x-ausername'), 'admin');
  assert.equal(((await me.json()) as { name: string }).name, 'admin');
  const pat = await withBearer(sim, '/rest/api/2/myself', PAT_LIKE_JWT);
  assert.equal(pat.headers.get('x-ausername'), 'jdoe');
});

test('a bad or expired token is served as anonymous (X-AUSERNAME anonymous), not refused', async () => {
  const sim = oauth2Sim();
  const { access_token: token } = await tokens(sim);
  const [header, payload, sig = ''] = token.split('.');
  const forged = `${header}.${payload}.${sig.slice(0, -2)}AA`;
  for (const bad of [forged, `${header}.${Buffer.from('{"id":"x"}').toString('base64url')}.${sig}`]) {
    const info = await withBearer(sim, '/rest/api/2/serverInfo', bad);
    assert.equal(info.status, 200);
    assert.equal(info.headers.get('x-ausername'), 'anonymous');
    const me = await withBearer(sim, '/rest/api/2/myself', bad);
    assert.equal(me.status, 401, 'the resource decides: myself needs a login');
    assert.equal(me.headers.get('x-ausername'), 'anonymous');
  }
  sim.clock.ms += 3_600_001;
  const expired = await withBearer(sim, '/rest/api/2/myself', token);
  assert.equal(expired.status, 401);
  assert.equal(expired.headers.get('x-ausername'), 'anonymous');
  assert.equal((await withBearer(sim, '/rest/api/2/serverInfo', token)).headers.get('x-ausername'), 'anonymous');
});

test('the invalidTokenAnswer setting gives a bad token the PAT filter\'s 401 instead', async () => {
  const sim = oauth2Sim({ oauth2: { invalidTokenAnswer: 'unauthorized' } });
  const res = await withBearer(sim, '/rest/api/2/serverInfo', 'a.b.c');
  assert.equal(res.status, 401);
  assert.equal(res.headers.get('x-ausername'), 'anonymous');
});

test('the scheme is case-sensitive: "bearer <token>" is not read by the OAuth 2.0 filter', async () => {
  const sim = oauth2Sim();
  const { access_token: token } = await tokens(sim);
  const res = await sim.fetch(`${BASE}/rest/api/2/myself`, { headers: { authorization: `bearer ${token}` } });
  assert.equal(res.status, 401, 'the PAT filter sees an unknown PAT');
});

test('the access token works as the Basic password, whatever the user name; not when the setting is off', async () => {
  const sim = oauth2Sim();
  const { access_token: token } = await tokens(sim);
  const basic = `Basic ${Buffer.from(`anything:${token}`).toString('base64')}`;
  const res = await sim.fetch(`${BASE}/rest/api/2/myself`, { headers: { authorization: basic } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-ausername'), 'admin');
  const off = oauth2Sim({ oauth2: { tokenViaBasic: false } });
  const offToken = (await tokens(off)).access_token;
  const refused = await off.fetch(`${BASE}/rest/api/2/myself`, { headers: { authorization: `Basic ${Buffer.from(`admin:${offToken}`).toString('base64')}` } });
  assert.equal(refused.status, 401);
  assert.equal(refused.headers.get('x-seraph-loginreason'), 'AUTHENTICATED_FAILED');
});

test('a READ token may GET, and any other method is 403 with Jira\'s text', async () => {
  const sim = oauth2Sim();
  const { access_token: token } = await tokens(sim, READ_CLIENT);
  assert.equal((await withBearer(sim, '/rest/api/2/issue/PROJ-1', token)).status, 200);
  for (const method of ['POST', 'PUT', 'DELETE']) {
    const res = await withBearer(sim, '/rest/api/2/issue/PROJ-1/comment', token, { method, headers: { 'content-type': 'application/json' }, body: '{"body":"hi"}' });
    assert.equal(res.status, 403, method);
    assert.match(await res.text(), new RegExp(`Request does not have write scope\\. Cannot complete ${method} request\\.`));
  }
  const write = (await tokens(sim, WRITE_CLIENT)).access_token;
  const comment = await withBearer(sim, '/rest/api/2/issue/PROJ-1/comment', write, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"body":"hi"}' });
  assert.equal(comment.status, 201);
});

test('licence and application roles need an ADMIN token of an administrator', async () => {
  const sim = oauth2Sim();
  const write = (await tokens(sim, WRITE_CLIENT)).access_token;
  const upm = await withBearer(sim, UPM, write);
  assert.equal(upm.status, 401);
  assert.deepEqual(await upm.json(), { message: 'Must have permission to access this resource.', 'status-code': 401 });
  assert.equal((await withBearer(sim, '/rest/api/2/applicationrole', write)).status, 403);
  const admin = (await tokens(sim, ADMIN_CLIENT)).access_token;
  const ok = await withBearer(sim, UPM, admin);
  assert.equal(ok.status, 200, 'no WebSudo for tokens by default');
  assert.equal(((await ok.json()) as { accessDetails: { licensedUserCount: number } }).accessDetails.licensedUserCount, 50);
  assert.equal((await withBearer(sim, '/rest/api/2/applicationrole', admin)).status, 200);
  const jdoe = (await tokens(sim, ADMIN_CLIENT, 'jdoe')).access_token;
  assert.equal((await withBearer(sim, UPM, jdoe)).status, 401, 'the scope never adds rights the user lacks');
  assert.equal((await withBearer(sim, '/rest/api/2/applicationrole', jdoe)).status, 403);
});

test('the webSudo setting makes UPM refuse tokens as it refuses cookie sessions', async () => {
  const sim = oauth2Sim({ oauth2: { webSudo: 'required' } });
  const res = await withBearer(sim, UPM, (await tokens(sim)).access_token);
  assert.equal(res.status, 401);
  assert.deepEqual(await res.json(), { message: 'This resource requires WebSudo.', 'status-code': 401 });
});

test('/token and /revoke take form posts without X-Atlassian-Token; REST resources still want it from a token', async () => {
  const sim = oauth2Sim();
  const { access_token: token } = await tokens(sim, WRITE_CLIENT);
  const form = { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=password' };
  const tokenEndpoint = await sim.fetch(`${BASE}/rest/oauth2/latest/token`, form);
  assert.equal(tokenEndpoint.status, 400);
  assert.equal(((await tokenEndpoint.json()) as { error: string }).error, 'unsupported_grant_type');
  const revoke = await sim.fetch(`${BASE}/rest/oauth2/latest/revoke`, form);
  assert.equal(revoke.status, 400, 'past XSRF: invalid_request for the missing client_id');
  const resource = await withBearer(sim, '/rest/api/2/issue/PROJ-1/comment', token, form);
  assert.equal(resource.status, 403);
  assert.equal(await resource.text(), 'XSRF check failed');
});

test('tokens are rate-limited like other REST clients', async () => {
  const sim = oauth2Sim({ rateLimit: { fillRate: 1, intervalSeconds: 60, max: 1 } });
  const { access_token: token } = await tokens(sim);
  assert.equal((await withBearer(sim, '/rest/api/2/myself', token)).status, 200);
  assert.equal((await withBearer(sim, '/rest/api/2/myself', token)).status, 429);
});
