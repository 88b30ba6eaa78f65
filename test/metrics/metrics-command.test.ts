// `jirakit metrics` as a process against the simulator: promtool and python3-prometheus-client
// judge every output, the numbers are the plugin's, failures are one sentence each with the
// failure series still printed, and the textfile is written atomically with mode 0644.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { route } from '../../src/simulator/index.js';
import { cleanEnv, freshHome, JIRAKIT, runCli, runCliObeyingPermissions } from '../helpers/cli.js';
import { promtoolProblems, pythonParse } from './judges.js';
import { ADMIN, APPS, jira } from './sims.js';

const CHECK = fileURLToPath(new URL('../../dist/check_jira_license.cjs', import.meta.url));
const metrics = (args: string[], env: Record<string, string> = ADMIN, home = freshHome()) => runCli(['metrics', ...args], cleanEnv(home, env));
const series = (text: string): string[] => text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
const value = (text: string, name: string): number | undefined => {
  const line = series(text).find((l) => l.startsWith(name));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
};

test('promtool and python3-prometheus-client accept every output: both formats; one, many and unlimited applications, no expiry, a failed target', async () => {
  const { url } = await jira();
  const cases: [string, string[], number][] = [
    ['one application', ['--app', 'jira-software'], 0],
    ['every application, one unlimited, one without license expiry', ['--app', 'all'], 0],
    ['no dates read', ['--app', 'all', '--no-expiry'], 0],
    ['an unknown application beside a known one', ['--app', 'jira-software,jira-nope'], 1],
  ];
  for (const format of ['prometheus', 'openmetrics'] as const) {
    for (const [what, args, code] of cases) {
      const r = await metrics(['--server', url, '--format', format, ...args]);
      assert.equal(r.code, code, `${what}: ${r.stderr}`);
      assert.equal(await promtoolProblems(r.stdout), '', `${format}, ${what}`);
      await pythonParse(r.stdout, format);
    }
    const down = await metrics(['--server', 'http://127.0.0.1:9', '--format', format]);
    assert.equal(down.code, 1);
    assert.equal(await promtoolProblems(down.stdout), '', `${format}, a failed target`);
    await pythonParse(down.stdout, format);
  }
});

