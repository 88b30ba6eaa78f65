// jirakit's transport over real sockets: node:http's framing (llhttp), keep-alive reuse and
// idle close, stale connections, bodies in reused buffers, and answers no real server sends.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createHttpFetch } from '../../src/http/http-fetch.js';
import { LightResponse } from '../../src/http/light-response.js';
import { send } from '../../src/http/send.js';
import { createClient } from '../../src/client/client.js';
import { createOAuth1Auth } from '../../src/auth/oauth1.js';
import { createTokenAuth } from '../../src/auth/token.js';
import { NetworkError } from '../../src/errors/network-error.js';
import { ProtocolError } from '../../src/errors/transport-errors.js';
import { cannedServer } from '../helpers/canned-server.js';
import { CONSUMER, testPrivateKey } from '../helpers/keys.js';

test('keep-alive reuses one connection; Connection: close ends it; stray bytes after an answer are never read as the next one', async () => {
  const ok = Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}');
  const closing = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}');
  const extra = Buffer.concat([ok, Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nstray')]);
  const next = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nnext');
  const plan = [ok, ok, ok, closing, ok, extra, next];
  const server = await cannedServer((n) => plan[n]);
  const httpFetch = createHttpFetch();
  try {
    for (let i = 0; i < 3; i++) assert.deepEqual(await (await httpFetch(`${server.url}/a`)).json(), {});
    assert.equal(server.connections(), 1, 'three requests, one connection');
    await httpFetch(`${server.url}/closing`);
    await httpFetch(`${server.url}/after-close`);
    assert.equal(server.connections(), 2, 'a new connection after Connection: close');
    assert.equal(await (await httpFetch(`${server.url}/extra`)).text(), '{}');
    assert.equal(await (await httpFetch(`${server.url}/after-extra`)).text(), 'next', 'the stray answer is not taken for the next one');
  } finally {
    await server.close();
  }
});

test('an idle connection is closed by the client after keepAliveMs; the next request opens another', async () => {
  const ok = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}');
  const server = await cannedServer(() => ok);
  const httpFetch = createHttpFetch({ keepAliveMs: 150 });
  try {
    await (await httpFetch(`${server.url}/a`)).text();
    await (await httpFetch(`${server.url}/b`)).text();
    assert.equal(server.connections(), 1, 'reused while fresh');
    const since = Date.now();
    while (server.open() > 0 && Date.now() - since < 2000) await new Promise((r) => setTimeout(r, 25));
    assert.equal(server.open(), 0, 'the client closed its idle connection');
    assert.ok(Date.now() - since >= 100, 'not before keepAliveMs');
    await (await httpFetch(`${server.url}/c`)).text();
    assert.equal(server.connections(), 2);
  } finally {
    await server.close();
  }
});

test('a kept-alive connection the server drops as a request goes out: a GET goes again at once, re-signed; a POST fails', async () => {
  const ok = Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}');
  // undefined: the server drops the connection on receiving that request, answering nothing.
  const plan = [ok, undefined, ok, ok, undefined];
  const server = await cannedServer((n) => plan[n]);
  const slept: number[] = [];
  const jira = createClient({
    baseUrl: server.url,
    auth: createOAuth1Auth({ consumerKey: CONSUMER, privateKey: testPrivateKey, token: 'access-token' }),
    fetch: createHttpFetch(),
    sleep: async (ms) => void slept.push(ms),
  });
  try {
    await jira.request('GET', '/rest/api/2/one');
    assert.deepEqual(await jira.request('GET', '/rest/api/2/two'), {}, 'sent again on a new connection');
    assert.equal(server.connections(), 2);
    assert.deepEqual(slept, [], 'no back-off for a connection the server had closed');
    const nonces = server.heads().slice(1, 3).map((h) => /oauth_nonce="([^"]+)"/.exec(h)?.[1]);
    assert.ok(nonces[0] && nonces[1] && nonces[0] !== nonces[1], 'each attempt signed afresh');
    await jira.request('GET', '/rest/api/2/three');
    await assert.rejects(jira.request('POST', '/rest/api/2/issue', { body: {} }), (e: unknown) => e instanceof NetworkError && e.code === 'ECONNRESET');
    assert.equal(server.connections(), 2, 'a POST is never sent twice');
  } finally {
    await server.close();
  }
});

