// Exporter benchmark (not a test): `jirakit exporter` under 100 scrapes a second for a minute
// (BENCH_EXPORTER_SECONDS) against an in-process simulator, alternating /metrics and
// /probe?target=, counting errors, the exporter's RSS every 10 s, and how often Jira was read
// (at most one read per cache period). Then one `jirakit metrics` run against one
// `check_jira_license --expiry-warning 30` run (the same license reads), process start to exit,
// alternating, as a ratio of medians.
import { execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createSimulator, route } from '../dist/simulator.js';

const run = promisify(execFile);
const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const SECONDS = Number(process.env.BENCH_EXPORTER_SECONDS ?? 60);
const RATE = 100;
const CACHE_SECONDS = 5;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function scrape(agent, url) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    get(url, { agent, headers: { 'x-prometheus-scrape-timeout-seconds': '10' } }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ ok: res.statusCode === 200 && /jirakit_license_scrape_success(\{target="a"\})? 1\n/.test(body), ms: performance.now() - t0 }));
    }).on('error', () => resolve({ ok: false, ms: performance.now() - t0 }));
  });
}

const rssMiB = (pid) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

async function load(base, pid) {
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });
  const results = [];
  const memory = [];
  const started = performance.now();
  const pending = [];
  for (let i = 0; i < SECONDS * RATE; i++) {
    // Open loop: scrape i starts at i/RATE seconds whatever the earlier ones are doing.
    const wait = started + (i * 1000) / RATE - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    pending.push(scrape(agent, i % 2 === 0 ? `${base}/metrics` : `${base}/probe?target=a`).then((r) => results.push(r)));
    if (i % (RATE * 10) === 0) memory.push(rssMiB(pid));
  }
  await Promise.all(pending);
  memory.push(rssMiB(pid));
  agent.destroy();
  const ms = results.map((r) => r.ms);
  return { scrapes: results.length, errors: results.filter((r) => !r.ok).length, seconds: (performance.now() - started) / 1000, p50Ms: median(ms), p99Ms: [...ms].sort((a, b) => a - b)[Math.floor(ms.length * 0.99)], rssMiB: memory };
}

async function startup(url, home) {
  const env = { PATH: process.env.PATH, HOME: home, JIRA_USERNAME: 'admin', JIRA_PASSWORD: 'admin' };
  const timed = async (args) => {
    const t0 = performance.now();
    await run(process.execPath, args, { env }).catch((e) => { if (typeof e.code !== 'number') throw e; });
    return performance.now() - t0;
  };
  const times = { metrics: [], check: [] };
  for (let i = 0; i < ROUNDS; i++) {
    times.metrics.push(await timed([here('../dist/jirakit.js'), 'metrics', '--server', url]));
    // The plugin reading the same resources (seats and expiry); metrics also reads serverInfo.
    times.check.push(await timed([here('../dist/check_jira_license.cjs'), '--url', url, '--expiry-warning', '30', '--expiry-critical', '7']));
  }
  const m = (xs) => ({ medianMs: median(xs), minMs: Math.min(...xs), maxMs: Math.max(...xs) });
  return { metrics: m(times.metrics), check: m(times.check), ratio: median(times.metrics) / median(times.check) };
}

export async function exporterBenchmark() {
  const sim = createSimulator({ applications: { 'jira-software': { name: 'Jira Software', version: '10.3.19', activeUsers: 45, licensedUsers: 50, expiryDate: '2027-12-31', maintenanceExpiryDate: '2027-12-31' } } });
  let reads = 0;
  sim.use(route('GET /rest/api/2/serverInfo', () => void reads++));
  const server = await sim.listen();
  const home = mkdtempSync(join(tmpdir(), 'jirakit-bench-exporter-'));
  mkdirSync(join(home, '.config', 'jirakit'), { recursive: true, mode: 0o700 });
  writeFileSync(join(home, '.config', 'jirakit', 'profiles.ini'), `[a]\nserver = ${server.url}\nusername = admin\npassword = admin\n`, { mode: 0o600 });
  const exporter = spawn(process.execPath, [here('../dist/jirakit.js'), 'exporter', '--listen', '127.0.0.1:0', '--profile', 'a', '--cache', String(CACHE_SECONDS)], { env: { PATH: process.env.PATH, HOME: home }, stdio: ['ignore', 'pipe', 'inherit'] });
  try {
    const base = await new Promise((resolve, reject) => {
      let out = '';
      exporter.stdout.on('data', (d) => { out += d; const m = /listening on (http:\/\/\S+)\/metrics/.exec(out); if (m) resolve(m[1]); });
      exporter.on('close', () => reject(new Error(`the exporter did not start: ${out}`)));
    });
    const result = await load(base, exporter.pid);
    const allowedReads = Math.ceil(result.seconds / CACHE_SECONDS) + 1;
    return { ...result, rate: RATE, cacheSeconds: CACHE_SECONDS, jiraReads: reads, allowedReads, startup: await startup(server.url, home) };
  } finally {
    exporter.kill('SIGTERM');
    await server.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(`RESULT ${JSON.stringify(await exporterBenchmark())}`);
