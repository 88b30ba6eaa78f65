// Simulator benchmark (not a test): start-to-ready time, OAuth-signed REST requests verified
// per second over loopback, and memory over 100,000 signed requests. Bounded in count and time;
// loopback only. Run with `npm run bench`.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request } from 'node:http';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { getAccessToken, getAuthorizeUrl, getRequestToken, signOAuth1 } from '../dist/index.js';
import { approveAsUser, createSimulator } from '../dist/simulator.js';
import { generateKeyPairSync } from 'node:crypto';

// A clean environment, as every benchmark here uses: this VM's NODE_EXTRA_CA_CERTS (the whole
// system bundle) costs node ~40 ms at each start, for jirakit and `node -e 0` alike.
const CLEAN = { PATH: process.env.PATH, HOME: tmpdir() };
const JIRAKIT = fileURLToPath(new URL('../dist/jirakit.js', import.meta.url));
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 20_000);
const CONCURRENCY = 32;
const MEMORY_REQUESTS = Number(process.env.BENCH_MEMORY_REQUESTS ?? 100_000);
const CONSUMER = 'bench';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const dir = mkdtempSync(join(tmpdir(), 'jirakit-bench-'));
writeFileSync(join(dir, 'bench.pub'), publicKey.export({ type: 'spki', format: 'pem' }));

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function startToReady() {
  const t0 = performance.now();
  const child = spawn(process.execPath, [JIRAKIT, 'simulate', '--consumer', `${CONSUMER}=${join(dir, 'bench.pub')}`], { stdio: ['ignore', 'pipe', 'inherit'], env: CLEAN });
  // Read its output with a listener that stays: leaving a `for await` loop would close the pipe
  // under a simulator that is still printing.
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve({ child, url: m[1], ms: performance.now() - t0 });
    });
    child.on('close', () => reject(new Error(`simulator did not start: ${out}`)));
  });
}

async function nodeBaseline() {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore', env: CLEAN });
  await once(child, 'close');
  return performance.now() - t0;
}

async function accessToken(server) {
  const options = { server, consumerKey: CONSUMER, privateKey };
  const rt = await getRequestToken(options);
  await approveAsUser({ authorizeUrl: getAuthorizeUrl(server, rt.token), username: 'admin', password: 'admin' });
  return (await getAccessToken({ ...options, requestToken: rt.token })).token;
}

async function throughput(server, token) {
  // Sign first, so the load generator's RSA signing does not compete with the server's verifying.
  const url = new URL(`${server}/rest/api/2/myself`);
  const signed = Array.from({ length: REQUESTS }, () => signOAuth1({ method: 'GET', url }, { consumerKey: CONSUMER, privateKey, token }).header);
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let next = 0;
  let ok = 0;
  let failed = 0;
  const one = (authorization) =>
    new Promise((resolve) => {
      const req = request(url, { agent, headers: { authorization } }, (res) => {
        if (res.statusCode === 200 && res.headers['x-ausername'] === 'admin') ok++;
        else failed++;
        res.resume();
        res.on('end', resolve);
      });
      req.on('error', () => {
        failed++;
        resolve();
      });
      req.end();
    });
  const t0 = performance.now();
  const deadline = t0 + 60_000;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < signed.length && performance.now() < deadline) await one(signed[next++]);
  }));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  return { rps: (ok + failed) / seconds, ok, failed };
}

async function memory() {
  // In-process, with a clock that moves 20 ms per request: 100,000 requests span 2,000 simulated
  // seconds, so the ±300 s nonce window must expire entries or memory would grow without bound.
  let now = Date.UTC(2026, 0, 1);
  const sim = createSimulator({ consumers: [{ key: CONSUMER, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }) }], now: () => now });
  const server = 'http://jira.bench';
  const options = { server, consumerKey: CONSUMER, privateKey, fetch: sim.fetch, now: () => now };
  const rt = await getRequestToken(options);
  await approveAsUser({ authorizeUrl: getAuthorizeUrl(server, rt.token), username: 'admin', password: 'admin', fetch: sim.fetch });
  const token = (await getAccessToken({ ...options, requestToken: rt.token })).token;
  const url = new URL(`${server}/rest/api/2/myself`);
  const samples = [];
  const t0 = performance.now();
  for (let i = 1; i <= MEMORY_REQUESTS && performance.now() - t0 < 180_000; i++) {
    now += 20;
    const authorization = signOAuth1({ method: 'GET', url }, { consumerKey: CONSUMER, privateKey, token, now: () => now }).header;
    const res = await sim.fetch(url, { headers: { authorization } });
    if (res.status !== 200) throw new Error(`request ${i}: HTTP ${res.status}`);
    await res.arrayBuffer();
    if (i % (MEMORY_REQUESTS / 5) === 0) {
      globalThis.gc?.();
      samples.push({ requests: i, heapMiB: process.memoryUsage().heapUsed / 2 ** 20, nonces: sim.nonces.size });
    }
  }
  return samples;
}

const starts = [];
const baselines = [];
for (let i = 0; i < 5; i++) {
  baselines.push(await nodeBaseline());
  const s = await startToReady();
  starts.push(s.ms);
  s.child.kill();
  await once(s.child, 'close');
}
const { child, url } = await startToReady();
try {
  const token = await accessToken(url);
  const t = await throughput(url, token);
  const mem = await memory();
  const results = {
    startToReadyMs: { median: median(starts), min: Math.min(...starts), max: Math.max(...starts) },
    nodeStartMs: median(baselines),
    signedRequestsPerSecond: Math.round(t.rps),
    requests: t.ok + t.failed,
    errors: t.failed,
    memory: mem,
  };
  console.log('| measure | value | target |');
  console.log('| --- | --- | --- |');
  console.log(`| simulator start to ready (median of 5, process spawn to first line) | ${results.startToReadyMs.median.toFixed(0)} ms (node -e 0: ${results.nodeStartMs.toFixed(0)} ms) | < 300 ms |`);
  console.log(`| OAuth-signed REST requests verified per second (loopback, ${CONCURRENCY} concurrent) | ${results.signedRequestsPerSecond} (${results.requests} requests, ${results.errors} errors) | >= 2000 |`);
  for (const m of mem) console.log(`| heap after ${m.requests} signed requests | ${m.heapMiB.toFixed(1)} MiB, ${m.nonces} nonces held | flat |`);
  console.log(`RESULT ${JSON.stringify(results)}`);
} finally {
  child.kill();
}
