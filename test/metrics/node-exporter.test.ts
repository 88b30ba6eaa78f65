// A real node_exporter (Debian's prometheus-node-exporter) with its textfile collector reads the
// file `jirakit metrics --textfile` wrote and exposes the same series; while the file is
// rewritten in a loop it is never read half-written. The judge can fail: a writer that writes
// in place, in two steps, is caught by the same scrapes.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatExposition, licenseFamilies, type TargetOutcome } from '../../src/index.js';
import { writeTextfile } from '../../src/cli/textfile.js';
import { cleanEnv, freshHome, runCli } from '../helpers/cli.js';
import { eventually, freePort, pythonParse, type ParsedFamily } from './judges.js';
import { ADMIN, jira } from './sims.js';

const children: ChildProcess[] = [];
after(() => {
  for (const child of children) child.kill('SIGKILL');
});

async function nodeExporter(dir: string): Promise<string> {
  const port = await freePort();
  const child = spawn('/usr/bin/prometheus-node-exporter', ['--collector.disable-defaults', '--collector.textfile', `--collector.textfile.directory=${dir}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: 'ignore' });
  children.push(child);
  const url = `http://127.0.0.1:${port}/metrics`;
  await eventually(async () => ((await fetch(url)).ok ? true : undefined), 15_000, 'node_exporter answering');
  return url;
}

/** Our series as node_exporter exposes them: name{labels} -> value, for jira_* and jirakit_* families. */
function ours(families: readonly ParsedFamily[]): Map<string, number> {
  const map = new Map<string, number>();
  for (const f of families) {
    if (!/^jira(kit)?_/.test(f.name)) continue;
    for (const s of f.samples) map.set(`${s.name}${JSON.stringify(Object.entries(s.labels).sort())}`, Number(s.value));
  }
  return map;
}

const scrapeError = (families: readonly ParsedFamily[]): string | undefined => families.find((f) => f.name === 'node_textfile_scrape_error')?.samples[0]?.value;

/**
 * Series of an exposition as name{sorted labels} -> value, read by a few lines of our own
 * rather than the python parser: the loop below scrapes as fast as it can, and a python process
 * per scrape would leave a loaded machine a handful of scrapes.
 */
function quickSeries(text: string): Map<string, number> {
  const map = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    const head = line.slice(0, space);
    const brace = head.indexOf('{');
    const name = brace < 0 ? head : head.slice(0, brace);
    const labels = brace < 0 ? [] : [...head.slice(brace).matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => `${m[1]}=${m[2]}`).sort();
    map.set(`${name}{${labels.join(',')}}`, Number(line.slice(space + 1)));
  }
  return map;
}

test("node_exporter's textfile collector exposes the series jirakit wrote, help and type included", async () => {
  const { url } = await jira();
  const dir = mkdtempSync(join(tmpdir(), 'jirakit-node-exporter-'));
  const r = await runCli(['metrics', '--server', url, '--app', 'all', '--textfile', join(dir, 'jira_license.prom')], cleanEnv(freshHome(), ADMIN));
  assert.equal(r.code, 0, r.stderr);
  const exporter = await nodeExporter(dir);
  const exposed = await pythonParse(await (await fetch(exporter)).text(), 'prometheus');
  const written = await pythonParse(readFileSync(join(dir, 'jira_license.prom'), 'utf8'), 'prometheus');
  assert.equal(scrapeError(exposed), '0.0');
  assert.deepEqual(ours(exposed), ours(written));
  assert.ok(ours(written).size >= 15);
  const seats = exposed.find((f) => f.name === 'jira_license_seats');
  assert.equal(seats?.type, 'gauge');
  assert.equal(seats?.help, 'Seats of the application license; absent when seats are unlimited.');
});

/** Two versions of the file, of different sizes, so a torn read would be visible. */
function versions(): [string, string] {
  const outcome = (apps: number, users: number): TargetOutcome => ({
    info: { version: '10.3.19', deployment: 'Server' },
    apps: Array.from({ length: apps }, (_, i) => ({ app: `app-${i}`, reading: { app: `app-${i}`, source: 'upm' as const, users, seats: 100, unlimited: false } })),
    durationSeconds: 0.1,
  });
  return [formatExposition(licenseFamilies([{ labels: {}, outcome: outcome(40, 45) }]), 'prometheus'), formatExposition(licenseFamilies([{ labels: {}, outcome: outcome(80, 75) }]), 'prometheus')];
}

/** Scrapes node_exporter `count` times while `write(i)` rewrites the file; returns how many scrapes saw an error or a torn file. */
async function scrapeWhileWriting(exporter: string, write: (i: number) => Promise<void>, expected: readonly Map<string, number>[], count: number): Promise<{ scrapes: number; bad: number; writes: number }> {
  let writing = true;
  let writes = 0;
  const writer = (async () => {
    for (let i = 0; writing; i++, writes++) await write(i);
  })();
  let scrapes = 0;
  let bad = 0;
  while (scrapes < count) {
    const all = quickSeries(await (await fetch(exporter)).text());
    const seen = new Map([...all].filter(([k]) => /^jira(kit)?_/.test(k)));
    const whole = expected.some((e) => e.size === seen.size && [...e].every(([k, v]) => seen.get(k) === v));
    if (all.get('node_textfile_scrape_error{}') !== 0 || !whole) bad++;
    scrapes++;
  }
  writing = false;
  await writer;
  return { scrapes, bad, writes };
}

test('a file rewritten in a loop is never read half-written; an in-place writer is caught', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jirakit-node-exporter-'));
  const file = join(dir, 'jira_license.prom');
  const [a, b] = versions();
  writeTextfile(file, a);
  const exporter = await nodeExporter(dir);
  const expected = [a, b].map(quickSeries);
  const atomic = await scrapeWhileWriting(exporter, async (i) => {
    writeTextfile(file, i % 2 === 0 ? b : a);
    await new Promise((r) => setImmediate(r));
  }, expected, 200);
  assert.ok(atomic.writes >= 200, JSON.stringify(atomic));
  assert.equal(atomic.bad, 0, JSON.stringify(atomic));
  // The control: truncate, write half, pause, write the rest; the collector reads the half.
  const inPlace = await scrapeWhileWriting(exporter, async (i) => {
    const text = i % 2 === 0 ? b : a;
    const fd = openSync(file, 'w');
    writeSync(fd, text.slice(0, text.length >> 1));
    await new Promise((r) => setTimeout(r, 20));
    writeSync(fd, text.slice(text.length >> 1));
    closeSync(fd);
  }, expected, 100);
  assert.ok(inPlace.bad > 0, `the in-place writer was never caught: ${JSON.stringify(inPlace)}`);
});
