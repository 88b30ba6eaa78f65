// Every way to call the simulator: Basic, PAT, OAuth, browser session, anonymous (jira-wire.md 3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSimulator } from '../../src/simulator/index.js';
import { signOAuth1 } from '../../src/auth/oauth1.js';
import { getAccessToken, getAuthorizeUrl, getRequestToken } from '../../src/client/oauth1-dance.js';
import { approveAsUser } from '../../src/simulator/index.js';
import { CONSUMER, testKeyPem, testPrivateKey } from '../helpers/keys.js';
import { basic, oauthFetch } from '../helpers/sim.js';

const BASE = 'http://jira.test/jira';
const newSim = (extra = {}) => createSimulator({ contextPath: '/jira', consumers: [{ key: CONSUMER, publicKeyPem: testKeyPem }], pats: [['jdoe', 'PAT-jdoe-1234']], ...extra });
const myself = (sim: ReturnType<typeof newSim>, headers: Record<string, string> = {}) => sim.fetch(`${BASE}/rest/api/2/myself`, { headers });

test('Basic: good credentials answer as the user with X-Seraph-LoginReason OK and a session cookie', async () => {
  const sim = newSim();
  const res = await myself(sim, { authorization: basic('jdoe', 'jdoe') });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-ausername'), 'jdoe');
  assert.equal(res.headers.get('x-seraph-loginreason'), 'OK');
  assert.match(res.headers.getSetCookie()[0] ?? '', /^JSESSIONID=\w+; Path=\/jira; HttpOnly$/);
});

test('Basic: a wrong password is 401 AUTHENTICATED_FAILED with the realm; repeated failures hit the CAPTCHA', async () => {
  const sim = newSim();
  for (let i = 0; i < 3; i++) {
    const res = await myself(sim, { authorization: basic('jdoe', 'wrong') });
    assert.equal(res.status, 401);
    assert.equal(res.headers.get('x-seraph-loginreason'), 'AUTHENTICATED_FAILED');
    assert.equal(res.headers.get('www-authenticate'), 'OAuth realm="http%3A%2F%2Fjira.test%2Fjira"');
    assert.equal(res.headers.get('x-ausername'), 'anonymous');
  }
  const locked = await myself(sim, { authorization: basic('jdoe', 'jdoe') });
  assert.equal(locked.status, 403);
  assert.equal(locked.headers.get('x-authentication-denied-reason'), 'CAPTCHA_CHALLENGE; login-url=http://jira.test/jira/login.jsp');
  assert.equal(locked.headers.get('x-seraph-loginreason'), 'AUTHENTICATION_DENIED');
  assert.match(await locked.text(), /Basic Authentication Failure - Reason : AUTHENTICATION_DENIED/);
});

test('PAT: a valid token is the user; a revoked or unknown one is 401', async () => {
  const sim = newSim();
  assert.equal((await myself(sim, { authorization: 'Bearer PAT-jdoe-1234' })).headers.get('x-ausername'), 'jdoe');
  assert.equal((await myself(sim, { authorization: 'Bearer nope' })).status, 401);
  const pat = sim.state.pats.get('PAT-jdoe-1234');
  assert.ok(pat);
  pat.revoked = true;
  const revoked = await myself(sim, { authorization: 'Bearer PAT-jdoe-1234' });
  assert.equal(revoked.status, 401);
  assert.equal(revoked.headers.get('x-ausername'), 'anonymous');
});

