// `jirakit dance --oauth2 … --save` as a process against the simulator's provider over loopback,
// approved by a scripted user (log in, Allow, the browser follows the redirect to jirakit's
// listener); then request, shell, jirashell and check_jira_license from the profile alone, silent
// renewal after expiry, and ten plugin runs that share one refresh (issue #14's "done when").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync, writeFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { refreshOAuth2Token, isOAuth2Error } from '../../src/index.js';
import { cleanEnv, freshHome, runCli, startCli } from '../helpers/cli.js';
import { SECRET, dance, danceArgs, danceEnv, plugin, provider, savedProfile } from '../helpers/oauth2-cli.js';

const JIRASHELL = new URL('../../dist/jirashell.js', import.meta.url).pathname;

/** The jirashell bin with piped input (asynchronously: the simulator answers in this process). */
async function jirashell(env: Record<string, string>, input: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const { spawn } = await import('node:child_process');
  const child = spawn(process.execPath, [JIRASHELL], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  child.stdin.end(input);
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  return { code, stdout, stderr };
}

test('dance --oauth2 --save, then request, shell, jirashell and the plugin work from the profile alone; nothing secret is printed', { timeout: 60_000 }, async () => {
  const p = await provider();
  const home = freshHome();
  const done = await dance(p, home, ['--scope', 'ADMIN', '--save']);
  assert.equal(done.code, 0, done.stderr);
  assert.match(done.stdout, /^OAuth 2\.0 dance complete: Jira knows the token as user 'admin' \(scope ADMIN\); the access token lasts 60 minutes and is renewed from the profile when it runs out\.$/m);
  assert.match(done.stdout, /^Saved to profile 'default' in .*profiles\.ini; use it with --profile default \(or nothing\)\.$/m);
  const file = join(home, '.config', 'jirakit', 'profiles.ini');
  assert.equal(statSync(file).mode & 0o777, 0o600);
  const saved = savedProfile(home);
  assert.deepEqual(Object.keys(saved).sort(), ['access_token', 'client_id', 'client_secret', 'expires_at', 'refresh_token', 'scope', 'server']);
  assert.deepEqual([saved['server'], saved['client_id'], saved['client_secret'], saved['scope']], [p.url, p.client.clientId, SECRET, 'ADMIN']);
  assert.equal(Date.parse(saved['expires_at'] ?? ''), Date.parse(saved['expires_at'] ?? '')); // an ISO time
  assert.ok(Math.abs(Date.parse(saved['expires_at'] ?? '') - (Date.now() + 3_600_000)) < 60_000, 'expiry from expires_in');
  assert.deepEqual(p.sim.oauth2.grants, { authorization_code: 1, refresh_token: 0 });
  const env = cleanEnv(home);
  const me = await runCli(['request', 'GET', '/rest/api/2/myself'], env);
  assert.equal(me.code, 0, me.stderr);
  assert.equal(JSON.parse(me.stdout).name, 'admin');
  const shell = await runCli(['shell'], env, 'jira.myself().then((m) => m.name)\n');
  assert.equal(shell.code, 0, shell.stderr);
  assert.match(shell.stdout, /^'admin'$/m);
  const py = await jirashell(env, 'jira.myself().then((m) => m.displayName)\n');
  assert.equal(py.code, 0, py.stderr);
  assert.match(py.stdout, /'Administrator'/);
  const check = await plugin(home);
  assert.ok([0, 1, 2].includes(check.code), check.out);
  assert.match(check.out, /^JIRA LICENSE (OK|WARNING|CRITICAL) - jira-software: Using 45 of 50 license slots/);
  const everything = [done, me, shell].map((r) => r.stdout + r.stderr).join('') + py.stdout + py.stderr + check.out + check.err;
  for (const secret of [SECRET, saved['access_token'], saved['refresh_token']]) assert.ok(!everything.includes(secret ?? '?'), 'a secret leaked');
  assert.equal(p.sim.oauth2.grants.refresh_token, 0);
});

test('--print-tokens prints the pair that was saved; -v shows Bearer masked', async () => {
  const p = await provider();
  const home = freshHome();
  const done = await dance(p, home, ['--print-tokens', '--save', '--profile', 'o2']);
  assert.equal(done.code, 0, done.stderr);
  const saved = savedProfile(home, 'o2');
  assert.ok(done.stdout.includes(`Access token:  ${saved['access_token']}`));
  assert.ok(done.stdout.includes(`Refresh token: ${saved['refresh_token']}`));
  assert.match(done.stdout, /Scope: {9}WRITE/, 'WRITE is the default scope');
  const verbose = await runCli(['request', 'GET', '/rest/api/2/myself', '--profile', 'o2', '-v'], cleanEnv(home));
  assert.match(verbose.stderr, /^> authorization: Bearer \[REDACTED\]$/m);
  assert.ok(!verbose.stderr.includes(saved['access_token'] ?? '?'));
});

test("after Jira's clock passes the expiry, later commands renew silently; the profile holds the new pair; the old refresh token is refused", { timeout: 30_000 }, async () => {
  const p = await provider();
  const home = freshHome();
  assert.equal((await dance(p, home, ['--scope', 'ADMIN', '--save'])).code, 0);
  const before = savedProfile(home);
  p.clock.ms += 3_600_001; // this machine's clock still thinks the token is fresh: Jira serves it as anonymous
  const me = await runCli(['request', 'GET', '/rest/api/2/myself'], cleanEnv(home));
  assert.equal(me.code, 0, me.stderr);
  assert.equal(JSON.parse(me.stdout).name, 'admin');
  assert.equal(me.stderr, '', 'silently');
  const after = savedProfile(home);
  assert.notEqual(after['access_token'], before['access_token']);
  assert.notEqual(after['refresh_token'], before['refresh_token']);
  assert.deepEqual([after['client_id'], after['client_secret'], after['scope'], after['server']], [before['client_id'], before['client_secret'], 'ADMIN', p.url]);
  assert.equal(p.sim.oauth2.grants.refresh_token, 1);
  const old = await refreshOAuth2Token({ server: p.url, clientId: p.client.clientId, clientSecret: SECRET, refreshToken: before['refresh_token'] ?? '' }).catch((e: unknown) => e);
  assert.ok(isOAuth2Error(old) && old.error === 'invalid_grant', String(old));
  const again = await runCli(['shell'], cleanEnv(home), 'jira.myself().then((m) => m.name)\n');
  assert.match(again.stdout, /'admin'/);
  assert.equal(p.sim.oauth2.grants.refresh_token, 1, 'the new pair is used as it is');
});

test('an expiry already past on this machine renews before the first request (no anonymous answer first)', async () => {
  const p = await provider();
  const home = freshHome();
  assert.equal((await dance(p, home, ['--scope', 'ADMIN', '--save'])).code, 0);
  const file = join(home, '.config', 'jirakit', 'profiles.ini');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^expires_at = .*$/m, 'expires_at = 2001-01-01T00:00:00.000Z'));
  const me = await runCli(['request', 'GET', '/rest/api/2/myself', '-v'], cleanEnv(home));
  assert.equal(me.code, 0, me.stderr);
  const sent = [...me.stderr.matchAll(/^> (\w+) (\S+)$/gm)].map((m) => `${m[1]} ${new URL(m[2] ?? '').pathname}`);
  assert.deepEqual(sent, ['POST /jira/rest/oauth2/latest/token', 'GET /jira/rest/api/2/myself']);
  assert.ok(Date.parse(savedProfile(home)['expires_at'] ?? '') > Date.now());
  assert.equal(p.sim.oauth2.grants.refresh_token, 1);
});

