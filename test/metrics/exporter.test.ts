// `jirakit exporter` as a process against simulators: /metrics and /probe in both formats by
// Accept (promtool and python3-prometheus-client judge), every auth kind in profiles, the
// answers exporters give to a bad query, an unknown target, a slow Jira; one read per target at
// a time and the cache; no token on any page; a port in use; SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { route } from '../../src/simulator/index.js';
import { CONSUMER, TEST_KEY_PATH } from '../helpers/keys.js';
import { cleanEnv, freshHome, startCli } from '../helpers/cli.js';
import { oauthToken } from '../helpers/sim.js';
import { get, seriesOf, startExporter, writeProfiles } from './exporter-helpers.js';
import { promtoolProblems, pythonParse } from './judges.js';
import { jira } from './sims.js';

const PAT = 'PAT-admin-0123456789';
const OPENMETRICS = 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';

test('/metrics and /probe: OAuth 1.0a, Basic and PAT profiles, both formats by Accept, judged by promtool and python', async () => {
  const { sim, url } = await jira();
  const token = await oauthToken(sim, url, 'admin');
  const exporter = await startExporter(['--profile', 'oauth', '--profile', 'basic', '--profile', 'pat', '--no-expiry', '--app', 'all'], {
    oauth: { server: url, consumer_key: CONSUMER, key_cert: TEST_KEY_PATH, access_token: token },
    basic: { server: url, username: 'admin', password: 'admin' },
    pat: { server: url, token: PAT },
  });
  const text = await get(`${exporter.base}/metrics`);
  assert.equal(text.status, 200);
  assert.equal(text.type, 'text/plain; version=0.0.4; charset=utf-8');
  for (const target of ['oauth', 'basic', 'pat']) {
    assert.ok(seriesOf(text.body).includes(`jira_license_seats{target="${target}",application="jira-software"} 50`), `${target}:\n${text.body}`);
    assert.ok(seriesOf(text.body).includes(`jirakit_license_scrape_success{target="${target}"} 1`), target);
  }
  assert.equal(await promtoolProblems(text.body), '');
  await pythonParse(text.body, 'prometheus');
  const om = await get(`${exporter.base}/probe?target=pat`, { accept: OPENMETRICS });
  assert.equal(om.type, 'application/openmetrics-text; version=1.0.0; charset=utf-8');
  assert.ok(om.body.endsWith('# EOF\n'));
  assert.ok(seriesOf(om.body).includes('jira_license_users{application="jira-servicedesk"} 9'), 'a probe has no target label');
  assert.equal(await promtoolProblems(om.body), '');
  await pythonParse(om.body, 'openmetrics');
  assert.equal(exporter.process.stderr(), '', 'nothing failed, nothing logged');
});

