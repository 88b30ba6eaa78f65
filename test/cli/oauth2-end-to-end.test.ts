// Issue #14's acceptance as a user runs it: `jirakit simulate --oauth2-client …` as a process,
// `jirakit dance --oauth2 … --save` with a scripted user, then request, shell and the plugin from
// the profile alone; and, with an access token that lives a few seconds of real time, later
// commands renewing silently and ten plugin runs after expiry sharing one refresh grant.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { createSimulator } from '../../src/simulator/index.js';
import { isOAuth2Error, refreshOAuth2Token } from '../../src/index.js';
import { cleanEnv, freshHome, runCli, startCli } from '../helpers/cli.js';
import { SECRET, approve, freePort, plugin, savedProfile } from '../helpers/oauth2-cli.js';

const CLIENT = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';

/** Runs the dance with the scripted user against `server`. */
async function danceTo(server: string, redirect: string, home: string): Promise<void> {
  const cli = startCli(['dance', '--oauth2', '--server', server, '--client-id', CLIENT, '--redirect-uri', redirect, '--scope', 'ADMIN', '--save'], cleanEnv(home, { JIRA_CLIENT_SECRET: SECRET }));
  cli.child.stdin.end();
  await approve(cli);
  assert.equal(await cli.exit(), 0, cli.stderr());
}

test('jirakit simulate --oauth2-client as a process: dance --oauth2 --save, then request, shell and check_jira_license from the profile', { timeout: 60_000 }, async () => {
  const home = freshHome();
  const redirect = `http://localhost:${await freePort()}/callback`;
  const sim = startCli(['simulate', '--context-path', '/jira', '--oauth2-dev-mode', '--oauth2-client', `${CLIENT},${SECRET},${redirect},ADMIN`], cleanEnv(home));
  try {
    const [, url = ''] = await sim.waitFor(/^Jira simulator listening on (\S+)$/m);
    await sim.waitFor(/Press Ctrl-C to stop/);
    await danceTo(url, redirect, home);
    const me = await runCli(['request', 'GET', '/rest/api/2/myself'], cleanEnv(home));
    assert.equal(JSON.parse(me.stdout).name, 'admin', me.stderr);
    const shell = await runCli(['shell'], cleanEnv(home), 'jira.myself().then((m) => m.name)\n');
    assert.match(shell.stdout, /^'admin'$/m, shell.stderr);
    const check = await plugin(home);
    assert.ok([0, 1, 2].includes(check.code), check.out);
    assert.match(check.out, /^JIRA LICENSE (OK|WARNING|CRITICAL) - /);
  } finally {
    sim.child.kill('SIGINT');
    await sim.exit();
  }
});

test('an access token of 5 s: after it expires, ten plugin runs renew it with one refresh grant, and later commands use the new pair', { timeout: 60_000 }, async () => {
  const home = freshHome();
  const redirect = `http://localhost:${await freePort()}/callback`;
  const sim = createSimulator({ contextPath: '/jira', oauth2Clients: [{ clientId: CLIENT, clientSecret: SECRET, redirectUris: [redirect], scope: 'ADMIN' }], oauth2: { devMode: true, accessTokenSeconds: 5 } });
  const running = await sim.listen();
  try {
    await danceTo(running.url, redirect, home);
    const first = savedProfile(home);
    await sleep(Math.max(0, Date.parse(first['expires_at'] ?? '') - Date.now()) + 300);
    const runs = await Promise.all(Array.from({ length: 10 }, () => plugin(home, ['-t', '30'])));
    for (const run of runs) {
      assert.ok([0, 1, 2].includes(run.code), `exit ${run.code}: ${run.out}`);
      assert.match(run.out, /^JIRA LICENSE (OK|WARNING|CRITICAL) - jira-software: Using 45 of 50 license slots/);
    }
    assert.equal(sim.oauth2.grants.refresh_token, 1);
    const second = savedProfile(home);
    assert.notEqual(second['refresh_token'], first['refresh_token']);
    const me = await runCli(['request', 'GET', '/rest/api/2/myself'], cleanEnv(home));
    assert.equal(me.code, 0, me.stderr);
    assert.equal(me.stderr, '');
    const old = await refreshOAuth2Token({ server: running.url, clientId: CLIENT, clientSecret: SECRET, refreshToken: first['refresh_token'] ?? '' }).catch((e: unknown) => e);
    assert.ok(isOAuth2Error(old) && old.error === 'invalid_grant', String(old));
  } finally {
    await running.close();
  }
});
