// `jirakit simulate` flags, as a user starts it: HTTPS, a seed file, license seats, rate limit, latency.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpsRequest } from 'node:https';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { TEST_PUBLIC_KEY_PATH } from '../helpers/keys.js';
import { cleanEnv, freshHome, runCli, startCli } from '../helpers/cli.js';
import { basic } from '../helpers/sim.js';

async function started(args: string[]) {
  const cli = startCli(['simulate', ...args], cleanEnv(freshHome()));
  const [, url] = await cli.waitFor(/^Jira simulator listening on (\S+)$/m);
  await cli.waitFor(/Press Ctrl-C to stop/);
  return { cli, url: url ?? '' };
}

async function stop(cli: ReturnType<typeof startCli>): Promise<void> {
  cli.child.kill('SIGINT');
  assert.equal(await cli.exit(), 0, 'SIGINT stops it cleanly');
}

test('--https serves TLS with a certificate file a client can trust', async () => {
  const { cli, url } = await started(['--https', '--context-path', '/jira']);
  try {
    assert.match(url, /^https:\/\/127\.0\.0\.1:\d+\/jira$/);
    const certFile = /Certificate \(trust it with --ca-file or NODE_EXTRA_CA_CERTS\): (\S+)/.exec(cli.stdout())?.[1] ?? '';
    const ca = readFileSync(certFile, 'utf8');
    const status = await new Promise<number>((resolve, reject) => {
      httpsRequest(`${url}/rest/api/2/serverInfo`, { ca }, (res) => { res.resume(); resolve(res.statusCode ?? 0); }).on('error', reject).end();
    });
    assert.equal(status, 200);
  } finally {
    await stop(cli);
  }
});

test('--seed FILE, then --licensed-users and --active-users override the license', async () => {
  const home = freshHome();
  const seed = join(home, 'seed.json');
  writeFileSync(seed, JSON.stringify({
    serverTitle: 'Seeded Jira',
    users: [{ name: 'root', password: 'pw', admin: true }],
    consumers: [{ key: 'seeded', publicKeyFile: TEST_PUBLIC_KEY_PATH }],
    projects: [{ key: 'ABC', name: 'Alphabet' }],
    issues: 7,
  }));
  const { cli, url } = await started(['--seed', seed, '--active-users', '498', '--licensed-users', '500']);
  try {
    assert.match(cli.stdout(), /Users: root:pw \(administrator\)/);
    assert.match(cli.stdout(), /Consumers: seeded/);
    const auth = { authorization: basic('root', 'pw'), accept: '*/*' };
    const info = (await (await fetch(`${url}/rest/api/2/serverInfo`)).json()) as { serverTitle: string };
    assert.equal(info.serverTitle, 'Seeded Jira');
    const search = (await (await fetch(`${url}/rest/api/2/search?jql=project%3DABC`, { headers: auth })).json()) as { total: number };
    assert.equal(search.total, 7);
    const app = (await (await fetch(`${url}/rest/plugins/applications/1.0/installed/jira-software`, { headers: auth })).json()) as { accessDetails: { activeUserCount: number; licensedUserCount: number } };
    assert.deepEqual(app.accessDetails, { activeUserCount: 498, licensedUserCount: 500, unlimited: false });
  } finally {
    await stop(cli);
  }
});

test('--rate-limit and --latency', async () => {
  const { cli, url } = await started(['--rate-limit', '2', '--latency', '100']);
  try {
    const auth = { authorization: basic('admin', 'admin') };
    const t0 = Date.now();
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await fetch(`${url}/rest/api/2/myself`, { headers: auth })).status);
    assert.ok(Date.now() - t0 >= 300, 'each answer waited ~100 ms');
    assert.equal(statuses[0], 200);
    assert.ok(statuses.includes(429), `statuses ${statuses.join(',')}`);
  } finally {
    await stop(cli);
  }
});

test('a broken seed file is one clear line', async () => {
  const home = freshHome();
  writeFileSync(join(home, 'bad.json'), '{ not json');
  const r = await runCli(['simulate', '--seed', join(home, 'bad.json')], cleanEnv(home));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^jirakit: Could not read the seed file \S+bad\.json \(not valid JSON: .*\)\. See `jirakit simulate --help` for its shape\.$/m);
});
