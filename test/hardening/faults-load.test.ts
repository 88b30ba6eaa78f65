// Faults and load: the plugin keeps to its -t budget whatever Jira does, and 50 concurrent signed
// requests through the client all verify (no nonce ever repeats).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createSimulator } from '../../src/simulator/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { route } from '../../src/simulator/index.js';
import { faults } from '../../src/simulator/index.js';
import { createClient } from '../../src/client/client.js';
import { createOAuth1Auth, randomNonce } from '../../src/auth/oauth1.js';
import { createHttpFetch } from '../../src/http/http-fetch.js';
import { startupMs } from '../nagios/plugin-process.js';
import { CONSUMER, testKeyPem, testPrivateKey } from '../helpers/keys.js';
import { cleanEnv, freshHome } from '../helpers/cli.js';
import { oauthToken } from '../helpers/sim.js';

const CHECK = fileURLToPath(new URL('../../dist/check_jira_license.cjs', import.meta.url));
const sim = createSimulator({ consumers: [{ key: CONSUMER, publicKeyPem: testKeyPem }], pats: [['admin', 'PAT']] });
let running: RunningSimulator;
// What this machine adds to -t for starting and exiting the plugin, measured now (plugin-process.ts).
let slack = 0;
before(async () => {
  running = await sim.listen();
  slack = 2 * (await startupMs()) + 500;
});
after(async () => { await running.close(); });

async function check(args: string[]): Promise<{ code: number; out: string; ms: number }> {
  const t0 = Date.now();
  const child = spawn(process.execPath, [CHECK, '--url', running.url, '--token', 'PAT', ...args], { env: cleanEnv(freshHome()) });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  return { code, out, ms: Date.now() - t0 };
}

const UPM = 'GET /rest/plugins/applications/1.0/installed/:app';
const ROLE = 'GET /rest/api/2/applicationrole/:key';

for (const [name, install] of [
  ['a 429 storm with a long Retry-After', () => sim.use(route(UPM, faults.status(429, { retryAfter: 30 })), route(ROLE, faults.status(429, { retryAfter: 30 })))],
  ['503s', () => sim.use(route(UPM, faults.status(503, { retryAfter: 1 })), route(ROLE, faults.status(503, { retryAfter: 1 })))],
  ['connections reset every time', () => sim.use(route(UPM, faults.drop()), route(ROLE, faults.drop()))],
  ['bodies cut halfway every time', () => sim.use(route(UPM, faults.resetMidBody()), route(ROLE, faults.resetMidBody()))],
  ['answers slower than the budget', () => sim.use(route(UPM, faults.delay(5000)), route(ROLE, faults.delay(5000)))],
] as const) {
  test(`the plugin keeps to -t 2 under ${name}`, { timeout: 20_000 }, async () => {
    sim.reset();
    install();
    const r = await check(['-t', '2']);
    assert.ok(r.ms < 2000 + slack, `took ${r.ms} ms for -t 2 (slack ${slack} ms)`);
    assert.ok([2, 3].includes(r.code), r.out);
    assert.match(r.out, /^JIRA LICENSE (UNKNOWN|CRITICAL) - /);
  });
}

test('50 concurrent OAuth-signed requests through the client over loopback: every one verifies', { timeout: 60_000 }, async () => {
  sim.reset();
  const token = await oauthToken(sim, running.url, 'admin');
  const jira = createClient({ baseUrl: running.url, auth: createOAuth1Auth({ consumerKey: CONSUMER, privateKey: testPrivateKey, token }), fetch: createHttpFetch() });
  let errors = 0;
  let done = 0;
  const total = 1000;
  await Promise.all(Array.from({ length: 50 }, async () => {
    while (done < total) {
      done++;
      try {
        const me = await jira.myself();
        if (me.name !== 'admin') errors++;
      } catch {
        errors++;
      }
    }
  }));
  assert.equal(errors, 0, 'a reused nonce or a bad signature would be an error');
  assert.ok(sim.nonces.size >= total, 'the simulator saw a distinct nonce for every request');
});

test('100,000 nonces, no collision', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 100_000; i++) seen.add(randomNonce());
  assert.equal(seen.size, 100_000);
});
