// The OAuth 2.0 token and revoke endpoints in-process: the code grant's checks in Jira's order,
// single-use codes and replay revocation, PKCE, the secret always required, rotation on refresh,
// lifetimes on an injected clock, and revoke (docs/oauth2-provider.md 1.4-1.7).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ADMIN_CLIENT, READ_CLIENT, REDIRECT, VERIFIER, authorizeUrl, consent, oauth2Sim, post, tokens, withBearer, type TokenBody } from '../helpers/oauth2.js';

const redeem = (sim: ReturnType<typeof oauth2Sim>, code: string | undefined, extra: Record<string, string | undefined> = {}) =>
  post(sim, 'token', { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: ADMIN_CLIENT.clientId, client_secret: ADMIN_CLIENT.clientSecret, code_verifier: VERIFIER, ...extra });

const refresh = (sim: ReturnType<typeof oauth2Sim>, token: string, extra: Record<string, string> = {}) =>
  post(sim, 'token', { grant_type: 'refresh_token', refresh_token: token, client_id: ADMIN_CLIENT.clientId, client_secret: ADMIN_CLIENT.clientSecret, ...extra });

async function error(res: Response): Promise<[number, string, string | null]> {
  const body = (await res.json()) as { error: string };
  return [res.status, body.error, res.headers.get('cache-control')];
}

const whoAmI = async (sim: ReturnType<typeof oauth2Sim>, token: string) => (await withBearer(sim, '/rest/api/2/serverInfo', token)).headers.get('x-ausername');

test('the code grant answers Jira\'s token body, no-store, with HS256 JWTs whose only claim is the id', async () => {
  const sim = oauth2Sim();
  const { code } = await consent(sim, authorizeUrl());
  const res = await redeem(sim, code);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.equal(res.headers.get('pragma'), 'no-cache');
  const body = (await res.json()) as TokenBody;
  assert.deepEqual(Object.keys(body), ['access_token', 'token_type', 'expires_in', 'refresh_token', 'scope']);
  assert.equal(body.token_type, 'bearer');
  assert.equal(body.expires_in, 3600);
  assert.equal(body.scope, 'ADMIN');
  for (const jwt of [body.access_token, body.refresh_token]) {
    const [header = '', payload = ''] = jwt.split('.');
    assert.deepEqual(JSON.parse(Buffer.from(header, 'base64url').toString()), { alg: 'HS256' });
    assert.deepEqual(Object.keys(JSON.parse(Buffer.from(payload, 'base64url').toString()) as object), ['id']);
    assert.match((JSON.parse(Buffer.from(payload, 'base64url').toString()) as { id: string }).id, /^[0-9a-f]{32}$/);
  }
  assert.deepEqual(sim.oauth2.grants, { authorization_code: 1, refresh_token: 0 });
  assert.equal(await whoAmI(sim, body.access_token), 'admin');
});

test('a code is single-use: a replay is invalid_grant and revokes every token issued from it', async () => {
  const sim = oauth2Sim();
  const { code } = await consent(sim, authorizeUrl());
  const first = (await (await redeem(sim, code)).json()) as TokenBody;
  const rotated = (await (await refresh(sim, first.refresh_token)).json()) as TokenBody;
  assert.equal(await whoAmI(sim, rotated.access_token), 'admin');
  assert.deepEqual(await error(await redeem(sim, code)), [400, 'invalid_grant', 'no-store, no-cache']);
  assert.equal(await whoAmI(sim, rotated.access_token), 'anonymous', 'the refreshed pair came from the code too');
  assert.deepEqual(sim.oauth2.liveTokens(), { access: 0, refresh: 0 });
  assert.deepEqual(await error(await redeem(sim, code)), [400, 'invalid_request', 'no-store, no-cache'], 'with nothing left to revoke, the code is just unknown');
});

test('PKCE: a missing, malformed or wrong verifier is invalid_grant, and the code stays redeemable', async () => {
  const sim = oauth2Sim();
  const { code } = await consent(sim, authorizeUrl());
  for (const verifier of [undefined, 'short', `${VERIFIER.slice(0, -1)}X`]) {
    assert.deepEqual(await error(await redeem(sim, code, { code_verifier: verifier })), [400, 'invalid_grant', 'no-store, no-cache'], String(verifier));
  }
  assert.equal((await redeem(sim, code)).status, 200);
  const plain = await consent(sim, authorizeUrl({ code_challenge: VERIFIER, code_challenge_method: 'plain' }));
  assert.equal((await redeem(sim, plain.code)).status, 200);
  const none = await consent(sim, authorizeUrl({ code_challenge: undefined, code_challenge_method: undefined }));
  assert.equal((await redeem(sim, none.code, { code_verifier: undefined })).status, 200, 'PKCE is optional per request');
});

