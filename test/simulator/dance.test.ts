// The dance's three legs against the simulator in-process: every mode, and the problems Jira
// answers when a leg is wrong.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSimulator } from '../../src/simulator/index.js';
import { getAccessToken, getAuthorizeUrl, getRequestToken } from '../../src/client/oauth1-dance.js';
import { createOAuth1Auth } from '../../src/auth/oauth1.js';
import { approveAsUser } from '../../src/simulator/index.js';
import { OAuthProblemError } from '../../src/errors/oauth-problem-error.js';
import { CONSUMER, otherPrivateKey, testKeyPem, testPrivateKey } from '../helpers/keys.js';

const SERVER = 'http://jira.test:8080/jira';

function setup(now?: () => number) {
  const sim = createSimulator({ contextPath: '/jira', consumers: [{ key: CONSUMER, publicKeyPem: testKeyPem, name: 'Monitor Jira License' }], ...(now ? { now } : {}) });
  const opts = { server: SERVER, consumerKey: CONSUMER, privateKey: testPrivateKey, fetch: sim.fetch, ...(now ? { now } : {}) };
  return { sim, opts };
}

async function myself(sim: ReturnType<typeof setup>['sim'], token: string) {
  const auth = createOAuth1Auth({ consumerKey: CONSUMER, privateKey: testPrivateKey, token });
  const url = new URL(`${SERVER}/rest/api/2/myself`);
  return sim.fetch(url, { headers: { authorization: (await auth.sign({ method: 'GET', url })) ?? '' } });
}

test('OAuth 1.0 dance (no callback, no verifier) yields a token that works', async () => {
  const { sim, opts } = setup();
  const rt = await getRequestToken(opts);
  assert.match(rt.token, /^[A-Za-z0-9]{32}$/);
  assert.match(rt.tokenSecret, /^[A-Za-z0-9]{32}$/);
  assert.equal(rt.callbackConfirmed, false);
  const approved = await approveAsUser({ authorizeUrl: getAuthorizeUrl(SERVER, rt.token), username: 'jdoe', password: 'jdoe', fetch: sim.fetch });
  assert.equal(approved.title, 'Access Approved');
  const at = await getAccessToken({ ...opts, requestToken: rt.token });
  assert.match(at.token, /^[A-Za-z0-9]{32}$/);
  assert.equal(at.tokenSecret, rt.tokenSecret, 'Jira gives the access token the request token secret');
  assert.equal(at.expiresIn, 157680000);
  assert.equal(at.authorizationExpiresIn, 160272000);
  assert.match(at.sessionHandle ?? '', /^[A-Za-z0-9]{32}$/);
  const res = await myself(sim, at.token);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-ausername'), 'jdoe');
  assert.equal(((await res.json()) as { name: string }).name, 'jdoe');
});

test('OAuth 1.0a oob: the page shows a 6-character code that the access-token leg needs', async () => {
  const { sim, opts } = setup();
  const rt = await getRequestToken({ ...opts, callback: 'oob' });
  assert.equal(rt.callbackConfirmed, true);
  const approved = await approveAsUser({ authorizeUrl: getAuthorizeUrl(SERVER, rt.token), username: 'admin', password: 'admin', fetch: sim.fetch });
  assert.match(approved.verifier ?? '', /^[A-Za-z0-9]{6}$/);
  await assert.rejects(getAccessToken({ ...opts, requestToken: rt.token }), (e: unknown) => {
    assert.ok(e instanceof OAuthProblemError);
    assert.equal(e.problem, 'parameter_absent');
    assert.equal(e.status, 400);
    assert.equal(e.parameters['oauth_parameters_absent'], 'oauth_verifier');
    return true;
  });
  await assert.rejects(getAccessToken({ ...opts, requestToken: rt.token, verifier: 'wrong1' }), { problem: 'token_rejected', status: 401 });
  const at = await getAccessToken({ ...opts, requestToken: rt.token, verifier: approved.verifier });
  assert.equal((await myself(sim, at.token)).headers.get('x-ausername'), 'admin');
});

