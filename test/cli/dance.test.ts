// `jirakit dance` as a process over a real loopback socket, in all three callback modes, with the
// approval done as a user would: log in, open the authorize page, click Allow.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createSimulator } from '../../src/simulator/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { approveAsUser } from '../../src/simulator/index.js';
import { CONSUMER, TEST_KEY_PATH, testKeyPem } from '../helpers/keys.js';
import { cleanEnv, freshHome, runCli, startCli } from '../helpers/cli.js';

const sim = createSimulator({ contextPath: '/jira', consumers: [{ key: CONSUMER, publicKeyPem: testKeyPem }] });
let running: RunningSimulator;
before(async () => { running = await sim.listen(); });
after(async () => { await running.close(); });

const danceArgs = () => ['dance', '--server', running.url, '--consumer-key', CONSUMER, '--key-cert', TEST_KEY_PATH];
const authorizeUrlPattern = /(http:\/\/127\.0\.0\.1:\d+\/jira\/plugins\/servlet\/oauth\/authorize\?oauth_token=\w+)/;

test('default (OAuth 1.0) dance: URL, y/n prompt, tokens printed with --print-tokens, profile saved with --save', async () => {
  const home = freshHome();
  const cli = startCli([...danceArgs(), '--print-tokens', '--save', '--profile', 'ci'], cleanEnv(home));
  const [, url] = await cli.waitFor(authorizeUrlPattern);
  await cli.waitFor(/Have you authorized this program to connect on your behalf to http:\/\/127\.0\.0\.1:\d+\/jira\? \(y\/n\)/);
  await approveAsUser({ authorizeUrl: url ?? '', username: 'jdoe', password: 'jdoe' });
  cli.write('y\n');
  assert.equal(await cli.exit(), 0, cli.stderr());
  const out = cli.stdout();
  assert.match(out, /Request tokens received\.\n {4}Request token: {8}\w{32}\n {4}Request token secret: \w{32}/);
  const access = /Access token: {8}(\w{32})\n {4}Access token secret: (\w{32})/.exec(out);
  assert.ok(access, out);
  assert.match(out, /Jira knows the token as user 'jdoe'/);
  const file = join(home, '.config', 'jirakit', 'profiles.ini');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  assert.equal(statSync(join(home, '.config', 'jirakit')).mode & 0o777, 0o700);
  const saved = readFileSync(file, 'utf8');
  assert.match(saved, /\[ci\]/);
  assert.ok(saved.includes(`access_token = ${access[1]}`));
  assert.ok(saved.includes(`key_cert = ${TEST_KEY_PATH}`));
  assert.ok(!saved.includes('PRIVATE KEY'), 'the key itself is never stored');
  // The saved profile is enough for later commands: sign with the stored token.
  const signed = await runCli(['sign', '--profile', 'ci', '--url', `${running.url}/rest/api/2/myself`], cleanEnv(home));
  assert.equal(signed.code, 0, signed.stderr);
  const header = /Authorization: (OAuth .*)/.exec(signed.stdout)?.[1] ?? '';
  assert.ok(header.includes(`oauth_token="${access[1]}"`));
  const res = await fetch(`${running.url}/rest/api/2/myself`, { headers: { authorization: header } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('x-ausername'), 'jdoe');
});

test('without --print-tokens no token or secret is printed anywhere', async () => {
  const home = freshHome();
  const cli = startCli(danceArgs(), cleanEnv(home));
  const [, url] = await cli.waitFor(authorizeUrlPattern);
  await approveAsUser({ authorizeUrl: url ?? '', username: 'admin', password: 'admin' });
  cli.write('y\n');
  assert.equal(await cli.exit(), 0, cli.stderr());
  const everything = cli.stdout() + cli.stderr();
  const issued = [...sim.state.tokens.values()].filter((t) => t.user === 'admin');
  assert.ok(issued.length > 0);
  for (const t of issued) {
    assert.ok(!everything.includes(t.token), 'access token leaked');
    assert.ok(!everything.includes(t.secret), 'token secret leaked');
  }
  assert.match(cli.stdout(), /OAuth dance complete: Jira knows the token as user 'admin'/);
});

test('answering anything but y abandons the dance with exit code 1', async () => {
  const cli = startCli(danceArgs(), cleanEnv(freshHome()));
  await cli.waitFor(/\(y\/n\)/);
  cli.write('n\n');
  assert.equal(await cli.exit(), 1);
  assert.match(cli.stderr(), /^jirakit: Abandoned the OAuth dance: the authorization was not confirmed\. Run it again and answer y after clicking Allow\.$/m);
  assert.doesNotMatch(cli.stderr(), /at .*\.js:\d+/, 'no stack trace');
});

test('--callback oob: prompts for the verification code from the page and sends oauth_verifier', async () => {
  const cli = startCli([...danceArgs(), '--callback', 'oob'], cleanEnv(freshHome()));
  const [, url] = await cli.waitFor(authorizeUrlPattern);
  await cli.waitFor(/Enter the verification code/);
  const approved = await approveAsUser({ authorizeUrl: url ?? '', username: 'jdoe', password: 'jdoe' });
  assert.match(approved.verifier ?? '', /^\w{6}$/);
  cli.write(`${approved.verifier}\n`);
  assert.equal(await cli.exit(), 0, cli.stderr());
  assert.match(cli.stdout(), /user 'jdoe'/);
});

test('--callback loopback: the browser redirect completes the dance by itself', async () => {
  const cli = startCli([...danceArgs(), '--callback', 'loopback'], cleanEnv(freshHome()));
  const [, url] = await cli.waitFor(authorizeUrlPattern);
  await cli.waitFor(/Waiting for Jira to send the browser back/);
  const approved = await approveAsUser({ authorizeUrl: url ?? '', username: 'jdoe', password: 'jdoe' });
  assert.match(approved.redirectedTo ?? '', /^http:\/\/127\.0\.0\.1:\d+\/jirakit-callback\?oauth_token=\w+&oauth_verifier=\w{6}$/);
  // The browser follows the redirect to jirakit's one-shot listener.
  const page = await fetch(approved.redirectedTo ?? '');
  assert.equal(page.status, 200);
  assert.match(await page.text(), /You can close this tab/);
  assert.equal(await cli.exit(), 0, cli.stderr());
  assert.match(cli.stdout(), /user 'jdoe'/);
});

test('--callback loopback: anything but the right callback gets a 400 and the dance keeps waiting', async () => {
  const { connect } = await import('node:net');
  const cli = startCli([...danceArgs(), '--callback', 'loopback'], cleanEnv(freshHome()));
  const [, url] = await cli.waitFor(authorizeUrlPattern);
  const [, listener] = await cli.waitFor(/send the browser back to (http:\/\/127\.0\.0\.1:\d+\/jirakit-callback)/);
  const port = Number(new URL(listener ?? '').port);
  /** Sends raw bytes to the listener and returns its status line. */
  const raw = (bytes: string): Promise<string> =>
    new Promise((resolve) => {
      const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
      let answer = '';
      socket.on('data', (d: Buffer) => void (answer += d.toString()));
      socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
      socket.on('error', () => resolve(answer.split('\r\n')[0] ?? ''));
    });
  assert.match(await raw('GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n'), /^HTTP\/1\.1 400/);
  assert.match(await raw('\u0000\u0001 garbage\r\n\r\n'), /^HTTP\/1\.1 400/);
  assert.match(await raw('POST /jirakit-callback?oauth_token=x&oauth_verifier=y HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n'), /^HTTP\/1\.1 400/);
  assert.equal((await fetch(`${listener}?oauth_token=not-the-token&oauth_verifier=abcdef`)).status, 400);
  assert.equal((await fetch(`http://127.0.0.1:${port}/elsewhere`)).status, 400);
  const approved = await approveAsUser({ authorizeUrl: url ?? '', username: 'jdoe', password: 'jdoe' });
  assert.equal((await fetch(approved.redirectedTo ?? '')).status, 200, 'the real callback still works');
  assert.equal(await cli.exit(), 0, cli.stderr());
});

test('--callback loopback gives up with a clear message when no browser comes back', async () => {
  const result = await runCli([...danceArgs(), '--callback', 'loopback', '--callback-timeout', '0.5'], cleanEnv(freshHome()));
  assert.equal(result.code, 1);
  assert.match(result.stderr, /jirakit: No callback from the browser within 1 s\. Open the authorize URL in a browser on this machine/);
});

test("BROWSER='echo %s' prints the authorize URL on stdout, as Python's webbrowser does", async () => {
  const cli = startCli(danceArgs(), cleanEnv(freshHome(), { BROWSER: 'echo %s' }));
  const [, url] = await cli.waitFor(/^(http:\/\/\S+authorize\?oauth_token=\w+)$/m);
  assert.ok(cli.stdout().includes(url ?? '-'));
  await cli.waitFor(/Your browser is opening the OAuth authorization/);
  cli.write('n\n');
  assert.equal(await cli.exit(), 1);
});
