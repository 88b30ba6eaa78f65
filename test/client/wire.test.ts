// The HTTP/1.1 client under connect(): response framing checked against Node's own llhttp (via
// node:http) on the same bytes, arbitrary splits of a response across reads, keep-alive reuse,
// and broken answers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, get as httpGet } from 'node:http';
import { createServer as createNetServer, type Server, type Socket } from 'node:net';
import fc from 'fast-check';
import { ResponseParser } from '../../src/http/response-parser.js';
import { createHttpFetch } from '../../src/http/http-fetch.js';
import { LightResponse } from '../../src/http/light-response.js';
import { parseLazyArray } from '../../src/http/json-bytes.js';
import { createClient } from '../../src/client/client.js';
import { createOAuth1Auth } from '../../src/auth/oauth1.js';
import { createTokenAuth } from '../../src/auth/token.js';
import { NetworkError } from '../../src/errors/network-error.js';
import { CONSUMER, testPrivateKey } from '../helpers/keys.js';

interface Sample {
  status: number;
  headers: [string, string][];
  body: Uint8Array;
  framing: 'length' | 'chunked' | 'close';
  chunks: number[];
  extensions: boolean;
  trailers: boolean;
}

const headerName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,11}$/).filter((n) => !/^(content-length|transfer-encoding|connection)$/i.test(n));
const headerValue = fc.stringMatching(/^[!-~]([ -~]{0,20}[!-~])?$/);
const sample: fc.Arbitrary<Sample> = fc.record({
  status: fc.constantFrom(200, 201, 400, 401, 404, 500, 503),
  headers: fc.array(fc.tuple(headerName, headerValue), { maxLength: 6 }),
  body: fc.uint8Array({ maxLength: 3000 }),
  framing: fc.constantFrom('length', 'chunked', 'close'),
  chunks: fc.array(fc.integer({ min: 1, max: 900 }), { minLength: 1, maxLength: 6 }),
  extensions: fc.boolean(),
  trailers: fc.boolean(),
});

/** The sample as bytes on the wire. */
function serialize(s: Sample): Buffer {
  const lines = [`HTTP/1.1 ${s.status} Something`, ...s.headers.map(([n, v]) => `${n}: ${v}`)];
  const body = Buffer.from(s.body);
  if (s.framing === 'length') lines.push(`Content-Length: ${body.length}`);
  if (s.framing === 'chunked') lines.push('Transfer-Encoding: chunked');
  if (s.framing === 'close') lines.push('Connection: close');
  const head = Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1');
  if (s.framing !== 'chunked') return Buffer.concat([head, body]);
  const parts: Buffer[] = [head];
  let at = 0;
  let k = 0;
  while (at < body.length) {
    const n = Math.min(s.chunks[k++ % s.chunks.length] ?? 1, body.length - at);
    parts.push(Buffer.from(`${n.toString(16)}${s.extensions ? ';x=1' : ''}\r\n`), body.subarray(at, at + n), Buffer.from('\r\n'));
    at += n;
  }
  parts.push(Buffer.from(`0\r\n${s.trailers ? 'X-Trailer: yes\r\n' : ''}\r\n`));
  return Buffer.concat(parts);
}

test('any split of a response across reads parses to the same status, fields and body', () => {
  fc.assert(
    fc.property(sample, fc.array(fc.nat(), { maxLength: 8 }), (s, cuts) => {
      const wire = serialize(s);
      const points = [...new Set(cuts.map((c) => c % (wire.length + 1)))].sort((a, b) => a - b);
      const parser = new ResponseParser('GET');
      let from = 0;
      for (const to of [...points, wire.length]) {
        // Each piece arrives in a buffer of its own, as the socket's reused one would hold it.
        const piece = Buffer.from(wire.subarray(from, to));
        assert.equal(parser.feed(piece), piece.length);
        from = to;
      }
      if (s.framing === 'close') parser.end();
      assert.ok(parser.done);
      assert.equal(parser.head?.status, s.status);
      assert.equal(parser.keepAlive, s.framing !== 'close');
      const fields = parser.head?.rawHeaders ?? [];
      for (const [n, v] of s.headers) assert.ok(fields.some((f, i) => i % 2 === 0 && f === n && fields[i + 1] === v.trim()));
      assert.deepEqual(parser.body(), Buffer.from(s.body));
    }),
    { numRuns: 300 },
  );
});

