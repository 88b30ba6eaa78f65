// `npm run bench`: every benchmark in one run, side by side with the Python reference where there
// is one, as a markdown table and bench/results.json. Installs nothing; the Python side is skipped
// with a note when python3-jira is missing. Not part of `npm test`: timings on a shared machine
// are reported as ratios, never asserted.
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

console.log(`Machine: ${machine}\n`);
console.log('| benchmark | jirakit | reference | ratio | target |');
console.log('| --- | --- | --- | --- | --- |');
console.log(`| simulator start to ready (spawn to first line) | ${f(simulator.startToReadyMs.median, 0)} ms | node -e 0: ${f(simulator.nodeStartMs, 0)} ms | | < 300 ms |`);
console.log(`| OAuth-signed REST requests verified per second | ${simulator.signedRequestsPerSecond}/s (${simulator.errors} errors) | | | >= 2000/s |`);
console.log(`| simulator heap over ${simulator.memory.at(-1)?.requests ?? 0} signed requests | ${simulator.memory.map((m) => f(m.heapMiB, 1)).join(', ')} MiB | | | flat |`);
if (search.pythonMissing) console.log('| search (python-jira side skipped: apt-get install python3-jira) | | | | |');
console.log(`| check_jira_license, one whole run with OAuth (median of ${'10'}) | ${mr(check.jirakit.medianMs, check.jirakit.minMs, check.jirakit.maxMs, 0, 'ms')} | Python plugin on python3-jira: ${mr(check.python?.medianMs, check.python?.minMs, check.python?.maxMs, 0, 'ms')} | ${f(check.speedupVsPython, 1)}x faster | >= 3x |`);
console.log(`| check_jira_license against node start + one request | ${f(check.jirakit.medianMs, 0)} ms | node -e 0: ${f(check.nodeStart.medianMs, 0)} ms; + one node:http request: ${f(check.nodeOneRequest.medianMs, 0)} ms | ${f(check.ratioToNodeOneRequest, 2)}x | <= 1.5x |`);
console.log(`| shell start to first prompt (pseudo-terminal, same OAuth flags) | ${mr(shell.jirakitMs, shell.jirakitRange?.minMs, shell.jirakitRange?.maxMs, 0, 'ms')} | Python jirashell (IPython): ${shell.pythonMissing ? 'skipped: apt-get install python3-ipython' : mr(shell.pythonMs, shell.pythonRange?.minMs, shell.pythonRange?.maxMs, 0, 'ms')} | ${f(shell.speedup, 1)}x faster | >= 3x |`);
console.log(`| signing one request (RSA-SHA1, 2048-bit) | ${f(signing.jirakitMicros, 0)} µs | bare crypto.sign: ${f(signing.bareMicros, 0)} µs | ${f(signing.overhead, 2)}x | <= 1.2x |`);
console.log(`| client under load: 50 concurrent OAuth-signed requests (loopback) | ${clientLoad.requests} requests, ${clientLoad.errors} errors, ${f(clientLoad.perSecond, 0)}/s | | | 0 errors |`);
console.log(`| client heap retained after GC as those requests add up | ${clientLoad.retainedMiB.map((m) => f(m, 1)).join(', ')} MiB | | | flat |`);
console.log(`| jirakit exporter: ${exporter.rate} scrapes/s for ${f(exporter.seconds, 0)} s (/metrics and /probe), cache ${exporter.cacheSeconds} s | ${exporter.scrapes} scrapes, ${exporter.errors} errors, p50 ${f(exporter.p50Ms, 1)} ms, p99 ${f(exporter.p99Ms, 1)} ms; RSS ${exporter.rssMiB.map((m) => f(m, 0)).join(', ')} MiB; Jira read ${exporter.jiraReads} times | the cache allows ${exporter.allowedReads} | | 0 errors, flat, reads <= allowed |`);
console.log(`| jirakit metrics, one whole run (seats, expiry, serverInfo) | ${mr(exporter.startup.metrics.medianMs, exporter.startup.metrics.minMs, exporter.startup.metrics.maxMs, 0, 'ms')} | check_jira_license --expiry-warning 30: ${mr(exporter.startup.check.medianMs, exporter.startup.check.minMs, exporter.startup.check.maxMs, 0, 'ms')} | ${f(exporter.startup.ratio, 2)}x | about 1x |`);
console.log(`| all ${search.issues} issues of a search: the call, from building the client to the last issue (each script's own clock) | ${mr(search.jirakit?.callMedianSeconds, search.jirakit?.callMinSeconds, search.jirakit?.callMaxSeconds, 3, 's')} | python-jira JIRA() + search_issues(maxResults=False): ${mr(search.python?.callMedianSeconds, search.python?.callMinSeconds, search.python?.callMaxSeconds, 2, 's')} | ${f(search.callSpeedup, 1)}x faster | >= 5x |`);
console.log(`| the same search, whole process: runtime start, imports, call, exit | ${mr(search.jirakit?.medianSeconds, search.jirakit?.minSeconds, search.jirakit?.maxSeconds, 2, 's')} | python-jira as above: ${mr(search.python?.medianSeconds, search.python?.minSeconds, search.python?.maxSeconds, 2, 's')} | ${f(search.speedup, 1)}x faster | |`);
console.log(`| the same search with no client: node, one socket, JSON.parse (bench/search-floor.mjs), call / whole process | ${f(search.floor?.callMedianSeconds, 3)} s / ${mr(search.floor?.medianSeconds, search.floor?.minSeconds, search.floor?.maxSeconds, 2, 's')} | python-jira as above | ${f(search.floorCallSpeedup, 1)}x / ${f(search.floorSpeedup, 1)}x faster | (a client-less baseline) |`);
console.log(`| search peak RSS (${search.smallerSearch.count} / ${search.halfSearch.count} / ${search.jirakit?.count} issues) | ${f(search.smallerSearch.peakRssMiB, 0)} / ${f(search.halfSearch.peakRssMiB, 0)} / ${f(search.jirakit?.peakRssMiB, 0)} MiB | python-jira (${search.python?.count} issues): ${f(search.python?.peakRssMiB, 0)} MiB | | flat |`);
console.log(`| search heap retained after GC, every 2,000 issues | ${search.retainedHeapMiB.map((m) => f(m, 1)).join(', ')} MiB | | | flat |`);
writeFileSync(here('./results.json'), `${JSON.stringify({ machine, date: new Date().toISOString(), simulator, search, check, shell, signing, clientLoad, exporter }, null, 2)}\n`);
console.log('\nbench/results.json written.');