test('every application: the seed numbers, seats absent when unlimited, dates absent when none', async () => {
  const { url } = await jira();
  const r = await metrics(['--server', url, '--app', 'all']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const lines = series(r.stdout);
  assert.ok(lines.includes('jira_license_seats{application="jira-software"} 50'));
  assert.ok(lines.includes('jira_license_users{application="jira-servicedesk"} 9'));
  assert.ok(lines.includes('jira_license_unlimited{application="jira-core"} 1'));
  assert.ok(!lines.some((l) => l.startsWith('jira_license_seats{application="jira-core"}')), 'no seats for unlimited');
  assert.ok(!lines.some((l) => l.startsWith('jira_license_expiry_timestamp_seconds{application="jira-servicedesk"}')), 'no license expiry, no series');
  assert.ok(lines.some((l) => l.startsWith('jira_license_maintenance_expiry_timestamp_seconds{application="jira-servicedesk"}')));
  assert.ok(lines.includes('jira_info{version="10.3.19",deployment="Server"} 1'));
  assert.ok(lines.includes('jirakit_license_scrape_success 1'));
  const expiry = Date.parse(`${APPS['jira-software']?.expiryDate ?? ''}T00:00:00Z`) / 1000;
  assert.ok(lines.includes(`jira_license_expiry_timestamp_seconds{application="jira-software"} ${expiry}`));
});

test('the same numbers as check_jira_license --format json reads', async () => {
  const { url } = await jira();
  const r = await metrics(['--server', url, '--app', 'all']);
  const plugin = await promisify(execFile)(process.execPath, [CHECK, '--url', url, '--app', 'all', '--expiry-warning', '1', '--format', 'json'], { env: cleanEnv(freshHome(), ADMIN) }).catch((e: { stdout: string }) => e);
  const apps = (JSON.parse(plugin.stdout) as { apps: { app: string; users: number; seats?: number; unlimited: boolean; expiry: { licenseExpiresAt?: number; maintenanceExpiresAt?: number } }[] }).apps;
  assert.equal(apps.length, 3);
  for (const a of apps) {
    const label = `{application="${a.app}"}`;
    assert.equal(value(r.stdout, `jira_license_users${label}`), a.users, a.app);
    assert.equal(value(r.stdout, `jira_license_seats${label}`), a.seats, a.app);
    assert.equal(value(r.stdout, `jira_license_unlimited${label}`), Number(a.unlimited), a.app);
    assert.equal(value(r.stdout, `jira_license_expiry_timestamp_seconds${label}`), a.expiry.licenseExpiresAt, a.app);
    assert.equal(value(r.stdout, `jira_license_maintenance_expiry_timestamp_seconds${label}`), a.expiry.maintenanceExpiresAt, a.app);
  }
});

test('failures: one sentence each on stderr, exit 1, and the failure series on stdout', async () => {
  const { url, sim } = await jira();
  const unknownApp = await metrics(['--server', url, '--app', 'jira-software', '--app', 'jira-nope']);
  assert.equal(unknownApp.code, 1);
  assert.match(unknownApp.stderr, /^jirakit: jira-nope: .*jira-nope.*\.\n$/);
  assert.ok(series(unknownApp.stdout).includes('jirakit_license_read_success{application="jira-nope"} 0'));
  assert.ok(series(unknownApp.stdout).includes('jirakit_license_read_success{application="jira-software"} 1'));
  assert.ok(series(unknownApp.stdout).includes('jirakit_license_scrape_success 0'));

  const down = await metrics(['--server', 'http://127.0.0.1:9']);
  assert.match(down.stderr, /^jirakit: .*127\.0\.0\.1:9.*\n$/);
  assert.deepEqual(series(down.stdout).filter((l) => !l.includes('duration')), ['jirakit_license_read_success{application="jira-software"} 0', 'jirakit_license_scrape_success 0']);

  const profile = await metrics(['--profile', 'nosuch']);
  assert.equal(profile.code, 1);
  assert.equal(profile.stderr, "jirakit: There is no profile named 'nosuch'. Save one with `jirakit dance --save --profile NAME`, or check --profile / JIRA_PROFILE.\n");
  assert.ok(series(profile.stdout).includes('jirakit_license_scrape_success 0'));

  // A Jira that answers garbage: an HTML page for serverInfo, then null users from UPM.
  sim.use(route('GET /rest/api/2/serverInfo', () => new Response('<html><body>Maintenance</body></html>', { headers: { 'content-type': 'text/html' } })));
  const html = await metrics(['--server', url]);
  assert.equal(html.code, 1);
  assert.equal(html.stderr.split('\n').length, 2, html.stderr);
  assert.doesNotMatch(html.stderr, /internal error|at .*\.js/);
  sim.reset();
  sim.use(route('GET /rest/plugins/applications/1.0/installed/:app', () => Response.json({ key: 'jira-software', accessDetails: { activeUserCount: null, licensedUserCount: 50 } })));
  const nulls = await metrics(['--server', url, '--source', 'upm']);
  assert.equal(nulls.code, 1);
  assert.equal(nulls.stderr, "jirakit: jira-software: UPM's answer for jira-software gives accessDetails.activeUserCount as null, not a count of users. accessDetails.activeUserCount must be a JSON number: a whole number, 0 or more.\n");
  sim.reset();
});

test('a PAT reads seats past WebSudo; the dates fail with a hint to --no-expiry, which reads the rest', async () => {
  const { url } = await jira();
  const pat = { JIRA_TOKEN: 'PAT-admin-0123456789' };
  const r = await metrics(['--server', url], pat);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /WebSudo.*--no-expiry leaves out the dates\.\n$/);
  assert.ok(series(r.stdout).includes('jira_license_seats{application="jira-software"} 50'), 'the seats are still there');
  const without = await metrics(['--server', url, '--no-expiry'], pat);
  assert.equal(without.code, 0, without.stderr);
  assert.doesNotMatch(r.stdout + r.stderr + without.stdout, /PAT-admin-0123456789/);
});

