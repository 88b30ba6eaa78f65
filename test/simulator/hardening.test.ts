// What one request can make the simulator do (hardening issue #13, section 4): bodies are limited
// and refused with Tomcat's 413 before they are read, JQL size and work are bounded, a bad Host is
// a 400, attacker-chosen names do not grow memory, and `simulate --https` leaves no files behind.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { createSimulator } from '../../src/simulator/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { cleanEnv, freshHome, startCli } from '../helpers/cli.js';
import { basic } from '../helpers/sim.js';

const sim = createSimulator({ contextPath: '/jira', issues: 30 });
let running: RunningSimulator;
before(async () => { running = await sim.listen(); });
after(async () => { await running.close(); });
const BASE = 'http://jira.test/jira';
const auth = { authorization: basic('admin', 'admin'), 'content-type': 'application/json' };

/** Sends raw bytes and returns what came back until the server closed the connection. */
function raw(request: string, body?: () => Iterable<string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(running.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const text = (): string => Buffer.concat(chunks).toString('utf8');
    socket.on('data', (d: Buffer) => { chunks.push(d); });
    socket.on('close', () => resolve(text()));
    socket.on('error', (e: NodeJS.ErrnoException) => (e.code === 'ECONNRESET' || e.code === 'EPIPE' ? resolve(text()) : reject(e)));
    socket.write(request);
    if (body) for (const chunk of body()) if (!socket.destroyed) socket.write(chunk);
  });
}

test('a body declared over the limit is refused with 413 before any of it is sent, and the connection closes', async () => {
  const answer = await raw('POST /jira/rest/api/2/search HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 3221225472\r\n\r\n');
  assert.match(answer, /^HTTP\/1\.1 413 /);
  assert.match(answer, /HTTP Status 413 – Payload Too Large/);
  assert.match(answer, /\r\nconnection: close\r\n/i);
});

test('a chunked body that grows past the limit is cut off with 413; one under it is served', async () => {
  const chunk = `${'x'.repeat(65_536).length.toString(16)}\r\n${'x'.repeat(65_536)}\r\n`;
  const answer = await raw('POST /jira/rest/api/2/search HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n', function* () {
    for (let i = 0; i < 40; i++) yield chunk; // 2.5 MiB against the 2 MiB default
  });
  assert.match(answer, /^HTTP\/1\.1 413 /);
  const ok = await fetch(`${running.url}/rest/api/2/search`, { method: 'POST', headers: auth, body: JSON.stringify({ jql: 'project = PROJ', maxResults: 1, padding: 'y'.repeat(1_000_000) }) });
  assert.equal(ok.status, 200);
});

test('in-process too: a declared or streamed body over the limit is 413; the limit is an option', async () => {
  const declared = await sim.fetch(`${BASE}/rest/api/2/issue`, { method: 'POST', headers: { ...auth, 'content-length': String(3 * 2 ** 30) }, body: '{}' });
  assert.equal(declared.status, 413);
  const streamed = await sim.fetch(`${BASE}/rest/api/2/issue`, { method: 'POST', headers: auth, body: 'z'.repeat(2 * 2 ** 20 + 1) });
  assert.equal(streamed.status, 413);
  const small = createSimulator({ maxBodyBytes: 100 });
  assert.equal((await small.fetch('http://jira.test/rest/api/2/search', { method: 'POST', headers: auth, body: JSON.stringify({ jql: 'x'.repeat(200) }) })).status, 413);
});

test('attachments may be larger than other bodies (10 MiB by default), and are still limited', async () => {
  const form = (size: number): FormData => {
    const f = new FormData();
    f.append('file', new Blob([new Uint8Array(size)]), 'big.bin');
    return f;
  };
  const headers = { authorization: basic('admin', 'admin'), 'x-atlassian-token': 'no-check' };
  const three = await sim.fetch(`${BASE}/rest/api/2/issue/PROJ-1/attachments`, { method: 'POST', headers, body: form(3 * 2 ** 20) });
  assert.equal(three.status, 200);
  assert.equal(((await three.json()) as { size: number }[])[0]?.size, 3 * 2 ** 20);
  const eleven = await sim.fetch(`${BASE}/rest/api/2/issue/PROJ-1/attachments`, { method: 'POST', headers, body: form(11 * 2 ** 20) });
  assert.equal(eleven.status, 413);
});

test('a Host header that makes no URL is a 400, not a 500', async () => {
  for (const host of ['a b', 'exa mple.com:80', 'x:99999999', '[::1']) {
    const answer = await raw(`GET /jira/rest/api/2/serverInfo HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`);
    assert.match(answer, /^HTTP\/1\.1 400 /, host);
    assert.doesNotMatch(answer, /simulator error/, host);
  }
  const good = await raw('GET /jira/rest/api/2/serverInfo HTTP/1.1\r\nHost: localhost:8080\r\nConnection: close\r\n\r\n');
  assert.match(good, /^HTTP\/1\.1 200 /);
});

test('JQL work is bounded: repeated sort fields, too many clauses, deep nesting and long text queries are Jira 400s', async () => {
  const search = (jql: string) => sim.fetch(`${BASE}/rest/api/2/search`, { method: 'POST', headers: auth, body: JSON.stringify({ jql, maxResults: 1 }) });
  const cases: [string, RegExp][] = [
    [`project = PROJ ORDER BY ${Array(9000).fill('key').join(',')}`, /The sort field 'key' is referenced multiple times in the JQL sort\./],
    [`project = PROJ ORDER BY ${Array(40_000).fill('key').join(',')}`, /The JQL query is too long: it must be at most 100000 characters\./],
    [Array(1001).fill('key = PROJ-1').join(' OR '), /too complex: it has more than 1000 clauses/],
    [`${'('.repeat(5000)}key = PROJ-1${')'.repeat(5000)}`, /nested too deeply/],
    [`summary ~ "${Array(60).fill('word').join(' ')}"`, /too long: it has more than 50 terms/],
    [`key in (${Array(30_000).fill('1').join(',')})`, /too long: it must have fewer than 20000 terms/],
  ];
  for (const [jql, message] of cases) {
    const res = await search(jql);
    assert.equal(res.status, 400, jql.slice(0, 40));
    assert.match(((await res.json()) as { errorMessages: string[] }).errorMessages[0] ?? '', message);
  }
});

test('failed Basic logins under made-up names do not grow memory without bound', async () => {
  const fresh = createSimulator({ issues: 0 });
  for (let i = 0; i < 12_000; i++) {
    await fresh.fetch('http://jira.test/rest/api/2/myself', { headers: { authorization: basic(`nobody${i}`, 'x') } });
  }
  assert.ok(fresh.state.failedLogins.size <= 10_000, `${fresh.state.failedLogins.size} names kept`);
  assert.ok(fresh.state.failedLogins.has('nobody11999'), 'the newest are kept, so lockout still works for them');
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`simulate --https removes its certificate folder on ${signal}`, async () => {
    const cli = startCli(['simulate', '--https'], cleanEnv(freshHome()));
    const [, file] = await cli.waitFor(/NODE_EXTRA_CA_CERTS\): (\S+)/);
    await cli.waitFor(/Press Ctrl-C to stop/);
    assert.ok(file && existsSync(file), 'the certificate is there while it runs');
    cli.child.kill(signal);
    assert.equal(await cli.exit(), 0);
    assert.equal(existsSync(dirname(file ?? '')), false, `${dirname(file ?? '')} is gone`);
  });
}