test('the client secret is required even with PKCE: missing or wrong is 401 invalid_client, unless the setting is off', async () => {
  const sim = oauth2Sim();
  const { code } = await consent(sim, authorizeUrl());
  assert.deepEqual(await error(await redeem(sim, code, { client_secret: undefined })), [401, 'invalid_client', 'no-store, no-cache']);
  assert.deepEqual(await error(await redeem(sim, code, { client_secret: 'wrong' })), [401, 'invalid_client', 'no-store, no-cache']);
  assert.equal((await redeem(sim, code)).status, 200);
  const lax = oauth2Sim({ oauth2: { validateClientSecret: false } });
  assert.equal((await redeem(lax, (await consent(lax, authorizeUrl())).code, { client_secret: undefined })).status, 200);
});

test('the code grant\'s other checks, in Jira\'s order', async () => {
  const sim = oauth2Sim();
  const { code } = await consent(sim, authorizeUrl());
  assert.deepEqual(await error(await redeem(sim, code, { redirect_uri: undefined })), [400, 'invalid_request', 'no-store, no-cache']);
  assert.deepEqual(await error(await redeem(sim, 'f'.repeat(32))), [400, 'invalid_request', 'no-store, no-cache']);
  assert.deepEqual(await error(await redeem(sim, code, { redirect_uri: 'https://app.example/cb' })), [400, 'invalid_grant', 'no-store, no-cache']);
  assert.deepEqual(await error(await redeem(sim, code, { client_id: READ_CLIENT.clientId, client_secret: READ_CLIENT.clientSecret })), [400, 'invalid_grant', 'no-store, no-cache'], 'a code of another client');
  assert.deepEqual(await error(await redeem(sim, code, { client_id: 'nobody' })), [401, 'invalid_client', 'no-store, no-cache'], 'a redirect the client does not have');
  assert.deepEqual(await error(await post(sim, 'token', { code })), [400, 'invalid_request', 'no-store, no-cache']);
  assert.deepEqual(await error(await post(sim, 'token', { grant_type: 'password', code })), [400, 'unsupported_grant_type', 'no-store, no-cache']);
  const json = await sim.fetch('https://jira.test/jira/rest/oauth2/latest/token', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'authorization_code', code }) });
  assert.deepEqual(await error(json), [400, 'invalid_request', 'no-store, no-cache'], 'only form fields are read');
});

test('a code expires after codeSeconds (10 by default) on the simulator clock', async () => {
  const sim = oauth2Sim();
  const { code } = await consent(sim, authorizeUrl());
  sim.clock.ms += 10_001;
  const res = await redeem(sim, code);
  assert.equal(res.status, 400);
  assert.equal(((await res.json()) as { error_description: string }).error_description, 'The authorization code is invalid or has expired.');
  const slow = oauth2Sim({ oauth2: { codeSeconds: 60 } });
  const late = await consent(slow, authorizeUrl());
  slow.clock.ms += 59_000;
  assert.equal((await redeem(slow, late.code)).status, 200);
});

test('refresh rotates: a new pair, the old refresh token refused, the old access token dead at once', async () => {
  const sim = oauth2Sim();
  const first = await tokens(sim);
  const res = await refresh(sim, first.refresh_token, { scope: 'READ' });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  const second = (await res.json()) as TokenBody;
  assert.notEqual(second.access_token, first.access_token);
  assert.notEqual(second.refresh_token, first.refresh_token);
  assert.equal(second.scope, 'ADMIN', 'no scope is read on refresh');
  assert.equal(await whoAmI(sim, first.access_token), 'anonymous');
  assert.equal(await whoAmI(sim, second.access_token), 'admin');
  assert.deepEqual(await error(await refresh(sim, first.refresh_token)), [400, 'invalid_grant', 'no-store, no-cache']);
  assert.deepEqual(sim.oauth2.grants, { authorization_code: 1, refresh_token: 1 });
  assert.deepEqual(await error(await refresh(sim, second.refresh_token, { client_secret: 'wrong' })), [401, 'invalid_client', 'no-store, no-cache']);
  assert.deepEqual(await error(await refresh(sim, second.refresh_token, { client_id: READ_CLIENT.clientId, client_secret: READ_CLIENT.clientSecret })), [400, 'invalid_grant', 'no-store, no-cache']);
  assert.deepEqual(await error(await post(sim, 'token', { grant_type: 'refresh_token', client_id: ADMIN_CLIENT.clientId })), [400, 'invalid_request', 'no-store, no-cache']);
});

