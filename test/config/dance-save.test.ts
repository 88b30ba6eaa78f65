// `jirakit dance --save` and `jirashell -od --save` as processes (issue #13): a save that cannot
// work fails before the dance; one that fails after it keeps the tokens in a 0600 file and says
// where; six dances saving at once keep all six profiles.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { chmodSync, chownSync, copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createSimulator, approveAsUser, type RunningSimulator } from '../../src/simulator/index.js';
import { parseIni } from '../../src/config/ini.js';
import { CONSUMER, TEST_KEY_PATH, testKeyPem } from '../helpers/keys.js';
import { JIRAKIT, cleanEnv, freshHome, runCli, startCli, type CliProcess } from '../helpers/cli.js';

const JIRASHELL = fileURLToPath(new URL('../../dist/jirashell.js', import.meta.url));
const sim = createSimulator({ contextPath: '/jira', consumers: [{ key: CONSUMER, publicKeyPem: testKeyPem }] });
let running: RunningSimulator;
before(async () => { running = await sim.listen(); });
after(async () => { await running.close(); });

const danceArgs = (...more: string[]) => ['dance', '--server', running.url, '--consumer-key', CONSUMER, '--key-cert', TEST_KEY_PATH, ...more];
const AUTHORIZE = /(http:\/\/127\.0\.0\.1:\d+\/jira\/plugins\/servlet\/oauth\/authorize\?oauth_token=\w+)/;
const root = process.getuid?.() === 0;

/** Waits for the authorize URL and the y/n question, then approves the request token as jdoe. */
async function approve(cli: CliProcess): Promise<void> {
  const [, url] = await cli.waitFor(AUTHORIZE);
  await cli.waitFor(/\(y\/n\)/);
  await approveAsUser({ authorizeUrl: url ?? '', username: 'jdoe', password: 'jdoe' });
}

test('an unusable profile name is refused before the dance, by dance and by jirashell', async () => {
  const home = freshHome();
  const r = await runCli(danceArgs('--save', '--profile', 'my profile'), cleanEnv(home), 'y\n');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^jirakit: 'my profile' is not a usable profile name\./);
  assert.doesNotMatch(r.stdout + r.stderr, /oauth_token=/, 'no dance was started');
  const child = spawn(process.execPath, [JIRASHELL, '-s', running.url, '-ck', CONSUMER, '-k', TEST_KEY_PATH, '-od', '--save', '--profile', 'my profile'], { env: cleanEnv(home, { BROWSER: 'echo %s' }) });
  child.stdin.end('y\n');
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 1, out);
  assert.match(out, /^jirashell: 'my profile' is not a usable profile name\./m);
  assert.doesNotMatch(out, /oauth_token=/);
});

test('a config directory that cannot be written is reported before the dance, not as an internal error after it', async () => {
  const home = freshHome();
  const config = join(home, '.config', 'jirakit');
  mkdirSync(config, { recursive: true });
  const key = join(home, 'rsa.pem');
  copyFileSync(TEST_KEY_PATH, key);
  chmodSync(key, 0o600);
  let spawnAs = {};
  if (root) {
    // What `sudo jirakit …` leaves behind: the user's own config directory owned by root.
    chmodSync(config, 0o755);
    for (const path of [home, join(home, '.config'), key]) chownSync(path, 65534, 65534);
    spawnAs = { uid: 65534, gid: 65534 };
  } else {
    chmodSync(config, 0o500);
  }
  const child = spawn(process.execPath, [JIRAKIT, 'dance', '--server', running.url, '--consumer-key', CONSUMER, '--key-cert', key, '--save'], { env: cleanEnv(home), cwd: home, ...spawnAs });
  child.stdin.end('y\n');
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { out += d.toString(); });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 1, out);
  assert.match(out, /^jirakit: Could not write the profile file .*profiles\.ini \((EACCES|EPERM)\)\. Check the owner and mode of the directory/m);
  assert.doesNotMatch(out, /oauth_token=|internal error/);
});

/** A config directory whose writes can be made to fail in the middle of a dance: a full tmpfs as root, mode 0500 otherwise. */
function breakableConfig(home: string): { env: Record<string, string>; breakIt: () => void; cleanup: () => void } {
  const xdg = join(home, 'xdg');
  mkdirSync(xdg);
  if (!root) return { env: { XDG_CONFIG_HOME: xdg }, breakIt: () => chmodSync(join(xdg, 'jirakit'), 0o500), cleanup: () => chmodSync(join(xdg, 'jirakit'), 0o700) };
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'tmpfs', xdg]);
  const breakIt = (): void => {
    try {
      writeFileSync(join(xdg, 'filler'), Buffer.alloc(1024 * 1024));
    } catch {
      // the disk is full now, as intended
    }
  };
  return { env: { XDG_CONFIG_HOME: xdg }, breakIt, cleanup: () => execFileSync('umount', [xdg]) };
}

