// The OAuth 2.0 strategy and its renewal in-process: renewed shortly before expiry, and once when
// Jira serves a request as anonymous (its answer to a dead token), an idempotent request sent
// again, a POST never; one refresh for many concurrent calls; a pair another holder of the store
// refreshed is used, not refreshed again (docs/oauth2-provider.md 1.6, 1.10).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createClient, createOAuth2Auth, createOAuth2Refresher, isAuthenticationError, isOAuth2Error, memoryTokenStore, profileTokenStore, readProfile, saveProfile, secretsOf,
  SecretMasker, tokensOfProfile, watchSecrets, type Auth, type OAuth2Tokens, type OAuth2TokenStore, type RetryInfo,
} from '../../src/index.js';
import { BASE, oauth2Sim, withBearer } from '../helpers/oauth2.js';
import { clientOptions, danceInProcess, rejection } from '../helpers/oauth2-client.js';

type Sim = ReturnType<typeof oauth2Sim>;

/** A client whose OAuth 2.0 strategy renews through a memory store; `clock` is the strategy's own. */
function renewingClient(sim: Sim, tokens: OAuth2Tokens, clock = () => sim.clock.ms, store: OAuth2TokenStore = memoryTokenStore(tokens)) {
  const auth = createOAuth2Auth({ tokens, refresh: createOAuth2Refresher({ ...clientOptions(sim), store }), now: clock });
  const retries: RetryInfo[] = [];
  const jira = createClient({ baseUrl: BASE, auth, fetch: sim.fetch, hooks: { beforeRetry: [(r) => void retries.push(r)] } });
  return { jira, auth, store, retries };
}

test('shortly before expiry the strategy refreshes first, stores the new pair, and sends "Bearer"', async () => {
  const sim = oauth2Sim();
  const tokens = await danceInProcess(sim);
  const store = memoryTokenStore(tokens);
  const { jira, auth } = renewingClient(sim, tokens, () => sim.clock.ms, store);
  assert.equal((await jira.myself()).name, 'admin');
  assert.equal(sim.oauth2.grants.refresh_token, 0, 'a live token is not refreshed');
  sim.clock.ms += 3_600_000 - 5_000; // 5 s left: inside the 10 s margin
  assert.equal((await jira.myself()).name, 'admin');
  assert.equal(sim.oauth2.grants.refresh_token, 1);
  assert.notEqual(auth.tokens.accessToken, tokens.accessToken);
  assert.equal(store.tokens?.accessToken, auth.tokens.accessToken, 'stored before use');
  assert.match((await auth.sign({ method: 'GET', url: new URL(BASE) })) ?? '', /^Bearer eyJ/);
});

test('Jira serving a request as anonymous (an expired token) makes one refresh and one re-send of a GET', async () => {
  const sim = oauth2Sim();
  const tokens = await danceInProcess(sim);
  const frozen = sim.clock.ms;
  const { jira, retries } = renewingClient(sim, tokens, () => frozen); // this clock never sees the expiry
  sim.clock.ms += 3_600_001;
  assert.equal((await jira.myself()).name, 'admin');
  assert.equal(sim.oauth2.grants.refresh_token, 1);
  assert.deepEqual(retries.map((r) => [r.reason, r.delayMs]), [['credentials renewed', 0]]);
  const raw = await jira.fetch('/rest/api/2/serverInfo');
  assert.equal(raw.headers.get('x-ausername'), 'admin', 'the raw call uses the renewed token too');
});

test('a POST served as anonymous renews the token but is not sent again; the next call needs no refresh', async () => {
  const sim = oauth2Sim();
  const tokens = await danceInProcess(sim);
  const frozen = sim.clock.ms;
  const { jira } = renewingClient(sim, tokens, () => frozen);
  sim.clock.ms += 3_600_001;
  const failed = await rejection<unknown>(jira.request('POST', '/rest/api/2/issue', { body: { fields: { project: { key: 'PROJ' }, summary: 'x', issuetype: { name: 'Task' } } } }));
  assert.ok(isAuthenticationError(failed) || (failed as { status?: number }).status === 401, String(failed));
  assert.equal(sim.oauth2.grants.refresh_token, 1);
  assert.equal((await jira.myself()).name, 'admin');
  assert.equal(sim.oauth2.grants.refresh_token, 1);
});

