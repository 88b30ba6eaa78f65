// searchIssues never pages forever: a server whose total lies, that ignores startAt, or that
// answers empty pages stops the search after one page too many, never thousands.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../../src/client/client.js';
import { createTokenAuth } from '../../src/auth/token.js';
import { ResponseFormatError } from '../../src/errors/http-error.js';
import { createSimulator, route } from '../../src/simulator/index.js';

const issues = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ id: String(10000 + from + i), key: `PROJ-${from + i + 1}`, fields: {} }));

/** A client on a simulator whose search answers with `page(startAt)`; counts the requests. */
function searching(page: (startAt: number) => unknown) {
  const sim = createSimulator({ pats: [['jdoe', 'P']] });
  let requests = 0;
  sim.use(route('GET /rest/api/2/search', (ctx) => {
    requests++;
    const body = JSON.stringify(page(Number(ctx.url.searchParams.get('startAt') ?? 0)));
    return new Response(body, { headers: { 'content-type': 'application/json', 'x-ausername': 'jdoe' } });
  }));
  const jira = createClient({ baseUrl: 'http://jira.test', auth: createTokenAuth('P'), fetch: sim.fetch });
  return { jira, requests: () => requests };
}

async function drain(iterator: AsyncIterable<{ key: string }>): Promise<{ keys: string[]; error: unknown }> {
  const keys: string[] = [];
  try {
    for await (const issue of iterator) keys.push(issue.key);
    return { keys, error: undefined };
  } catch (error) {
    return { keys, error };
  }
}

test('a total of 1e12 from a server that ignores startAt: an error after the second page', async () => {
  const { jira, requests } = searching(() => ({ startAt: 0, maxResults: 50, total: 1e12, issues: issues(0, 50) }));
  const { keys, error } = await drain(jira.searchIssues('ORDER BY key', { pageSize: 50 }));
  assert.ok(error instanceof ResponseFormatError, String(error));
  assert.match(error.message, /^Jira's search for 'ORDER BY key' answered startAt=0 when asked for startAt=50$/);
  assert.equal(keys.length, 50, 'no duplicate yielded');
  assert.ok(requests() <= 3, `${requests()} requests`);
});

test('a server that echoes startAt but answers the same issues again: an error, no duplicates', async () => {
  const { jira, requests } = searching((startAt) => ({ startAt, maxResults: 50, total: 1e12, issues: issues(0, 50) }));
  const { keys, error } = await drain(jira.searchIssues('project = PROJ', { pageSize: 50 }));
  assert.ok(error instanceof ResponseFormatError, String(error));
  assert.match(error.message, /answered the page at startAt=50 with the same issues as the page before/);
  assert.equal(new Set(keys).size, keys.length);
  assert.ok(requests() <= 3, `${requests()} requests`);
});

test('empty pages after the first: the search ends there (the total shrank), without error', async () => {
  const { jira, requests } = searching((startAt) => ({ startAt, maxResults: 50, total: 1e12, issues: startAt === 0 ? issues(0, 50) : [] }));
  const { keys, error } = await drain(jira.searchIssues('project = PROJ', { pageSize: 50 }));
  assert.equal(error, undefined);
  assert.equal(keys.length, 50);
  assert.ok(requests() <= 3, `${requests()} requests`);
});

test('an honest server still gives every issue once, in order (the guards do not misfire)', async () => {
  const total = 230;
  const { jira, requests } = searching((startAt) => ({ startAt, maxResults: 50, total, issues: issues(startAt, Math.min(50, total - startAt)) }));
  const { keys, error } = await drain(jira.searchIssues('project = PROJ', { pageSize: 50 }));
  assert.equal(error, undefined);
  assert.deepEqual(keys, issues(0, total).map((i) => i.key));
  assert.equal(requests(), 5);
});

test('leaving the loop early drops the pages asked for ahead, on the wire', async () => {
  const sim = createSimulator({ issues: 300, pats: [['jdoe', 'P']] });
  const signals: AbortSignal[] = [];
  const jira = createClient({
    baseUrl: 'http://jira.test',
    auth: createTokenAuth('P'),
    fetch: (input, init) => {
      if (String(input).includes('/search') && init?.signal) signals.push(init.signal);
      return sim.fetch(input, init);
    },
  });
  for await (const issue of jira.searchIssues('ORDER BY key', { pageSize: 50 })) {
    assert.ok(issue.key);
    break;
  }
  assert.equal(signals.length, 2, 'the first page and one ahead');
  assert.equal(signals[0]?.aborted, false);
  assert.equal(signals[1]?.aborted, true, 'the page ahead was dropped');
});
