// `jirakit simulate` with OAuth 2.0 clients, as a user starts it: --oauth2-client and the seed
// file's oauth2Clients, the consent note, a dance over loopback with the scripted user, and bad
// flags as one clear line without the secret.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { consentAsUser } from '../../src/simulator/index.js';
import { cleanEnv, freshHome, runCli, startCli } from '../helpers/cli.js';

const SECRET = 'CLISECRETMARKER-41d2';
const REDIRECT = 'http://localhost:8765/callback';

test('--oauth2-client and the seed\'s oauth2Clients register clients; with --oauth2-dev-mode the dance works over http', { timeout: 30_000 }, async () => {
  const home = freshHome();
  const seed = join(home, 'seed.json');
  writeFileSync(seed, JSON.stringify({ oauth2Clients: [{ clientId: 'seeded', clientSecret: 'seeded-secret', redirectUris: ['https://app.example/cb'], scope: 'READ' }], oauth2: { accessTokenSeconds: 120 } }));
  const cli = startCli(['simulate', '--seed', seed, '--oauth2-client', `cli-client,${SECRET},${REDIRECT},ADMIN`, '--oauth2-dev-mode'], cleanEnv(home));
  try {
    const [, url = ''] = await cli.waitFor(/^Jira simulator listening on (\S+)$/m);
    await cli.waitFor(/Press Ctrl-C to stop/);
    assert.match(cli.stdout(), /^OAuth 2\.0 clients: seeded, cli-client$/m);
    const authorize = `${url}/rest/oauth2/latest/authorize?client_id=cli-client&redirect_uri=${encodeURIComponent(REDIRECT)}&response_type=code&scope=ADMIN&state=s1`;
    const { code, state } = await consentAsUser({ authorizeUrl: authorize, username: 'admin', password: 'admin' });
    assert.equal(state, 's1');
    const res = await fetch(`${url}/rest/oauth2/latest/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: code ?? '', redirect_uri: REDIRECT, client_id: 'cli-client', client_secret: SECRET }).toString(),
    });
    const body = (await res.json()) as { access_token: string; expires_in: number; scope: string };
    assert.equal(body.expires_in, 120, 'the seed file\'s oauth2 settings apply');
    assert.equal(body.scope, 'ADMIN');
    const license = await fetch(`${url}/rest/plugins/applications/1.0/installed/jira-software`, { headers: { authorization: `Bearer ${body.access_token}` } });
    assert.equal(license.status, 200);
  } finally {
    cli.child.kill('SIGINT');
    assert.equal(await cli.exit(), 0);
  }
  assert.ok(!(cli.stdout() + cli.stderr()).includes(SECRET), 'no secret in the output');
  assert.ok(!(cli.stdout() + cli.stderr()).includes('seeded-secret'));
});

test('without --https or --oauth2-dev-mode the start-up output says the consent page needs HTTPS', { timeout: 30_000 }, async () => {
  const cli = startCli(['simulate', '--oauth2-client', `c,${SECRET},${REDIRECT}`], cleanEnv(freshHome()));
  try {
    await cli.waitFor(/Press Ctrl-C to stop/);
    assert.match(cli.stdout(), /^OAuth 2\.0 clients: c \(the consent page needs HTTPS: add --https or --oauth2-dev-mode\)$/m);
  } finally {
    cli.child.kill('SIGINT');
    await cli.exit();
  }
});

test('a bad --oauth2-client is one clear line that does not echo the secret', async () => {
  const home = freshHome();
  for (const [value, message] of [
    [`only-id,${SECRET}`, /^jirakit: --oauth2-client takes ID,SECRET,REDIRECT_URI\[,SCOPE\]/m],
    [`c,${SECRET},${REDIRECT},ROOT`, /^jirakit: --oauth2-client's SCOPE is READ, WRITE, ADMIN or SYSTEM_ADMIN, not 'ROOT'/m],
    [`c,${SECRET},http://127.0.0.1:8765/callback`, /^jirakit: OAuth 2\.0 client redirect 'http:\/\/127\.0\.0\.1:8765\/callback' must use https \(plain http only for the host 'localhost', or in dev mode\)/m],
  ] as const) {
    const r = await runCli(['simulate', '--oauth2-client', value], cleanEnv(home));
    assert.notEqual(r.code, 0, value);
    assert.match(r.stderr, message);
    assert.ok(!r.stderr.includes(SECRET) && !r.stdout.includes(SECRET), 'the secret stays out of the message');
  }
});