test('bad queries, unknown targets and pages: 400, 404, 405 with one sentence; /healthz; HEAD', async () => {
  const { url } = await jira();
  const exporter = await startExporter(['--profile', 'basic'], { basic: { server: url, username: 'admin', password: 'admin' } });
  const cases: [string, number, RegExp][] = [
    ['/probe', 400, /^jirakit: \/probe needs a target\. Ask \/probe\?target=PROFILE with a profile's name\.\n$/],
    ['/probe?target=', 400, /needs a target/],
    ['/probe?target=a&target=b', 400, /^jirakit: \/probe takes one target\. Give target= once\.\n$/],
    ['/probe?target=nosuch', 400, /^jirakit: There is no profile named "nosuch"\. A target is a profile in profiles\.ini; .*\.\n$/],
    ['/nothing', 404, /^jirakit: \/nothing is not a page of this exporter\. /],
    ['/healthz', 200, /^ok\n$/],
    ['/', 200, /<a href="metrics">\/metrics<\/a> reads basic/],
  ];
  for (const [path, status, body] of cases) {
    const r = await get(`${exporter.base}${path}`);
    assert.equal(r.status, status, path);
    assert.match(r.body, body, path);
  }
  const post = await fetch(`${exporter.base}/metrics`, { method: 'POST' });
  assert.equal(post.status, 405);
  assert.equal(post.headers.get('allow'), 'GET, HEAD');
  const head = await fetch(`${exporter.base}/metrics`, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(await head.text(), '');
});

test('a slow Jira: the scrape answers within X-Prometheus-Scrape-Timeout-Seconds with the failure series, and the log says why once', async () => {
  const { url } = await jira({ latencyMs: 4000 });
  const exporter = await startExporter(['--profile', 'slow', '--cache', '0'], { slow: { server: url, username: 'admin', password: 'admin' } });
  const t0 = Date.now();
  const r = await get(`${exporter.base}/probe?target=slow`, { 'x-prometheus-scrape-timeout-seconds': '1.5' });
  const took = Date.now() - t0;
  assert.equal(r.status, 200);
  // Bounded by the header (1.5 s less the 0.5 s offset), far below one answer of this Jira (4 s).
  assert.ok(took < 3000, `answered after ${took} ms`);
  assert.ok(seriesOf(r.body).includes('jirakit_license_scrape_success 0'), r.body);
  assert.ok(seriesOf(r.body).includes('jirakit_license_read_success{application="jira-software"} 0'));
  await exporter.process.waitFor(/jirakit: slow: Jira did not answer within the scrape timeout \(1 s\)\. Raise scrape_timeout in Prometheus/);
  await get(`${exporter.base}/probe?target=slow`, { 'x-prometheus-scrape-timeout-seconds': '1.5' });
  assert.equal(exporter.process.stderr().split('\n').filter((l) => l.includes('did not answer')).length, 1, 'the same failure is logged once');
});

test('one read per target at a time, and the cache: 20 concurrent scrapes are one read; after the cache time, one more', async () => {
  const { sim, url } = await jira({ latencyMs: 200 });
  let reads = 0;
  sim.use(route('GET /rest/api/2/serverInfo', () => void reads++));
  const exporter = await startExporter(['--profile', 'a', '--cache', '1'], { a: { server: url, username: 'admin', password: 'admin' } });
  const bodies = await Promise.all(Array.from({ length: 20 }, () => get(`${exporter.base}/probe?target=a`)));
  assert.equal(reads, 1);
  assert.equal(new Set(bodies.map((b) => b.body)).size, 1, 'every scrape got the same read');
  await get(`${exporter.base}/metrics`);
  assert.equal(reads, 1, '/metrics shares the cache');
  await new Promise((r) => setTimeout(r, 1100));
  await get(`${exporter.base}/probe?target=a`);
  assert.equal(reads, 2);
});

test('no token or password on any page, even when Jira echoes one; JIRA_* in the environment never reaches a profile target', async () => {
  const { sim, url } = await jira();
  const exporter = await startExporter(['--profile', 'pat', '--no-expiry'], { pat: { server: url, token: PAT }, basic: { server: url, username: 'admin', password: 'admin-password-x' } }, { JIRA_TOKEN: 'PAT-from-environment-1', JIRA_SERVER: 'http://127.0.0.1:9' });
  sim.use(route('GET /rest/api/2/serverInfo', () => Response.json({ version: PAT, deploymentType: `Server ${PAT}`, baseUrl: url })));
  const pages = await Promise.all(['/', '/metrics', '/probe?target=pat', '/probe?target=basic', '/probe?target=x', '/nothing', '/healthz'].map((p) => get(`${exporter.base}${p}`, { accept: OPENMETRICS })));
  for (const page of pages) assert.doesNotMatch(page.body, /PAT-admin|admin-password|PAT-from-environment/);
  assert.ok(seriesOf(pages[2]?.body ?? '').includes('jira_license_seats{application="jira-software"} 50'), 'the profile, not JIRA_TOKEN/JIRA_SERVER, was used');
  assert.doesNotMatch(exporter.process.stderr() + exporter.process.stdout(), /PAT-admin|admin-password/);
  assert.match(exporter.process.stderr(), /jirakit: pat: Jira.s serverInfo gives version as "\[REDACTED\]", not a Jira version\./);
});

test('a profile whose credentials Jira refuses is read again from the file on the next read (a renewed token works without a restart)', async () => {
  const { url } = await jira();
  const home = freshHome();
  const exporter = await startExporter(['--profile', 'pat', '--cache', '0', '--no-expiry'], { pat: { server: url, token: 'PAT-wrong-000000' } }, {}, home);
  const before = await get(`${exporter.base}/metrics`);
  assert.ok(seriesOf(before.body).includes('jirakit_license_scrape_success{target="pat"} 0'));
  writeProfiles(home, { pat: { server: url, token: PAT } });
  const after = await get(`${exporter.base}/metrics`);
  assert.ok(seriesOf(after.body).includes('jirakit_license_scrape_success{target="pat"} 1'), after.body);
  await exporter.process.waitFor(/jirakit: pat: read again\./);
});

test('start-up mistakes are one sentence: a port in use, an unknown --profile, a bad --listen', async () => {
  const holder = createServer();
  await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
  const { port } = holder.address() as { port: number };
  const home = freshHome();
  writeProfiles(home, { a: { server: 'http://127.0.0.1:9', token: PAT } });
  try {
    const busy = startCli(['exporter', '--listen', `127.0.0.1:${port}`, '--profile', 'a'], cleanEnv(home));
    assert.equal(await busy.exit(), 1);
    assert.equal(busy.stderr(), `jirakit: Could not listen on 127.0.0.1:${port}: the address is already in use (EADDRINUSE). Choose another --listen port, or stop the process that holds this one.\n`);
  } finally {
    holder.close();
  }
  const unknown = startCli(['exporter', '--listen', '127.0.0.1:0', '--profile', 'nosuch'], cleanEnv(home));
  assert.equal(await unknown.exit(), 1);
  assert.match(unknown.stderr(), /^jirakit: There is no profile named "nosuch"\. .*\.\n$/);
  const nothing = startCli(['exporter', '--listen', '127.0.0.1:0'], cleanEnv(freshHome()));
  assert.equal(await nothing.exit(), 1);
  assert.match(nothing.stderr(), /^jirakit: No server given\. Pass --server, set JIRA_SERVER, or use a saved --profile\.\n$/);
  for (const listen of [[], ['--listen', 'localhost'], ['--listen', '127.0.0.1:99999']]) {
    const bad = startCli(['exporter', ...listen], cleanEnv(home));
    assert.equal(await bad.exit(), 2);
    assert.match(bad.stderr(), /^jirakit: --listen (HOST:PORT is required|takes HOST:PORT, not '.*')\. e\.g\. --listen 127\.0\.0\.1:9PORT .*\n$/);
  }
});

test('SIGTERM: stops listening, closes kept-alive connections and exits 0 at once', async () => {
  const { url } = await jira();
  const exporter = await startExporter(['--profile', 'a'], { a: { server: url, username: 'admin', password: 'admin' } });
  await get(`${exporter.base}/metrics`);
  const t0 = Date.now();
  exporter.process.child.kill('SIGTERM');
  assert.equal(await exporter.process.exit(), 0);
  // Far below the 65 s a kept-alive connection would otherwise hold the server open.
  assert.ok(Date.now() - t0 < 5000);
  assert.match(exporter.process.stderr(), /jirakit exporter stopped\.\n$/);
});
