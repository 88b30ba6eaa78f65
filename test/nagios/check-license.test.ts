// check_jira_license as Nagios runs it: a process against the simulator over loopback, judged by
// its stdout line and exit code only (stderr must stay empty).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { route } from '../../src/simulator/index.js';
import { faults } from '../../src/simulator/index.js';
import { CONSUMER, TEST_KEY_PATH } from '../helpers/keys.js';
import { cleanEnv, freshHome } from '../helpers/cli.js';
import { CHECK, app, check, jira, startupMs } from './plugin-process.js';
import { oauthToken } from '../helpers/sim.js';

const NOW = Date.now();
const isoIn = (days: number) => new Date(NOW + days * 86_400_000).toISOString().slice(0, 10);

let basicJira: Awaited<ReturnType<typeof jira>>;
before(async () => { basicJira = await jira({ applications: { 'jira-software': app(45, 50) } }); });

test('the seed line and perfdata; WARNING at 90% used by default', async () => {
  const r = await check(['--url', basicJira.url, '--token', 'PAT-admin']);
  assert.equal(r.code, 1);
  assert.equal(r.out, "JIRA LICENSE WARNING - jira-software: Using 45 of 50 license slots (90.0%), 5 remaining | 'jira-software_active'=45;;;0;50 'jira-software_remaining'=5;;;0;50 'jira-software_used'=90%;@90:;@100:;0;100\n");
});

test('OK, WARNING and CRITICAL by the defaults, and no seat left is CRITICAL', async () => {
  for (const [active, licensed, code, state] of [[10, 50, 0, 'OK'], [46, 50, 1, 'WARNING'], [50, 50, 2, 'CRITICAL'], [51, 50, 2, 'CRITICAL']] as const) {
    const { url } = await jira({ applications: { 'jira-software': app(active, licensed) } });
    const r = await check(['--url', url, '--token', 'PAT-admin']);
    assert.equal(r.code, code, r.out);
    assert.match(r.out, new RegExp(`^JIRA LICENSE ${state} - jira-software: Using ${active} of ${licensed} license slots`));
  }
});

test('-w/-c with --metric remaining and active, and ranges in perfdata', async () => {
  const remaining = await check(['--url', basicJira.url, '--token', 'PAT-admin', '--metric', 'remaining', '-w', '10:', '-c', '3:']);
  assert.equal(remaining.code, 1);
  assert.match(remaining.out, /'jira-software_remaining'=5;10:;3:;0;50/);
  const active = await check(['--url', basicJira.url, '--token', 'PAT-admin', '--metric', 'active', '-w', '40', '-c', '44']);
  assert.equal(active.code, 2);
  assert.match(active.out, /'jira-software_active'=45;40;44;0;50/);
  const relaxed = await check(['--url', basicJira.url, '--token', 'PAT-admin', '-w', '95', '-c', '99']);
  assert.equal(relaxed.code, 0);
});

test('every auth kind: OAuth 1.0a, PAT, Basic, and a profile; OAuth reads UPM past WebSudo', async () => {
  const token = await oauthToken(basicJira.sim, basicJira.url, 'admin');
  const oauth = await check(['--url', basicJira.url, '--consumer-key', CONSUMER, '--key-cert', TEST_KEY_PATH, '--access-token', token, '-v']);
  assert.equal(oauth.code, 1, oauth.out);
  assert.match(oauth.out, /\(via UPM\)/);
  const basic = await check(['--url', basicJira.url, '-v'], { JIRA_USERNAME: 'admin', JIRA_PASSWORD: 'admin' });
  assert.match(basic.out, /Using 45 of 50 license slots.*\(via UPM\)/);
  const pat = await check(['--url', basicJira.url, '-v'], { JIRA_TOKEN: 'PAT-admin' });
  assert.match(pat.out, /Using 45 of 50 license slots.*\(via applicationrole\)/, 'a PAT hits WebSudo on UPM and falls back');
});

test('WebSudo and 406 with --source upm are UNKNOWN with the reason; auto falls back', async () => {
  const websudo = await check(['--url', basicJira.url, '--token', 'PAT-admin', '--source', 'upm', '-v']);
  assert.equal(websudo.code, 3);
  assert.match(websudo.out, /^JIRA LICENSE UNKNOWN - Jira demands WebSudo .* for GET \/rest\/plugins\/applications\/1\.0\/installed\/jira-software\nPersonal access tokens and browser sessions must pass WebSudo here/);
  const { sim, url } = await jira({ applications: { 'jira-software': app(20, 50) } });
  sim.use(route('GET /rest/plugins/applications/1.0/installed/:app', () => new Response('', { status: 406 })));
  const refused = await check(['--url', url, '--source', 'upm'], { JIRA_USERNAME: 'admin', JIRA_PASSWORD: 'admin' });
  assert.equal(refused.code, 3);
  assert.match(refused.out, /^JIRA LICENSE UNKNOWN - Jira answered GET \/rest\/plugins\/applications\/1\.0\/installed\/jira-software with HTTP 406 Not Acceptable\n/);
  const fallback = await check(['--url', url, '-v'], { JIRA_USERNAME: 'admin', JIRA_PASSWORD: 'admin' });
  assert.equal(fallback.code, 0);
  assert.match(fallback.out, /\(via applicationrole\)/);
});

