// `jirakit request`, `jirakit shell` and `jirashell` as processes against the simulator.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createSimulator } from '../../src/simulator/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { approveAsUser } from '../../src/simulator/index.js';
import { CONSUMER, TEST_KEY_PATH, testKeyPem } from '../helpers/keys.js';
import { cleanEnv, freshHome, runCli } from '../helpers/cli.js';
import { oauthToken } from '../helpers/sim.js';

const JIRASHELL = fileURLToPath(new URL('../../dist/jirashell.js', import.meta.url));
const sim = createSimulator({ contextPath: '/jira', consumers: [{ key: CONSUMER, publicKeyPem: testKeyPem }], pats: [['jdoe', 'PAT-jdoe-secret']] });
let running: RunningSimulator;
let token = '';
before(async () => {
  running = await sim.listen();
  token = await oauthToken(sim, running.url, 'admin');
});
after(async () => { await running.close(); });

const oauth = () => ['--server', running.url, '--consumer-key', CONSUMER, '--key-cert', TEST_KEY_PATH, '--access-token', token];

function jirashell(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [JIRASHELL, ...args], { env, stdio: 'pipe' });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const done = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  return { child, out: () => out, err: () => err, done };
}

test("request GET prints the JSON; the seed's license resource answers with OAuth", async () => {
  const r = await runCli(['request', 'GET', '/rest/plugins/applications/1.0/installed/jira-software', ...oauth()], cleanEnv(freshHome()));
  assert.equal(r.code, 0, r.stderr);
  const body = JSON.parse(r.stdout) as { accessDetails: { activeUserCount: number; licensedUserCount: number } };
  assert.deepEqual([body.accessDetails.activeUserCount, body.accessDetails.licensedUserCount], [45, 50]);
  assert.match(r.stdout, /^\{\n {2}"key": "jira-software",/, 'pretty-printed');
});

test('request -i shows status and headers; --raw keeps the body as sent; --query repeats', async () => {
  const r = await runCli(['request', 'GET', '/rest/api/2/search', '--query', 'jql=project = OPS', '--query', 'fields=summary', '--query', 'maxResults=2', '-i', '--raw', '--token', 'PAT-jdoe-secret', '--server', running.url], cleanEnv(freshHome()));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^HTTP 200 OK\n/);
  assert.match(r.stdout, /^x-ausername: jdoe$/m);
  assert.match(r.stdout, /^set-cookie: \[REDACTED\]$/m);
  const body = r.stdout.split('\n\n')[1] ?? '';
  assert.equal((JSON.parse(body) as { issues: unknown[] }).issues.length, 2);
  assert.doesNotMatch(body, /\n {2}/, 'raw, not re-indented');
});

test('request POST --data and a non-2xx answer: exit 1 with the error explained', async () => {
  const created = await runCli(['request', 'POST', '/rest/api/2/issue', '--data', '{"fields":{"project":{"key":"PROJ"},"issuetype":{"name":"Task"},"summary":"via request"}}', ...oauth()], cleanEnv(freshHome()));
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, /"key": "PROJ-\d+"/);
  const missing = await runCli(['request', 'GET', '/rest/api/2/issue/NOPE-1', ...oauth()], cleanEnv(freshHome()));
  assert.equal(missing.code, 1);
  assert.match(missing.stdout, /Issue does not exist/);
  assert.match(missing.stderr, /^jirakit: Jira answered GET \/jira\/rest\/api\/2\/issue\/NOPE-1 with HTTP 404: Issue does not exist or you do not have permission to see it\./m);
  const badJson = await runCli(['request', 'POST', '/rest/api/2/issue', '--data', '{nope', ...oauth()], cleanEnv(freshHome()));
  assert.equal(badJson.code, 2);
  assert.match(badJson.stderr, /--data is not valid JSON/);
});

test('request -v shows the exchange with every credential masked', async () => {
  const home = freshHome();
  const r = await runCli(['request', 'GET', '/rest/api/2/myself', '-v', ...oauth()], cleanEnv(home));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^> GET http:\/\/127\.0\.0\.1:\d+\/jira\/rest\/api\/2\/myself$/m);
  assert.match(r.stderr, /^> authorization: OAuth \[REDACTED\]$/m);
  assert.match(r.stderr, /^< HTTP 200 OK$/m);
  assert.ok(!(r.stdout + r.stderr).includes(token), 'the access token never shows');
  const pat = await runCli(['request', 'GET', '/rest/api/2/myself', '-v', '--server', running.url, '--token', 'PAT-jdoe-secret'], cleanEnv(home));
  assert.match(pat.stderr, /^> authorization: Bearer \[REDACTED\]$/m);
  assert.ok(!(pat.stdout + pat.stderr).includes('PAT-jdoe-secret'));
});

test('conflicting credentials name both sources', async () => {
  const r = await runCli(['request', 'GET', '/rest/api/2/myself', '--server', running.url, '--token', 'x'], cleanEnv(freshHome(), { JIRA_USERNAME: 'jdoe', JIRA_PASSWORD: 'jdoe' }));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^jirakit: Two kinds of credentials are set: a personal access token \(from --token\) and a user name and password \(from JIRA_USERNAME\)\./m);
});