for (const how of ['Jira sees the token expired', 'the profile says it expired'] as const) {
  test(`ten plugin runs that start together after expiry (${how}) all report, and Jira sees exactly one refresh`, { timeout: 60_000 }, async () => {
    const p = await provider();
    const home = freshHome();
    assert.equal((await dance(p, home, ['--scope', 'ADMIN', '--save'])).code, 0);
    if (how === 'Jira sees the token expired') p.clock.ms += 3_600_001;
    else {
      const file = join(home, '.config', 'jirakit', 'profiles.ini');
      writeFileSync(file, readFileSync(file, 'utf8').replace(/^expires_at = .*$/m, 'expires_at = 2001-01-01T00:00:00.000Z'));
    }
    const runs = await Promise.all(Array.from({ length: 10 }, () => plugin(home, ['-t', '30'])));
    for (const run of runs) {
      assert.ok([0, 1, 2].includes(run.code), `exit ${run.code}: ${run.out}`);
      assert.match(run.out, /^JIRA LICENSE (OK|WARNING|CRITICAL) - jira-software: Using 45 of 50 license slots/);
      assert.equal(run.err, '');
    }
    assert.equal(p.sim.oauth2.grants.refresh_token, 1);
    assert.deepEqual(p.sim.oauth2.liveTokens(), { access: 1, refresh: 1 }, 'one live pair: the one in the profile');
  });
}

test('the plugin with a WRITE token says it needs ADMIN (UNKNOWN), before sending anything', async () => {
  const p = await provider();
  const home = freshHome();
  assert.equal((await dance(p, home, ['--scope', 'WRITE', '--save'])).code, 0);
  const run = await plugin(home, ['-v']);
  assert.equal(run.code, 3);
  assert.equal(run.out.split('\n')[0], "JIRA LICENSE UNKNOWN - The OAuth 2.0 token has scope WRITE, and reading license data needs the ADMIN scope on an administrator's token");
  assert.match(run.out, /jirakit dance --oauth2 --scope ADMIN --save/);
});

