// The simulator's OAuth provider answers as Jira's does (jira-wire.md 2): statuses, bodies,
// challenges, the anonymous fall-through, and the authorize page's error paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSimulator } from '../../src/simulator/index.js';
import { signOAuth1 } from '../../src/auth/oauth1.js';
import { authorizationHeader, parseForm, type Param } from '../../src/auth/oauth1-signature.js';
import { getAccessToken, getAuthorizeUrl, getRequestToken } from '../../src/client/oauth1-dance.js';
import { approveAsUser } from '../../src/simulator/index.js';
import { CONSUMER, testKeyPem, testPrivateKey } from '../helpers/keys.js';

const BASE = 'https://jira.example.com:8443/jira';
const newSim = (extra = {}) => createSimulator({ contextPath: '/jira', consumers: [{ key: CONSUMER, publicKeyPem: testKeyPem }], ...extra });

function signed(method: string, url: string, opts: { token?: string; callback?: string } = {}, tamper?: (p: Param[]) => Param[]) {
  const s = signOAuth1({ method, url: new URL(url) }, { consumerKey: CONSUMER, privateKey: testPrivateKey, ...opts });
  return tamper ? authorizationHeader(tamper([...s.params])) : s.header;
}

async function form(res: Response) {
  return Object.fromEntries(parseForm(await res.text()));
}

test('request-token success is form text with Content-Type text/plain; GET is an empty 200', async () => {
  const sim = newSim();
  const ok = await sim.fetch(`${BASE}/plugins/servlet/oauth/request-token`, { method: 'POST', headers: { authorization: signed('POST', `${BASE}/plugins/servlet/oauth/request-token`) } });
  assert.equal(ok.status, 200);
  assert.match(ok.headers.get('content-type') ?? '', /^text\/plain/);
  assert.deepEqual(Object.keys(await form(ok)), ['oauth_token', 'oauth_token_secret']);
  const get = await sim.fetch(`${BASE}/plugins/servlet/oauth/request-token`);
  assert.equal(get.status, 200);
  assert.equal(await get.text(), '');
});

test('HMAC-SHA1 is 400 signature_method_rejected with a form body and a percent-encoded realm', async () => {
  const sim = newSim();
  const url = `${BASE}/plugins/servlet/oauth/request-token`;
  const header = signed('POST', url, {}, (p) => p.map(([n, v]) => [n, n === 'oauth_signature_method' ? 'HMAC-SHA1' : v] as Param));
  const res = await sim.fetch(url, { method: 'POST', headers: { authorization: header } });
  assert.equal(res.status, 400);
  assert.equal(res.headers.get('content-type'), 'application/x-www-form-urlencoded;charset=UTF-8');
  assert.equal(res.headers.get('www-authenticate'), 'OAuth realm="https%3A%2F%2Fjira.example.com%3A8443%2Fjira", oauth_problem="signature_method_rejected"');
  assert.deepEqual(await form(res), { oauth_problem: 'signature_method_rejected' });
});

test('a 401 problem carries the bare realm challenge and the problem challenge', async () => {
  const sim = newSim();
  const url = `${BASE}/plugins/servlet/oauth/access-token`;
  const res = await sim.fetch(url, { method: 'POST', headers: { authorization: signed('POST', url, { token: 'unknown-token' }) } });
  assert.equal(res.status, 401);
  assert.equal(res.headers.get('www-authenticate'), 'OAuth realm="https%3A%2F%2Fjira.example.com%3A8443%2Fjira", OAuth realm="https%3A%2F%2Fjira.example.com%3A8443%2Fjira", oauth_problem="token_rejected"');
});

test('a callback that is not an absolute http(s) URL is parameter_rejected with the spec advice', async () => {
  const sim = newSim();
  const url = `${BASE}/plugins/servlet/oauth/request-token`;
  const res = await sim.fetch(url, { method: 'POST', headers: { authorization: signed('POST', url, { callback: 'ftp://x' }) } });
  assert.equal(res.status, 400);
  const body = await form(res);
  assert.equal(body['oauth_problem'], 'parameter_rejected');
  assert.equal(body['oauth_parameters_rejected'], 'oauth_callback');
  assert.match(body['oauth_problem_advice'] ?? '', /The following invalid URI was supplied 'ftp:\/\/x'$/);
});

