// Plain-http connections read into one buffer each (src/http/agents.ts): every read overwrites
// the last, so a body must come out byte for byte however the server cuts it, answer after answer
// on one kept-alive connection. Random bytes make any part read from a reused buffer show.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Socket } from 'node:net';
import { once } from 'node:events';
import { createHttpFetch } from '../../src/http/http-fetch.js';

const digest = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Writes `data` in pieces of 1 to 3,000 bytes, turning the event loop between them. */
async function dribble(socket: Socket, data: Buffer): Promise<void> {
  for (let at = 0; at < data.length;) {
    const size = 1 + Math.floor(Math.random() * 3000);
    socket.write(data.subarray(at, at + size));
    at += size;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

test('bodies larger than a read, cut anywhere, arrive byte for byte, answer after answer on one connection', async () => {
  const bodies = [randomBytes(300_000), randomBytes(70_001), randomBytes(1), randomBytes(200_000)];
  let connections = 0;
  const server = createServer((socket) => {
    connections++;
    let served = 0;
    socket.on('data', () => {
      const body = bodies[served++];
      if (!body) return void socket.destroy();
      // Big answers come in one write (many full reads), the others dribble (reads of any size).
      const answer = Buffer.concat([Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: ${body.length}\r\n\r\n`), body]);
      if (served % 2 === 1) socket.write(answer);
      else void dribble(socket, answer);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  const httpFetch = createHttpFetch();
  try {
    const received: Buffer[] = [];
    for (let i = 0; i < bodies.length; i++) {
      // A lost or doubled byte would leave the answer waiting for the rest: fail rather than hang.
      const answer = await httpFetch(`http://127.0.0.1:${port}/${i}`, { signal: AbortSignal.timeout(20_000) });
      received.push(Buffer.from(await answer.arrayBuffer()));
    }
    assert.deepEqual(received.map(digest), bodies.map(digest));
    assert.equal(connections, 1, 'all four answers came over one kept-alive connection');
  } finally {
    server.close();
  }
});