test("the plugin with an ADMIN token of a user who is not an administrator is UNKNOWN, and -v says what a token needs", async () => {
  const p = await provider();
  const home = freshHome();
  assert.equal((await dance(p, home, ['--scope', 'ADMIN', '--save'], 'jdoe')).code, 0);
  const run = await plugin(home, ['-v']);
  assert.equal(run.code, 3, run.out);
  assert.match(run.out, /ADMIN scope and an administrator's account/);
});

test('a refresh token that is dead ends in one sentence: run the dance again', async () => {
  const p = await provider();
  const home = freshHome();
  assert.equal((await dance(p, home, ['--save'])).code, 0);
  const { revokeOAuth2Token } = await import('../../src/index.js');
  await revokeOAuth2Token({ server: p.url, clientId: p.client.clientId, clientSecret: SECRET, token: savedProfile(home)['refresh_token'] ?? '' });
  const me = await runCli(['request', 'GET', '/rest/api/2/myself'], cleanEnv(home));
  assert.equal(me.code, 1);
  assert.equal(me.stderr, 'jirakit: Jira refused the OAuth 2.0 refresh token: it has expired, was revoked, or was already used. Run `jirakit dance --oauth2 --save` again to get new tokens.\n');
});

test('logout revokes at Jira and removes the tokens; the client stays; OAuth 1.0a tokens are removed with where to revoke them', async () => {
  const p = await provider();
  const home = freshHome();
  assert.equal((await dance(p, home, ['--save'])).code, 0);
  const out = await runCli(['logout'], cleanEnv(home));
  assert.equal(out.code, 0, out.stderr);
  assert.match(out.stdout, /^Revoked the OAuth 2\.0 tokens of profile 'default' at http:\/\/127\.0\.0\.1:\d+\/jira and removed them from .*profiles\.ini; `jirakit dance --oauth2 --save` logs in again\.$/m);
  assert.deepEqual(p.sim.oauth2.liveTokens(), { access: 0, refresh: 0 });
  assert.deepEqual(Object.keys(savedProfile(home)).sort(), ['client_id', 'client_secret', 'server']);
  const twice = await runCli(['logout'], cleanEnv(home));
  assert.equal(twice.code, 0);
  assert.match(twice.stdout, /holds no OAuth tokens; there is nothing to log out/);
  writeFileSync(join(home, '.config', 'jirakit', 'profiles.ini'), '[one]\nserver = http://jira.test\nconsumer_key = k\nkey_cert = /k.pem\naccess_token = TOKENMARKER1\naccess_token_secret = SECRETMARKER1\n');
  const oauth1 = await runCli(['logout', '--profile', 'one'], cleanEnv(home));
  assert.equal(oauth1.code, 0, oauth1.stderr);
  assert.match(oauth1.stdout, /Removed the OAuth 1\.0a access token of profile 'one' .*View OAuth Access Tokens \(http:\/\/jira\.test\/plugins\/servlet\/oauth\/users\/access-tokens\)/);
  assert.deepEqual(Object.keys(savedProfile(home, 'one')).sort(), ['consumer_key', 'key_cert', 'server']);
});

test('logout keeps the tokens when Jira cannot be reached, and says so', async () => {
  const p = await provider();
  const home = freshHome();
  assert.equal((await dance(p, home, ['--save'])).code, 0);
  const file = join(home, '.config', 'jirakit', 'profiles.ini');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^server = .*$/m, 'server = http://127.0.0.1:9'));
  const out = await runCli(['logout'], cleanEnv(home));
  assert.equal(out.code, 1);
  assert.match(out.stderr, /^jirakit: .*\. .*the tokens stay in profile 'default' until logout succeeds\.$/m);
  assert.ok(savedProfile(home)['refresh_token']);
});

test('--no-listen: the address pasted from the browser finishes the dance', async () => {
  const p = await provider();
  const home = freshHome();
  const cli = startCli(danceArgs(p, ['--no-listen', '--save']), danceEnv(home));
  const [, url = ''] = await cli.waitFor(/^ {4}(http\S+\/rest\/oauth2\/latest\/authorize\?\S+)$/m);
  await cli.waitFor(/Paste the address it was sent to: /);
  const { consentAsUser } = await import('../../src/simulator/index.js');
  const { redirectedTo } = await consentAsUser({ authorizeUrl: url, username: 'admin', password: 'admin' });
  cli.write(`${redirectedTo}\n`);
  assert.equal(await cli.exit(), 0, cli.stderr());
  assert.ok(savedProfile(home)['refresh_token']);
  assert.ok(!cli.stderr().includes('Waiting for Jira'), 'nothing listened');
});
