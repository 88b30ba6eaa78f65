// -t bounds the whole run (docs/cli.md): work that holds the event loop past the deadline (a
// large JSON.parse, a slow judge) is a timeout even though the timer could not fire in time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withinDeadline } from '../../src/nagios/deadline.js';

/** Holds the event loop for `ms`, as a synchronous parse does, then answers. */
async function blocking(ms: number): Promise<string> {
  await Promise.resolve();
  const until = Date.now() + ms;
  while (Date.now() < until) { /* busy */ }
  return 'read';
}

test('work that held the event loop past the deadline is a timeout, not its late answer', async () => {
  assert.equal(await withinDeadline(blocking(300), 100), 'timeout');
});

test('work done in time is its answer', async () => {
  assert.equal(await withinDeadline(blocking(0), 1000), 'read');
});

test('slow asynchronous work is cut at the deadline', async () => {
  const t0 = Date.now();
  assert.equal(await withinDeadline(new Promise((r) => setTimeout(() => r('late'), 5000).unref()), 200), 'timeout');
  assert.ok(Date.now() - t0 < 5000);
});
