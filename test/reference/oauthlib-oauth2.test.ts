// jirakit's OAuth 2.0 client judged by a provider nobody here wrote: Debian's python3-oauthlib
// (WebApplicationServer: PKCE required, client authentication, refresh, revocation, bearer
// validation) behind a small HTTP shell with Jira's paths (oauthlib_oauth2_server.py). The dance,
// a call, a refresh before expiry, a renewal after the provider served the token as anonymous,
// the old refresh token refused, and logout's revocation all complete against it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isOAuth2Error, refreshOAuth2Token } from '../../src/index.js';
import { cleanEnv, freshHome, runCli, startCli } from '../helpers/cli.js';
import { freePort, savedProfile } from '../helpers/oauth2-cli.js';

const SCRIPT = fileURLToPath(new URL('./oauthlib_oauth2_server.py', import.meta.url));
const CLIENT_ID = '9a8b7c6d5e4f30211203f4e5d6c7b8a9';
const SECRET = 'OAUTHLIBSECRETMARKER-51e0';
let server: ChildProcessWithoutNullStreams;
let base = '';
let redirect = '';

before(async () => {
  redirect = `http://localhost:${await freePort()}/callback`;
  server = spawn('/usr/bin/python3', [SCRIPT, CLIENT_ID, SECRET, redirect, 'READ WRITE ADMIN'], {
    env: { PATH: '/usr/bin:/bin', HOME: process.env['HOME'] ?? '/tmp', OAUTHLIB_INSECURE_TRANSPORT: '1', PYTHONWARNINGS: 'ignore' },
  });
  let err = '';
  server.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  base = await new Promise<string>((resolve, reject) => {
    server.stdout.on('data', (d: Buffer) => {
      const m = /LISTENING (\S+)/.exec(d.toString());
      if (m?.[1]) resolve(m[1]);
    });
    server.on('close', (code) => reject(new Error(`the oauthlib server ended (${code}): ${err}`)));
  });
});
after(() => server.kill());

const state = async (): Promise<{ access: number; refresh: number; grants: Record<string, number>; verifiers: number; secrets_in_body: number }> => (await fetch(`${new URL(base).origin}/__test__/state`)).json() as never;

/** The browser: the authorize URL, the consent page, Allow, and the redirect to jirakit's listener. */
async function allow(authorizeUrl: string): Promise<void> {
  const first = await fetch(authorizeUrl, { redirect: 'manual' });
  assert.equal(first.status, 303);
  const consent = new URL(first.headers.get('location') ?? '', authorizeUrl);
  const page = await (await fetch(consent)).text();
  const href = (/id="allow" href="([^"]+)"/.exec(page)?.[1] ?? '').replace(/&amp;/g, '&');
  const approved = await fetch(new URL(href, consent), { redirect: 'manual' });
  assert.equal(approved.status, 302, await approved.text());
  const location = approved.headers.get('location') ?? '';
  assert.ok(location.startsWith(`${redirect}?`), location);
  await fetch(location);
}

test("oauthlib's provider: jirakit's dance, a call, a refresh before expiry, a renewal after an anonymous answer, logout's revocation", { timeout: 60_000 }, async () => {
  const home = freshHome();
  const env = cleanEnv(home, { JIRA_CLIENT_SECRET: SECRET });
  const cli = startCli(['dance', '--oauth2', '--server', base, '--client-id', CLIENT_ID, '--redirect-uri', redirect, '--scope', 'ADMIN', '--save'], env);
  cli.child.stdin.end();
  const [, url = ''] = await cli.waitFor(/^ {4}(http\S+\/authorize\?\S+)$/m);
  await cli.waitFor(/Waiting for Jira/);
  await allow(url);
  assert.equal(await cli.exit(), 0, cli.stderr());
  assert.match(cli.stdout(), /Jira knows the token as user 'admin' \(scope ADMIN\)/);
  let s = await state();
  assert.deepEqual(s.grants, { authorization_code: 1, refresh_token: 0 });
  assert.equal(s.verifiers, 1, 'a PKCE verifier was sent and oauthlib checked it against the S256 challenge');
  const first = savedProfile(home);

  const me = await runCli(['request', 'GET', '/rest/api/2/myself'], cleanEnv(home));
  assert.equal(me.code, 0, me.stderr);
  assert.equal(JSON.parse(me.stdout).name, 'admin');

  // This machine's expiry passes: refreshed before the call, rotated, stored.
  const file = join(home, '.config', 'jirakit', 'profiles.ini');
  writeFileSync(file, readFileSync(file, 'utf8').replace(/^expires_at = .*$/m, 'expires_at = 2001-01-01T00:00:00.000Z'));
  assert.equal((await runCli(['request', 'GET', '/rest/api/2/myself'], cleanEnv(home))).code, 0);
  const second = savedProfile(home);
  assert.notEqual(second['refresh_token'], first['refresh_token']);
  s = await state();
  assert.deepEqual(s.grants, { authorization_code: 1, refresh_token: 1 });
  const old = await refreshOAuth2Token({ server: base, clientId: CLIENT_ID, clientSecret: SECRET, refreshToken: first['refresh_token'] ?? '' }).catch((e: unknown) => e);
  assert.ok(isOAuth2Error(old) && old.error === 'invalid_grant', String(old));

  // The provider's clock passes the expiry: it serves the token as anonymous; jirakit renews once.
  await fetch(`${new URL(base).origin}/__test__/expire`, { method: 'POST' });
  const renewed = await runCli(['request', 'GET', '/rest/api/2/myself'], cleanEnv(home));
  assert.equal(renewed.code, 0, renewed.stderr);
  assert.equal((await state()).grants['refresh_token'], 2);
  assert.equal(s.secrets_in_body >= 2, true, 'the client secret went in the form body');

  const out = await runCli(['logout'], cleanEnv(home));
  assert.equal(out.code, 0, out.stderr);
  s = await state();
  assert.deepEqual([s.access, s.refresh], [0, 0], 'revoked at the provider');
  const none = await runCli(['request', 'GET', '/rest/api/2/myself', '--access-token', second['access_token'] ?? '', '--client-id', CLIENT_ID], cleanEnv(freshHome(), { JIRA_SERVER: base }));
  assert.equal(none.code, 1);
  for (const r of [me, renewed, out]) assert.ok(!(r.stdout + r.stderr).includes(SECRET));
});

test("oauthlib's provider refuses an unknown client ID; jirakit says so before any browser opens", async () => {
  const r = await runCli(['dance', '--oauth2', '--server', base, '--client-id', 'unknown', '--redirect-uri', redirect], cleanEnv(freshHome(), { JIRA_CLIENT_SECRET: SECRET }));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^jirakit: Jira did not accept OAuth 2\.0 client ID 'unknown' with this client secret\./m);
  assert.doesNotMatch(r.stderr, /authorize\?/);
});
