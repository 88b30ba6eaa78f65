// The reference OAuth 2.0 client nobody here wrote: Debian's python3-authlib drives the whole PKCE
// flow against the simulator over loopback (consent page included, by form posts with the
// session cookie and Referer), then a REST call, a refresh, a replayed code, a wrong verifier and
// a wrong secret. If the provider differs from what an RFC 6749/7636 client expects, this fails.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createSimulator } from '../../src/simulator/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';

const SCRIPT = fileURLToPath(new URL('./authlib_oauth2_dance.py', import.meta.url));
const CLIENT = { clientId: '0f1e2d3c4b5a69788796a5b4c3d2e1f0', clientSecret: 'c'.repeat(64), redirectUris: ['http://localhost:8765/callback'], scope: 'ADMIN', name: 'authlib' } as const;
// Plain http on loopback, so dev mode (atlassian.dev.mode) lets the consent page through.
const sim = createSimulator({ contextPath: '/jira', oauth2Clients: [CLIENT], oauth2: { devMode: true } });
let running: RunningSimulator;
before(async () => { running = await sim.listen(); });
after(async () => { await running.close(); });

test("python3-authlib's OAuth2Session does the PKCE dance, calls REST, refreshes and is refused where Jira refuses", { timeout: 60_000 }, async () => {
  const child = spawn('/usr/bin/python3', [SCRIPT, running.url, CLIENT.clientId, CLIENT.clientSecret, CLIENT.redirectUris[0], 'admin', 'admin'], {
    env: { PATH: '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp', PYTHONWARNINGS: 'ignore', AUTHLIB_INSECURE_TRANSPORT: '1', NO_PROXY: '*' },
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, `${out}\n${err}`);
  const result = JSON.parse(/^RESULT (.*)$/m.exec(out)?.[1] ?? '{}') as Record<string, unknown>;
  assert.deepEqual(result['approval'], [303, CLIENT.redirectUris[0], true]);
  assert.deepEqual(result['token'], { token_type: 'bearer', expires_in: 3600, scope: 'ADMIN' });
  assert.deepEqual(result['myself'], [200, 'admin', 'admin'], 'authlib sends "Bearer" although token_type is "bearer"');
  assert.deepEqual(result['license'], { activeUserCount: 45, licensedUserCount: 50, unlimited: false });
  assert.equal(result['refreshed'], true);
  assert.deepEqual(result['newToken'], [200, 'admin']);
  assert.deepEqual(result['oldAccess'], [401, 'anonymous'], 'the old access token died with the refresh');
  assert.equal(result['oldRefresh'], 'invalid_grant');
  assert.equal(result['replay'], 'invalid_grant');
  assert.deepEqual(result['replayedTokens'], [401, 'anonymous'], 'the replay revoked what the code had produced');
  assert.equal(result['wrongVerifier'], 'invalid_grant');
  assert.equal(result['wrongSecret'], 'invalid_client');
  assert.equal(result['rightAfterAll'], true, 'failed attempts do not use up the code');
  assert.deepEqual(result['revoke'], [200, [401, 'anonymous']]);
  assert.deepEqual(sim.oauth2.grants, { authorization_code: 3, refresh_token: 1 });
});
