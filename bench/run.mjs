// `npm run bench`: every benchmark in one run, side by side with the Python reference where there
// is one, as a markdown table with a verdict per target, and bench/results.json. Exits 1 when a
// target is missed. Installs nothing; the Python side is skipped with a note when python3-jira is
// missing. BENCH_BASELINE=DIR (a checkout of an earlier commit, its dist/ built) adds the search,
// check and shell of that build, alternating with this one. Not part of `npm test`: timings on a
// shared machine are compared as ratios within one run, never asserted in tests.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const here = (f) => fileURLToPath(new URL(f, import.meta.url));

async function bench(script, args = []) {
  const { stdout } = await run(process.execPath, [...args, here(script)], { maxBuffer: 16 << 20, timeout: 600_000 });
  const line = stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (!line) throw new Error(`${script} printed no RESULT line:\n${stdout}`);
  return JSON.parse(line.slice(7));
}

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}`;
const simulator = await bench('./simulator-throughput.mjs', ['--expose-gc']);
const search = await bench('./search.mjs');
const check = await bench('./check.mjs');
const shell = await bench('./shell.mjs');
const signing = await bench('./signing.mjs');
const clientLoad = await bench('./client-load.mjs', ['--expose-gc']);
const exporter = await bench('./exporter.mjs');

const f = (n, d = 2) => (n === undefined ? 'n/a' : Number(n).toFixed(d));
// Median with the range of the alternating runs (min–max), so noise is visible next to the figure.
const mr = (median, min, max, d, unit) => (median === undefined ? 'n/a' : `${f(median, d)} ${unit} (${f(min, d)}–${f(max, d)})`);
/**
 * Flat: after the first `warmup` samples, none exceeds the first of the rest by more than 15% plus
 * 0.5 MiB (what GC timing moves a sample by). Unjudged with fewer than two samples.
 */
const flat = (xs, warmup = 0) => {
  const rest = xs.slice(warmup).filter((x) => Number.isFinite(x));
  return rest.length < 2 ? undefined : Math.max(...rest) <= rest[0] * 1.15 + 0.5;
};
// "No slower than the baseline": medians of alternating runs move by a few percent from noise alone.
const NOISE = 1.05;
// A target whose reference was skipped (no python3-jira, no baseline) is reported, not judged.
const atLeast = (value, bar) => (value === undefined ? undefined : value >= bar);
const atMost = (value, bar) => (value === undefined ? undefined : value <= bar);

const rows = [];
const row = (benchmark, jirakit, reference, ratio, target, pass) => rows.push({ benchmark, jirakit, reference, ratio, target, pass });

row('simulator start to ready (spawn to first line)', `${f(simulator.startToReadyMs.median, 0)} ms`, `node -e 0: ${f(simulator.nodeStartMs, 0)} ms`, '', '< 300 ms', simulator.startToReadyMs.median < 300);
row('OAuth-signed REST requests verified per second', `${simulator.signedRequestsPerSecond}/s (${simulator.errors} errors)`, '', '', '>= 2000/s, 0 errors', simulator.signedRequestsPerSecond >= 2000 && simulator.errors === 0);
row(`simulator heap over ${simulator.memory.at(-1)?.requests ?? 0} signed requests`, `${simulator.memory.map((m) => f(m.heapMiB, 1)).join(', ')} MiB`, '', '', 'flat', flat(simulator.memory.map((m) => m.heapMiB)));
row('check_jira_license, one whole run with OAuth (median of 10)', mr(check.jirakit.medianMs, check.jirakit.minMs, check.jirakit.maxMs, 0, 'ms'), `Python plugin on python3-jira: ${mr(check.python?.medianMs, check.python?.minMs, check.python?.maxMs, 0, 'ms')}`, `${f(check.speedupVsPython, 1)}x faster`, '>= 3x', atLeast(check.speedupVsPython, 3));
row('check_jira_license against node start + one request', `${f(check.jirakit.medianMs, 0)} ms`, `node -e 0: ${f(check.nodeStart.medianMs, 0)} ms; + one node:http request: ${f(check.nodeOneRequest.medianMs, 0)} ms`, `${f(check.ratioToNodeOneRequest, 2)}x`, '<= 1.5x', check.ratioToNodeOneRequest <= 1.5);
if (check.baseline) row('check_jira_license against the baseline build', `${f(check.jirakit.medianMs, 0)} ms`, `baseline: ${mr(check.baseline.medianMs, check.baseline.minMs, check.baseline.maxMs, 0, 'ms')}`, `${f(check.baselineRatio, 2)}x`, '<= 1.05x (no slower, within noise)', check.baselineRatio <= NOISE);
row("node:http against a bare socket in a fresh process (what the build before issue #12 wrote to)", `node + one node:http request: ${f(check.nodeOneRequest.medianMs, 0)} ms`, `the same request over node:net, nothing parsed: ${f(check.nodeOneSocketRequest.medianMs, 0)} ms`, `${check.nodeHttpCostMs >= 0 ? '+' : ''}${f(check.nodeHttpCostMs, 0)} ms`, "(reported: at most node:http's own cost)", undefined);
row('shell start to first prompt (pseudo-terminal, same OAuth flags)', mr(shell.jirakitMs, shell.jirakitRange?.minMs, shell.jirakitRange?.maxMs, 0, 'ms'), `Python jirashell (IPython): ${shell.pythonMissing ? 'skipped: apt-get install python3-ipython' : mr(shell.pythonMs, shell.pythonRange?.minMs, shell.pythonRange?.maxMs, 0, 'ms')}`, `${f(shell.speedup, 1)}x faster`, '>= 3x', atLeast(shell.speedup, 3));
if (shell.baselineMs !== undefined) row('shell start against the baseline build', `${f(shell.jirakitMs, 0)} ms`, `baseline: ${f(shell.baselineMs, 0)} ms`, `${f(shell.baselineRatio, 2)}x`, '<= 1.05x (no slower, within noise)', shell.baselineRatio <= NOISE);
row('signing one request (RSA-SHA1, 2048-bit)', `${f(signing.jirakitMicros, 0)} µs`, `bare crypto.sign: ${f(signing.bareMicros, 0)} µs`, `${f(signing.overhead, 2)}x`, '<= 1.2x', signing.overhead <= 1.2);
row('client under load: 50 concurrent OAuth-signed requests (loopback)', `${clientLoad.requests} requests, ${clientLoad.errors} errors, ${f(clientLoad.perSecond, 0)}/s`, '', '', '0 errors', clientLoad.errors === 0);
row('client heap retained after GC as those requests add up', `${clientLoad.retainedMiB.map((m) => f(m, 1)).join(', ')} MiB`, '', '', 'flat', flat(clientLoad.retainedMiB));
row(`jirakit exporter: ${exporter.rate} scrapes/s for ${f(exporter.seconds, 0)} s (/metrics and /probe), cache ${exporter.cacheSeconds} s`, `${exporter.scrapes} scrapes, ${exporter.errors} errors, p50 ${f(exporter.p50Ms, 1)} ms, p99 ${f(exporter.p99Ms, 1)} ms; Jira read ${exporter.jiraReads} times`, `the cache allows ${exporter.allowedReads}`, '', '0 errors, reads <= allowed', exporter.errors === 0 && exporter.jiraReads <= exporter.allowedReads);
// V8 grows the heap to its working size in the first ~30 s; what counts is that it then holds.
row('exporter RSS every 10 s of that minute', `${exporter.rssMiB.map((m) => f(m, 0)).join(', ')} MiB`, '', '', 'flat after 30 s', flat(exporter.rssMiB, 3));
row('jirakit metrics, one whole run (seats, expiry, serverInfo)', mr(exporter.startup.metrics.medianMs, exporter.startup.metrics.minMs, exporter.startup.metrics.maxMs, 0, 'ms'), `check_jira_license --expiry-warning 30: ${mr(exporter.startup.check.medianMs, exporter.startup.check.minMs, exporter.startup.check.maxMs, 0, 'ms')}`, `${f(exporter.startup.ratio, 2)}x`, '<= 1.5x (one request more, and the ESM entry)', exporter.startup.ratio <= 1.5);
row(`all ${search.issues} issues of a search: the call, from building the client to the last issue (each script's own clock)`, mr(search.jirakit?.callMedianSeconds, search.jirakit?.callMinSeconds, search.jirakit?.callMaxSeconds, 3, 's'), `python-jira JIRA() + search_issues(maxResults=False): ${mr(search.python?.callMedianSeconds, search.python?.callMinSeconds, search.python?.callMaxSeconds, 2, 's')}`, `${f(search.callSpeedup, 1)}x faster`, '>= 5x', atLeast(search.callSpeedup, 5));
row('the same search, whole process: runtime start, imports, call, exit', mr(search.jirakit?.medianSeconds, search.jirakit?.minSeconds, search.jirakit?.maxSeconds, 2, 's'), `python-jira as above: ${mr(search.python?.medianSeconds, search.python?.minSeconds, search.python?.maxSeconds, 2, 's')}`, `${f(search.speedup, 1)}x faster`, '>= 4x', atLeast(search.speedup, 4));
if (search.baseline) row('the same search, whole process, against the baseline build (and the page faults of each)', `${f(search.jirakit?.medianSeconds, 3)} s, ${f(search.jirakit?.minorFaults, 0)} faults`, `baseline: ${mr(search.baseline.medianSeconds, search.baseline.minSeconds, search.baseline.maxSeconds, 3, 's')}, ${f(search.baseline.minorFaults, 0)} faults`, `${f(search.baselineRatio, 2)}x`, '<= 1.15x', atMost(search.baselineRatio, 1.15));
row('the same search with no client: node, one socket, JSON.parse (bench/search-floor.mjs), call / whole process', `${f(search.floor?.callMedianSeconds, 3)} s / ${mr(search.floor?.medianSeconds, search.floor?.minSeconds, search.floor?.maxSeconds, 2, 's')}`, 'python-jira as above', `${f(search.floorCallSpeedup, 1)}x / ${f(search.floorSpeedup, 1)}x faster`, '(a client-less baseline)', undefined);
row(`search peak RSS (${search.smallerSearch.count} / ${search.halfSearch.count} / ${search.jirakit?.count} issues)`, `${f(search.smallerSearch.peakRssMiB, 0)} / ${f(search.halfSearch.peakRssMiB, 0)} / ${f(search.jirakit?.peakRssMiB, 0)} MiB`, `python-jira (${search.python?.count} issues): ${f(search.python?.peakRssMiB, 0)} MiB`, '', 'flat', flat([search.smallerSearch.peakRssMiB, search.halfSearch.peakRssMiB, search.jirakit?.peakRssMiB]));
row('search heap retained after GC, every 2,000 issues', `${search.retainedHeapMiB.map((m) => f(m, 1)).join(', ')} MiB`, '', '', 'flat', flat(search.retainedHeapMiB));

const verdict = (pass) => (pass === undefined ? '' : pass ? 'met' : '**missed**');
console.log(`Machine: ${machine}\n`);
console.log('| benchmark | jirakit | reference | ratio | target | verdict |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.benchmark} | ${r.jirakit} | ${r.reference} | ${r.ratio} | ${r.target} | ${verdict(r.pass)} |`);
if (search.pythonMissing) console.log('\nThe python-jira side was skipped: apt-get install python3-jira python3-keyring python3-requests-oauthlib.');
const missed = rows.filter((r) => r.pass === false);
writeFileSync(here('./results.json'), `${JSON.stringify({ machine, date: new Date().toISOString(), missed: missed.map((r) => r.benchmark), simulator, search, check, shell, signing, clientLoad, exporter }, null, 2)}\n`);
console.log('\nbench/results.json written.');
if (missed.length > 0) {
  console.log(`\n${missed.length} target(s) missed: ${missed.map((r) => r.benchmark).join('; ')}.`);
  process.exitCode = 1;
} else console.log(`\nAll ${rows.filter((r) => r.pass !== undefined).length} targets met.`);
