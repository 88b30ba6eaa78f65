// -t bounds the whole run, reading and parsing included (docs/cli.md): a huge valid JSON answer,
// streamed, gzipped or dripped, ends in exactly one UNKNOWN line within -t. Each run is measured
// against -t plus this machine's own start-up time, never against a fixed wall time.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createGzip } from 'node:zlib';
import { check, startupMs } from './plugin-process.js';

const MiB = 2 ** 20;
const HEAD = '{"key":"jira-software","accessDetails":{"activeUserCount":1,"licensedUserCount":10},"pad":"';
const TAIL = '"}';
const T = 3;

type Answer = (res: ServerResponse) => void;
let answer: Answer = (res) => res.end();
let server: Server;
let url: string;
let slack: number;

/** Writes `HEAD`, `bytes` of padding in 64 KiB chunks as fast as the reader takes them, then `TAIL`; stops when the client goes. */
function stream(out: NodeJS.WritableStream, bytes: number, end: () => void, delayMs = 0): void {
  const chunk = 'x'.repeat(64 * 1024);
  let sent = 0;
  let gone = false;
  out.on('close', () => { gone = true; });
  const next = (): void => {
    while (!gone && sent < bytes) {
      sent += chunk.length;
      if (delayMs > 0) {
        out.write(chunk.slice(0, 1024));
        setTimeout(next, delayMs).unref();
        return;
      }
      if (!out.write(chunk)) {
        out.once('drain', next);
        return;
      }
    }
    if (!gone) out.write(TAIL, end);
  };
  out.write(HEAD);
  next();
}

const streamed = (mib: number, withLength: boolean): Answer => (res) => {
  res.writeHead(200, { 'content-type': 'application/json', ...(withLength ? { 'content-length': String(HEAD.length + mib * MiB + TAIL.length) } : {}) });
  stream(res, mib * MiB, () => res.end());
};

before(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    res.on('error', () => undefined);
    req.resume();
    answer(res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  // Start-up twice over and half a second: what a busy machine adds to -t for starting and exiting.
  slack = 2 * (await startupMs()) + 500;
});
after(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const CASES: [string, Answer][] = [
  ['100 MiB, chunked', streamed(100, false)],
  ['200 MiB, chunked', streamed(200, false)],
  ['300 MiB, chunked', streamed(300, false)],
  ['300 MiB with its Content-Length', streamed(300, true)],
  ['300 MiB of JSON gzipped to a few hundred KiB', (res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    const gzip = createGzip();
    gzip.pipe(res);
    stream(gzip, 300 * MiB, () => gzip.end());
  }],
  ['a valid JSON answer dripped 1 KiB at a time, never finished within -t', (res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    stream(res, 4 * MiB, () => res.end(), 50);
  }],
];

for (const [name, install] of CASES) {
  test(`${name}: one UNKNOWN line within -t ${T}`, { timeout: 60_000 }, async () => {
    answer = install;
    const r = await check(['--url', url, '--token', 'PAT', '--source', 'upm', '-t', String(T)]);
    assert.equal(r.code, 3, r.out);
    assert.equal(r.lines.length, 1, r.out);
    assert.match(r.lines[0] ?? '', /^JIRA LICENSE UNKNOWN - (The answer to GET \S+ is larger than the 4 MiB response limit|Plugin timed out after 3 seconds|No answer from 127\.0\.0\.1:\d+ within [\d.]+ s)$/);
    assert.ok(r.ms < T * 1000 + slack, `took ${r.ms} ms for -t ${T} (slack ${slack} ms)`);
  });
}

test('-t\'s state applies to a drip that outlasts it', { timeout: 60_000 }, async () => {
  answer = CASES[CASES.length - 1]![1];
  const r = await check(['--url', url, '--token', 'PAT', '--source', 'upm', '-t', `${T}:CRITICAL`]);
  assert.equal(r.code, 2, r.out);
  assert.equal(r.lines.length, 1, r.out);
});
