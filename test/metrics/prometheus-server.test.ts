// A real Prometheus (Debian's /usr/bin/prometheus) scrapes `jirakit exporter` every second,
// backed by two simulators: statically (/metrics, target label) and with the multi-target
// relabel_configs of README (/probe?target=PROFILE), with README's rules loaded. Its query API must return the simulators'
// seats, and a change of seats must show up in a later scrape. Prometheus asks for OpenMetrics
// first, so its own OpenMetrics parser judges that format here. Every query of the Grafana
// dashboard must run and find data.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prometheusConfig, startExporter } from './exporter-helpers.js';
import { eventually, freePort } from './judges.js';
import { APPS, jira } from './sims.js';

const children: ChildProcess[] = [];
after(() => {
  for (const child of children) child.kill('SIGKILL');
});

type Vector = { metric: Record<string, string>; value: [number, string] }[];

async function query(base: string, promql: string): Promise<Vector> {
  const response = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(promql)}`);
  const body = (await response.json()) as { status: string; data: { result: Vector } };
  assert.equal(body.status, 'success');
  return body.data.result;
}

test('Prometheus scrapes the exporter statically and by probe; the query API returns the seats, and a change shows up', async () => {
  const prod = await jira();
  const test2 = await jira({ applications: { ...APPS, 'jira-software': { ...APPS['jira-software']!, activeUsers: 80, licensedUsers: 100 } } });
  const exporter = await startExporter(['--profile', 'prod', '--profile', 'test', '--cache', '0.5'], {
    prod: { server: prod.url, username: 'admin', password: 'admin' },
    test: { server: test2.url, username: 'admin', password: 'admin' },
  });
  const dir = mkdtempSync(join(tmpdir(), 'jirakit-prometheus-'));
  writeFileSync(join(dir, 'prometheus.yml'), prometheusConfig(exporter.base.replace('http://', '')));
  const port = await freePort();
  const server = spawn('/usr/bin/prometheus', [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  children.push(server);
  let log = '';
  server.stderr?.on('data', (d: Buffer) => { log += d.toString(); });
  const base = `http://127.0.0.1:${port}`;

  const seats = (job: string) => eventually(async () => {
    const result = await query(base, `jira_license_seats{job="${job}",application="jira-software"}`);
    return result.length === 2 ? Object.fromEntries(result.map((r) => [r.metric['target'] ?? r.metric['instance'], r.value[1]])) : undefined;
  }, 30_000, `two ${job} series in Prometheus (log: ${log.slice(-500)})`);
  assert.deepEqual(await seats('jira_license_static'), { prod: '50', test: '100' });
  assert.deepEqual(await seats('jira_license'), { prod: '50', test: '100' });
  const up = await query(base, 'jirakit_license_scrape_success');
  assert.equal(up.length, 4);
  assert.ok(up.every((r) => r.value[1] === '1'));
  const info = await query(base, 'jira_info{job="jira_license",instance="prod"}');
  assert.equal(info[0]?.metric['version'], '10.3.19');

  // Every query of the Grafana dashboard is valid PromQL with data behind it (its variables at "All").
  const dashboard = JSON.parse(readFileSync(fileURLToPath(new URL('../../examples/grafana/jira-license-dashboard.json', import.meta.url)), 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };
  for (const panel of dashboard.panels) {
    for (const { expr } of panel.targets) {
      const result = await query(base, expr.replaceAll('$instance', '.+').replaceAll('$application', '.+'));
      assert.ok(result.length > 0, `${panel.title}: ${expr}`);
    }
  }

  prod.sim.state.applications.set('jira-software', { ...APPS['jira-software']!, activeUsers: 60, licensedUsers: 75 });
  const changed = await eventually(async () => {
    const [r] = await query(base, 'jira_license_seats{job="jira_license",instance="prod"}');
    return r?.value[1] === '75' ? r : undefined;
  }, 15_000, 'the new seats in Prometheus');
  assert.equal(changed.value[1], '75');
  const ratio = await query(base, 'jira_license_users{job="jira_license",instance="prod"} / jira_license_seats{job="jira_license",instance="prod"}');
  assert.equal(ratio.find((r) => r.metric['application'] === 'jira-software')?.value[1], '0.8');
  const rules = await eventually(async () => {
    const body = (await (await fetch(`${base}/api/v1/rules`)).json()) as { data: { groups: { rules: { name: string; health: string }[] }[] } };
    const all = body.data.groups.flatMap((g) => g.rules);
    return all.length === 9 && all.every((r) => r.health === 'ok') ? all : undefined;
  }, 10_000, 'every rule of README evaluated without error');
  assert.ok(rules.some((r) => r.name === 'JiraLicenseSeatsNearlyUsed'));
  assert.doesNotMatch(log, /level=(error|warn).*(scrape|parse|rule)/i);
});