test('many concurrent calls after expiry share one refresh', async () => {
  const sim = oauth2Sim();
  const { jira } = renewingClient(sim, await danceInProcess(sim));
  sim.clock.ms += 3_600_001;
  const names = await Promise.all(Array.from({ length: 8 }, () => jira.myself()));
  assert.deepEqual(new Set(names.map((n) => n.name)), new Set(['admin']));
  assert.equal(sim.oauth2.grants.refresh_token, 1);
});

test('two holders of one store: the second finds the pair the first stored and uses it without refreshing', async () => {
  const sim = oauth2Sim();
  const tokens = await danceInProcess(sim);
  const store = memoryTokenStore(tokens);
  const frozen = sim.clock.ms;
  const a = renewingClient(sim, tokens, () => sim.clock.ms, store);
  const b = renewingClient(sim, tokens, () => frozen, store);
  sim.clock.ms += 3_600_000;
  assert.equal((await a.jira.myself()).name, 'admin');
  assert.equal(sim.oauth2.grants.refresh_token, 1);
  // b still holds the first pair, which the rotation killed: Jira serves it as anonymous.
  assert.equal((await b.jira.myself()).name, 'admin');
  assert.equal(sim.oauth2.grants.refresh_token, 1, 'adopted, not refreshed again');
  assert.equal(b.auth.tokens.accessToken, a.auth.tokens.accessToken);
});

test('a strategy without refresh fails as before: answered as anonymous although the token was sent', async () => {
  const sim = oauth2Sim();
  const tokens = await danceInProcess(sim);
  const jira = createClient({ baseUrl: BASE, auth: createOAuth2Auth({ tokens }), fetch: sim.fetch });
  sim.clock.ms += 3_600_001;
  const error = await rejection<Error & { hint?: string }>(jira.myself());
  assert.match(error.message, /^Jira answered GET \/jira\/rest\/api\/2\/myself (as anonymous although the OAuth 2\.0 access token was sent|with HTTP 401)/);
});

test('a refresh token that is dead ends the call in one sentence: run the dance again', async () => {
  const sim = oauth2Sim();
  const tokens = await danceInProcess(sim);
  const { jira } = renewingClient(sim, tokens);
  await withBearer(sim, '/rest/api/2/myself', tokens.accessToken);
  const { revokeOAuth2Token } = await import('../../src/index.js');
  await revokeOAuth2Token({ ...clientOptions(sim), token: tokens.refreshToken ?? '' });
  const error = await rejection<unknown>(jira.myself());
  assert.ok(isOAuth2Error(error), String(error));
  assert.equal(error.error, 'invalid_grant');
  assert.match(`${error.message}. ${error.hint}`, /refresh token: it has expired, was revoked, or was already used\. Run `jirakit dance --oauth2 --save` again/);
});

test('renewed tokens join the secrets the client masks', async () => {
  const sim = oauth2Sim();
  const tokens = await danceInProcess(sim);
  const { jira, auth } = renewingClient(sim, tokens);
  sim.clock.ms += 3_600_000;
  await jira.myself();
  assert.ok(secretsOf(auth).includes(auth.tokens.accessToken));
  assert.ok(secretsOf(auth).includes(auth.tokens.refreshToken ?? '?'));
  assert.ok(secretsOf(auth).includes(tokens.accessToken), 'the old ones stay masked');
});

