// The shell in a real terminal (tmux): tab completion on the client, and history kept across
// sessions in a 0600 file without the lines that hold secrets.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createSimulator } from '../../src/simulator/simulator.js';
import type { RunningSimulator } from '../../src/simulator/http-server.js';
import { JIRAKIT, freshHome } from '../helpers/cli.js';

const sim = createSimulator({ pats: [['jdoe', 'PAT-tty-secret']] });
let running: RunningSimulator;
const session = `jirakit-test-${process.pid}`;
before(async () => { running = await sim.listen(); });
after(async () => {
  try { execFileSync('tmux', ['kill-session', '-t', session], { stdio: 'ignore' }); } catch { /* already gone */ }
  await running.close();
});

const tmux = (...args: string[]): string => execFileSync('tmux', args).toString();
const screen = (): string => tmux('capture-pane', '-p', '-t', session);

async function until(check: (text: string) => boolean, what: string): Promise<string> {
  for (let i = 0; i < 100; i++) {
    const text = screen();
    if (check(text)) return text;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}:\n${screen()}`);
}

function startShell(home: string): void {
  const command = `env -i PATH=/usr/bin:/bin HOME=${home} TERM=xterm NO_COLOR=1 JIRA_TOKEN=PAT-tty-secret ${process.execPath} ${JIRAKIT} shell --server ${running.url}`;
  tmux('new-session', '-d', '-s', session, '-x', '150', '-y', '40', command);
}

test('tab completes the client, and history survives a restart without secret lines', { timeout: 60_000 }, async () => {
  const home = freshHome();
  startShell(home);
  await until((t) => t.includes('jira>'), 'the prompt');
  // Keys typed, not pasted: readline does not complete inside a burst of pasted input.
  tmux('send-keys', '-t', session, 'jira.server');
  await new Promise((r) => setTimeout(r, 300));
  tmux('send-keys', '-t', session, 'Tab');
  await new Promise((r) => setTimeout(r, 300));
  tmux('send-keys', '-t', session, 'Tab');
  const completed = await until((t) => t.includes('jira.serverInfo') && t.includes('jira.server_info'), 'completions');
  assert.match(completed, /jira\.serverInfo/);
  tmux('send-keys', '-t', session, 'C-u', 'await jira.myself().then((m) => m.name)', 'Enter');
  await until((t) => t.includes("'jdoe'"), 'the answer');
  tmux('send-keys', '-t', session, 'const password = "hunter2"', 'Enter');
  tmux('send-keys', '-t', session, 'C-d');
  await until((t) => !t.includes('jira>') || t.includes('[exited]'), 'exit').catch(() => undefined);
  for (let i = 0; i < 50; i++) {
    try {
      statSync(join(home, '.local', 'state', 'jirakit', 'shell_history'));
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try { tmux('kill-session', '-t', session); } catch { /* ended with the shell */ }
  const file = join(home, '.local', 'state', 'jirakit', 'shell_history');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const saved = readFileSync(file, 'utf8');
  assert.match(saved, /await jira\.myself\(\)\.then\(\(m\) => m\.name\)/);
  assert.doesNotMatch(saved, /hunter2/, 'a line that assigns a password is not kept');
  startShell(home);
  await until((t) => t.includes('jira>'), 'the prompt again');
  tmux('send-keys', '-t', session, 'Up');
  await until((t) => /jira> await jira\.myself\(\)\.then/.test(t), 'the previous line from history');
});
