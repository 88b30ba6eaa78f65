// Each way the OAuth 2.0 dance can fail, as a process: one sentence on stderr, the right exit
// code, no stack, no secret. A busy redirect port, a forged state (CSRF), a denial, a timeout, an
// http:// base URL without dev mode, an unknown client ID, a scope outside the link, usage errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { cleanEnv, freshHome, runCli, startCli } from '../helpers/cli.js';
import { SECRET, approve, danceArgs, danceEnv, provider } from '../helpers/oauth2-cli.js';

/** The one line a failure prints, checked for the shape every failure has. */
function oneSentence(stderr: string): string {
  const lines = stderr.split('\n').filter((l) => l.startsWith('jirakit: ') && !l.startsWith('jirakit: note:'));
  assert.equal(lines.length, 1, stderr);
  assert.doesNotMatch(stderr, /at .*\.js:\d+|Error:/, 'no stack');
  assert.ok(!stderr.includes(SECRET), 'no secret');
  return lines[0] ?? '';
}

test('a busy redirect port ends at once, before anyone is sent to a browser', async () => {
  const p = await provider();
  const holder = createServer();
  await new Promise<void>((resolve) => holder.listen(p.port, '127.0.0.1', resolve));
  try {
    const r = await runCli(danceArgs(p), danceEnv(freshHome()));
    assert.equal(r.code, 1);
    assert.equal(oneSentence(r.stderr), `jirakit: Port ${p.port} on localhost is in use, so jirakit cannot receive the redirect to ${p.redirect}. Stop what listens there, or register another http://localhost:PORT/… redirect URL in the link and pass it with --redirect-uri.`);
    assert.doesNotMatch(r.stderr, /authorize\?/);
  } finally {
    holder.close();
  }
});

test('a redirect with another state (a forged or stale one) ends the dance; nothing is exchanged', async () => {
  const p = await provider();
  const cli = startCli(danceArgs(p), danceEnv(freshHome()));
  cli.child.stdin.end();
  const approved = await approve(cli, 'admin', 'allow', false);
  const forged = new URL(approved.redirectedTo);
  forged.searchParams.set('state', 'attacker');
  const page = await fetch(forged);
  assert.equal(page.status, 400);
  assert.equal(await cli.exit(), 1);
  assert.equal(oneSentence(cli.stderr()), "jirakit: The browser came back with a state that is not this dance's, so nothing was exchanged (a stale or forged redirect). Run the dance again and use only the authorize URL it prints.");
  assert.equal(p.sim.oauth2.grants.authorization_code, 0);
});

test('anything else at the listener gets a 400 and the dance keeps waiting', async () => {
  const p = await provider();
  const cli = startCli(danceArgs(p), danceEnv(freshHome()));
  cli.child.stdin.end();
  await cli.waitFor(/Waiting for Jira/);
  for (const path of ['/', '/favicon.ico', '/callback', '/callback?foo=bar', '/other?code=x&state=y']) assert.equal((await fetch(`${p.redirect.replace('/callback', '')}${path}`)).status, 400);
  // Both loopback addresses listen: `localhost` may resolve to either in the user's browser.
  for (const host of ['127.0.0.1', '[::1]']) assert.equal((await fetch(`http://${host}:${p.port}/callback?x=1`)).status, 400, host);
  await approve(cli);
  assert.equal(await cli.exit(), 0, cli.stderr());
});

test('Deny in the browser ends the dance in one sentence', async () => {
  const p = await provider();
  const cli = startCli(danceArgs(p), danceEnv(freshHome()));
  cli.child.stdin.end();
  await approve(cli, 'admin', 'deny');
  assert.equal(await cli.exit(), 1);
  assert.equal(oneSentence(cli.stderr()), 'jirakit: Access was denied in the browser. Run the dance again and click Allow.');
});