test("the seed's second command: jirashell … --access-token … <<< 'jira.server_info()'", async () => {
  const shell = jirashell(['--server', running.url, '--consumer-key', CONSUMER, '--access-token', token, '--access-token-secret', 'whatever', '--key-cert', TEST_KEY_PATH], cleanEnv(freshHome()));
  shell.child.stdin.end('jira.server_info()\n');
  assert.equal(await shell.done, 0, shell.err());
  assert.match(shell.out(), /^<Jira Shell \d+\.\d+\.\d+ \(http:\/\/127\.0\.0\.1:\d+\/jira\)>\n\n\*\*\* Jira shell active; client is in 'jira'\. Press Ctrl-D to exit\.\n/);
  assert.match(shell.out(), /deploymentType: 'Server'/);
  assert.match(shell.out(), /serverTime: '/, 'answered to the OAuth user');
});

test("the seed's first command: jirashell --oauth-dance, approve, y, and the shell opens with the new token", async () => {
  const shell = jirashell(['-s', running.url, '-ck', CONSUMER, '-k', TEST_KEY_PATH, '-od', '-pt'], cleanEnv(freshHome(), { BROWSER: 'echo %s' }));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no URL: ${shell.out()} ${shell.err()}`)), 10_000);
    shell.child.stdout.on('data', () => {
      const m = /(http:\/\/\S+oauth\/authorize\?oauth_token=\w+)/.exec(shell.out());
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
  await approveAsUser({ authorizeUrl: url, username: 'jdoe', password: 'jdoe' });
  shell.child.stdin.end('y\nawait jira.myself().then((m) => m.name)\n');
  assert.equal(await shell.done, 0, shell.err());
  assert.match(shell.out(), /Request tokens received\.\n {4}Request token: {8}\w{32}/);
  assert.match(shell.out(), /Access tokens received\.\n {4}Access token: {8}\w{32}/);
  assert.match(shell.out(), /^'jdoe'$/m, 'the shell ran as the user who approved');
});

test('shell: piped lines run in order, each awaited; errors are one line; python names work', async () => {
  const input = [
    'const me = await jira.myself()',
    'me.name',
    'jira.issue("NOPE-404")',
    '(await jira.search_issues("project = OPS ORDER BY key ASC", { maxResults: 2 })).map((i) => i.key)',
    'jira.projects().then((ps) => ps.length)',
  ].join('\n');
  const r = await runCli(['shell', ...oauth()], cleanEnv(freshHome()), `${input}\n`);
  assert.equal(r.code, 1, 'a line failed (NOPE-404), so the script did');
  const lines = r.stdout.split('\n');
  const results = lines.slice(lines.findIndex((l) => l.startsWith('***')) + 2).filter(Boolean);
  assert.deepEqual(results, ["'admin'", "[ 'OPS-1', 'OPS-2' ]", '2']);
  assert.match(r.stderr, /^jira: Jira answered GET \/jira\/rest\/api\/2\/issue\/NOPE-404 with HTTP 404/m);
  assert.doesNotMatch(r.stderr, /\n\s+at /);
});

test('shell: a piped script exits 0 only when every line succeeded', async () => {
  const cases: [string, number][] = [
    ['1 + 1\nawait jira.myself()\nconst e = new Error("a value, not a failure")\ne', 0],
    ['nope\n1 + 1', 1],
    ['throw new Error("boom")\n2', 1],
    ['Promise.reject(new Error("later"))\n3', 1],
    ['await jira.request("GET", "/rest/api/2/issue/NOPE-1")', 1],
  ];
  for (const [script, code] of cases) {
    const r = await runCli(['shell', ...oauth()], cleanEnv(freshHome()), `${script}\n`);
    assert.equal(r.code, code, `${JSON.stringify(script)}: ${r.stderr}`);
  }
});

test('HTTPS: --ca-file trusts the simulator certificate; --no-verify works and warns', async () => {
  const { writeFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const tls = await sim.listen({ https: true, port: 0 });
  try {
    const home = freshHome();
    const ca = join(home, 'ca.pem');
    writeFileSync(ca, tls.certPem ?? '');
    const base = ['request', 'GET', '/rest/api/2/myself', '--server', tls.url, '--token', 'PAT-jdoe-secret'];
    const untrusted = await runCli(base, cleanEnv(home));
    assert.equal(untrusted.code, 1);
    assert.match(untrusted.stderr, /its certificate is not trusted here \(DEPTH_ZERO_SELF_SIGNED_CERT\)/);
    const trusted = await runCli([...base, '--ca-file', ca], cleanEnv(home));
    assert.equal(trusted.code, 0, trusted.stderr);
    assert.match(trusted.stdout, /"name": "jdoe"/);
    const unverified = await runCli([...base, '--no-verify'], cleanEnv(home));
    assert.equal(unverified.code, 0, unverified.stderr);
    assert.match(unverified.stderr, /^jirakit: warning: --no-verify: TLS certificates are not checked/m);
  } finally {
    await tls.close();
  }
});
