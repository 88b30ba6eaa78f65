// The shell in a real terminal (tmux): tab completion on the client, history kept across
// sessions in a 0600 file without the lines that hold secrets, and Ctrl-C during a wait.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createSimulator } from '../../src/simulator/index.js';
import { route } from '../../src/simulator/index.js';
import { faults } from '../../src/simulator/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
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

/** A new shell in a new session (the last test's session ended first), ready at its prompt. */
async function openShell(server = running.url): Promise<void> {
  try { tmux('kill-session', '-t', session); } catch { /* none running */ }
  startShell(freshHome(), server);
  await until((t) => t.includes('jira>'), 'the prompt');
}

function startShell(home: string, server = running.url, tail = '', colour = false): void {
  const command = `env -i PATH=/usr/bin:/bin HOME=${home} TERM=xterm ${colour ? '' : 'NO_COLOR=1 '}JIRA_TOKEN=PAT-tty-secret ${process.execPath} ${JIRAKIT} shell --server ${server}${tail}`;
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

test('Ctrl-C drops the line being waited for, await or not, and nothing of it prints later', { timeout: 60_000 }, async () => {
  sim.use(route('GET /rest/api/2/myself', faults.delay(1500)));
  try {
    await openShell();
    tmux('send-keys', '-t', session, 'await jira.myself()', 'Enter');
    await new Promise((r) => setTimeout(r, 300));
    tmux('send-keys', '-t', session, 'C-c');
    await until((t) => /^Interrupted\.\njira> ?$/m.test(t), 'the prompt back at once');
    tmux('send-keys', '-t', session, 'jira.myself().then((m) => m.name)', 'Enter');
    await new Promise((r) => setTimeout(r, 300));
    tmux('send-keys', '-t', session, 'C-c');
    await until((t) => (t.match(/^Interrupted\.$/gm) ?? []).length === 2, 'the second interrupt');
    tmux('send-keys', '-t', session, '6 * 7', 'Enter');
    await until((t) => /^42$/m.test(t), 'the shell still answering');
    // Past the delay: the dropped calls print nothing, and Ctrl-C never asked to exit.
    await new Promise((r) => setTimeout(r, 2000));
    const text = screen();
    assert.doesNotMatch(text, /jdoe|Uncaught|To exit/);
    assert.match(text, /^jira> ?$/m);
  } finally {
    sim.reset();
  }
});

test('Ctrl-C closes the connection of the request it drops', { timeout: 60_000 }, async () => {
  // A server that takes connections and never answers: only the client can end them.
  const sockets: Socket[] = [];
  let closed = 0;
  const silent = createNetServer((socket) => {
    sockets.push(socket);
    socket.resume(); // reading, so the client's close is seen
    socket.on('close', () => closed++);
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  try {
    await openShell(`http://127.0.0.1:${(silent.address() as AddressInfo).port}`);
    tmux('send-keys', '-t', session, 'await jira.serverInfo()', 'Enter');
    for (let i = 0; i < 100 && sockets.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(sockets.length, 1, 'the request went out');
    tmux('send-keys', '-t', session, 'C-c');
    await until((t) => /^Interrupted\.$/m.test(t), 'the interrupt');
    for (let i = 0; i < 40 && closed === 0; i++) await new Promise((r) => setTimeout(r, 50));
    assert.equal(closed, 1, 'the client closed the connection (the timeout is 30 s away)');
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((r) => silent.close(r));
  }
});

test('a long wait shows a status line on the terminal, gone once the answer prints', { timeout: 60_000 }, async () => {
  sim.use(route('GET /rest/api/2/myself', faults.delay(2500)));
  try {
    await openShell();
    tmux('send-keys', '-t', session, 'await jira.serverInfo().then(() => jira.myself()).then((m) => m.name)', 'Enter');
    const waiting = await until((t) => /Waiting for Jira: \d+ s, 1 answer so far \(Ctrl-C to stop\)/.test(t), 'the status line');
    assert.doesNotMatch(waiting, /'jdoe'/);
    const done = await until((t) => /^'jdoe'$/m.test(t), 'the answer');
    assert.doesNotMatch(done, /Waiting for Jira/, 'the status line is erased');
  } finally {
    sim.reset();
  }
});

test('answers redirected to a file from a terminal session are plain text: no colour, no line editing', { timeout: 60_000 }, async () => {
  try { tmux('kill-session', '-t', session); } catch { /* none running */ }
  const home = freshHome();
  const out = join(home, 'answers.txt');
  // Colour allowed (no NO_COLOR): only the redirection may turn it off.
  startShell(home, running.url, ` > ${out}; echo done >> ${out}`, true);
  await new Promise((r) => setTimeout(r, 1500));
  tmux('send-keys', '-t', session, '[42, "text"]', 'Enter');
  await new Promise((r) => setTimeout(r, 500));
  tmux('send-keys', '-t', session, 'C-d');
  let text = '';
  for (let i = 0; i < 50 && !text.includes('done'); i++) {
    await new Promise((r) => setTimeout(r, 100));
    try { text = readFileSync(out, 'utf8'); } catch { /* not yet */ }
  }
  assert.match(text, /^jira> \[ 42, 'text' \]$/m);
  assert.doesNotMatch(text, /\x1b/, 'no escape sequence');
});
