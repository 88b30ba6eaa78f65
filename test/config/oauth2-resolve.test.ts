// OAuth 2.0 settings in the one resolution chain: which access token is whose (a client ID or a
// refresh token makes it OAuth 2.0, a consumer key OAuth 1.0a), which pairs renew (only a
// profile's), --client-secret-env, and conflicts named by their sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { connect, getConfig, readProfile, resolveConnection, saveProfile, type OAuth2Settings } from '../../src/index.js';
import { freshHome } from '../helpers/cli.js';
import { BASE, oauth2Sim } from '../helpers/oauth2.js';
import { danceInProcess } from '../helpers/oauth2-client.js';

const OAUTH2_PROFILE = { server: 'https://jira.test/jira', client_id: 'cid', client_secret: 'csecret', access_token: 'at', refresh_token: 'rt', expires_at: '2026-01-05T13:00:00.000Z', scope: 'ADMIN' };

test('an OAuth 2.0 profile resolves to kind oauth2 that renews in that profile', async () => {
  const env = { HOME: freshHome() };
  await saveProfile('o2', OAUTH2_PROFILE, env);
  const config = await getConfig(['--profile', 'o2'], env);
  assert.equal(config.resolved.authKind, 'oauth2');
  assert.deepEqual(config.auth, { kind: 'oauth2', accessToken: 'at', refreshToken: 'rt', expiresAt: Date.UTC(2026, 0, 5, 13), scope: 'ADMIN', clientId: 'cid', clientSecret: 'csecret', profile: 'o2' } satisfies OAuth2Settings);
});

test('an access token with a client ID from flags or the environment is OAuth 2.0 that never renews', async () => {
  const env = { HOME: freshHome(), JIRA_ACCESS_TOKEN: 'env-at', JIRA_CLIENT_ID: 'cid', JIRA_SERVER: 'https://jira.test' };
  const config = await getConfig([], env);
  assert.deepEqual(config.auth, { kind: 'oauth2', accessToken: 'env-at', refreshToken: undefined, expiresAt: undefined, scope: undefined, clientId: 'cid', clientSecret: undefined, profile: undefined });
  // An env token in front of a profile's pair: the profile's expiry, scope and refresh token are not this token's.
  await saveProfile('default', OAUTH2_PROFILE, env);
  const mixed = await getConfig([], env);
  assert.deepEqual([mixed.auth.kind, (mixed.auth as OAuth2Settings).profile, (mixed.auth as OAuth2Settings).expiresAt], ['oauth2', undefined, undefined]);
});

test('an OAuth 1.0a profile stays OAuth 1.0a when JIRA_CLIENT_ID is set for dances', async () => {
  const env = { HOME: freshHome(), JIRA_CLIENT_ID: 'cid' };
  await saveProfile('default', { server: 'https://jira.test', consumer_key: 'k', key_cert: '/k.pem', access_token: 't', access_token_secret: 's' }, env);
  assert.equal((await resolveConnection({}, { env })).authKind, 'oauth1');
});

test('two kinds at once name both sources', async () => {
  const env = { HOME: freshHome() };
  await saveProfile('default', OAUTH2_PROFILE, env);
  await assert.rejects(resolveConnection({}, { env: { ...env, JIRA_TOKEN: 'pat' } }), { message: "Two kinds of credentials are set: an OAuth 2.0 token (from profile 'default') and a personal access token (from JIRA_TOKEN)" });
  await assert.rejects(resolveConnection({}, { env: { ...env, JIRA_CONSUMER_KEY: 'k' } }), { message: "Two kinds of credentials are set: an OAuth 1.0a consumer key (from JIRA_CONSUMER_KEY) and an OAuth 2.0 token (from profile 'default')" });
});

test('--client-secret-env reads the secret from a variable, named as its source; twice or unset is an error', async () => {
  const env = { HOME: freshHome(), MY_SECRET: 'from-var', JIRA_CLIENT_SECRET: 'from-env' };
  const r = await resolveConnection({ clientSecretEnv: 'MY_SECRET' }, { env });
  assert.deepEqual([r.values.clientSecret, r.sources.clientSecret], ['from-var', '$MY_SECRET (--client-secret-env)']);
  assert.equal((await resolveConnection({}, { env })).values.clientSecret, 'from-env');
  await assert.rejects(resolveConnection({ clientSecretEnv: 'NOPE' }, { env }), /The environment variable NOPE \(--client-secret-env\) is not set/);
  await assert.rejects(resolveConnection({ clientSecretEnv: 'MY_SECRET', clientSecret: 'x' }, { env }), /given twice/);
});

test('connect() from an OAuth 2.0 profile: a script renews the token and the profile gets the new pair', async () => {
  const sim = oauth2Sim();
  const tokens = await danceInProcess(sim);
  const env = { HOME: freshHome() };
  const { ADMIN_CLIENT } = await import('../helpers/oauth2.js');
  await saveProfile('default', { server: BASE, client_id: ADMIN_CLIENT.clientId, client_secret: ADMIN_CLIENT.clientSecret, access_token: tokens.accessToken, refresh_token: tokens.refreshToken ?? '', expires_at: new Date(tokens.expiresAt ?? 0).toISOString(), scope: 'ADMIN' }, env);
  const jira = await connect(await getConfig([], env), { env, fetch: sim.fetch, now: () => sim.clock.ms });
  assert.equal(jira.auth.kind, 'oauth2');
  sim.clock.ms += 3_600_001;
  assert.equal((await jira.license()).activeUserCount, 45);
  assert.equal(sim.oauth2.grants.refresh_token, 1);
  assert.notEqual((await readProfile('default', env))?.access_token, tokens.accessToken);
});