/** A server that answers every request on a connection with the next canned bytes. */
async function cannedServer(answers: (n: number) => Buffer | undefined): Promise<{ url: string; connections: () => number; open: () => number; heads: () => string[]; close(): Promise<void> }> {
  let connections = 0;
  const heads: string[] = [];
  let served = 0;
  const sockets = new Set<Socket>();
  const server: Server = createNetServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let pending = '';
    socket.on('data', (d: Buffer) => {
      pending += d.toString('latin1');
      while (pending.includes('\r\n\r\n')) {
        heads.push(pending.slice(0, pending.indexOf('\r\n\r\n')));
        pending = pending.slice(pending.indexOf('\r\n\r\n') + 4);
        const answer = answers(served++);
        if (answer === undefined) socket.destroy();
        else if (/connection: close/i.test(answer.subarray(0, 200).toString('latin1'))) socket.end(answer);
        else socket.write(answer);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    connections: () => connections,
    open: () => sockets.size,
    heads: () => heads,
    close: () => new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    }),
  };
}

test('the same bytes read by Node\'s llhttp (node:http) and by this client agree', async () => {
  const samples = fc.sample(sample, { numRuns: 40, seed: 5849 });
  const server = await cannedServer((n) => serialize(samples[Math.floor(n / 2)] as Sample));
  const httpFetch = createHttpFetch();
  try {
    for (const s of samples) {
      const reference = await new Promise<{ status: number; headers: string[]; body: Buffer }>((resolve, reject) => {
        httpGet(`${server.url}/x`, { agent: false }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.rawHeaders, body: Buffer.concat(chunks) }));
        }).on('error', reject);
      });
      const ours = await httpFetch(`${server.url}/x`);
      assert.equal(ours.status, reference.status);
      assert.equal(ours.status, s.status);
      const bytes = Buffer.from(await ours.arrayBuffer());
      assert.deepEqual(bytes, reference.body);
      assert.deepEqual(bytes, Buffer.from(s.body), 'and both are the body that was sent');
      for (let i = 0; i < reference.headers.length; i += 2) {
        const name = reference.headers[i] ?? '';
        if (!/^(x-trailer)$/i.test(name)) assert.ok(ours.headers.get(name)?.includes(reference.headers[i + 1] ?? ''), name);
      }
    }
  } finally {
    await server.close();
  }
});

test('keep-alive reuses one connection; Connection: close and extra bytes end it', async () => {
  const ok = Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}');
  const closing = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}');
  const extra = Buffer.concat([ok, Buffer.from('HTTP/1.1 200 OK\r\n')]);
  const plan = [ok, ok, ok, closing, ok, extra, ok];
  const server = await cannedServer((n) => plan[n]);
  const httpFetch = createHttpFetch();
  try {
    for (let i = 0; i < 3; i++) assert.deepEqual(await (await httpFetch(`${server.url}/a`)).json(), {});
    assert.equal(server.connections(), 1, 'three requests, one connection');
    await httpFetch(`${server.url}/closing`);
    await httpFetch(`${server.url}/after-close`);
    assert.equal(server.connections(), 2, 'a new connection after Connection: close');
    await httpFetch(`${server.url}/extra`);
    await httpFetch(`${server.url}/after-extra`);
    assert.equal(server.connections(), 3, 'bytes beyond the response: the connection is not reused');
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
    const bad = await httpFetch(`${server.url}/bad`).catch((e: unknown) => e);
    assert.ok(bad instanceof TypeError && (bad.cause as { code?: string }).code === 'HPE_INVALID');
    const overlong = await httpFetch(`${server.url}/chunk`).catch((e: unknown) => e);
    assert.ok(overlong instanceof TypeError && (overlong.cause as { code?: string }).code === 'HPE_INVALID', 'chunk data longer than its size');
    await assert.rejects(httpFetch(`${server.url}/x`, { headers: { 'x-evil': 'a\r\nInjected: 1' } }), /Invalid header/);
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
  const jira = createClient({ baseUrl: server.url, auth: createTokenAuth('PAT'), fetch: createHttpFetch(), sleep: async () => undefined, onRetry: (r) => void retries.push(r.reason) });
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

// parseLazyArray leaves one array member in the bytes; JSON.parse on the whole text is the judge.
const spaced = (value: unknown, spaces: string[]): string => {
  // JSON.stringify with the whitespace JSON allows between tokens, from the generated pool.
  let k = 0;
  const ws = (): string => spaces[k++ % Math.max(spaces.length, 1)] ?? '';
  const out = (v: unknown): string => {
    if (Array.isArray(v)) return `[${ws()}${v.map((e) => `${ws()}${out(e)}${ws()}`).join(',')}${ws()}]`;
    if (v && typeof v === 'object') return `{${ws()}${Object.entries(v).map(([key, e]) => `${ws()}${JSON.stringify(key)}${ws()}:${ws()}${out(e)}${ws()}`).join(',')}${ws()}}`;
    return JSON.stringify(v);
  };
  return `${ws()}${out(value)}${ws()}`;
};
const whitespace = fc.array(fc.stringMatching(/^[ \t\r\n]{0,3}$/), { maxLength: 5 });
const page = fc.tuple(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }), fc.array(fc.jsonValue(), { maxLength: 8 }), fc.nat()).map(([members, issues, at]) => {
  const entries = Object.entries(members).filter(([k]) => k !== 'issues');
  entries.splice(at % (entries.length + 1), 0, ['issues', issues]);
  return Object.fromEntries(entries);
});