test('no redirect within --callback-timeout ends the dance and says what to check', async () => {
  const p = await provider();
  const r = await runCli(danceArgs(p, ['--callback-timeout', '1']), danceEnv(freshHome()));
  assert.equal(r.code, 1);
  assert.match(oneSentence(r.stderr), /^jirakit: No redirect from the browser within 1 s\. If Jira showed an error page, check that the link's Redirect URL is exactly http:\/\/localhost:\d+\/callback/);
});

test('an http:// base URL on a Jira without dev mode is refused before the browser opens', async () => {
  const p = await provider({ devMode: false });
  const r = await runCli(danceArgs(p), danceEnv(freshHome()));
  assert.equal(r.code, 1);
  assert.equal(oneSentence(r.stderr), `jirakit: Jira serves OAuth 2.0 authorization only over HTTPS, and ${p.url} is not. Use Jira's https:// base URL in --server; plain http works only on an instance in dev mode (atlassian.dev.mode).`);
});

test('an unknown client ID, a wrong secret, a scope outside the link', async () => {
  const p = await provider({ scope: 'READ' });
  const unknown = await runCli(['dance', '--oauth2', '--server', p.url, '--client-id', 'ffffffffffffffffffffffffffffffff', '--redirect-uri', p.redirect], danceEnv(freshHome()));
  assert.equal(unknown.code, 1);
  assert.match(oneSentence(unknown.stderr), /^jirakit: Jira did not accept OAuth 2\.0 client ID 'ffffffffffffffffffffffffffffffff' with this client secret\. Check the client ID and secret/);
  const wrong = await runCli(danceArgs(p), cleanEnv(freshHome(), { JIRA_CLIENT_SECRET: 'not-the-secret' }));
  assert.match(oneSentence(wrong.stderr), /did not accept OAuth 2\.0 client ID/);
  const scope = await runCli(danceArgs(p, ['--scope', 'ADMIN']), danceEnv(freshHome()));
  assert.equal(scope.code, 1);
  assert.equal(oneSentence(scope.stderr), "jirakit: Jira's link for this client does not allow the scope ADMIN. Ask for a scope within the link's Permission (e.g. --scope READ), or have an administrator widen the link.");
});

test('the client secret: from --client-secret-env, never required on the command line; missing is one sentence', async () => {
  const p = await provider();
  const missing = await runCli(danceArgs(p), cleanEnv(freshHome()));
  assert.equal(missing.code, 1);
  assert.equal(oneSentence(missing.stderr), 'jirakit: No OAuth 2.0 client secret given. Set JIRA_CLIENT_SECRET or pass --client-secret-env VAR (Jira shows the secret in the External application link).');
  const unset = await runCli(danceArgs(p, ['--client-secret-env', 'MY_SECRET']), cleanEnv(freshHome()));
  assert.equal(oneSentence(unset.stderr), 'jirakit: The environment variable MY_SECRET (--client-secret-env) is not set. Export it with the client secret.');
  const cli = startCli(danceArgs(p, ['--client-secret-env', 'MY_SECRET']), cleanEnv(freshHome(), { MY_SECRET: SECRET }));
  cli.child.stdin.end();
  await approve(cli);
  assert.equal(await cli.exit(), 0, cli.stderr());
});

test('usage errors exit 2: a bad scope, OAuth 2.0 flags without --oauth2, --callback with it, a redirect that is not a URL', async () => {
  const p = await provider();
  const env = danceEnv(freshHome());
  const cases: [string[], RegExp][] = [
    [danceArgs(p, ['--scope', 'EVERYTHING']), /--scope takes READ, WRITE, ADMIN or SYSTEM_ADMIN, not 'EVERYTHING'/],
    [['dance', '--server', p.url, '--scope', 'ADMIN'], /--scope goes with --oauth2/],
    [danceArgs(p, ['--callback', 'loopback']), /--callback is for the OAuth 1\.0a dance/],
    [['dance', '--oauth2', '--server', p.url, '--client-id', 'x', '--redirect-uri', 'localhost:8765'], /--redirect-uri must be an absolute URL/],
    [['dance', '--oauth2', '--server', p.url, '--client-id', 'x', '--redirect-uri', 'https://example.com/cb'], /can only listen at an http:\/\/ redirect URL/],
    [['applink', '--scope', 'ADMIN'], /--scope goes with --oauth2/],
  ];
  for (const [args, message] of cases) {
    const r = await runCli(args, env);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(oneSentence(r.stderr), message);
  }
});

test('applink --oauth2 prints the form values, and with --server checks the client and scope', async () => {
  const p = await provider({ scope: 'WRITE' });
  const env = danceEnv(freshHome());
  const form = await runCli(['applink', '--oauth2', '--scope', 'write', '--redirect-uri', p.redirect], env);
  assert.equal(form.code, 0, form.stderr);
  assert.match(form.stdout, new RegExp(`^Redirect URL: {2}${p.redirect.replace(/[.?]/g, '\\$&')}$`, 'm'));
  assert.match(form.stdout, /^Permission: {4}WRITE$/m);
  assert.match(form.stdout, /ADMIN {9}also administration: check_jira_license/);
  const ok = await runCli(['applink', '--oauth2', '--scope', 'WRITE', '--redirect-uri', p.redirect, '--server', p.url, '--client-id', p.client.clientId], env);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stderr, /knows client ID '5e0f7a1b2c3d4e5f60718293a4b5c6d7' with this secret and allows scope WRITE: the link is ready/);
  const tooWide = await runCli(['applink', '--oauth2', '--scope', 'ADMIN', '--redirect-uri', p.redirect, '--server', p.url, '--client-id', p.client.clientId], env);
  assert.equal(tooWide.code, 1);
  assert.match(tooWide.stderr, /does not allow the scope ADMIN/);
});
