// Answers a hostile or broken server sends, over real sockets: each ends in one clear error (the
// library), one sentence (jirakit request, exit 1) or UNKNOWN within -t (the plugin), and the
// connection is closed, never reused for the next request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer as createNetServer, type Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import { createClient } from '../../src/client/client.js';
import { createTokenAuth } from '../../src/auth/token.js';
import { createHttpFetch } from '../../src/http/http-fetch.js';
import { ProtocolError, ResponseTooLargeError } from '../../src/errors/transport-errors.js';
import { cannedServer } from '../helpers/canned-server.js';
import { cleanEnv, freshHome, runCli } from '../helpers/cli.js';

const head = (lines: string[]): string => `HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n${lines.map((l) => `${l}\r\n`).join('')}\r\n`;
const FRAMING: Record<string, { answer: Buffer; message: RegExp }> = {
  'Transfer-Encoding and Content-Length together': {
    answer: Buffer.from(`${head(['Transfer-Encoding: chunked', 'Content-Length: 5'])}2\r\n{}\r\n0\r\n\r\n`),
    message: /not valid HTTP: .*Content-Length/i,
  },
  'two different Content-Length headers': { answer: Buffer.from(`${head(['Content-Length: 2', 'Content-Length: 3'])}{}`), message: /not valid HTTP: .*Content-Length/i },
  'two equal Content-Length headers': { answer: Buffer.from(`${head(['Content-Length: 2', 'Content-Length: 2'])}{}`), message: /not valid HTTP: .*Content-Length/i },
  'a NUL byte in a header value': { answer: Buffer.from(`${head(['X-Evil: a\0b', 'Content-Length: 2'])}{}`), message: /not valid HTTP: /i },
  'a header line of 64 KiB': { answer: Buffer.from(`${head([`X-Big: ${'a'.repeat(64 * 1024)}`, 'Content-Length: 2'])}{}`), message: /not valid HTTP: headers larger than Node allows/ },
};

for (const [name, { answer, message }] of Object.entries(FRAMING)) {
  test(`${name}: a ProtocolError, and the connection is not kept`, async () => {
    const ok = Buffer.from(`${head(['Content-Length: 2'])}{}`);
    const server = await cannedServer((n) => (n === 0 ? answer : ok));
    try {
      const jira = createClient({ baseUrl: server.url, auth: createTokenAuth('PAT'), fetch: createHttpFetch(), retry: { limit: 0 } });
      const error = await jira.serverInfo().catch((e: unknown) => e);
      assert.ok(error instanceof ProtocolError, String(error));
      assert.match(error.message, message);
      assert.match(error.code ?? '', /^HPE_/);
      assert.deepEqual(await jira.serverInfo(), {}, 'the next request works');
      assert.equal(server.connections(), 2, 'on a new connection');
    } finally {
      await server.close();
    }
  });
}

/** A server whose answer never ends: headers, then a body streamed until the client hangs up. */
async function endlessServer(options: { gzip?: boolean } = {}): Promise<{ url: string; sent: () => number; closed: () => Promise<void>; close(): Promise<void> }> {
  let sent = 0;
  let onClose: () => void = () => undefined;
  const closed = new Promise<void>((resolve) => (onClose = resolve));
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.once('data', () => {
      socket.write(`HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n${options.gzip ? 'Content-Encoding: gzip\r\n' : ''}\r\n`);
      // A gzip bomb: a small compressed chunk that inflates to 16 MiB of zeros, again and again.
      const piece = options.gzip ? gzipSync(Buffer.alloc(16 * 2 ** 20)) : Buffer.alloc(64 * 1024, 0x20);
      const pump = (): void => {
        for (;;) {
          if (socket.destroyed) return;
          socket.write(`${piece.length.toString(16)}\r\n`);
          socket.write(piece);
          sent += piece.length;
          if (!socket.write('\r\n')) break;
          if (options.gzip && sent > 50 * piece.length) return; // one bomb is plenty
        }
        if (!socket.destroyed) socket.once('drain', pump);
      };
      pump();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      sockets.delete(socket);
      onClose();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    sent: () => sent,
    closed: () => closed,
    close: () => new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    }),
  };
}

test('an endless body stops at the response limit with a ResponseTooLargeError, and the connection is closed', async () => {
  const server = await endlessServer();
  try {
    const jira = createClient({ baseUrl: server.url, auth: createTokenAuth('PAT'), maxResponseBytes: 2 * 2 ** 20 });
    const error = await jira.serverInfo().catch((e: unknown) => e);
    assert.ok(error instanceof ResponseTooLargeError, String(error));
    assert.equal(error.limit, 2 * 2 ** 20);
    assert.match(error.message, /^The answer to GET \/rest\/api\/2\/serverInfo is larger than the 2 MiB response limit$/);
    await server.closed();
  } finally {
    await server.close();
  }
});

test('a gzip bomb is stopped at the limit counted after decompression', async () => {
  const server = await endlessServer({ gzip: true });
  try {
    const fetch = createHttpFetch({ maxResponseBytes: 8 * 2 ** 20 });
    const before = process.memoryUsage().rss;
    const error = await createClient({ baseUrl: server.url, auth: createTokenAuth('PAT'), fetch }).serverInfo().catch((e: unknown) => e);
    assert.ok(error instanceof ResponseTooLargeError, String(error));
    assert.ok(process.memoryUsage().rss - before < 200 * 2 ** 20, 'memory stayed bounded');
  } finally {
    await server.close();
  }
});