test('HEAD, 204 and 304 have no body; 100 Continue is skipped; a cut body and a bad status line fail like fetch', async () => {
  const plan = [
    Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n'),
    Buffer.from('HTTP/1.1 204 No Content\r\n\r\n'),
    Buffer.from('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello'),
    Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 10\r\nConnection: close\r\n\r\nhalf'),
    Buffer.from('SPDY/9 200 OK\r\n\r\n'),
    Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n'),
  ];
  const server = await cannedServer((n) => plan[n]);
  // A parser that waits for a body that never comes would hang: bound each request.
  const base = createHttpFetch();
  const httpFetch: typeof base = (url, init) => base(url, { signal: AbortSignal.timeout(3000), ...init });
  try {
    const head = await httpFetch(`${server.url}/h`, { method: 'HEAD', signal: AbortSignal.timeout(3000) });
    assert.equal(head.headers.get('content-length'), '1234');
    assert.equal(head.body, null);
    assert.equal((await httpFetch(`${server.url}/n`)).body, null);
    assert.equal(await (await httpFetch(`${server.url}/c`)).text(), 'hello');
    const cut = await httpFetch(`${server.url}/cut`).catch((e: unknown) => e);
    assert.ok(cut instanceof TypeError && (cut.cause as { code?: string }).code === 'ECONNRESET');
    const bad = await send({ method: 'GET', url: new URL(`${server.url}/bad`) }, { fetch: httpFetch }).catch((e: unknown) => e);
    assert.ok(bad instanceof ProtocolError, String(bad));
    assert.match(bad.message, /^127\.0\.0\.1:\d+ answered GET \/bad with something that is not valid HTTP: /);
    const overlong = await send({ method: 'GET', url: new URL(`${server.url}/chunk`) }, { fetch: httpFetch }).catch((e: unknown) => e);
    assert.ok(overlong instanceof ProtocolError, 'chunk data longer than its size');
    await assert.rejects(httpFetch(`${server.url}/x`, { headers: { 'x-evil': 'a\r\nInjected: 1' } }), /Invalid character in header content/);
  } finally {
    await server.close();
  }
});

// A real server framing bodies its own way (chunked when it streams, no Content-Length).
let streaming: ReturnType<typeof createServer>;
let streamingUrl = '';
before(async () => {
  streaming = createServer((req, res) => {
    res.setHeader('content-type', 'application/json;charset=UTF-8');
    const body = JSON.stringify({ path: req.url, method: req.method, text: 'é ✓ '.repeat(5000) });
    for (let i = 0; i < body.length; i += 7000) res.write(body.slice(i, i + 7000));
    res.end();
  });
  await new Promise<void>((r) => streaming.listen(0, '127.0.0.1', r));
  streamingUrl = `http://127.0.0.1:${(streaming.address() as { port: number }).port}`;
});
after(() => new Promise<void>((r) => streaming.close(() => r())));

test('node:http\'s chunked answers read whole, text decoded once and bytes unchanged', async () => {
  const httpFetch = createHttpFetch();
  const a = await httpFetch(`${streamingUrl}/one?x=1`, { method: 'POST', body: 'x' });
  const parsed = (await a.json()) as { path: string; method: string; text: string };
  assert.equal(parsed.path, '/one?x=1');
  assert.equal(parsed.method, 'POST');
  assert.equal(parsed.text, 'é ✓ '.repeat(5000));
  const b = await httpFetch(`${streamingUrl}/two`);
  const bytes = Buffer.from(await b.arrayBuffer());
  assert.equal(JSON.parse(bytes.toString('utf8')).path, '/two');
});

