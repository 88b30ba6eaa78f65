// The pure parts: the metric set from outcomes, content negotiation, and the read cache with a
// fake clock (one read in flight per key, results kept for the TTL, failures kept too).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatExposition, licenseFamilies, negotiateFormat, ReadCache, targetSucceeded, type TargetOutcome } from '../../src/index.js';

const reading = { app: 'jira-software', source: 'upm' as const, users: 45, seats: 50, unlimited: false, expiry: { licenseExpiresAt: 1830211200, maintenanceExpiresAt: undefined } };

test('the metric set: seats absent when unlimited, dates absent when none, failures still give success and duration', () => {
  const ok: TargetOutcome = { info: { version: '10.3.19', deployment: 'Data Center' }, apps: [{ app: 'jira-software', reading }, { app: 'jira-core', reading: { ...reading, app: 'jira-core', seats: undefined, unlimited: true, expiry: undefined } }], durationSeconds: 0.25 };
  const failed: TargetOutcome = { apps: [{ app: 'jira-software', error: new Error('down') }], error: new Error('down'), durationSeconds: 1.5 };
  assert.equal(targetSucceeded(ok), true);
  assert.equal(targetSucceeded(failed), false);
  const text = formatExposition(licenseFamilies([{ labels: { target: 'prod' }, outcome: ok }, { labels: { target: 'test' }, outcome: failed }]), 'prometheus');
  const series = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  assert.deepEqual(series, [
    'jira_license_seats{target="prod",application="jira-software"} 50',
    'jira_license_users{target="prod",application="jira-software"} 45',
    'jira_license_users{target="prod",application="jira-core"} 45',
    'jira_license_unlimited{target="prod",application="jira-software"} 0',
    'jira_license_unlimited{target="prod",application="jira-core"} 1',
    'jira_license_expiry_timestamp_seconds{target="prod",application="jira-software"} 1830211200',
    'jira_info{target="prod",version="10.3.19",deployment="Data Center"} 1',
    'jirakit_license_read_success{target="prod",application="jira-software"} 1',
    'jirakit_license_read_success{target="prod",application="jira-core"} 1',
    'jirakit_license_read_success{target="test",application="jira-software"} 0',
    'jirakit_license_scrape_success{target="prod"} 1',
    'jirakit_license_scrape_success{target="test"} 0',
    'jirakit_license_scrape_duration_seconds{target="prod"} 0.25',
    'jirakit_license_scrape_duration_seconds{target="test"} 1.5',
  ]);
  assert.doesNotMatch(text, /maintenance_expiry/, 'no maintenance date, no series');
});

test('Accept: OpenMetrics when preferred or equal, 0.0.4 otherwise and by default', () => {
  assert.equal(negotiateFormat(undefined), 'prometheus');
  assert.equal(negotiateFormat(''), 'prometheus');
  assert.equal(negotiateFormat('*/*'), 'prometheus');
  assert.equal(negotiateFormat('application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'), 'openmetrics');
  assert.equal(negotiateFormat('application/openmetrics-text; version=1.0.0'), 'openmetrics');
  assert.equal(negotiateFormat('text/plain;version=0.0.4;q=1,application/openmetrics-text;q=0.5'), 'prometheus');
  assert.equal(negotiateFormat('application/openmetrics-text;q=0'), 'prometheus');
  assert.equal(negotiateFormat('text/plain'), 'prometheus');
  assert.equal(negotiateFormat('application/json'), 'prometheus');
});

test('the cache: one read in flight per key, kept for the TTL, failures kept, a throwing read not kept', async () => {
  let now = 0;
  const cache = new ReadCache<string>({ ttlMs: 1000, now: () => now });
  let reads = 0;
  let release: (() => void) | undefined;
  const read = () => new Promise<string>((resolve) => { reads++; release = () => resolve(`value ${reads}`); });
  const first = cache.get('a', read);
  const joined = cache.get('a', read);
  const other = cache.get('b', () => Promise.resolve('b'));
  assert.equal(reads, 1, 'the second scrape joins the read in flight');
  release?.();
  assert.equal(await first, 'value 1');
  assert.equal(await joined, 'value 1');
  assert.equal(await other, 'b');
  now = 999;
  assert.equal(await cache.get('a', read), 'value 1', 'kept within the TTL');
  now = 1000;
  const again = cache.get('a', read);
  release?.();
  assert.equal(await again, 'value 2', 'read again after the TTL');
  assert.deepEqual(cache.stats, { reads: 3, hits: 1, joins: 1 });
  await assert.rejects(cache.get('c', () => Promise.reject(new Error('bug'))));
  assert.equal(await cache.get('c', () => Promise.resolve('fine')), 'fine', 'a read that threw is not kept');
  const none = new ReadCache<number>({ ttlMs: 0 });
  let n = 0;
  assert.equal(await none.get('a', () => Promise.resolve(++n)), 1);
  assert.equal(await none.get('a', () => Promise.resolve(++n)), 2, 'TTL 0 keeps nothing');
});
