// The README's script runs as written against the simulator, so the docs cannot rot.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createSimulator } from '../src/simulator/index.js';
import type { RunningSimulator } from '../src/simulator/index.js';
import { CONSUMER, TEST_KEY_PATH, testKeyPem } from './helpers/keys.js';
import { freshHome } from './helpers/cli.js';
import { oauthToken } from './helpers/sim.js';

const EXAMPLE = fileURLToPath(new URL('../examples/license-slots.ts', import.meta.url));
const TSX = fileURLToPath(new URL('../node_modules/tsx/dist/cli.mjs', import.meta.url));
const sim = createSimulator({ consumers: [{ key: CONSUMER, publicKeyPem: testKeyPem }], applications: { 'jira-software': { name: 'Jira Software', version: '10.3.19', activeUsers: 12, licensedUsers: 25 } } });
let running: RunningSimulator;
before(async () => { running = await sim.listen(); });
after(async () => { await running.close(); });

test('README shows examples/license-slots.ts verbatim', () => {
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  assert.ok(readme.includes(readFileSync(EXAMPLE, 'utf8').trim()), 'README must quote the example file');
});

test("the example prints the seed's line with jirashell's flags", async () => {
  const token = await oauthToken(sim, running.url, 'admin');
  const { stdout } = await promisify(execFile)(process.execPath, [TSX, EXAMPLE, '--server', running.url, '--consumer-key', CONSUMER, '--access-token', token, '--key-cert', TEST_KEY_PATH], {
    env: { PATH: process.env['PATH'] ?? '', HOME: freshHome() },
    cwd: fileURLToPath(new URL('..', import.meta.url)),
  });
  assert.equal(stdout, 'Using 12 of 25 license slots\n');
});
