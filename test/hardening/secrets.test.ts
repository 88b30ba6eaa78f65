// Marker secrets through every command that touches one, on success and failure paths, with
// --verbose: none may appear in any output, or in any file but the profile itself.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, copyFileSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { createSimulator } from '../../src/simulator/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { approveAsUser } from '../../src/simulator/index.js';
import { CONSUMER, TEST_KEY_PATH, testKeyPem } from '../helpers/keys.js';
import { cleanEnv, freshHome, runCli, startCli } from '../helpers/cli.js';
import { oauthToken } from '../helpers/sim.js';

const PAT = 'PATMARKER-7f3a9c';
const PASSWORD = 'PWMARKER-51be02';
const PASSPHRASE = 'PASSPHRASEMARKER-c0ffee';
const sim = createSimulator({ contextPath: '/jira', consumers: [{ key: CONSUMER, publicKeyPem: testKeyPem }], users: [{ name: 'admin', password: PASSWORD }], pats: [['admin', PAT]] });
let running: RunningSimulator;
let token = '';
let tokenSecret = '';
before(async () => {
  running = await sim.listen();
  token = await oauthToken(sim, running.url, 'admin', PASSWORD);
  tokenSecret = [...sim.state.tokens.values()].find((t) => t.token === token)?.secret ?? '';
});
after(async () => { await running.close(); });

const markers = () => [PAT, PASSWORD, PASSPHRASE, token, tokenSecret, testKeyPem.split('\n')[1] ?? 'KEYLINE'];

function assertClean(text: string, where: string): void {
  for (const marker of markers()) assert.ok(!text.includes(marker), `${where} holds a secret (${marker.slice(0, 12)}…):\n${text.slice(0, 2000)}`);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

test('request, shell, check-license and applink keep every secret out of stdout and stderr, -v included', async () => {
  const home = freshHome();
  const encrypted = join(home, 'enc.pem');
  writeFileSync(encrypted, generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSPHRASE } }).privateKey, { mode: 0o600 });
  const oauth = ['--server', running.url, '--consumer-key', CONSUMER, '--key-cert', TEST_KEY_PATH];
  const runs: [string[], Record<string, string>, string][] = [
    [['request', 'GET', '/rest/api/2/myself', '-v', '-i', ...oauth], { JIRA_ACCESS_TOKEN: token, JIRA_ACCESS_TOKEN_SECRET: tokenSecret }, ''],
    [['request', 'GET', '/rest/api/2/issue/NOPE-1', '-v', ...oauth], { JIRA_ACCESS_TOKEN: token }, ''],
    [['request', 'GET', '/rest/api/2/myself', '-v', '--server', running.url], { JIRA_TOKEN: PAT }, ''],
    [['request', 'GET', '/rest/api/2/myself', '-v', '--server', running.url], { JIRA_TOKEN: `${PAT}-wrong` }, ''],
    [['request', 'GET', '/rest/api/2/myself', '-v', '--server', running.url, '--username', 'admin'], { JIRA_PASSWORD: PASSWORD }, ''],
    [['request', 'GET', '/rest/api/2/myself', '-v', '--server', running.url, '--username', 'admin'], { JIRA_PASSWORD: `${PASSWORD}x` }, ''],
    [['request', 'GET', '/rest/api/2/myself', '-v', '--server', running.url, '--token', 'x', '--username', 'u'], { JIRA_PASSWORD: PASSWORD }, ''],
    [['request', 'GET', '/rest/api/2/myself', '-v', ...oauth, '--access-token', `${token}x`], {}, ''],
    [['shell', '-v', ...oauth], { JIRA_ACCESS_TOKEN: token }, 'jira.myself().then((m) => m.name)\njira.issue("NOPE-1")\n'],
    [['check-license', '--url', running.url, '-vvv'], { JIRA_TOKEN: PAT }, ''],
    [['check-license', '--url', running.url, '-vvv', '--source', 'upm'], { JIRA_TOKEN: PAT }, ''],
    [['applink', '--consumer-key', CONSUMER, '--key-cert', encrypted, '--key-passphrase-env', 'KP', '--server', running.url, '-v'], { KP: PASSPHRASE }, ''],
    [['applink', '--consumer-key', CONSUMER, '--key-cert', encrypted, '--key-passphrase-env', 'KP'], { KP: `${PASSPHRASE}x` }, ''],
    [['sign', '--url', `${running.url}/x`, '--consumer-key', CONSUMER, '--key-cert', encrypted, '--key-passphrase-env', 'KP'], { KP: PASSPHRASE }, ''],
  ];
  for (const [args, env, input] of runs) {
    const r = await runCli(args, cleanEnv(home, env), input);
    assertClean(r.stdout + r.stderr, `jirakit ${args.join(' ')}`);
  }
});

test('a dance without --print-tokens prints none; --save writes them only to the 0600 profile', async () => {
  const home = freshHome();
  const cli = startCli(['dance', '--server', running.url, '--consumer-key', CONSUMER, '--key-cert', TEST_KEY_PATH, '--save', '-v'], cleanEnv(home));
  const [, url] = await cli.waitFor(/(http:\/\/\S+authorize\?oauth_token=\w+)/);
  await approveAsUser({ authorizeUrl: url ?? '', username: 'admin', password: PASSWORD });
  cli.write('y\n');
  assert.equal(await cli.exit(), 0, cli.stderr());
  const profilePath = join(home, '.config', 'jirakit', 'profiles.ini');
  const saved = readFileSync(profilePath, 'utf8');
  const issued = /access_token = (\w+)/.exec(saved)?.[1] ?? '';
  assert.ok(issued.length === 32);
  assert.ok(!(cli.stdout() + cli.stderr()).includes(issued));
  assert.equal(statSync(profilePath).mode & 0o777, 0o600);
  // Use the profile from the shell, then look at every file jirakit left in HOME.
  await runCli(['shell'], cleanEnv(home), 'jira.myself()\nconst password = "x"\n');
  for (const file of filesUnder(home)) {
    if (file === profilePath) continue;
    const text = readFileSync(file, 'utf8');
    assert.ok(!text.includes(issued), `${file} holds the access token`);
  }
});

test('a key or profile that others can read gets a warning (and still works)', async () => {
  const home = freshHome();
  const key = join(home, 'rsa.pem');
  copyFileSync(TEST_KEY_PATH, key);
  chmodSync(key, 0o644);
  const r = await runCli(['request', 'GET', '/rest/api/2/myself', '--server', running.url, '--consumer-key', CONSUMER, '--key-cert', key, '--access-token', token], cleanEnv(home));
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^jirakit: warning: \S+rsa\.pem can be read by other users \(mode 0644\); run chmod 600 /m);
  chmodSync(key, 0o600);
  const quiet = await runCli(['request', 'GET', '/rest/api/2/myself', '--server', running.url, '--consumer-key', CONSUMER, '--key-cert', key, '--access-token', token], cleanEnv(home));
  assert.equal(quiet.stderr, '');
});
