// When stdout goes away (`jirakit simulate | head -1`, a pager quit early), a command exits
// quietly: no EPIPE stack on stderr, no crash.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { JIRAKIT, cleanEnv, freshHome } from '../helpers/cli.js';

/**
 * Runs jirakit with its stdout a pipe nobody reads: the reader is gone before the first line, as
 * when `head` has already exited. Resolves with how the process ended.
 */
function closedOutput(args: string[]): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  const child = spawn(process.execPath, [JIRAKIT, ...args], { env: cleanEnv(freshHome()), stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.destroy();
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  return new Promise((resolve) => child.on('close', (code, signal) => {
    clearTimeout(timer);
    resolve({ code, signal, stderr });
  }));
}

test('jirakit simulate | head -1: the simulator exits quietly, not with an EPIPE stack', async () => {
  const r = await closedOutput(['simulate', '--issues', '10']);
  assert.equal(r.signal, null);
  assert.equal(r.code, 0);
  assert.equal(r.stderr, '', 'no EPIPE stack');
});

test('a long answer to a closed pipe: exit without a stack', async () => {
  const r = await closedOutput(['--help']);
  assert.ok(r.code === 0, `exit ${r.code}`);
  assert.doesNotMatch(r.stderr, /EPIPE|Error/);
});