test('OAuth and PAT hand out a JSESSIONID that is worth nothing on its own', async () => {
  const sim = newSim();
  const jdoe = await oauthFetch(sim, BASE, 'jdoe');
  const signed = await jdoe('/rest/api/2/myself');
  assert.equal(signed.status, 200);
  const cookie = (signed.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  assert.match(cookie, /^JSESSIONID=\w+$/);
  const replay = await myself(sim, { cookie });
  assert.equal(replay.status, 401, 'OAuth invalidates the session after the request');
  const pat = await myself(sim, { authorization: 'Bearer PAT-jdoe-1234' });
  const patCookie = (pat.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
  assert.equal((await myself(sim, { cookie: patCookie })).status, 401);
});

test('anonymous: X-AUSERNAME anonymous on every answer; serverInfo without serverTime, or 401 when locked down', async () => {
  const sim = newSim();
  const info = await sim.fetch(`${BASE}/rest/api/latest/serverInfo`);
  assert.equal(info.status, 200);
  assert.equal(info.headers.get('x-ausername'), 'anonymous');
  const body = (await info.json()) as Record<string, unknown>;
  assert.equal(body['deploymentType'], 'Server');
  assert.equal(body['serverTime'], undefined);
  const page = await sim.fetch(`${BASE}/login.jsp`);
  assert.equal(page.headers.get('x-ausername'), 'anonymous');
  const locked = newSim({ serverInfoRequiresAuth: true });
  const denied = await locked.fetch(`${BASE}/rest/api/2/serverInfo`);
  assert.equal(denied.status, 401);
  assert.match(denied.headers.get('www-authenticate') ?? '', /^OAuth realm=/);
});

test('outside the context path is a 404 page', async () => {
  const sim = newSim();
  assert.equal((await sim.fetch('http://jira.test/rest/api/2/serverInfo')).status, 404);
});

test('UNCONFIRMED behaviours are settings: anonymous serverTime, bad PATs as anonymous, the search cap', async () => {
  const sim = newSim({ serverTimeForAnonymous: true, invalidPatAnswer: 'anonymous', maxResultsCap: 10 });
  assert.ok(((await (await sim.fetch(`${BASE}/rest/api/2/serverInfo`)).json()) as { serverTime?: string }).serverTime);
  const pat = await myself(sim, { authorization: 'Bearer revoked-or-unknown' });
  assert.equal(pat.status, 401, 'myself needs a user either way');
  assert.equal(pat.headers.get('x-ausername'), 'anonymous');
  assert.deepEqual(await pat.json(), { errorMessages: ['You are not authenticated. Authentication required to perform this operation.'], errors: {} });
  const page = (await (await sim.fetch(`${BASE}/rest/api/2/search?maxResults=50`, { headers: { authorization: 'Bearer PAT-jdoe-1234' } })).json()) as { maxResults: number; issues: unknown[] };
  assert.equal(page.maxResults, 10);
  assert.equal(page.issues.length, 10);
});

test('an access token renews with its session handle; the old token stops working', async () => {
  const sim = newSim();
  const options = { server: BASE, consumerKey: CONSUMER, privateKey: testPrivateKey, fetch: sim.fetch };
  const rt = await getRequestToken(options);
  await approveAsUser({ authorizeUrl: getAuthorizeUrl(BASE, rt.token), username: 'jdoe', password: 'jdoe', fetch: sim.fetch });
  const at = await getAccessToken({ ...options, requestToken: rt.token });
  const url = new URL(`${BASE}/plugins/servlet/oauth/access-token`);
  const renew = async (handle: string) => {
    const signed = signOAuth1({ method: 'POST', url, contentType: 'application/x-www-form-urlencoded', body: `oauth_session_handle=${handle}` }, { consumerKey: CONSUMER, privateKey: testPrivateKey, token: at.token });
    return sim.fetch(url, { method: 'POST', headers: { authorization: signed.header, 'content-type': 'application/x-www-form-urlencoded' }, body: `oauth_session_handle=${handle}` });
  };
  assert.equal((await renew('wrong')).status, 401);
  const res = await renew(at.sessionHandle ?? '');
  assert.equal(res.status, 200);
  const fresh = new URLSearchParams(await res.text());
  assert.notEqual(fresh.get('oauth_token'), at.token);
  assert.equal(fresh.get('oauth_session_handle'), at.sessionHandle);
  const old = new URL(`${BASE}/rest/api/2/myself`);
  const oldSigned = signOAuth1({ method: 'GET', url: old }, { consumerKey: CONSUMER, privateKey: testPrivateKey, token: at.token });
  assert.equal((await sim.fetch(old, { headers: { authorization: oldSigned.header } })).status, 401);
});
