// Renders docs/images/license-metrics.png: a real run, plotted by this script (not Grafana, which
// these machines do not have). jirakit's simulator serves two applications; `jirakit exporter`
// exposes them; Debian's Prometheus scrapes it every second while the script changes the seats
// the way a year of a real Jira might (users join, seats are bought); then Prometheus'
// query_range API gives the series, drawn here as SVG and photographed by headless Chromium.
// Run: npm run build && node examples/plot/render-license-plot.mjs (about 70 s).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { createSimulator } from '../../dist/simulator.js';
import { chart } from './svg-chart.mjs';

const here = (f) => fileURLToPath(new URL(f, import.meta.url));
const RUN_SECONDS = 60;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const isoIn = (days) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function freePort() {
  const server = createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

const software = (users, seats) => ({ name: 'Jira Software', version: '10.3.19', activeUsers: users, licensedUsers: seats, expiryDate: isoIn(45), maintenanceExpiryDate: isoIn(45) });
const serviceDesk = (users) => ({ name: 'Jira Service Management', version: '10.3.19', activeUsers: users, licensedUsers: 25, expiryDate: isoIn(200), maintenanceExpiryDate: isoIn(20) });

/** The script of the run: at second t, these users and seats. */
function stateAt(t) {
  const users = Math.min(50, 38 + Math.floor(t / 4));
  return { 'jira-software': software(users, t < 44 ? 50 : 60), 'jira-servicedesk': serviceDesk(15 + Math.floor(t / 8)) };
}

async function main() {
  const sim = createSimulator({ applications: stateAt(0) });
  const jira = await sim.listen();
  const home = mkdtempSync(join(tmpdir(), 'jirakit-plot-'));
  mkdirSync(join(home, '.config', 'jirakit'), { recursive: true, mode: 0o700 });
  writeFileSync(join(home, '.config', 'jirakit', 'profiles.ini'), `[prod]\nserver = ${jira.url}\nusername = admin\npassword = admin\n`, { mode: 0o600 });
  const exporter = spawn(process.execPath, [here('../../dist/jirakit.js'), 'exporter', '--listen', '127.0.0.1:0', '--profile', 'prod', '--app', 'all', '--cache', '0.5'], { env: { PATH: process.env.PATH, HOME: home }, stdio: ['ignore', 'pipe', 'inherit'] });
  const address = await new Promise((resolve) => {
    let out = '';
    exporter.stdout.on('data', (d) => { out += d; const m = /listening on http:\/\/(\S+)\/metrics/.exec(out); if (m) resolve(m[1]); });
  });
  const config = readFileSync(here('../prometheus/prometheus.yml'), 'utf8').replaceAll('127.0.0.1:9PORT', address).replace('scrape_interval: 1m', 'scrape_interval: 1s').replace('scrape_timeout: 10s', 'scrape_timeout: 1s').replace(/\nrule_files:\n.*\n/, '\n');
  writeFileSync(join(home, 'prometheus.yml'), config);
  const port = await freePort();
  const prometheus = spawn('/usr/bin/prometheus', [`--config.file=${join(home, 'prometheus.yml')}`, `--storage.tsdb.path=${join(home, 'data')}`, `--web.listen-address=127.0.0.1:${port}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  prometheus.stderr.on('data', (d) => { log += d; });
  prometheus.on('close', (code) => { if (code) console.error(`prometheus exited ${code}:\n${log.slice(-2000)}`); });
  const base = `http://127.0.0.1:${port}`;
  try {
    for (let i = 0; !(await fetch(`${base}/-/ready`).then((r) => r.ok, () => false)); i++) {
      if (i > 100) throw new Error(`Prometheus did not start:\n${log.slice(-2000)}`);
      await sleep(100);
    }
    const start = Date.now() / 1000;
    for (let t = 0; t <= RUN_SECONDS; t++) {
      for (const [key, app] of Object.entries(stateAt(t))) sim.state.applications.set(key, app);
      await sleep(1000);
    }
    const end = Date.now() / 1000;
    const range = async (query) => {
      const url = `${base}/api/v1/query_range?query=${encodeURIComponent(query)}&start=${start}&end=${end}&step=1`;
      const body = await (await fetch(url)).json();
      return body.data.result.map((r) => ({ labels: r.metric, points: r.values.map(([x, y]) => [x - start, Number(y)]) }));
    };
    const probe = 'job="jira_license",instance="prod"';
    const seats = [...(await range(`jira_license_users{${probe}}`)), ...(await range(`jira_license_seats{${probe}}`))];
    const days = { license: await range(`(jira_license_expiry_timestamp_seconds{${probe}} - time()) / 86400`), maintenance: await range(`(jira_license_maintenance_expiry_timestamp_seconds{${probe}} - time()) / 86400`) };
    const html = chart({ seats, days, seconds: RUN_SECONDS, prometheus: 'Prometheus 2.42 query_range, step 1 s' });
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
    const page = await browser.newPage({ viewport: { width: 1080, height: 440 }, deviceScaleFactor: 1 });
    await page.setContent(html);
    await page.screenshot({ path: here('../../docs/images/license-metrics.png') });
    await browser.close();
    console.log('docs/images/license-metrics.png written');
  } finally {
    prometheus.kill('SIGTERM');
    exporter.kill('SIGTERM');
    await jira.close();
  }
}

await main();