test('a strategy renewed for months keeps masking its current and previous pair, not every pair it ever had', async () => {
  const sim = oauth2Sim();
  const tokens = await danceInProcess(sim);
  const { jira, auth } = renewingClient(sim, tokens);
  const masked = new SecretMasker().add(...secretsOf(auth));
  watchSecrets(auth, (added, dropped) => masked.delete(...dropped).add(...added));
  const pairs: string[][] = [];
  for (let hour = 0; hour < 6; hour++) {
    sim.clock.ms += 3_600_000;
    await jira.myself();
    pairs.push([auth.tokens.accessToken, auth.tokens.refreshToken ?? '?']);
  }
  const [previous, last] = [pairs.at(-2) ?? [], pairs.at(-1) ?? []];
  assert.deepEqual([...secretsOf(auth)].sort(), [tokens.accessToken, tokens.refreshToken ?? '?', ...previous, ...last].sort(), 'the first pair, the previous and the current');
  assert.equal(masked.size, 6, 'the watcher let the dead pairs go too');
  for (const value of [...previous, ...last]) assert.equal(masked.mask(`x ${value} y`), 'x [REDACTED] y');
  assert.equal(masked.mask(`x ${pairs[0]?.[0] ?? ''} y`), `x ${pairs[0]?.[0] ?? ''} y`, 'a pair four renewals old is dead and no longer held');
});

test('the client asks a strategy to renew at most once per request', async () => {
  let sent = 0;
  let renewals = 0;
  const auth: Auth = { kind: 'test', sign: async () => `Bearer t${renewals}`, renew: async () => { renewals++; return true; } };
  const fetch = async (): Promise<Response> => { sent++; return new Response('{}', { status: 401, headers: { 'x-ausername': 'anonymous', 'content-type': 'application/json' } }); };
  const jira = createClient({ baseUrl: 'https://jira.test', auth, fetch });
  await assert.rejects(jira.myself());
  assert.deepEqual([sent, renewals], [2, 1]);
});

test('the profile store: refreshes write the new pair into the profile, other fields kept', async () => {
  const sim = oauth2Sim();
  const tokens = await danceInProcess(sim);
  const env = { HOME: mkdtempSync(join(tmpdir(), 'jirakit-o2-')) };
  await saveProfile('p', { server: BASE, client_id: 'id', access_token: tokens.accessToken, refresh_token: tokens.refreshToken ?? '', expires_at: new Date(tokens.expiresAt ?? 0).toISOString(), scope: 'ADMIN' }, env);
  assert.deepEqual(tokensOfProfile(await readProfile('p', env)), tokens);
  const store = profileTokenStore('p', env);
  const { jira } = renewingClient(sim, tokens, () => sim.clock.ms, store);
  sim.clock.ms += 3_600_000;
  await Promise.all([jira.myself(), jira.myself()]);
  const saved = await readProfile('p', env);
  assert.equal(sim.oauth2.grants.refresh_token, 1);
  assert.notEqual(saved?.access_token, tokens.accessToken);
  assert.notEqual(saved?.refresh_token, tokens.refreshToken);
  assert.equal(saved?.expires_at, new Date(sim.clock.ms + 3_600_000).toISOString());
  assert.deepEqual([saved?.server, saved?.client_id, saved?.scope], [BASE, 'id', 'ADMIN']);
});

test('a token that lives a few seconds is renewed when half its life is gone, not at every call', async () => {
  const sim = oauth2Sim({ oauth2: { accessTokenSeconds: 4 } });
  const { jira } = renewingClient(sim, await danceInProcess(sim));
  sim.clock.ms += 1_000;
  await jira.myself();
  assert.equal(sim.oauth2.grants.refresh_token, 0, '3 s of 4 left: more than half');
  sim.clock.ms += 1_500;
  await jira.myself();
  assert.equal(sim.oauth2.grants.refresh_token, 1, '1.5 s left: renewed');
  for (let i = 0; i < 5; i++) {
    sim.clock.ms += 200;
    await jira.myself();
  }
  assert.equal(sim.oauth2.grants.refresh_token, 1, 'the new pair is used while more than half of it is left');
});

test("a 401 that names the user (WebSudo's) is no reason to renew: the token was accepted", async () => {
  const sim = oauth2Sim({ oauth2: { webSudo: 'required' } });
  const { jira } = renewingClient(sim, await danceInProcess(sim));
  await assert.rejects(jira.license(), /WebSudo/);
  assert.equal(sim.oauth2.grants.refresh_token, 0);
});
