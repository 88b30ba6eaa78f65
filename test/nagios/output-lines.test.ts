// The first line is the status, and without -v it is the only line, whatever happened
// (monitoring-plugins.md 2 and 6); hints and the usage come after it with -v.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { route } from '../../src/simulator/index.js';
import { ADMIN_ENV, app, check, jira } from './plugin-process.js';

let url: string;
let sim: Awaited<ReturnType<typeof jira>>['sim'];
before(async () => ({ sim, url } = await jira({ applications: { 'jira-software': app(10, 50), 'jira-core': null } })));

/** Each case: its arguments, environment, the first line, and the second line -v adds. */
const CASES: { name: string; args: () => string[]; env?: Record<string, string>; first: RegExp; second: RegExp; setup?: () => void }[] = [
  { name: 'an unknown option', args: () => ['--bogus'], first: /^JIRA LICENSE UNKNOWN - Unknown option '--bogus' \(--help for usage\)$/, second: /^Usage: check_jira_license/ },
  { name: 'a bad range', args: () => ['--url', url, '-w', '10:5'], first: /^JIRA LICENSE UNKNOWN - '10:5' is not a threshold range/, second: /^Usage: check_jira_license/ },
  { name: 'no server', args: () => [], first: /^JIRA LICENSE UNKNOWN - /, second: /./ },
  { name: 'WebSudo for a PAT on UPM', args: () => ['--url', url, '--token', 'PAT-admin', '--source', 'upm'], first: /^JIRA LICENSE UNKNOWN - Jira demands WebSudo/, second: /^Personal access tokens and browser sessions must pass WebSudo here/ },
  { name: 'bad credentials', args: () => ['--url', url, '--token', 'wrong'], first: /^JIRA LICENSE UNKNOWN - Jira answered GET \S+ with HTTP 401/, second: /./ },
  { name: 'an application not installed', args: () => ['--url', url, '--app', 'jira-core'], env: ADMIN_ENV, first: /^JIRA LICENSE UNKNOWN - .*jira-core/, second: /./ },
  { name: 'a count that makes no sense', args: () => ['--url', url, '--source', 'upm'], env: ADMIN_ENV, setup: () => sim.use(route('GET /rest/plugins/applications/1.0/installed/:app', () => Response.json({ accessDetails: { activeUserCount: -1, licensedUserCount: 9 } }))), first: /^JIRA LICENSE UNKNOWN - UPM's answer for jira-software gives accessDetails\.activeUserCount as -1, not a count of users$/, second: /must be a JSON number: a whole number, 0 or more/ },
  { name: 'an unreadable date', args: () => ['--url', url, '--expiry-critical', '7'], env: ADMIN_ENV, setup: () => sim.use(route('GET /rest/plugins/applications/1.0/installed/:app/license', () => Response.json({ expiryDate: 'soon' }))), first: /^JIRA LICENSE UNKNOWN - UPM's license for jira-software gives expiryDate as "soon", which is not a date jirakit reads$/, second: /jirakit reads epoch milliseconds, YYYY-MM-DD/ },
  { name: '0 seats', args: () => ['--url', url], env: ADMIN_ENV, setup: () => sim.use(route('GET /rest/plugins/applications/1.0/installed/:app', () => Response.json({ accessDetails: { activeUserCount: 5, licensedUserCount: 0 } }))), first: /^JIRA LICENSE UNKNOWN - jira-software: Jira reports 5 users on 0 seats, and no license has 0 seats( \(via UPM\))? \| /, second: /^jira-software: an application without a license of its own reports 0 seats/ },
];

for (const c of CASES) {
  test(`${c.name}: one line, and its explanation only with -v`, async () => {
    sim.reset();
    c.setup?.();
    const plain = await check(c.args(), c.env);
    assert.equal(plain.code, 3, plain.out);
    assert.equal(plain.lines.length, 1, plain.out);
    assert.match(plain.lines[0] ?? '', c.first);
    const verbose = await check([...c.args(), '-v'], c.env);
    assert.equal(verbose.code, 3, verbose.out);
    assert.match(verbose.lines[0] ?? '', c.first);
    assert.ok(verbose.lines.length >= 2, verbose.out);
    assert.match(verbose.lines[1] ?? '', c.second);
  });
}

test('a timeout is one line, and the same with -v (nothing more is known)', async () => {
  const { url: slow } = await jira({ latencyMs: 3000 });
  const r = await check(['--url', slow, '--token', 'PAT-admin', '-t', '1']);
  assert.equal(r.code, 3, r.out);
  assert.equal(r.lines.length, 1, r.out);
});

test('OK with -v stays one line: the guidelines\' level 1 adds to the line, -vv adds lines', async () => {
  sim.reset();
  const v = await check(['--url', url, '-v'], ADMIN_ENV);
  assert.equal(v.code, 0, v.out);
  assert.equal(v.lines.length, 1, v.out);
  assert.match(v.out, /\(via UPM\)/);
  const vv = await check(['--url', url, '-vv'], ADMIN_ENV);
  assert.ok(vv.lines.length > 1);
});