test('a save that fails after the dance keeps the tokens in a 0600 file and says where; no temp file stays', async (t) => {
  const home = freshHome();
  const config = breakableConfig(home);
  t.after(config.cleanup);
  const cli = startCli(danceArgs('--save', '--profile', 'ci', '--print-tokens'), cleanEnv(home, config.env));
  await approve(cli);
  config.breakIt();
  cli.write('y\n');
  assert.equal(await cli.exit(), 1, cli.stderr());
  const token = /Access token: {8}(\w+)/.exec(cli.stdout())?.[1] ?? '';
  assert.ok(token);
  const m = /^jirakit: Could not write the profile file \S+profiles\.ini \((ENOSPC|EACCES)\)\. .*; the new tokens are in (\S+) \(mode 0600\): copy its \[ci\] section into the profile file, then delete it\.$/m.exec(cli.stderr());
  assert.ok(m, cli.stderr());
  const rescued = m[2] ?? '';
  assert.ok(rescued.startsWith(`${home}/jirakit-profile-ci-`), rescued);
  assert.equal(statSync(rescued).mode & 0o777, 0o600);
  const section = parseIni(readFileSync(rescued, 'utf8')).get('ci');
  assert.equal(section?.get('access_token'), token);
  assert.equal(section?.get('key_cert'), TEST_KEY_PATH);
  assert.deepEqual(readdirSync(join(config.env['XDG_CONFIG_HOME'] ?? '', 'jirakit')).filter((f) => f !== 'profiles.ini'), []);
});

test('jirashell -od --save whose save fails after the dance: the tokens are kept, and the shell still opens', async (t) => {
  const home = freshHome();
  const config = breakableConfig(home);
  t.after(config.cleanup);
  const child = spawn(process.execPath, [JIRASHELL, '-s', running.url, '-ck', CONSUMER, '-k', TEST_KEY_PATH, '-od', '--save'], { env: cleanEnv(home, { ...config.env, BROWSER: 'echo %s' }), cwd: home });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const done = new Promise<number | null>((resolve) => child.on('close', resolve));
  for (let i = 0; i < 500 && !(AUTHORIZE.test(out) && /\(y\/n\)/.test(out + err)); i += 1) await new Promise((r) => setTimeout(r, 20));
  await approveAsUser({ authorizeUrl: AUTHORIZE.exec(out)?.[1] ?? '', username: 'jdoe', password: 'jdoe' });
  config.breakIt();
  child.stdin.end('y\nawait jira.myself().then((m) => m.name)\n');
  assert.equal(await done, 0, err);
  assert.match(err, /^jirashell: Could not write the profile file .*; the new tokens are in \S+jirakit-profile-default-\S+\.ini \(mode 0600\)/m);
  assert.match(out, /^'jdoe'$/m, 'the shell ran with the new token');
});

test('six dances saving six profiles at once keep all six, and a profile with a continuation line', async () => {
  const home = freshHome();
  mkdirSync(join(home, '.config', 'jirakit'), { recursive: true, mode: 0o700 });
  writeFileSync(join(home, '.config', 'jirakit', 'profiles.ini'), '[other]\nserver = http://other\nnote = one\n  two\n', { mode: 0o600 });
  const clis = Array.from({ length: 6 }, (_, i) => startCli(danceArgs('--save', '--profile', `p${i}`), cleanEnv(home)));
  for (const cli of clis) await approve(cli);
  for (const cli of clis) cli.write('y\n');
  for (const cli of clis) assert.equal(await cli.exit(), 0, cli.stderr());
  for (const cli of clis) assert.match(cli.stdout(), /Saved to profile 'p\d'/);
  const data = parseIni(readFileSync(join(home, '.config', 'jirakit', 'profiles.ini'), 'utf8'));
  assert.deepEqual([...data.keys()].sort(), ['other', 'p0', 'p1', 'p2', 'p3', 'p4', 'p5']);
  assert.equal(data.get('other')?.get('note'), 'one\ntwo');
  assert.deepEqual(readdirSync(join(home, '.config', 'jirakit')), ['profiles.ini']);
});