test('gzip and deflate answers are decoded', async () => {
  const body = JSON.stringify({ version: '10.3.19', pad: 'x'.repeat(10_000) });
  const { deflateSync } = await import('node:zlib');
  const encoded = (encoding: string, bytes: Buffer): Buffer => Buffer.concat([Buffer.from(`${head([`Content-Encoding: ${encoding}`, `Content-Length: ${bytes.length}`])}`), bytes]);
  const plan = [encoded('gzip', gzipSync(body)), encoded('deflate', deflateSync(body))];
  const server = await cannedServer((n) => plan[n]);
  try {
    const jira = createClient({ baseUrl: server.url, auth: createTokenAuth('PAT'), fetch: createHttpFetch() });
    assert.equal((await jira.serverInfo()).version, '10.3.19');
    assert.equal((await jira.serverInfo()).version, '10.3.19');
    assert.match(server.heads()[0] ?? '', /accept-encoding: gzip, deflate/i);
  } finally {
    await server.close();
  }
});

test('jirakit request: broken framing and an endless body are one sentence each, exit 1', async () => {
  const broken = await cannedServer(() => FRAMING['Transfer-Encoding and Content-Length together']?.answer);
  const endless = await endlessServer();
  try {
    const env = cleanEnv(freshHome(), { JIRA_TOKEN: 'PAT' });
    const framing = await runCli(['request', 'GET', '/rest/api/2/myself', '--server', broken.url], env);
    assert.equal(framing.code, 1);
    assert.match(framing.stderr, /^jirakit: 127\.0\.0\.1:\d+ answered GET \/rest\/api\/2\/myself with something that is not valid HTTP: .+\. Something other than Jira may be answering .+\.\n$/);
    const big = await runCli(['request', 'GET', '/rest/api/2/myself', '--server', endless.url], { ...env, JIRA_TIMEOUT: '60' });
    assert.equal(big.code, 1);
    assert.match(big.stderr, /^jirakit: The answer to GET \/rest\/api\/2\/myself is larger than the 256 MiB response limit\. Ask for less .+\n$/);
  } finally {
    await broken.close();
    await endless.close();
  }
});

test('check_jira_license: broken framing and an endless body are UNKNOWN, within -t', async () => {
  const broken = await cannedServer(() => FRAMING['a NUL byte in a header value']?.answer);
  const endless = await endlessServer();
  try {
    const env = cleanEnv(freshHome(), { JIRA_TOKEN: 'PAT' });
    const framing = await runCli(['check-license', '--url', broken.url], env);
    assert.equal(framing.code, 3);
    assert.match(framing.stdout, /^JIRA LICENSE UNKNOWN - 127\.0\.0\.1:\d+ answered GET \/rest\/plugins\/applications\/1\.0\/installed\/jira-software with something that is not valid HTTP/);
    const big = await runCli(['check-license', '--url', endless.url, '-t', '20'], env);
    assert.equal(big.code, 3);
    assert.match(big.stdout, /^JIRA LICENSE UNKNOWN - The answer to GET \/rest\/plugins\/applications\/1\.0\/installed\/jira-software is larger than the 4 MiB response limit\n/);
    assert.ok(endless.sent() < 64 * 2 ** 20, `the plugin stopped reading early (${endless.sent()} bytes sent)`);
  } finally {
    await broken.close();
    await endless.close();
  }
});

test('a damaged gzip body is a ProtocolError; raw deflate (as some servers send it) is decoded', async () => {
  const { deflateRawSync } = await import('node:zlib');
  const body = JSON.stringify({ version: '10.3.19' });
  const broken = Buffer.concat([gzipSync(body).subarray(0, 12), Buffer.from('not gzip at all')]);
  const raw = deflateRawSync(body);
  const encoded = (encoding: string, bytes: Buffer): Buffer => Buffer.concat([Buffer.from(head([`Content-Encoding: ${encoding}`, `Content-Length: ${bytes.length}`])), bytes]);
  const plan = [encoded('gzip', broken), encoded('deflate', raw)];
  const server = await cannedServer((n) => plan[n]);
  try {
    const jira = createClient({ baseUrl: server.url, auth: createTokenAuth('PAT'), fetch: createHttpFetch(), retry: { limit: 0 } });
    const error = await jira.serverInfo().catch((e: unknown) => e);
    assert.ok(error instanceof ProtocolError, String(error));
    assert.match(error.message, /^The answer to GET \/rest\/api\/2\/serverInfo is not valid gzip$/);
    assert.equal((await jira.serverInfo()).version, '10.3.19');
  } finally {
    await server.close();
  }
});

test('request bodies: text, bytes and form parameters are sent as such; a Blob is refused, not sent as "[object Blob]"', async () => {
  const { createServer } = await import('node:http');
  const seen: { type: string | undefined; body: string }[] = [];
  const echo = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => void (body += d.toString()));
    req.on('end', () => {
      seen.push({ type: req.headers['content-type'], body });
      res.end('{}');
    });
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${(echo.address() as { port: number }).port}/x`;
    const fetch = createHttpFetch();
    await fetch(url, { method: 'POST', body: new Uint8Array([104, 105]) });
    await fetch(url, { method: 'POST', body: new URLSearchParams({ a: '1 2' }) });
    await fetch(url, { method: 'POST', body: 'text', headers: { 'content-type': 'text/plain' } });
    await assert.rejects(fetch(url, { method: 'POST', body: new Blob(['x']) }), TypeError);
    assert.deepEqual(seen, [
      { type: undefined, body: 'hi' },
      { type: 'application/x-www-form-urlencoded;charset=UTF-8', body: 'a=1+2' },
      { type: 'text/plain', body: 'text' },
    ]);
  } finally {
    echo.closeAllConnections();
    await new Promise<void>((r) => echo.close(() => r()));
  }
});
