// `jirakit simulate` as a process users point their scripts at, and `jirakit demo` end to end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getAccessToken, getAuthorizeUrl, getRequestToken } from '../../src/client/oauth1-dance.js';
import { approveAsUser } from '../../src/simulator/index.js';
import { CONSUMER, TEST_PUBLIC_KEY_PATH, testPrivateKey } from '../helpers/keys.js';
import { cleanEnv, freshHome, runCli, startCli } from '../helpers/cli.js';

test('simulate prints its URL first, serves a real dance, and stops cleanly on SIGTERM', async () => {
  const cli = startCli(['simulate', '--context-path', '/jira', '--consumer', `${CONSUMER}=${TEST_PUBLIC_KEY_PATH}`, '--user', 'boss:secret'], cleanEnv(freshHome()));
  const [, server] = await cli.waitFor(/^Jira simulator listening on (http:\/\/127\.0\.0\.1:\d+\/jira)$/m);
  await cli.waitFor(/Press Ctrl-C to stop/);
  assert.match(cli.stdout().split('\n')[0] ?? '', /^Jira simulator listening on /);
  assert.match(cli.stdout(), /Users: boss:secret \(administrator\)/);
  const options = { server: server ?? '', consumerKey: CONSUMER, privateKey: testPrivateKey };
  const rt = await getRequestToken({ ...options, callback: 'oob' });
  const approved = await approveAsUser({ authorizeUrl: getAuthorizeUrl(options.server, rt.token), username: 'boss', password: 'secret' });
  const at = await getAccessToken({ ...options, requestToken: rt.token, verifier: approved.verifier });
  assert.match(at.token, /^\w{32}$/);
  cli.child.kill('SIGTERM');
  assert.equal(await cli.exit(), 0);
  assert.match(cli.stderr(), /Jira simulator stopped/);
});

test('simulate refuses a bad --consumer spec and a bad port with exit 2', async () => {
  const env = cleanEnv(freshHome());
  const bad = await runCli(['simulate', '--consumer', 'no-equals-sign'], env);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^jirakit: --consumer takes KEY=PUBKEY\.pem, not 'no-equals-sign'\./);
  const port = await runCli(['simulate', '--port', '70000'], env);
  assert.equal(port.code, 2);
});

test('demo runs the seed procedure: keygen, applink, dance with approval, serverInfo', async () => {
  const r = await runCli(['demo'], cleanEnv(freshHome()));
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout;
  assert.match(lines, /^\$ jirakit keygen --out rsa\.pem$/m);
  assert.match(lines, /^Consumer Key: {2}monitor-jira-license$/m);
  assert.match(lines, /^ {4}Request token: {8}\w{32}$/m);
  assert.match(lines, /^Have you authorized this program to connect on your behalf to http:\/\/127\.0\.0\.1:\d+\/jira\? \(y\/n\) y$/m);
  assert.match(lines, /^ {4}Access token: {8}\w{32}$/m);
  assert.match(lines, /"deploymentType": "Server"/);
  assert.match(lines, /"serverTime": /, 'serverInfo was answered to an authenticated caller');
  assert.match(lines, /Jira knows it as 'admin'/);
  assert.match(lines, /^Using 45 of 50 license slots$/m);
});

test('demo shows the OAuth 2.0 path too: the link, the PKCE dance, Bearer calls, a renewal, the old refresh token refused', async () => {
  const r = await runCli(['demo'], cleanEnv(freshHome()));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Redirect URL: {2}http:\/\/localhost:8765\/callback$/m);
  assert.match(r.stdout, /^ {4}http:\/\/127\.0\.0\.1:\d+\/jira\/rest\/oauth2\/latest\/authorize\?.*code_challenge_method=S256$/m);
  assert.match(r.stdout, /^OAuth 2\.0 dance complete: Jira knows the token as user 'admin' \(scope ADMIN\)\.$/m);
  assert.match(r.stdout, /Bearer …, ADMIN scope\): Using 45 of 50 license slots$/m);
  assert.match(r.stdout, /^# Jira's grants so far: \{"authorization_code":1,"refresh_token":1\}; the pair was rotated: true$/m);
  assert.match(r.stdout, /^# The old refresh token is dead: Jira refused the OAuth 2\.0 refresh token: .* \(invalid_grant\)$/m);
});