test('unlimited licenses are OK and say so; a missing application is UNKNOWN; --app all', async () => {
  const { url } = await jira({ applications: { 'jira-software': app(4000, -1), 'jira-servicedesk': app(9, 10), 'jira-core': null } });
  const unlimited = await check(['--url', url, '--token', 'PAT-admin']);
  assert.equal(unlimited.code, 0);
  assert.match(unlimited.out, /^JIRA LICENSE OK - jira-software: 4000 users, unlimited license \| 'jira-software_active'=4000;;;0\n$/);
  const missing = await check(['--url', url, '--token', 'PAT-admin', '--app', 'jira-core']);
  assert.equal(missing.code, 3);
  assert.match(missing.out, /^JIRA LICENSE UNKNOWN - .*jira-core/);
  const all = await check(['--url', url, '--token', 'PAT-admin', '--app', 'all']);
  assert.equal(all.code, 1, all.out);
  assert.match(all.out, /jira-software: 4000 users, unlimited license; jira-servicedesk: Using 9 of 10 license slots \(90\.0%\), 1 remaining/);
});

test('license and maintenance expiry thresholds; an expired license is CRITICAL', async () => {
  const { url } = await jira({ applications: { 'jira-software': app(10, 50, { expiryDate: isoIn(20), maintenanceExpiryDate: isoIn(200) }) } });
  const creds = ['--url', url, '--username', 'admin'];
  const env = { JIRA_PASSWORD: 'admin' };
  const warn = await check([...creds, '--expiry-warning', '30', '--expiry-critical', '7'], env);
  assert.equal(warn.code, 1, warn.out);
  assert.match(warn.out, /jira-software license expires in (19|20) days/);
  assert.match(warn.out, /'jira-software_license_days'=(19|20);@~:30;@~:7 'jira-software_maintenance_days'=(199|200);@~:30;@~:7/);
  const crit = await check([...creds, '--expiry-warning', '60', '--expiry-critical', '25'], env);
  assert.equal(crit.code, 2);
  const { url: expiredUrl } = await jira({ applications: { 'jira-software': app(10, 50, { expiryDate: isoIn(-3) }) } });
  const expired = await check(['--url', expiredUrl, '--username', 'admin', '--expiry-warning', '1'], env);
  assert.equal(expired.code, 2);
  assert.match(expired.out, /jira-software license expired [34] days ago/);
});

test('-t: a slow Jira ends in UNKNOWN within the budget, or the state -t names', async () => {
  const { url } = await jira({ latencyMs: 3000 });
  const slow = await check(['--url', url, '--token', 'PAT-admin', '-t', '1']);
  assert.equal(slow.code, 3);
  assert.match(slow.out, /^JIRA LICENSE UNKNOWN - (Plugin timed out after 1 seconds|No answer from 127\.0\.0\.1:\d+ within)/);
  // -t 1 plus what this machine adds for starting and exiting the plugin, measured now.
  const slack = 2 * (await startupMs()) + 500;
  assert.ok(slow.ms < 1000 + slack, `took ${slow.ms} ms for -t 1 (slack ${slack} ms)`);
  const critical = await check(['--url', url, '--token', 'PAT-admin', '-t', '1:CRITICAL']);
  assert.equal(critical.code, 2);
  const numeric = await check(['--url', url, '--token', 'PAT-admin', '-t', '1:1']);
  assert.equal(numeric.code, 1);
});

test('a 429 with Retry-After is waited out within the budget', async () => {
  const { sim, url } = await jira({ applications: { 'jira-software': app(10, 50) } });
  let once = true;
  sim.use(route('GET /rest/plugins/applications/1.0/installed/:app', (ctx) => {
    if (!once) return undefined;
    once = false;
    return faults.status(429, { retryAfter: 1, headers: { 'x-ratelimit-limit': '10', 'x-ratelimit-remaining': '0', 'x-ratelimit-fillrate': '10', 'x-ratelimit-interval-seconds': '1' } })(ctx);
  }));
  const r = await check(['--url', url, '-t', '5'], { JIRA_USERNAME: 'admin', JIRA_PASSWORD: 'admin' });
  assert.equal(r.code, 0, r.out);
  assert.ok(r.ms >= 1000, 'it waited Retry-After');
});

