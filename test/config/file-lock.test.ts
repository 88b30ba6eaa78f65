// The lock file's rules in one process, with short bounds: who counts as gone, what counts as
// stale, that a live holder keeps its lock however long it works, and that many processes
// breaking one stale lock end up with one holder at a time.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { withFileLock } from '../../src/config/file-lock.js';
import { ConfigError } from '../../src/errors/jira-kit-error.js';
import { freshHome } from '../helpers/cli.js';

function lockOf(owner: object | string, ageMs = 0): string {
  const path = join(freshHome(), 'profiles.ini.lock');
  writeFileSync(path, typeof owner === 'string' ? owner : JSON.stringify(owner));
  const then = new Date(Date.now() - ageMs);
  utimesSync(path, then, then);
  return path;
}

/** The host id a lock of this process records. */
async function ourHost(): Promise<string> {
  const path = join(freshHome(), 'probe.lock');
  return withFileLock(path, async () => (JSON.parse(readFileSync(path, 'utf8')) as { host: string }).host);
}

test('a fresh lock of a live process is waited for, then a ConfigError that names its pid', async () => {
  const path = lockOf({ pid: process.ppid, host: await ourHost(), token: 'x' });
  await assert.rejects(withFileLock(path, async () => 'ran', { waitMs: 300 }), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, new RegExp(`is held by process ${process.ppid}, which did not release it within 0.3 s`));
    return true;
  });
  assert.ok(existsSync(path), 'a live lock is left alone');
});

test('a lock older than the bound is taken over even if its pid lives (a hung holder, another host)', async () => {
  const live = lockOf({ pid: process.ppid, host: await ourHost(), token: 'x' }, 5000);
  assert.equal(await withFileLock(live, async () => 'ran', { waitMs: 2000, staleMs: 1000 }), 'ran');
  const elsewhere = lockOf({ pid: 1, host: 'another-host', token: 'x' }, 5000);
  assert.equal(await withFileLock(elsewhere, async () => 'ran', { waitMs: 2000, staleMs: 1000 }), 'ran');
  assert.ok(!existsSync(live) && !existsSync(elsewhere));
});

test('a reused pid (same pid, later start time) counts as gone; unreadable content is judged by age', async () => {
  const reused = lockOf({ pid: process.pid, host: await ourHost(), start: '1', token: 'x' });
  assert.equal(await withFileLock(reused, async () => 'ran', { waitMs: 300 }), 'ran');
  const garbage = lockOf('half-written', 0);
  await assert.rejects(withFileLock(garbage, async () => 'ran', { waitMs: 300 }), ConfigError);
  utimesSync(garbage, new Date(0), new Date(0));
  assert.equal(await withFileLock(garbage, async () => 'ran', { waitMs: 300 }), 'ran');
});

test('a live holder keeps its lock for longer than the staleness bound: it touches the lock', async () => {
  const path = join(freshHome(), 'profiles.ini.lock');
  const events: string[] = [];
  const first = withFileLock(path, async () => {
    events.push('first in');
    await sleep(2500);
    events.push('first out');
  }, { staleMs: 1000 });
  await sleep(100);
  const second = withFileLock(path, async () => { events.push('second in'); }, { staleMs: 1000, waitMs: 10_000 });
  await Promise.all([first, second]);
  assert.deepEqual(events, ['first in', 'first out', 'second in']);
});

test('many waiters breaking one stale lock: one holder at a time, and the lock is gone after', async () => {
  const path = lockOf({ pid: 999_999_999, host: await ourHost(), token: 'dead' });
  let inside = 0;
  let most = 0;
  // Staggered, so some judge the stale lock while others already broke it and took a fresh one.
  await Promise.all(Array.from({ length: 20 }, (_, i) => sleep(i % 7).then(() => withFileLock(path, async () => {
    inside += 1;
    most = Math.max(most, inside);
    await sleep(3);
    inside -= 1;
  }, { waitMs: 20_000 }))));
  assert.equal(most, 1);
  assert.ok(!existsSync(path) && !existsSync(`${path}.break`));
});

test('a stale lock that cannot be broken (a crash left its .break file) is waited for without spinning, and the wait ends on time', async () => {
  const path = lockOf({ pid: 1, host: 'another-host', token: 'x' }, 10_000);
  writeFileSync(`${path}.break`, '');
  const cpu = process.cpuUsage();
  const started = Date.now();
  await assert.rejects(withFileLock(path, async () => 'ran', { waitMs: 1000, staleMs: 3000 }), ConfigError);
  const used = process.cpuUsage(cpu);
  const waited = Date.now() - started;
  assert.ok(waited < 2500, `gave up after ${waited} ms, not at waitMs`);
  assert.ok((used.user + used.system) / 1000 < waited / 2, `${((used.user + used.system) / 1000).toFixed(0)} ms of CPU in ${waited} ms: a busy loop`);
});
