// The examples judged by Prometheus' own tool: `promtool check rules` on the alerting rules,
// `promtool test rules` on their unit tests (jira-license-rules.test.yml, series like the
// simulator's), and `promtool check config` on the scrape configs README shows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pipe } from './judges.js';
import { prometheusConfig } from './exporter-helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

test('promtool check rules: the alerting rules are valid', async () => {
  const r = await pipe('/usr/bin/promtool', ['check', 'rules', join(ROOT, 'examples/prometheus/jira-license-rules.yml')], '');
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /SUCCESS: 9 rules found/);
});

test('promtool test rules: the alerts fire on series like the simulator\'s, and only then', async () => {
  const r = await pipe('/usr/bin/promtool', ['test', 'rules', join(ROOT, 'test/metrics/jira-license-rules.test.yml')], '');
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /SUCCESS/);
});

test('promtool check config: the scrape configs of README and examples/prometheus/prometheus.yml', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'jirakit-promtool-'));
  writeFileSync(join(dir, 'prometheus.yml'), prometheusConfig('127.0.0.1:9911'));
  const r = await pipe('/usr/bin/promtool', ['check', 'config', join(dir, 'prometheus.yml')], '');
  assert.equal(r.code, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /SUCCESS: 1 rule files found/);
});