test('OAuth 1.0a callback: the browser is redirected with oauth_token and oauth_verifier', async () => {
  const { sim, opts } = setup();
  const rt = await getRequestToken({ ...opts, callback: 'http://127.0.0.1:9/callback' });
  const approved = await approveAsUser({ authorizeUrl: getAuthorizeUrl(SERVER, rt.token), username: 'jdoe', password: 'jdoe', fetch: sim.fetch });
  const back = new URL(approved.redirectedTo ?? '');
  assert.equal(back.origin + back.pathname, 'http://127.0.0.1:9/callback');
  assert.equal(back.searchParams.get('oauth_token'), rt.token);
  const verifier = back.searchParams.get('oauth_verifier') ?? '';
  assert.match(verifier, /^[A-Za-z0-9]{6}$/);
  const at = await getAccessToken({ ...opts, requestToken: rt.token, verifier });
  assert.equal((await myself(sim, at.token)).status, 200);
});

test('Deny sends oauth_verifier=denied and the exchange gets permission_denied', async () => {
  const { sim, opts } = setup();
  const rt = await getRequestToken({ ...opts, callback: 'http://127.0.0.1:9/cb' });
  const denied = await approveAsUser({ authorizeUrl: getAuthorizeUrl(SERVER, rt.token), username: 'jdoe', password: 'jdoe', decision: 'deny', fetch: sim.fetch });
  assert.equal(new URL(denied.redirectedTo ?? '').searchParams.get('oauth_verifier'), 'denied');
  await assert.rejects(getAccessToken({ ...opts, requestToken: rt.token, verifier: 'denied' }), { problem: 'permission_denied' });
});

test('exchanging before approval is permission_unknown; an unknown consumer is consumer_key_unknown', async () => {
  const { opts } = setup();
  const rt = await getRequestToken(opts);
  await assert.rejects(getAccessToken({ ...opts, requestToken: rt.token }), { problem: 'permission_unknown', status: 401 });
  await assert.rejects(getRequestToken({ ...opts, consumerKey: 'nobody' }), (e: unknown) => {
    assert.ok(e instanceof OAuthProblemError);
    assert.equal(e.problem, 'consumer_key_unknown');
    assert.match(e.message, /no application link with consumer key 'nobody'/);
    return true;
  });
});

test('a key that does not match the link gives signature_invalid with both base strings', async () => {
  const { opts } = setup();
  await assert.rejects(getRequestToken({ ...opts, privateKey: otherPrivateKey }), (e: unknown) => {
    assert.ok(e instanceof OAuthProblemError);
    assert.equal(e.problem, 'signature_invalid');
    assert.ok(e.serverBaseString?.startsWith('POST&http%3A%2F%2Fjira.test%3A8080%2Fjira%2Fplugins'));
    assert.equal(e.serverBaseString, e.localBaseString);
    return true;
  });
});

test('a clock 20 minutes fast gives timestamp_refused with the measured skew', async () => {
  const serverNow = 1_800_000_000_000;
  const { sim } = setup(() => serverNow);
  const fetchWithDate = async (input: string | URL | Request, init?: RequestInit) => {
    const res = await sim.fetch(input, init);
    res.headers.set('date', new Date(serverNow).toUTCString());
    return res;
  };
  const fast = () => serverNow + 1_200_000;
  await assert.rejects(
    getRequestToken({ server: SERVER, consumerKey: CONSUMER, privateKey: testPrivateKey, fetch: fetchWithDate, now: fast }),
    (e: unknown) => {
      assert.ok(e instanceof OAuthProblemError);
      assert.equal(e.problem, 'timestamp_refused');
      assert.equal(e.status, 400);
      assert.equal(e.clockSkewSeconds, 1200);
      assert.match(e.message, /1200 s ahead of Jira/);
      assert.equal(e.parameters['oauth_acceptable_timestamps'], `${(serverNow - 300_000 + 500 - ((serverNow + 500) % 1000)) / 1000}-${(serverNow + 300_000 + 500 - ((serverNow + 500) % 1000)) / 1000}`);
      return true;
    },
  );
});

test('a replayed nonce is nonce_used; request tokens expire after 10 minutes', async () => {
  let now = 1_800_000_000_000;
  const { sim, opts } = setup(() => now);
  const fixed = { ...opts, nonce: () => 'same-nonce' };
  await getRequestToken(fixed);
  await assert.rejects(getRequestToken(fixed), { problem: 'nonce_used', status: 401 });
  const rt = await getRequestToken(opts);
  await approveAsUser({ authorizeUrl: getAuthorizeUrl(SERVER, rt.token), username: 'jdoe', password: 'jdoe', fetch: sim.fetch });
  now += 600_001;
  await assert.rejects(getAccessToken({ ...opts, requestToken: rt.token }), { problem: 'token_expired' });
});
