// jirakit's OAuth 2.0 legs against the simulator's provider in-process: the dance (PKCE S256,
// state), the refresh with rotation, the revocation, the client probe and the link check, and
// each failure as one sentence (docs/oauth2-provider.md 1.3-1.9).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  checkOAuth2Client, checkOAuth2Link, createPkce, getOAuth2AuthorizeUrl, isAbortedError, isOAuth2Error, readOAuth2Redirect, refreshOAuth2Token, revokeOAuth2Token,
  type OAuth2Error,
} from '../../src/index.js';
import { ADMIN_CLIENT, BASE, REDIRECT, READ_CLIENT, VERIFIER, CHALLENGE, oauth2Sim, withBearer } from '../helpers/oauth2.js';
import { clientOptions, danceInProcess, rejection } from '../helpers/oauth2-client.js';

test('PKCE: RFC 7636 appendix B, and fresh pairs of 43 characters', () => {
  assert.equal(createPkce('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk').challenge, 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
  assert.equal(createPkce(VERIFIER).challenge, CHALLENGE, 'as the provider tests compute it');
  const a = createPkce();
  assert.match(a.verifier, /^[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a.verifier, createPkce().verifier);
  assert.throws(() => createPkce('short'), /43 to 128/);
});

test('the authorize URL carries everything Jira reads, the scope included', () => {
  const url = new URL(getOAuth2AuthorizeUrl({ server: `${BASE}/`, clientId: 'c', redirectUri: REDIRECT, scope: 'READ WRITE', state: 's', codeChallenge: CHALLENGE }));
  assert.equal(url.pathname, '/jira/rest/oauth2/latest/authorize');
  assert.deepEqual(Object.fromEntries(url.searchParams), { client_id: 'c', redirect_uri: REDIRECT, response_type: 'code', scope: 'READ WRITE', state: 's', code_challenge: CHALLENGE, code_challenge_method: 'S256' });
});

test('the dance gives a working pair; expiry comes from expires_in; Bearer is the user', async () => {
  const sim = oauth2Sim();
  const tokens = await danceInProcess(sim);
  assert.equal(tokens.expiresAt, sim.clock.ms + 3_600_000);
  assert.equal(tokens.scope, 'ADMIN');
  assert.ok(tokens.refreshToken);
  const me = await withBearer(sim, '/rest/api/2/myself', tokens.accessToken);
  assert.equal(me.headers.get('x-ausername'), 'admin');
  assert.deepEqual(sim.oauth2.grants, { authorization_code: 1, refresh_token: 0 });
});

test('refresh rotates: the new pair works, the old access token is dead, the old refresh token is refused in one sentence', async () => {
  const sim = oauth2Sim();
  const old = await danceInProcess(sim);
  const fresh = await refreshOAuth2Token({ ...clientOptions(sim), refreshToken: old.refreshToken ?? '' });
  assert.notEqual(fresh.accessToken, old.accessToken);
  assert.equal(fresh.scope, 'ADMIN');
  assert.equal((await withBearer(sim, '/rest/api/2/myself', fresh.accessToken)).headers.get('x-ausername'), 'admin');
  assert.equal((await withBearer(sim, '/rest/api/2/myself', old.accessToken)).headers.get('x-ausername'), 'anonymous');
  const refused = await rejection<unknown>(refreshOAuth2Token({ ...clientOptions(sim), refreshToken: old.refreshToken ?? '' }));
  assert.ok(isOAuth2Error(refused));
  assert.equal(refused.error, 'invalid_grant');
  assert.equal(refused.message, 'Jira refused the OAuth 2.0 refresh token: it has expired, was revoked, or was already used');
  assert.match(refused.hint ?? '', /jirakit dance --oauth2 --save/);
  assert.ok(!JSON.stringify({ ...refused, m: refused.message }).includes(old.refreshToken ?? '?'), 'the refresh token is not on the error');
});

test('an expired refresh token and a wrong secret each end in one sentence', async () => {
  const sim = oauth2Sim({ oauth2: { refreshTokenSeconds: 60 } });
  const tokens = await danceInProcess(sim);
  const wrong = await rejection<OAuth2Error>(refreshOAuth2Token({ ...clientOptions(sim), clientSecret: 'nope', refreshToken: tokens.refreshToken ?? '' }));
  assert.equal(wrong.error, 'invalid_client');
  assert.equal(wrong.status, 401);
  assert.match(wrong.message, /^Jira did not accept OAuth 2\.0 client ID 'a1b2c3d4e5f60718293a4b5c6d7e8f90' with this client secret$/);
  sim.clock.ms += 61_000;
  const expired = await rejection<OAuth2Error>(refreshOAuth2Token({ ...clientOptions(sim), refreshToken: tokens.refreshToken ?? '' }));
  assert.equal(expired.error, 'invalid_grant');
});

test('a replayed code and a wrong verifier are refused as Jira refuses them', async () => {
  const sim = oauth2Sim();
  const { exchangeOAuth2Code } = await import('../../src/index.js');
  const { consent } = await import('../helpers/oauth2.js');
  const pkce = createPkce();
  const url = getOAuth2AuthorizeUrl({ server: BASE, clientId: ADMIN_CLIENT.clientId, redirectUri: REDIRECT, scope: 'ADMIN', state: 'x'.repeat(22), codeChallenge: pkce.challenge });
  const code = readOAuth2Redirect((await consent(sim, url)).redirectedTo, { state: 'x'.repeat(22), redirectUri: REDIRECT });
  const bad = await rejection<OAuth2Error>(exchangeOAuth2Code({ ...clientOptions(sim), code, redirectUri: REDIRECT, codeVerifier: VERIFIER }));
  assert.equal(bad.error, 'invalid_grant');
  assert.match(bad.message, /^Jira refused the authorization code/);
  await exchangeOAuth2Code({ ...clientOptions(sim), code, redirectUri: REDIRECT, codeVerifier: pkce.verifier });
  const replay = await rejection<OAuth2Error>(exchangeOAuth2Code({ ...clientOptions(sim), code, redirectUri: REDIRECT, codeVerifier: pkce.verifier }));
  assert.equal(replay.error, 'invalid_grant');
});

test('revoke kills the pair; an unknown token is fine; a wrong secret is not', async () => {
  const sim = oauth2Sim();
  const tokens = await danceInProcess(sim);
  await revokeOAuth2Token({ ...clientOptions(sim), token: tokens.refreshToken ?? '', tokenTypeHint: 'refresh_token' });
  assert.equal((await withBearer(sim, '/rest/api/2/myself', tokens.accessToken)).headers.get('x-ausername'), 'anonymous');
  await revokeOAuth2Token({ ...clientOptions(sim), token: 'never-issued' });
  const wrong = await rejection<OAuth2Error>(revokeOAuth2Token({ ...clientOptions(sim), clientSecret: 'x', token: 'y' }));
  assert.equal(wrong.error, 'invalid_client');
});

test('the client probe: a known client with its secret passes, an unknown client ID does not', async () => {
  const sim = oauth2Sim();
  await checkOAuth2Client(clientOptions(sim));
  const unknown = await rejection<OAuth2Error>(checkOAuth2Client({ ...clientOptions(sim), clientId: 'ffffffffffffffffffffffffffffffff' }));
  assert.equal(unknown.error, 'invalid_client');
  assert.deepEqual(sim.oauth2.liveTokens(), { access: 0, refresh: 0 });
});

test('the link check: a scope outside the link, plain http without dev mode, no provider at all', async () => {
  const sim = oauth2Sim();
  await checkOAuth2Link({ ...clientOptions(sim), redirectUri: REDIRECT, scope: 'ADMIN' });
  const scope = await rejection<OAuth2Error>(checkOAuth2Link({ ...clientOptions(sim, READ_CLIENT), redirectUri: REDIRECT, scope: 'ADMIN' }));
  assert.equal(scope.error, 'invalid_scope');
  assert.equal(scope.message, "Jira's link for this client does not allow the scope ADMIN");
  const http = await rejection<Error>(checkOAuth2Link({ ...clientOptions(sim), server: 'http://jira.test/jira', redirectUri: REDIRECT, scope: 'ADMIN' }));
  assert.match(http.message, /^Jira serves OAuth 2\.0 authorization only over HTTPS, and http:\/\/jira\.test\/jira is not$/);
  const dev = oauth2Sim({ oauth2: { devMode: true } });
  await checkOAuth2Link({ ...clientOptions(dev), server: 'http://jira.test/jira', redirectUri: REDIRECT, scope: 'ADMIN' });
  const none = await rejection<Error>(checkOAuth2Link({ ...clientOptions(sim), server: 'https://jira.test/nothing-here', redirectUri: REDIRECT, scope: 'ADMIN' }));
  assert.match(none.message, /no OAuth 2\.0 provider|Jira answered/);
});

test('the link check is lenient where Jira is unconfirmed: no /revoke, or an authorize page of its own, is not a failure', async () => {
  const sim = oauth2Sim();
  const noRevoke = async (input: string | URL | Request, init?: RequestInit): Promise<Response> =>
    String(input).endsWith('/revoke') ? new Response('<html>404</html>', { status: 404, headers: { 'content-type': 'text/html' } }) : sim.fetch(input as string, init);
  await checkOAuth2Link({ ...clientOptions(sim), fetch: noRevoke, redirectUri: REDIRECT, scope: 'ADMIN' });
  const page = async (): Promise<Response> => new Response('<html>consent</html>', { status: 200, headers: { 'content-type': 'text/html' } });
  const pageFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => (String(input).includes('/authorize') ? page() : sim.fetch(input as string, init));
  await checkOAuth2Link({ ...clientOptions(sim), fetch: pageFetch, redirectUri: REDIRECT, scope: 'ADMIN' });
});

test('reading the redirect: a wrong state, a denial, invalid_scope, and things that are not the redirect', () => {
  const expected = { state: 'good', redirectUri: REDIRECT, scope: 'ADMIN' };
  assert.equal(readOAuth2Redirect(`${REDIRECT}?code=abc&state=good`, expected), 'abc');
  assert.throws(() => readOAuth2Redirect(`${REDIRECT}?code=abc&state=evil`, expected), /^JiraKitError: The browser came back with a state that is not this dance's/);
  assert.throws(() => readOAuth2Redirect(`${REDIRECT}?code=abc`, expected), /state that is not this dance's/);
  const denied = (() => { try { readOAuth2Redirect(`${REDIRECT}?error=access_denied&state=good`, expected); } catch (e) { return e; } return undefined; })();
  assert.ok(isAbortedError(denied) && denied.reason === 'declined' && denied.message === 'Access was denied in the browser');
  assert.throws(() => readOAuth2Redirect(`${REDIRECT}?error=invalid_scope&state=good`, expected), /does not allow the scope ADMIN/);
  assert.throws(() => readOAuth2Redirect('not a url', expected), /not the address the browser was sent to/);
  assert.throws(() => readOAuth2Redirect('http://localhost:9999/other?code=x&state=good', expected), /not the redirect URL/);
  assert.throws(() => readOAuth2Redirect(`${REDIRECT}?state=good`, expected), /neither an authorization code nor an error/);
});
