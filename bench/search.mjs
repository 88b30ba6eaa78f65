// Search benchmark (not a test): all issues of a JQL search over 10,000 simulator issues,
// jirakit's searchIssues against python-jira's search_issues(maxResults=False), alternating runs,
// each a fresh process. Two times per run: the call (each script's own clock, from building the
// client to the last issue: what the two functions cost) and the whole process (runtime start,
// imports and exit too). Reports medians, ranges, peak RSS and the ratios; and, alternating with
// them, search-floor.mjs (node with no client at all), a baseline of what the machine allows.
import { execFile, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const ISSUES = Number(process.env.BENCH_ISSUES ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
const JQL = 'ORDER BY key ASC';
const FIELDS = '*all';
const TOKEN = 'BENCH-PAT-0123456789';

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// Every side runs in the same clean environment, as in check.mjs and shell.mjs: this VM exports
// NODE_EXTRA_CA_CERTS (the whole system bundle, which node parses at every start: ~40 ms) and
// Python's CA and bytecode variables; neither tool is measured with the machine's extras.
const clean = { PATH: process.env.PATH, HOME: tmpdir() };
const opts = { maxBuffer: 1 << 20, env: clean };

export async function searchBenchmark() {
  const sim = spawn(process.execPath, [here('../dist/jirakit.js'), 'simulate', '--issues', String(ISSUES), '--pat', `admin:${TOKEN}`], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  const server = await new Promise((resolve, reject) => {
    sim.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    sim.on('close', () => reject(new Error(`simulator did not start: ${out}`)));
  });
  const havePython = existsSync('/usr/bin/python3') && (await run('/usr/bin/python3', ['-c', 'import jira']).then(() => true, () => false));
  const results = { jirakit: [], python: [], floor: [], baseline: [] };
  // BENCH_BASELINE: a checkout of an earlier commit with its dist/ built, measured alternating with this one.
  const baselineIndex = process.env.BENCH_BASELINE ? pathToFileURL(resolve(process.env.BENCH_BASELINE, 'dist/index.js')).href : undefined;
  const small = [];
  const half = [];
  try {
    // Warm the simulator (its per-issue JSON cache) so neither side pays for it.
    await run(process.execPath, [here('./jirakit-search.mjs'), server, TOKEN, JQL, FIELDS], opts);
    for (let round = 0; round < ROUNDS; round++) {
      // Memory must not grow with the number of issues: the same loop over a sixth and a half of them.
      small.push(JSON.parse((await run(process.execPath, [here('./jirakit-search.mjs'), server, TOKEN, 'labels = seeded ORDER BY key ASC', FIELDS], opts)).stdout));
      half.push(JSON.parse((await run(process.execPath, [here('./jirakit-search.mjs'), server, TOKEN, 'project = PROJ ORDER BY key ASC', FIELDS], opts)).stdout));
      const t0 = performance.now();
      const j = JSON.parse((await run(process.execPath, [here('./jirakit-search.mjs'), server, TOKEN, JQL, FIELDS], opts)).stdout);
      results.jirakit.push({ ...j, wall: (performance.now() - t0) / 1000 });
      // What node needs with no client at all (search-floor.mjs): the best any Node client can do here.
      const t2 = performance.now();
      const fl = JSON.parse((await run(process.execPath, [here('./search-floor.mjs'), server, TOKEN, JQL, FIELDS], opts)).stdout);
      results.floor.push({ ...fl, wall: (performance.now() - t2) / 1000 });
      if (baselineIndex) {
        const t3 = performance.now();
        const b = JSON.parse((await run(process.execPath, [here('./jirakit-search.mjs'), server, TOKEN, JQL, FIELDS], { ...opts, env: { ...clean, BENCH_JIRAKIT_INDEX: baselineIndex } })).stdout);
        results.baseline.push({ ...b, wall: (performance.now() - t3) / 1000 });
      }
      if (havePython) {
        const t1 = performance.now();
        const p = JSON.parse((await run('/usr/bin/python3', [here('./python_search.py'), server, TOKEN, JQL, FIELDS], { ...opts, env: { ...clean, PYTHONWARNINGS: 'ignore' } })).stdout);
        results.python.push({ ...p, wall: (performance.now() - t1) / 1000 });
      }
    }
  } catch (error) {
    sim.kill();
    throw error;
  }
  const summary = (xs) => xs.length === 0 ? undefined : {
    count: xs[0].count,
    medianSeconds: median(xs.map((x) => x.wall)),
    minSeconds: Math.min(...xs.map((x) => x.wall)),
    maxSeconds: Math.max(...xs.map((x) => x.wall)),
    callMedianSeconds: median(xs.map((x) => x.seconds)),
    callMinSeconds: Math.min(...xs.map((x) => x.seconds)),
    callMaxSeconds: Math.max(...xs.map((x) => x.seconds)),
    peakRssMiB: median(xs.map((x) => x.maxRssKiB)) / 1024,
    minorFaults: xs[0].minorFaults === undefined ? undefined : median(xs.map((x) => x.minorFaults)),
  };
  // The heap the loop keeps, sampled after a full GC every 2,000 issues (a separate run: GC skews time).
  const retained = JSON.parse((await run(process.execPath, ['--expose-gc', here('./jirakit-search.mjs'), server, TOKEN, JQL, FIELDS], opts).finally(() => sim.kill())).stdout).retainedMiB;
  const jirakit = summary(results.jirakit);
  const python = summary(results.python);
  const floor = summary(results.floor.map((x) => ({ ...x, maxRssKiB: 0 })));
  const baseline = summary(results.baseline);
  return {
    issues: ISSUES,
    jirakit,
    python,
    pythonMissing: !havePython,
    speedup: python && jirakit ? python.medianSeconds / jirakit.medianSeconds : undefined,
    callSpeedup: python && jirakit ? python.callMedianSeconds / jirakit.callMedianSeconds : undefined,
    floor,
    baseline,
    baselineRatio: baseline && jirakit ? jirakit.medianSeconds / baseline.medianSeconds : undefined,
    floorSpeedup: python && floor ? python.medianSeconds / floor.medianSeconds : undefined,
    floorCallSpeedup: python && floor ? python.callMedianSeconds / floor.callMedianSeconds : undefined,
    smallerSearch: { count: small[0]?.count, peakRssMiB: median(small.map((x) => x.maxRssKiB)) / 1024 },
    halfSearch: { count: half[0]?.count, peakRssMiB: median(half.map((x) => x.maxRssKiB)) / 1024 },
    retainedHeapMiB: retained,
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`RESULT ${JSON.stringify(await searchBenchmark())}`);
}
