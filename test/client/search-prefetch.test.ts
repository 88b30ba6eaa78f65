// searchIssues asks for the next page before it hands out the current one's issues, and the
// request really leaves: node:http writes a request on a reused connection from a nextTick, and a
// loop over a page's issues never lets one run, so the next page used to go out only once the
// current one was read (Jira rendered it while the script waited: bench/search.mjs, +25%).
// The server runs in a worker, with its own event loop, and raises a flag in shared memory when
// the second page is asked for; the loop blocks on that flag at the first issue of the first page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { createClient } from '../../src/client/client.js';
import { createHttpFetch } from '../../src/http/http-fetch.js';
import { anonymousAuth } from '../../src/auth/auth.js';

const SERVER = `
const { createServer } = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const flag = new Int32Array(workerData.flag);
const page = (startAt) => JSON.stringify({ startAt, maxResults: 100, total: 300,
  issues: Array.from({ length: 100 }, (_, i) => ({ id: String(startAt + i), key: 'PROJ-' + (startAt + i + 1), fields: {} })) });
const server = createServer((req, res) => {
  const startAt = Number(new URL(req.url, 'http://x').searchParams.get('startAt'));
  if (startAt === 100) { Atomics.store(flag, 0, 1); Atomics.notify(flag, 0); }
  res.writeHead(200, { 'content-type': 'application/json' }).end(page(startAt));
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;

test('the next page is on the wire while the current page is read', { timeout: 30_000 }, async () => {
  const flag = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(SERVER, { eval: true, workerData: { flag: flag.buffer } });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      worker.once('message', resolve).once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the server worker exited (${code}) before listening`)));
    });
    const jira = createClient({ baseUrl: `http://127.0.0.1:${port}`, auth: anonymousAuth, fetch: createHttpFetch() });
    let waited: string | undefined;
    const keys: string[] = [];
    for await (const issue of jira.searchIssues('ORDER BY key', { pageSize: 100 })) {
      // Blocks this thread: only a request already written can reach the worker now.
      if (keys.length === 0) waited = Atomics.wait(flag, 0, 0, 5000);
      keys.push(issue.key);
    }
    assert.notEqual(waited, 'timed-out', 'the request for the second page was sent before the first page was read');
    assert.equal(keys.length, 300);
    assert.equal(new Set(keys).size, 300);
  } finally {
    await worker.terminate();
  }
});