test('--textfile: atomic, mode 0644 under umask 077, no temporary file left, the failure series when the read fails', async () => {
  const { url } = await jira();
  const dir = mkdtempSync(join(tmpdir(), 'jirakit-textfile-'));
  const file = join(dir, 'jira_license.prom');
  const env = cleanEnv(freshHome(), { ...ADMIN });
  const inShell = (args: string[]) => promisify(execFile)('/bin/sh', ['-c', 'umask 077; exec "$@"', 'sh', process.execPath, JIRAKIT, 'metrics', ...args], { env }).then(() => 0, (e: { code: number }) => e.code);
  assert.equal(await inShell(['--server', url, '--textfile', file]), 0);
  assert.equal(statSync(file).mode & 0o777, 0o644);
  assert.deepEqual(readdirSync(dir), ['jira_license.prom']);
  const text = readFileSync(file, 'utf8');
  assert.equal(await promtoolProblems(text), '');
  assert.doesNotMatch(text, /# EOF|# UNIT/);
  assert.ok(series(text).includes('jira_license_seats{application="jira-software"} 50'));
  assert.equal(await inShell(['--server', 'http://127.0.0.1:9', '--textfile', file]), 1);
  assert.deepEqual(series(readFileSync(file, 'utf8')).filter((l) => !l.includes('duration')), ['jirakit_license_read_success{application="jira-software"} 0', 'jirakit_license_scrape_success 0']);
  assert.deepEqual(readdirSync(dir), ['jira_license.prom']);
});

test('--textfile into a directory that cannot be written: one sentence naming the file and the reason', async () => {
  const { url } = await jira();
  const dir = mkdtempSync(join(tmpdir(), 'jirakit-textfile-'));
  writeFileSync(join(dir, 'plain-file'), '');
  const missing = await metrics(['--server', url, '--textfile', join(dir, 'missing', 'jira_license.prom')]);
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, `jirakit: Could not write ${join(dir, 'missing', 'jira_license.prom')}: the directory does not exist (ENOENT). Check that ${join(dir, 'missing')} exists and that this user may write to it.\n`);
  const notDir = await metrics(['--server', url, '--textfile', join(dir, 'plain-file', 'jira_license.prom')]);
  assert.match(notDir.stderr, /^jirakit: Could not write .*: a part of the path is not a directory \(ENOTDIR\)\. /);
  const locked = join(dir, 'locked');
  mkdirSync(locked, { mode: 0o555 });
  const denied = await runCliObeyingPermissions(['metrics', '--server', url, '--textfile', join(locked, 'jira_license.prom')], cleanEnv(freshHome(), ADMIN));
  assert.equal(denied.code, 1);
  assert.match(denied.stderr, /permission denied \(EACCES\)/);
});

test('usage errors exit 2: a bad format, a textfile not ending in .prom, OpenMetrics into a textfile, an empty --app', async () => {
  for (const [args, pattern] of [
    [['--format', 'xml'], /--format takes prometheus or openmetrics, not 'xml'/],
    [['--textfile', '/tmp/x.txt'], /--textfile must name a file ending in \.prom/],
    [['--textfile', '/tmp/x.prom', '--format', 'openmetrics'], /--textfile writes the 0\.0\.4 text format, not OpenMetrics/],
    [['--app', ''], /--app takes an application key .* not an empty value/],
    [['--source', 'magic'], /--source takes upm, applicationrole or auto/],
  ] as const) {
    const r = await metrics(['--server', 'http://127.0.0.1:9', ...args]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.split('\n').length, 2);
    assert.equal(r.stdout, '');
  }
});
