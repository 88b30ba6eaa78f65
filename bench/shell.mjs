// Shell start (not a test): `jirakit shell` and Python's `jirashell`, each with the same OAuth
// flags, from process start to the first prompt on a pseudo-terminal (util-linux `script`).
// Alternating runs; medians and the ratio.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startOAuthSimulator } from './oauth-simulator.mjs';

const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
// BENCH_BASELINE: a checkout of an earlier commit with its dist/ built, measured alternating with this one.
const BASELINE = process.env.BENCH_BASELINE ? resolve(process.env.BENCH_BASELINE) : undefined;

/** Milliseconds until `prompt` shows on the terminal; the shell is then killed. */
function timeToPrompt(command, prompt, env) {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: { PATH: process.env.PATH, TERM: 'xterm', NO_COLOR: '1', ...env }, stdio: ['pipe', 'pipe', 'ignore'] });
    let out = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no prompt: ${out.slice(-300)}`)); }, 30_000);
    child.stdout.on('data', (d) => {
      out += d;
      // Prompts come wrapped in terminal escapes (IPython colours its number).
      if (out.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '').includes(prompt)) {
        const ms = performance.now() - t0;
        clearTimeout(timer);
        child.kill('SIGKILL');
        resolve(ms);
      }
    });
  });
}

export async function shellBenchmark() {
  const { dir, flags, stop } = await startOAuthSimulator();
  try {
    const command = flags.join(' ');
    const pythonJirashell = existsSync('/usr/bin/jirashell') && existsSync('/usr/lib/python3/dist-packages/IPython');
    const times = { jirakit: [], python: [], baseline: [] };
    for (let i = 0; i < ROUNDS; i++) {
      times.jirakit.push(await timeToPrompt(`${process.execPath} ${here('../dist/jirashell.js')} ${command}`, 'jira>', { HOME: dir }));
      if (BASELINE) times.baseline.push(await timeToPrompt(`${process.execPath} '${BASELINE}/dist/jirashell.js' ${command}`, 'jira>', { HOME: dir }));
      if (pythonJirashell) times.python.push(await timeToPrompt(`/usr/bin/jirashell ${command}`, 'In [1]', { HOME: dir }));
    }
    const jirakit = median(times.jirakit);
    const python = times.python.length ? median(times.python) : undefined;
    const range = (xs) => (xs.length ? { minMs: Math.min(...xs), maxMs: Math.max(...xs) } : undefined);
    const baseline = times.baseline.length ? median(times.baseline) : undefined;
    return { jirakitMs: jirakit, baselineMs: baseline, baselineRatio: baseline ? jirakit / baseline : undefined, pythonMs: python, jirakitRange: range(times.jirakit), pythonRange: range(times.python), pythonMissing: !pythonJirashell, speedup: python ? python / jirakit : undefined };
  } finally {
    stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(`RESULT ${JSON.stringify(await shellBenchmark())}`);
