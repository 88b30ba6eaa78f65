// The reference client nobody here wrote: Debian's python3-jira (jirashell's oauth_dance, then
// JIRA(...).server_info()) against the simulator over loopback. If our provider, authorize page or
// signature verification differs from what python-jira expects, this fails.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createSimulator } from '../../src/simulator/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { approveAsUser } from '../../src/simulator/index.js';
import { CONSUMER, TEST_KEY_PATH, testKeyPem } from '../helpers/keys.js';

const SCRIPT = fileURLToPath(new URL('./python_jira_dance.py', import.meta.url));
const sim = createSimulator({ contextPath: '/jira', issues: 250, consumers: [{ key: CONSUMER, publicKeyPem: testKeyPem }] });
let running: RunningSimulator;
before(async () => { running = await sim.listen(); });
after(async () => { await running.close(); });

test("python3-jira's jirashell oauth_dance and JIRA client work against the simulator", { timeout: 60_000 }, async () => {
  const child = spawn('/usr/bin/python3', [SCRIPT, running.url, CONSUMER, TEST_KEY_PATH], {
    env: { PATH: '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp', BROWSER: 'echo %s', PYTHONWARNINGS: 'ignore' },
  });
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/\S+\/plugins\/servlet\/oauth\/authorize\?oauth_token=\w+)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.on('close', () => reject(new Error(`python exited early:\n${out}\n${err}`)));
  });
  await approveAsUser({ authorizeUrl: url, username: 'admin', password: 'admin' });
  child.stdin.end('y\n');
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, `${out}\n${err}`);
  assert.match(out, /Request token: {8}\w{32}/);
  assert.match(out, /Access token: {8}\w{32}/);
  const result = JSON.parse(/^RESULT (.*)$/m.exec(out)?.[1] ?? '{}') as { serverInfo: { versionNumbers: number[]; deploymentType: string; serverTime?: string }; myself: string; raw: number; rawUser: string; issues: string[] };
  assert.deepEqual(result.serverInfo.versionNumbers, [10, 3, 19]);
  assert.equal(result.serverInfo.deploymentType, 'Server');
  assert.ok(result.serverInfo.serverTime, 'serverTime is shown to an authenticated caller');
  assert.equal(result.myself, 'admin');
  assert.equal(result.raw, 200, 'a raw requests call with jira._session.auth (query with + and repeated params) verifies');
  assert.equal(result.rawUser, 'admin');
  assert.match(out, /^Using 45 of 50 license slots$/m, "the seed's license request, unchanged");
  const expected = sim.state.issues.filter((i) => i.projectKey === 'PROJ').map((i) => i.key);
  assert.equal(result.issues.length, expected.length);
  assert.deepEqual(result.issues, expected, 'search_issues(maxResults=False) pages through every issue in key order');
});