test('oauth_version other than 1.0 and repeated oauth_ parameters are rejected', async () => {
  const sim = newSim();
  const url = `${BASE}/plugins/servlet/oauth/request-token`;
  const v2 = signed('POST', url, {}, (p) => p.map(([n, v]) => [n, n === 'oauth_version' ? '2.0' : v] as Param));
  const res = await sim.fetch(url, { method: 'POST', headers: { authorization: v2 } });
  assert.equal(res.status, 400);
  assert.deepEqual(await form(res), { oauth_problem: 'version_rejected', oauth_acceptable_versions: '1.0-1.0' });
  const dup = await sim.fetch(`${url}?oauth_nonce=again`, { method: 'POST', headers: { authorization: signed('POST', url) } });
  assert.equal(dup.status, 400);
  assert.deepEqual(await form(dup), { oauth_problem: 'parameter_rejected', oauth_parameters_rejected: 'oauth_nonce' });
});

test('a REST request missing one of the six oauth parameters is served as anonymous', async () => {
  const sim = newSim();
  const url = `${BASE}/rest/api/2/myself`;
  const header = signed('GET', url, { token: 'whatever' }, (p) => p.filter(([n]) => n !== 'oauth_nonce'));
  const res = await sim.fetch(url, { headers: { authorization: header } });
  assert.equal(res.status, 401);
  assert.equal(res.headers.get('x-ausername'), 'anonymous');
  assert.deepEqual(await res.json(), { errorMessages: ['You are not authenticated. Authentication required to perform this operation.'], errors: {} });
  const info = await sim.fetch(`${BASE}/rest/api/2/serverInfo`, { headers: { authorization: header } });
  assert.equal(info.status, 200);
  assert.equal(((await info.json()) as { serverTime?: string }).serverTime, undefined, 'no serverTime for anonymous');
});

test('signatures over queries with + and %20 both verify (+ is a space in the base string)', async () => {
  const sim = newSim();
  const rt = await getRequestToken({ server: BASE, consumerKey: CONSUMER, privateKey: testPrivateKey, fetch: sim.fetch });
  await approveAsUser({ authorizeUrl: getAuthorizeUrl(BASE, rt.token), username: 'jdoe', password: 'jdoe', fetch: sim.fetch });
  const at = await getAccessToken({ server: BASE, consumerKey: CONSUMER, privateKey: testPrivateKey, fetch: sim.fetch, requestToken: rt.token });
  for (const query of ['jql=project+%3D+X&fields=a&fields=b', 'jql=project%20%3D%20X', 'x=%E2%9C%93&empty=']) {
    const url = `${BASE}/rest/api/2/myself?${query}`;
    const res = await sim.fetch(url, { headers: { authorization: signed('GET', url, { token: at.token }) } });
    assert.equal(res.headers.get('x-ausername'), 'jdoe', query);
  }
  // A signature made over a different query does not.
  const res = await sim.fetch(`${BASE}/rest/api/2/myself?a=2`, { headers: { authorization: signed('GET', `${BASE}/rest/api/2/myself?a=1`, { token: at.token }) } });
  assert.equal(res.status, 401);
  assert.equal((await form(res))['oauth_problem'], 'signature_invalid');
});

