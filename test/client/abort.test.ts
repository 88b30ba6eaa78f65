// A caller's AbortSignal stops a call: before it goes out, on the wire, while it waits to retry,
// and in the middle of a search; always as an AbortedError, never as a timeout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../../src/client/client.js';
import { createTokenAuth } from '../../src/auth/token.js';
import { createSimulator } from '../../src/simulator/index.js';
import { route } from '../../src/simulator/index.js';
import { faults } from '../../src/simulator/index.js';
import { createHttpFetch } from '../../src/http/http-fetch.js';
import { AbortedError } from '../../src/errors/jira-kit-error.js';

const BASE = 'http://jira.test';

function setup() {
  const sim = createSimulator({ issues: 300, pats: [['jdoe', 'P']] });
  const sent: string[] = [];
  const base = sim.fetch;
  const counting: typeof fetch = async (input, init) => {
    sent.push(new URL(String(input)).pathname + new URL(String(input)).search);
    return base(input, init);
  };
  const jira = createClient({ baseUrl: BASE, auth: createTokenAuth('P'), fetch: counting, timeoutMs: 20_000 });
  return { sim, jira, sent };
}

const stoppedBy = (path: string) => (e: unknown): boolean => e instanceof AbortedError && e.message === `GET ${path} was stopped by its AbortSignal`;

test('a signal already aborted sends nothing', async () => {
  const { jira, sent } = setup();
  await assert.rejects(jira.myself({ signal: AbortSignal.abort() }), stoppedBy('/rest/api/2/myself'));
  assert.deepEqual(sent, []);
});

test('a call on the wire stops at once, not at the timeout', async () => {
  const { sim, jira } = setup();
  sim.use(route('GET /rest/api/2/myself', faults.delay(10_000)));
  const started = Date.now();
  await assert.rejects(jira.request('GET', '/rest/api/2/myself', { signal: AbortSignal.timeout(100) }), stoppedBy('/rest/api/2/myself'));
  assert.ok(Date.now() - started < 5_000, 'long before the 10 s delay or the 20 s timeout');
  const controller = new AbortController();
  const raw = jira.fetch('/rest/api/2/myself', { signal: controller.signal });
  setTimeout(() => controller.abort(), 50);
  await assert.rejects(raw, stoppedBy('/rest/api/2/myself'));
});

test('the wait before a retry ends when the signal aborts', async () => {
  const { sim, jira, sent } = setup();
  sim.use(route('GET /rest/api/2/serverInfo', () => new Response('busy', { status: 503, headers: { 'retry-after': '60' } })));
  const started = Date.now();
  await assert.rejects(jira.serverInfo({ signal: AbortSignal.timeout(150) }), stoppedBy('/rest/api/2/serverInfo'));
  assert.ok(Date.now() - started < 5_000, 'not after the 60 s Retry-After');
  assert.equal(sent.length, 1, 'no second attempt');
});

test('a search stops at once and asks for no more pages, in-process and over sockets', async () => {
  const sim = createSimulator({ issues: 300, pats: [['jdoe', 'P']] });
  const running = await sim.listen();
  try {
    const transports: [string, typeof fetch, string][] = [['in-process', sim.fetch as typeof fetch, BASE], ['sockets', createHttpFetch() as typeof fetch, running.url]];
    for (const [name, base, baseUrl] of transports) {
      const sent: string[] = [];
      const jira = createClient({ baseUrl, auth: createTokenAuth('P'), fetch: (input, init) => { sent.push(String(input)); return base(input, init); } });
      const controller = new AbortController();
      const seen: string[] = [];
      await assert.rejects(
        (async () => {
          for await (const issue of jira.searchIssues('ORDER BY key ASC', { pageSize: 50, signal: controller.signal })) {
            seen.push(issue.key);
            if (seen.length === 10) controller.abort();
          }
        })(),
        (e: unknown) => e instanceof AbortedError && e.message === 'The search was stopped by its AbortSignal',
      );
      assert.equal(seen.length, 10, `${name}: no issue after the abort, even from the page in hand`);
      assert.ok(sent.length <= 2, `${name}: at most the first page and the one ahead were asked for, saw ${sent.length}`);
    }
  } finally {
    await running.close();
  }
});

test('a signal aborted just before the wait between retries does not wait at all', async () => {
  const sim = createSimulator({ pats: [['jdoe', 'P']] });
  sim.use(route('GET /rest/api/2/serverInfo', () => new Response('busy', { status: 503, headers: { 'retry-after': '60' } })));
  const controller = new AbortController();
  const jira = createClient({
    baseUrl: BASE,
    auth: createTokenAuth('P'),
    fetch: sim.fetch,
    sleep: () => new Promise(() => undefined), // a wait that never ends on its own
    hooks: { beforeRetry: [() => controller.abort()] },
  });
  await assert.rejects(jira.serverInfo({ signal: controller.signal }), stoppedBy('/rest/api/2/serverInfo'));
});

test('a call stopped during a long Retry-After wait leaves nothing that keeps the process alive', async () => {
  const { execFile } = await import('node:child_process');
  const { createServer } = await import('node:http');
  const { promisify } = await import('node:util');
  const { fileURLToPath } = await import('node:url');
  const busy = createServer((_req, res) => res.writeHead(503, { 'retry-after': '60' }).end('busy'));
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(busy.address() as { port: number }).port}`;
  const index = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
  // The script's own watchdog is the judge: unref'd, it fires only if something else keeps the
  // process alive, and long before the 60 s wait a leftover timer would sit out.
  const script = `const j = await import(${JSON.stringify(index)});
setTimeout(() => { console.log('still alive'); process.exit(9); }, 8000).unref();
const jira = j.createClient({ baseUrl: ${JSON.stringify(url)}, auth: j.createTokenAuth('P') });
const error = await jira.request('GET', '/rest/api/2/busy', { signal: AbortSignal.timeout(300) }).catch((e) => e);
console.log(error.name);`;
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env['PATH'] ?? '' } });
    assert.equal(stdout.trim(), 'AbortedError');
  } finally {
    busy.closeAllConnections();
    await new Promise<void>((r) => busy.close(() => r()));
  }
});