test('Jira down is CRITICAL; bad credentials and a non-admin are UNKNOWN with the reason', async () => {
  const { url, close } = await jira();
  await close();
  const down = await check(['--url', url, '--token', 'PAT-admin']);
  assert.equal(down.code, 2);
  assert.match(down.out, /^JIRA LICENSE CRITICAL - Could not connect to 127\.0\.0\.1:\d+: connection refused\n/);
  const bad = await check(['--url', basicJira.url, '--token', 'wrong']);
  assert.equal(bad.code, 3);
  assert.match(bad.out, /^JIRA LICENSE UNKNOWN - Jira answered GET \S+ with HTTP 401/);
  const user = await check(['--url', basicJira.url, '--token', 'PAT-jdoe']);
  assert.equal(user.code, 3);
});

test('--help and --version exit 3; bad arguments are UNKNOWN with a short usage; never exit 1 by accident', async () => {
  const help = await check(['--help']);
  assert.equal(help.code, 3);
  assert.match(help.out, /^check_jira_license \d+\.\d+\.\d+ \(jirakit\)\n/);
  assert.ok(help.out.split('\n').every((l) => l.length <= 80), 'help within 80 columns (monitoring-plugins.md 5)');
  const usage = (await check(['--bogus', '-v'])).out.trimEnd().split('\n').slice(1);
  assert.ok(usage.length >= 1 && usage.length <= 23 && usage.every((l) => l.length <= 80), 'a short usage: 80 columns, 23 lines');
  assert.equal((await check(['-V'])).code, 3);
  for (const args of [['--bogus'], ['-w', '10:5'], ['-t', 'soon'], ['--metric', 'fun'], ['--url', basicJira.url], ['-t', '5:MAYBE'], ['--url', 'not a url', '--token', 'x'],
    ['--url', basicJira.url, '--consumer-key', 'k', '--key-cert', '/nonexistent/rsa.pem', '--access-token', 't'], ['positional']]) {
    const r = await check(args);
    assert.equal(r.code, 3, `${args.join(' ')}: ${r.out}`);
    assert.match(r.out, /^JIRA LICENSE UNKNOWN - /);
  }
});

test('--format json is one object for scripts; jirakit check-license is the same plugin', async () => {
  const r = await check(['--url', basicJira.url, '--token', 'PAT-admin', '--format', 'json']);
  const body = JSON.parse(r.out) as { state: string; code: number; apps: { users: number; seats: number; source: string }[] };
  assert.equal(body.state, 'WARNING');
  assert.equal(body.code, r.code);
  assert.deepEqual([body.apps[0]?.users, body.apps[0]?.seats, body.apps[0]?.source], [45, 50, 'applicationrole']);
  for (const args of [['--url', 'http://127.0.0.1:9', '--token', 'x'], ['--url', basicJira.url, '--token', 'x', '-w', '10:5']]) {
    const failed = await check([...args, '--format', 'json']);
    const failure = JSON.parse(failed.out) as { state: string; code: number; text: string };
    assert.equal(failure.code, failed.code, 'a run that fails is one JSON object too');
    assert.match(failure.text, /connection refused|not a threshold range/);
  }
  const viaJirakit = spawn(process.execPath, [fileURLToPath(new URL('../../dist/jirakit.js', import.meta.url)), 'check-license', '--url', basicJira.url, '--token', 'PAT-admin', '-vv'], { env: cleanEnv(freshHome()) });
  let out = '';
  viaJirakit.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  const code = await new Promise<number>((resolve) => viaJirakit.on('close', (c) => resolve(c ?? -1)));
  assert.equal(code, 1);
  assert.match(out, /^JIRA LICENSE WARNING - .*\nserver: http:\/\/127\.0\.0\.1:\d+\nauth: pat\n/);
});

test('credentials from a profile (the Nagios and Icinga definitions in README): --profile or JIRA_PROFILE', async () => {
  const { saveProfile } = await import('../../src/config/profiles.js');
  const home = freshHome();
  await saveProfile('monitor', { server: basicJira.url, token: 'PAT-admin' }, { HOME: home });
  for (const [args, env] of [[['--profile', 'monitor', '-w', '95', '-c', '98'], {}], [['-w', '95', '-c', '98'], { JIRA_PROFILE: 'monitor' }]] as const) {
    const child = spawn(process.execPath, [CHECK, ...args], { env: { PATH: process.env['PATH'] ?? '', HOME: home, ...env } });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
    assert.equal(code, 0, out);
    assert.match(out, /^JIRA LICENSE OK - jira-software: Using 45 of 50 license slots/);
  }
});

test('an HTML login page instead of JSON is UNKNOWN with the reason', async () => {
  const { sim, url } = await jira();
  sim.use(route('GET /rest/plugins/applications/1.0/installed/:app', () => new Response('<html><title>Log in</title></html>', { status: 200, headers: { 'content-type': 'text/html' } })));
  const r = await check(['--url', url, '--source', 'upm'], { JIRA_USERNAME: 'admin', JIRA_PASSWORD: 'admin' });
  assert.equal(r.code, 3);
  assert.match(r.out, /^JIRA LICENSE UNKNOWN - Jira answered GET \/rest\/plugins\/applications\/1\.0\/installed\/jira-software with something that is not JSON \(an HTML page\)\n/);
});