test('a body kept unread is not overwritten by later responses (buffers are reused only after decoding)', async () => {
  const binary = (fill: number): Buffer => Buffer.concat([Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: 70000\r\n\r\n'), Buffer.alloc(70000, fill)]);
  const text = (fill: string): Buffer => Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 60002\r\n\r\n"${fill.repeat(60000)}"`);
  const plan = [binary(1), text('a'), binary(2), text('b'), text('c')];
  const server = await cannedServer((n) => plan[n]);
  const httpFetch = createHttpFetch();
  try {
    const held = await httpFetch(`${server.url}/1`);
    const heldText = await httpFetch(`${server.url}/2`);
    for (const path of ['/3', '/4', '/5']) await (await httpFetch(`${server.url}${path}`)).arrayBuffer();
    assert.deepEqual(Buffer.from(await held.arrayBuffer()), Buffer.alloc(70000, 1));
    assert.equal(await heldText.text(), `"${'a'.repeat(60000)}"`);
  } finally {
    await server.close();
  }
});

test('pages a few bytes apart in size are read into one reused buffer, as searchIssues reads them', async () => {
  // Search pages differ by a few bytes; each must not take fresh memory that only a full GC frees.
  const sizes = Array.from({ length: 12 }, (_, k) => 300_000 + k * 37);
  const answer = (n: number): Buffer => Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Length: ${sizes[n]}\r\n\r\n`), Buffer.alloc(sizes[n] ?? 0, 97 + n)]);
  const server = await cannedServer(answer);
  const httpFetch = createHttpFetch();
  const stores = new Set<ArrayBufferLike>();
  try {
    for (const [n, size] of sizes.entries()) {
      const response = await httpFetch(`${server.url}/${n}`);
      assert.ok(response instanceof LightResponse);
      const { bytes, release } = response.takeBytes();
      assert.deepEqual(bytes, Buffer.alloc(size, 97 + n));
      stores.add(bytes.buffer);
      release();
    }
    assert.equal(stores.size, 1, `${stores.size} buffers for ${sizes.length} pages`);
  } finally {
    await server.close();
  }
});

test('a 503 answer that is retried gives its body buffer back for the next answer', async () => {
  const answer = (status: string, fill: number): Buffer =>
    Buffer.concat([Buffer.from(`HTTP/1.1 ${status}\r\nRetry-After: 0\r\nContent-Length: 300000\r\n\r\n`), Buffer.alloc(300_000, fill)]);
  const plan = [answer('200 OK', 1), answer('503 Service Unavailable', 2), answer('200 OK', 3)];
  const server = await cannedServer((n) => plan[n]);
  const retries: string[] = [];
  const jira = createClient({ baseUrl: server.url, auth: createTokenAuth('PAT'), fetch: createHttpFetch(), sleep: async () => undefined, hooks: { beforeRetry: [(r) => void retries.push(r.reason)] } });
  try {
    const take = async (): Promise<ArrayBufferLike> => {
      const response = await jira.fetch('/rest/api/2/serverInfo');
      assert.ok(response instanceof LightResponse);
      const { bytes, release } = response.takeBytes();
      release();
      return bytes.buffer;
    };
    const first = await take();
    assert.equal(await take(), first, 'the 503 body was read into the same buffer and given back');
    assert.deepEqual(retries, ['HTTP 503']);
  } finally {
    await server.close();
  }
});

test('every request names jirakit and Node in User-Agent, as curl and python-requests name themselves; a request\'s own header wins', async () => {
  const seen: (string | undefined)[] = [];
  const server = createServer((request, response) => {
    seen.push(request.headers['user-agent']);
    response.end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const httpFetch = createHttpFetch();
  try {
    await (await httpFetch(`${url}/a`)).text();
    await (await httpFetch(`${url}/b`, { headers: { 'User-Agent': 'nightly-report/2.1' } })).text();
    const jira = createClient({ baseUrl: url, auth: createTokenAuth('PAT-1'), fetch: httpFetch });
    await jira.request('GET', '/rest/api/2/serverInfo');
    const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    assert.equal(seen[0], `jirakit/${version} node/${process.versions.node}`);
    assert.equal(seen[1], 'nightly-report/2.1');
    assert.equal(seen[2], seen[0], 'the client sends it too');
    // Not a browser's: Jira holds a browser's POSTs to an Origin check (docs/jira-wire.md 5.2).
    assert.doesNotMatch(seen[0] ?? '', /Mozilla|Chrome|Safari|Firefox/);
  } finally {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});
