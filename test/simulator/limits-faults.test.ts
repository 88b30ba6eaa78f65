// XSRF, DC rate limiting, faults and per-test overrides, reset(), latency and HTTPS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { request as httpsRequest } from 'node:https';
import { X509Certificate } from 'node:crypto';
import { createSimulator } from '../../src/simulator/index.js';
import { route } from '../../src/simulator/index.js';
import { faults } from '../../src/simulator/index.js';
import { basic } from '../helpers/sim.js';

const auth = { authorization: basic('jdoe', 'jdoe') };

test('XSRF: a form POST to /rest without X-Atlassian-Token is 403; JSON, or the header, passes', async () => {
  const sim = createSimulator();
  const form = await sim.fetch('http://j/rest/api/2/issue/PROJ-1/comment', { method: 'POST', headers: { ...auth, 'content-type': 'application/x-www-form-urlencoded' }, body: 'body=x' });
  assert.equal(form.status, 403);
  assert.equal(await form.text(), 'XSRF check failed');
  const json = await sim.fetch('http://j/rest/api/2/issue/PROJ-1/comment', { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: '{"body":"x"}' });
  assert.equal(json.status, 201);
  const browser = await sim.fetch('http://j/rest/api/2/issue/PROJ-1/comment', {
    method: 'POST',
    headers: { ...auth, 'content-type': 'application/json', 'x-atlassian-token': 'no-check', 'user-agent': 'Mozilla/5.0 Chrome/120', origin: 'http://evil.example' },
    body: '{"body":"x"}',
  });
  assert.equal(browser.status, 403, 'a browser POST from another origin fails even with no-check');
});

test('rate limiting: headers on every limited answer, 429 with all of them, serverInfo exempt, refill over time', async () => {
  let now = 1_800_000_000_000;
  const sim = createSimulator({ now: () => now, rateLimit: { fillRate: 2, intervalSeconds: 1, max: 3 } });
  const statuses: number[] = [];
  let last: Response | undefined;
  for (let i = 0; i < 4; i++) {
    last = await sim.fetch('http://j/rest/api/2/myself', { headers: auth });
    statuses.push(last.status);
  }
  assert.deepEqual(statuses, [200, 200, 200, 429]);
  assert.ok(last);
  for (const h of ['x-ratelimit-limit', 'x-ratelimit-remaining', 'x-ratelimit-fillrate', 'x-ratelimit-interval-seconds', 'retry-after']) assert.ok(last.headers.has(h), h);
  assert.equal(last.headers.get('retry-after'), '1');
  assert.equal(last.headers.get('x-ratelimit-limit'), '3');
  const info = await sim.fetch('http://j/rest/api/2/serverInfo', { headers: auth });
  assert.equal(info.status, 200);
  assert.equal(info.headers.get('x-ratelimit-limit'), null);
  now += 1000;
  const refilled = await sim.fetch('http://j/rest/api/2/myself', { headers: auth });
  assert.equal(refilled.status, 200);
  assert.equal(refilled.headers.get('retry-after'), '0');
});

test('faults: a status with Retry-After, a dropped connection, a body cut halfway; reset() removes them', async () => {
  const sim = createSimulator();
  sim.use(route('GET /rest/api/2/myself', faults.status(503, { retryAfter: 2 })));
  const unavailable = await sim.fetch('http://j/rest/api/2/myself', { headers: auth });
  assert.equal(unavailable.status, 503);
  assert.equal(unavailable.headers.get('retry-after'), '2');
  sim.use(route('GET /rest/api/2/serverInfo', faults.drop()));
  await assert.rejects(sim.fetch('http://j/rest/api/2/serverInfo'), (e: unknown) => (e as { cause?: { code?: string } }).cause?.code === 'ECONNRESET');
  sim.use(route('GET /rest/api/2/search', faults.resetMidBody()));
  const cut = await sim.fetch('http://j/rest/api/2/search', { headers: auth });
  assert.equal(cut.status, 200);
  await assert.rejects(cut.text());
  sim.reset();
  assert.equal((await sim.fetch('http://j/rest/api/2/myself', { headers: auth })).status, 200);
});

test('faults over a socket: the client sees a reset, and a body cut short', async () => {
  const sim = createSimulator();
  const running = await sim.listen();
  try {
    sim.use(route('GET /rest/api/2/serverInfo', faults.drop()), route('GET /rest/api/2/search', faults.resetMidBody()));
    await assert.rejects(fetch(`${running.url}/rest/api/2/serverInfo`), TypeError);
    const cut = await fetch(`${running.url}/rest/api/2/search`);
    await assert.rejects(cut.text());
  } finally {
    await running.close();
  }
});

test('latency and a delay fault slow answers down', async () => {
  const sim = createSimulator({ latencyMs: 150 });
  const t0 = Date.now();
  await sim.fetch('http://j/rest/api/2/serverInfo');
  assert.ok(Date.now() - t0 >= 140);
  const quick = createSimulator();
  quick.use(route('GET /rest/api/2/serverInfo', faults.delay(120)));
  const t1 = Date.now();
  const res = await quick.fetch('http://j/rest/api/2/serverInfo');
  assert.equal(res.status, 200, 'after the delay the real route answers');
  assert.ok(Date.now() - t1 >= 110);
});

test('HTTPS with a self-signed certificate that clients can trust explicitly', async () => {
  const sim = createSimulator({ contextPath: '/jira' });
  const running = await sim.listen({ https: true });
  try {
    assert.match(running.url, /^https:\/\/127\.0\.0\.1:\d+\/jira$/);
    const cert = new X509Certificate(running.certPem ?? '');
    assert.match(cert.subjectAltName ?? '', /IP Address:127\.0\.0\.1/);
    await assert.rejects(fetch(`${running.url}/rest/api/2/serverInfo`), 'untrusted by default');
    const body = await new Promise<string>((resolve, reject) => {
      httpsRequest(`${running.url}/rest/api/2/serverInfo`, { ca: running.certPem }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => { text += d.toString(); });
        res.on('end', () => resolve(text));
      }).on('error', reject).end();
    });
    assert.equal((JSON.parse(body) as { baseUrl: string }).baseUrl, running.url);
  } finally {
    await running.close();
  }
});
