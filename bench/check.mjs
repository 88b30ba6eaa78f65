// Plugin benchmark (not a test): one whole check_jira_license run, process start to exit, against
// the Python equivalent (the seed's script as a plugin, on python3-jira with OAuth), `node -e 0`,
// node making one plain node:http request, and node making the same request over a bare socket
// (what a client without node:http rests on, as the transport before issue #12 did). Alternating
// runs; medians and ratios.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startOAuthSimulator } from './oauth-simulator.mjs';

const run = promisify(execFile);
const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 10);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// BENCH_BASELINE: a checkout of an earlier commit with its dist/ built, measured alternating with this one.
const BASELINE = process.env.BENCH_BASELINE ? resolve(process.env.BENCH_BASELINE) : undefined;

async function timed(command, args, env = {}) {
  const t0 = performance.now();
  try {
    await run(command, args, { env: { PATH: process.env.PATH, HOME: tmpdir(), ...env } });
  } catch (error) {
    if (typeof error.code !== 'number' || error.code > 3) throw error; // plugin exit codes 0-3 are answers
  }
  return performance.now() - t0;
}

/** Runs a plugin once and insists it read the seats: a broken build must not look fast. */
async function mustAnswer(command, args, env = {}) {
  const { stdout } = await run(command, args, { env: { PATH: process.env.PATH, HOME: tmpdir(), ...env } }).catch((error) => error);
  if (!/^JIRA LICENSE (OK|WARNING|CRITICAL) - .*Using 45 of 50 license slots/.test(stdout ?? '')) throw new Error(`${args[0]} did not read the license: ${stdout}`);
}

export async function checkBenchmark() {
  const { server, flags, stop } = await startOAuthSimulator();
  try {
    const havePython = existsSync('/usr/bin/python3') && (await run('/usr/bin/python3', ['-c', 'import jira']).then(() => true, () => false));
    const times = { jirakit: [], python: [], nodeStart: [], nodeOneRequest: [], nodeOneSocketRequest: [], baseline: [] };
    await mustAnswer(process.execPath, [here('../dist/check_jira_license.cjs'), ...flags]);
    if (BASELINE) await mustAnswer(process.execPath, [`${BASELINE}/dist/check_jira_license.cjs`, ...flags]);
    if (havePython) await mustAnswer('/usr/bin/python3', [here('./check_jira_license.py'), ...flags], { PYTHONWARNINGS: 'ignore' });
    // The floor: node starting and making one plain request with node:http, nothing else.
    const oneRequest = `require('node:http').get(${JSON.stringify(`${server}/rest/api/2/serverInfo`)}, (r) => r.resume())`;
    // The same request written and read over node:net, nothing parsed: the difference between the
    // two bounds what node:http costs a fresh process (the old client ran a parser of its own).
    // Written, not ended: the server closes after answering (Connection: close).
    const { hostname, port, host, pathname } = new URL(server);
    const head = JSON.stringify(`GET ${pathname.replace(/\/$/, '')}/rest/api/2/serverInfo HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    const oneSocketRequest = `const s = require('node:net').connect(${port}, ${JSON.stringify(hostname)}, () => s.write(${head})); s.resume()`;
    const { stdout: status } = await run(process.execPath, ['-e', `${oneSocketRequest}; s.once('data', (d) => process.stdout.write(String(d).split('\\r\\n')[0]))`]);
    if (!/^HTTP\/1\.1 200/.test(status)) throw new Error(`the bare-socket request got no answer: ${status}`);
    for (let i = 0; i < ROUNDS; i++) {
      times.jirakit.push(await timed(process.execPath, [here('../dist/check_jira_license.cjs'), ...flags]));
      if (BASELINE) times.baseline.push(await timed(process.execPath, [`${BASELINE}/dist/check_jira_license.cjs`, ...flags]));
      if (havePython) times.python.push(await timed('/usr/bin/python3', [here('./check_jira_license.py'), ...flags], { PYTHONWARNINGS: 'ignore' }));
      times.nodeStart.push(await timed(process.execPath, ['-e', '0']));
      times.nodeOneRequest.push(await timed(process.execPath, ['-e', oneRequest]));
      times.nodeOneSocketRequest.push(await timed(process.execPath, ['-e', oneSocketRequest]));
    }
    const m = Object.fromEntries(Object.entries(times).map(([k, v]) => [k, v.length ? { medianMs: median(v), minMs: Math.min(...v), maxMs: Math.max(...v) } : undefined]));
    return {
      ...m,
      pythonMissing: !havePython,
      speedupVsPython: m.python ? m.python.medianMs / m.jirakit.medianMs : undefined,
      ratioToNodeOneRequest: m.jirakit.medianMs / m.nodeOneRequest.medianMs,
      nodeHttpCostMs: m.nodeOneRequest.medianMs - m.nodeOneSocketRequest.medianMs,
      baselineRatio: m.baseline ? m.jirakit.medianMs / m.baseline.medianMs : undefined,
    };
  } finally {
    stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(`RESULT ${JSON.stringify(await checkBenchmark())}`);