test('parseLazyArray gives what JSON.parse gives, for any such object in any spacing', () => {
  fc.assert(
    fc.property(page, whitespace, (value, spaces) => {
      const text = spaced(value, spaces);
      const expected = JSON.parse(text) as Record<string, unknown>;
      const lazy = parseLazyArray(Buffer.from(text), 'issues');
      assert.ok(lazy, 'an object with an issues array is always read lazily');
      const { issues, ...rest } = expected;
      assert.deepStrictEqual(lazy.value, rest);
      assert.equal(lazy.elements.length, (issues as unknown[]).length);
      assert.deepStrictEqual([...lazy.elements], issues);
    }),
    { numRuns: 1000 },
  );
  const proto = parseLazyArray(Buffer.from('{"__proto__":{"polluted":1},"issues":[{"__proto__":2}]}'), 'issues');
  assert.equal(Object.getPrototypeOf(proto?.value), Object.prototype);
  assert.deepStrictEqual(Object.keys(proto?.value ?? {}), ['__proto__']);
  // The last of duplicate keys wins, as with JSON.parse; a non-array one means "parse it whole".
  assert.deepStrictEqual([...(parseLazyArray(Buffer.from('{"issues":[1],"issues":[2,3]}'), 'issues')?.elements ?? [])], [2, 3]);
  assert.equal(parseLazyArray(Buffer.from('{"issues":[1],"issues":5}'), 'issues'), undefined);
  assert.equal(parseLazyArray(Buffer.from('[{"issues":[]}]'), 'issues'), undefined);
});

test('parseLazyArray fails where JSON.parse fails: at once outside the array, on iteration inside it', () => {
  const near = fc.tuple(page, fc.nat(), fc.constantFrom('', ',', ']', '}', '"', '\\', ':', '[', '{', ' 1', 'x', '\u00e9')).map(([v, at, insert]) => {
    const text = JSON.stringify(v);
    const cut = at % (text.length + 1);
    return `${text.slice(0, cut)}${insert}${text.slice(cut + (at % 2))}`;
  });
  fc.assert(
    fc.property(fc.oneof(near, fc.string()), (text) => {
      let expected: unknown;
      try {
        expected = JSON.parse(text);
      } catch {
        expected = undefined;
      }
      let got: unknown;
      try {
        const lazy = parseLazyArray(Buffer.from(text), 'issues');
        got = lazy ? { ...lazy.value, issues: [...lazy.elements] } : 'whole';
      } catch (error) {
        assert.ok(error instanceof SyntaxError);
        got = undefined;
      }
      if (got === 'whole') return; // the caller parses the whole text: JSON.parse decides
      if (expected === undefined) assert.equal(got, undefined, 'bad JSON is never read as good');
      else assert.deepStrictEqual(got, expected);
    }),
    { numRuns: 2000 },
  );
  // Invalid UTF-8 inside strings decodes the same way in pieces as whole.
  const bad = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc3]), Buffer.from('","issues":["'), Buffer.from([0xe2, 0x82]), Buffer.from('x"],"b":"\u00e9"}')]);
  const whole = JSON.parse(bad.toString('utf8')) as Record<string, unknown>;
  assert.match(JSON.stringify(whole), /\ufffd/);
  const lazy = parseLazyArray(bad, 'issues');
  assert.deepStrictEqual({ ...lazy?.value, issues: [...(lazy?.elements ?? [])] }, whole);
});
