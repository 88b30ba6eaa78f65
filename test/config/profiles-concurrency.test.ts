// Concurrent saves across real processes (issue #13: six concurrent `dance --save` lost one to
// five profiles). Writers serialise on a lock file, read again under it, and replace the file
// atomically; a lock left by a killed process does not block anyone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readProfile, readProfiles } from '../../src/config/profiles.js';
import { freshHome } from '../helpers/cli.js';

const WRITER = fileURLToPath(new URL('./helpers/profile-writer.ts', import.meta.url));

function run(args: string[]): { done: Promise<number>; output: () => string; kill: () => void; pid: number | undefined } {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
  const done = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  return { done, output: () => output, kill: () => child.kill('SIGKILL'), pid: child.pid };
}

function leftovers(home: string): string[] {
  const dir = join(home, '.config', 'jirakit');
  return readdirSync(dir).filter((f) => f !== 'profiles.ini');
}

test('eight processes saving different profiles at once: every profile survives, nothing is left behind', async () => {
  const home = freshHome();
  const startAt = String(Date.now() + 2500);
  const names = Array.from({ length: 8 }, (_, i) => `p${i}`);
  const writers = names.map((name) => run(['save', home, name, startAt]));
  for (const w of writers) assert.equal(await w.done, 0, w.output());
  const all = await readProfiles({ HOME: home });
  assert.deepEqual([...all.keys()].sort(), names);
  for (const name of names) assert.equal((await readProfile(name, { HOME: home }))?.token, `T-${name}`);
  assert.deepEqual(leftovers(home), []);
});

test('four processes updating the same profile twelve times each: no update is lost', async () => {
  const home = freshHome();
  const startAt = String(Date.now() + 2500);
  const writers = ['a', 'b', 'c', 'd'].map((name) => run(['append', home, name, startAt, '12']));
  for (const w of writers) assert.equal(await w.done, 0, w.output());
  const token = (await readProfile('shared', { HOME: home }))?.token ?? '';
  const entries = token.split(',').filter(Boolean);
  assert.equal(entries.length, 48, token);
  for (const name of ['a', 'b', 'c', 'd']) {
    // Each process's own updates are in order, and all of them are there.
    assert.deepEqual(entries.filter((e) => e.startsWith(`${name}.`)), Array.from({ length: 12 }, (_, i) => `${name}.${i}`));
  }
  assert.deepEqual(leftovers(home), []);
});

test('a lock left by a killed process is taken over at once, by its dead pid', async () => {
  const home = freshHome();
  const holder = run(['hold', home, '', '0']);
  const lock = join(home, '.config', 'jirakit', 'profiles.ini.lock');
  while (!holder.output().includes('locked')) {
    if (holder.output() !== '' && !holder.output().startsWith('locked')) assert.fail(holder.output());
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.ok(existsSync(lock));
  assert.equal((JSON.parse(readFileSync(lock, 'utf8')) as { pid: number }).pid, holder.pid);
  holder.kill();
  await holder.done;
  assert.ok(existsSync(lock), 'SIGKILL leaves the lock file behind');
  // The default wait is 30 s and the staleness bound 20 s: only the dead pid lets this through.
  const writer = run(['save', home, 'after', '0']);
  assert.equal(await writer.done, 0, writer.output());
  assert.equal((await readProfile('after', { HOME: home }))?.token, 'T-after');
  assert.deepEqual(leftovers(home), []);
});
