// A script that builds its client with createClient() and no fetch exits as soon as its work is
// done, like one that uses connect(): both ride jirakit's transport, so neither waits at exit
// for Node's built-in fetch (undici compiling its parser kept such a process alive ~250-520 ms).
// Measured as a ratio of the two scripts in the same run, never as an absolute time.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createSimulator, type RunningSimulator } from '../../src/simulator/index.js';

const INDEX = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
const sim = createSimulator({ pats: [['jdoe', 'P']] });
let running: RunningSimulator;
before(async () => { running = await sim.listen(); });
after(async () => { await running.close(); });

/** Wall time of a fresh node process running `body` after importing jirakit as `j`. */
async function timed(body: string): Promise<number> {
  const script = `const j = await import(${JSON.stringify(INDEX)});\n${body}`;
  const started = performance.now();
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env['PATH'] ?? '', HOME: '/nonexistent' } });
  const ms = performance.now() - started;
  assert.equal(stdout.trim(), '10.3.19', 'the script did its work');
  return ms;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

test('createClient() without a fetch exits as promptly as connect()', async () => {
  const direct = `const jira = j.createClient({ baseUrl: ${JSON.stringify(running.url)}, auth: j.createTokenAuth('P') });\nconsole.log((await jira.serverInfo()).version);`;
  const connected = `const jira = await j.connect(await j.getConfig(['--server', ${JSON.stringify(running.url)}, '--token', 'P'], { HOME: '/nonexistent' }));\nconsole.log((await jira.serverInfo()).version);`;
  const a: number[] = [];
  const b: number[] = [];
  // Alternating, so a busy moment of the machine falls on both sides.
  for (let i = 0; i < 5; i++) {
    a.push(await timed(direct));
    b.push(await timed(connected));
  }
  const ratio = median(a) / median(b);
  assert.ok(ratio < 1.4, `createClient ${median(a).toFixed(0)} ms vs connect ${median(b).toFixed(0)} ms (ratio ${ratio.toFixed(2)})`);
});