test('lifetimes: access tokens die after an hour; refresh tokens after 90 days from their own refresh (sliding)', async () => {
  const sim = oauth2Sim();
  let pair = await tokens(sim);
  sim.clock.ms += 3_600_000;
  assert.equal(await whoAmI(sim, pair.access_token), 'admin', 'at exactly expires_in it still works (createdAt + lifetime < now)');
  sim.clock.ms += 1;
  assert.equal(await whoAmI(sim, pair.access_token), 'anonymous');
  for (let i = 0; i < 2; i++) {
    sim.clock.ms += 80 * 86_400_000;
    const res = await refresh(sim, pair.refresh_token);
    assert.equal(res.status, 200, `refresh ${i + 1}, 80 days after the last`);
    pair = (await res.json()) as TokenBody;
  }
  sim.clock.ms += 90 * 86_400_000 + 1;
  assert.deepEqual(await error(await refresh(sim, pair.refresh_token)), [400, 'invalid_grant', 'no-store, no-cache']);
  const short = oauth2Sim({ oauth2: { accessTokenSeconds: 60 } });
  assert.equal((await tokens(short)).expires_in, 60);
});

test('revoke: client credentials first, an unknown token is 200, the hint is checked, and the partner dies too', async () => {
  const sim = oauth2Sim();
  const pair = await tokens(sim);
  const creds = { client_id: ADMIN_CLIENT.clientId, client_secret: ADMIN_CLIENT.clientSecret };
  assert.deepEqual(await error(await post(sim, 'revoke', { token: pair.access_token, client_id: ADMIN_CLIENT.clientId })), [400, 'invalid_request', 'no-store, no-cache']);
  assert.deepEqual(await error(await post(sim, 'revoke', { token: pair.access_token, ...creds, client_secret: 'wrong' })), [401, 'invalid_client', 'no-store, no-cache']);
  const unknown = await post(sim, 'revoke', { token: 'not-a-token', token_type_hint: 'id_token', ...creds });
  assert.equal(unknown.status, 200);
  assert.equal(await unknown.text(), '');
  const foreign = await post(sim, 'revoke', { token: pair.access_token, client_id: READ_CLIENT.clientId, client_secret: READ_CLIENT.clientSecret });
  assert.equal(foreign.status, 200);
  assert.equal(await whoAmI(sim, pair.access_token), 'admin', "another client's revoke does nothing");
  const badHint = await post(sim, 'revoke', { token: pair.access_token, token_type_hint: 'id_token', ...creds });
  assert.deepEqual(await badHint.json(), { error: 'unsupported_token_type', error_description: 'oauth2.rest.error.unsupported.token.type' });
  assert.equal((await post(sim, 'revoke', { token: pair.access_token, token_type_hint: 'refresh_token', ...creds })).status, 200);
  assert.equal(await whoAmI(sim, pair.access_token), 'admin', 'a hint of the other kind finds nothing to revoke');
  assert.equal((await post(sim, 'revoke', { token: pair.access_token, ...creds })).status, 200);
  assert.equal(await whoAmI(sim, pair.access_token), 'anonymous');
  assert.deepEqual(await error(await refresh(sim, pair.refresh_token)), [400, 'invalid_grant', 'no-store, no-cache'], 'its refresh token went with it');
});

test('a sysadmin\'s POST .../token/jwt/reset invalidates every token; anyone else gets 401', async () => {
  const sim = oauth2Sim({ pats: [['admin', 'PAT-admin'], ['jdoe', 'PAT-jdoe']] });
  const pair = await tokens(sim);
  const reset = (pat: string) => sim.fetch('https://jira.test/jira/rest/oauth2/latest/token/jwt/reset', { method: 'POST', headers: { authorization: `Bearer ${pat}` } });
  const refusedReset = await reset('PAT-jdoe');
  assert.equal(refusedReset.status, 401);
  assert.deepEqual(await refusedReset.json(), { errors: ['You must be a system administrator to do this.'], fieldErrors: {} });
  assert.equal(await whoAmI(sim, pair.access_token), 'admin');
  assert.equal((await reset('PAT-admin')).status, 200);
  assert.equal(await whoAmI(sim, pair.access_token), 'anonymous');
  assert.deepEqual(await error(await refresh(sim, pair.refresh_token)), [400, 'invalid_grant', 'no-store, no-cache']);
});
