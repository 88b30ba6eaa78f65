// The node:http fetch that connect() uses: fetch's contract over a real socket.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHttpFetch } from '../../src/http/http-fetch.js';
import { createClient } from '../../src/client/client.js';
import { createTokenAuth } from '../../src/auth/token.js';
import { createSimulator } from '../../src/simulator/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { route } from '../../src/simulator/index.js';
import { faults } from '../../src/simulator/index.js';
import { send } from '../../src/http/send.js';
import { TimeoutError } from '../../src/errors/network-error.js';
import { ResponseFormatError } from '../../src/errors/http-error.js';

const sim = createSimulator({ pats: [['jdoe', 'P']] });
let running: RunningSimulator;
before(async () => { running = await sim.listen(); });
after(async () => { await running.close(); });
const httpFetch = createHttpFetch();

test('status, headers (case-insensitive, set-cookie apart), text, json, a stream on demand, manual redirects', async () => {
  const res = await httpFetch(`${running.url}/rest/api/2/myself`, { headers: { Authorization: 'Bearer P' } });
  assert.equal(res.status, 200);
  assert.equal(res.ok, true);
  assert.equal(res.headers.get('X-AUSERNAME'), 'jdoe');
  assert.equal(res.headers.getSetCookie().length, 1);
  assert.equal(((await res.json()) as { name: string }).name, 'jdoe');
  const again = await httpFetch(`${running.url}/rest/api/2/serverInfo`);
  const reader = again.body?.getReader();
  const chunk = await reader?.read();
  assert.ok(chunk?.value && chunk.value.length > 0);
  sim.use(route('GET /moved', () => new Response(null, { status: 302, headers: { location: '/elsewhere' } })));
  const moved = await httpFetch(`${running.url}/moved`, { redirect: 'manual' });
  assert.equal(moved.status, 302);
  assert.equal(moved.headers.get('location'), '/elsewhere');
  sim.reset();
});

test('headers iterate as built-in fetch\'s Headers do: sorted, repeats joined, each set-cookie apart', async () => {
  sim.use(route('GET /many', () => {
    const headers = new Headers({ 'X-B': '1', 'x-a': 'z' });
    headers.append('X-B', '2');
    headers.append('Set-Cookie', 'a=1; Path=/');
    headers.append('Set-Cookie', 'b=2; Path=/');
    return new Response('{}', { headers });
  }));
  try {
    const ours = (await httpFetch(`${running.url}/many`)).headers;
    const theirs = (await fetch(`${running.url}/many`)).headers;
    // Values that differ from one request to the next.
    const drop = (pairs: Iterable<[string, string]>): [string, string][] => [...pairs].filter(([n]) => !/^(date|x-arequestid|x-asessionid)$/.test(n));
    assert.deepEqual(drop(ours), drop(theirs));
    assert.deepEqual(drop(ours.entries()), drop(theirs.entries()));
    assert.deepEqual([...ours.keys()], [...theirs.keys()]);
    assert.deepEqual(drop([...ours.keys()].map((k, i) => [k, [...ours.values()][i] ?? ''])), drop(theirs));
    assert.deepEqual(ours.getSetCookie(), ['a=1; Path=/', 'b=2; Path=/']);
    assert.equal(ours.get('x-b'), theirs.get('x-b'));
    const blob = await (await httpFetch(`${running.url}/many`)).blob();
    const same = await (await fetch(`${running.url}/many`)).blob();
    assert.deepEqual([blob.type, await blob.text()], [same.type, await same.text()]);
  } finally {
    sim.reset();
  }
});

test('POST bodies, 204 without a body, errors shaped like fetch errors', async () => {
  const created = await httpFetch(`${running.url}/rest/api/2/issue/PROJ-1/comment`, {
    method: 'POST',
    headers: { authorization: 'Bearer P', 'content-type': 'application/json' },
    body: JSON.stringify({ body: 'é ✓ over node:http' }),
  });
  assert.equal(created.status, 201);
  assert.equal(((await created.json()) as { body: string }).body, 'é ✓ over node:http');
  const t = await httpFetch(`${running.url}/rest/api/2/issue/PROJ-1/transitions`, { method: 'POST', headers: { authorization: 'Bearer P', 'content-type': 'application/json' }, body: '{"transition":{"id":"11"}}' });
  assert.equal(t.status, 204);
  assert.equal(t.body, null);
  await assert.rejects(httpFetch('http://127.0.0.1:9/x'), (e: unknown) => e instanceof TypeError && (e.cause as { code?: string }).code === 'ECONNREFUSED');
});

test('abort signals time it out; a body cut halfway is a reset the client retries', async () => {
  sim.use(route('GET /slow', faults.delay(1000)));
  const error = await send({ method: 'GET', url: new URL(`${running.url}/slow`) }, { fetch: httpFetch, timeoutMs: 100 }).catch((e: unknown) => e);
  assert.ok(error instanceof TimeoutError);
  assert.equal(error.message, `No answer from ${new URL(running.url).host} within 0.1 s`);
  let cuts = 1;
  sim.use(route('GET /rest/api/2/project', (ctx) => (cuts-- > 0 ? faults.resetMidBody()(ctx) : undefined)));
  const jira = createClient({ baseUrl: running.url, auth: createTokenAuth('P'), fetch: httpFetch, sleep: async () => undefined });
  assert.equal((await jira.projects()).length, 2, 'the second attempt succeeded after the reset');
  sim.reset();
});

test('searchIssues over sockets: every issue once and in order, stopping early, and a bad issue as a ResponseFormatError', async () => {
  const big = createSimulator({ issues: 700, pats: [['jdoe', 'P']] });
  const server = await big.listen();
  try {
    const jira = createClient({ baseUrl: server.url, auth: createTokenAuth('P'), fetch: createHttpFetch() });
    const keys: string[] = [];
    for await (const issue of jira.searchIssues('ORDER BY key ASC', { pageSize: 60, concurrency: 3 })) keys.push(issue.key);
    const expected = big.state.issues.map((i) => i.key).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    assert.deepEqual(keys, expected);
    // Stopping early releases the page being read; the next search still sees whole pages.
    for await (const issue of jira.searchIssues('ORDER BY key ASC', { pageSize: 60 })) if (issue.key) break;
    assert.equal((await jira.searchPage('ORDER BY key ASC', { maxResults: 3 })).issues.length, 3);
    big.use(route('GET /rest/api/2/search', () => new Response('{"startAt":0,"maxResults":50,"total":2,"issues":[{"key":"PROJ-1"},{"key":01}]}', { headers: { 'content-type': 'application/json' } })));
    const seen: string[] = [];
    const error = await (async () => {
      for await (const issue of jira.searchIssues('')) seen.push(issue.key);
    })().catch((e: unknown) => e);
    assert.deepEqual(seen, ['PROJ-1']);
    assert.ok(error instanceof ResponseFormatError, String(error));
    assert.match(error.message, /GET \/rest\/api\/2\/search with an issue that is not JSON/);
  } finally {
    await server.close();
  }
});