test('authorize page errors are HTML with a challenge: absent, unknown and used tokens', async () => {
  const sim = newSim();
  const absent = await sim.fetch(`${BASE}/plugins/servlet/oauth/authorize`);
  assert.equal(absent.status, 400);
  assert.match(absent.headers.get('content-type') ?? '', /text\/html/);
  const unknown = await sim.fetch(`${BASE}/plugins/servlet/oauth/authorize?oauth_token=nope`);
  assert.equal(unknown.status, 401);
  assert.match(unknown.headers.get('www-authenticate') ?? '', /oauth_problem="token_rejected"/);
  const rt = await getRequestToken({ server: BASE, consumerKey: CONSUMER, privateKey: testPrivateKey, fetch: sim.fetch });
  const login = await sim.fetch(getAuthorizeUrl(BASE, rt.token));
  assert.equal(login.status, 302);
  assert.equal(login.headers.get('location'), `${BASE}/login.jsp?permissionViolation=true&os_destination=${encodeURIComponent(`/plugins/servlet/oauth/authorize?oauth_token=${rt.token}`)}`);
  await approveAsUser({ authorizeUrl: getAuthorizeUrl(BASE, rt.token), username: 'jdoe', password: 'jdoe', fetch: sim.fetch });
  const used = await sim.fetch(getAuthorizeUrl(BASE, rt.token));
  assert.equal(used.status, 401);
  assert.match(used.headers.get('www-authenticate') ?? '', /token_used/);
});

test('posting the authorize form without the right atl_token is 403', async () => {
  const sim = newSim();
  const rt = await getRequestToken({ server: BASE, consumerKey: CONSUMER, privateKey: testPrivateKey, fetch: sim.fetch });
  const session = sim.state.createSession('jdoe');
  const res = await sim.fetch(`${BASE}/plugins/servlet/oauth/authorize`, {
    method: 'POST',
    headers: { cookie: `JSESSIONID=${session.id}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: `oauth_token=${rt.token}&atl_token=forged&approve=Allow`,
  });
  assert.equal(res.status, 403);
  assert.match(await res.text(), /SecurityTokenMissing/);
  assert.equal(sim.state.tokens.get(rt.token)?.authorization, 'none');
});

test('wrong password on the login page re-renders it with AUTHENTICATED_FAILED', async () => {
  const sim = newSim();
  const rt = await getRequestToken({ server: BASE, consumerKey: CONSUMER, privateKey: testPrivateKey, fetch: sim.fetch });
  await assert.rejects(approveAsUser({ authorizeUrl: getAuthorizeUrl(BASE, rt.token), username: 'jdoe', password: 'nope', fetch: sim.fetch }), /login failed/);
});

test('2-legged OAuth (empty oauth_token) runs as the consumer\'s execute-as user when allowed', async () => {
  const sim = createSimulator({ consumers: [{ key: 'twolo', publicKeyPem: testKeyPem, twoLeggedAllowed: true, executeAs: 'admin' }, { key: CONSUMER, publicKeyPem: testKeyPem }] });
  const url = 'http://jira.test/rest/api/2/myself';
  const sign2lo = (consumerKey: string) => signOAuth1({ method: 'GET', url: new URL(url) }, { consumerKey, privateKey: testPrivateKey, token: '' }).header;
  const ok = await sim.fetch(url, { headers: { authorization: sign2lo('twolo') } });
  assert.equal(ok.headers.get('x-ausername'), 'admin');
  const denied = await sim.fetch(url, { headers: { authorization: sign2lo(CONSUMER) } });
  assert.equal(denied.status, 401);
  assert.equal((await form(denied))['oauth_problem'], 'permission_denied');
});

test('nonces are remembered per consumer for the window only, so memory stays flat', async () => {
  let now = 1_800_000_000_000;
  const sim = newSim({ now: () => now });
  const url = `${BASE}/plugins/servlet/oauth/request-token`;
  for (let i = 0; i < 50; i++) {
    const res = await sim.fetch(url, { method: 'POST', headers: { authorization: signOAuth1({ method: 'POST', url: new URL(url) }, { consumerKey: CONSUMER, privateKey: testPrivateKey, now: () => now }).header } });
    assert.equal(res.status, 200);
  }
  assert.equal(sim.nonces.size, 50);
  now += 301_000;
  await sim.fetch(url, { method: 'POST', headers: { authorization: signOAuth1({ method: 'POST', url: new URL(url) }, { consumerKey: CONSUMER, privateKey: testPrivateKey, now: () => now }).header } });
  assert.equal(sim.nonces.size, 1);
});
