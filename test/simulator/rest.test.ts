// REST v2 as Jira DC answers it: issues, search paging, projects, application roles.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSimulator } from '../../src/simulator/index.js';
import { CONSUMER, testKeyPem } from '../helpers/keys.js';
import { oauthFetch } from '../helpers/sim.js';

const BASE = 'http://jira.test:8080/jira';
const sim = createSimulator({ contextPath: '/jira', issues: 120, consumers: [{ key: CONSUMER, publicKeyPem: testKeyPem }] });
let admin: Awaited<ReturnType<typeof oauthFetch>>;
let jdoe: Awaited<ReturnType<typeof oauthFetch>>;
before(async () => {
  admin = await oauthFetch(sim, BASE, 'admin');
  jdoe = await oauthFetch(sim, BASE, 'jdoe');
});
const body = async <T = Record<string, unknown>>(res: Response) => (await res.json()) as T;
const post = (path: string, json: unknown) => jdoe(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(json) });

test('GET issue: Jira-shaped JSON, field filtering, 404 for a missing one', async () => {
  const res = await jdoe('/rest/api/2/issue/PROJ-1');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/json;charset=UTF-8');
  const issue = await body<{ key: string; self: string; fields: { project: { key: string }; created: string } }>(res);
  assert.equal(issue.key, 'PROJ-1');
  assert.equal(issue.self, 'http://jira.test:8080/jira/rest/api/2/issue/10001');
  assert.equal(issue.fields.project.key, 'PROJ');
  assert.match(issue.fields.created, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
  const some = await body<{ fields: Record<string, unknown> }>(await jdoe('/rest/api/2/issue/PROJ-1?fields=summary,status'));
  assert.deepEqual(Object.keys(some.fields).sort(), ['status', 'summary']);
  const missing = await jdoe('/rest/api/2/issue/PROJ-9999');
  assert.equal(missing.status, 404);
  assert.deepEqual(await missing.json(), { errorMessages: ['Issue does not exist or you do not have permission to see it.'], errors: {} });
  assert.equal((await sim.fetch(`${BASE}/rest/api/2/issue/PROJ-1`)).status, 404, 'anonymous gets the same 404');
});

test('HEAD answers as the GET would, without a body, in-process and over a socket', async () => {
  const head = await jdoe('/rest/api/2/issue/PROJ-1', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('x-ausername'), 'jdoe');
  assert.equal(head.headers.get('content-type'), 'application/json;charset=UTF-8');
  assert.equal(head.body, null);
  assert.equal((await jdoe('/rest/api/2/issue/PROJ-9999', { method: 'HEAD' })).status, 404);
  const running = await sim.listen();
  try {
    // Node's own client (undici) as the judge of the bytes on the wire.
    const res = await fetch(`${running.url}/rest/api/2/serverInfo`, { method: 'HEAD' });
    assert.equal(res.status, 200);
    assert.equal(await res.text(), '');
  } finally {
    await running.close();
  }
});

test('create issue: 201 with id, key and self; missing fields are a 400 errors map', async () => {
  const created = await post('/rest/api/2/issue', { fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'From a test' } });
  assert.equal(created.status, 201);
  const ref = await body<{ id: string; key: string; self: string }>(created);
  assert.match(ref.key, /^OPS-\d+$/);
  assert.equal(ref.self, `${BASE}/rest/api/2/issue/${ref.id}`);
  const fetched = await body<{ fields: { summary: string; reporter: { name: string } } }>(await jdoe(`/rest/api/2/issue/${ref.key}`));
  assert.equal(fetched.fields.summary, 'From a test');
  assert.equal(fetched.fields.reporter.name, 'jdoe');
  const bad = await post('/rest/api/2/issue', { fields: { project: { key: 'OPS' } } });
  assert.equal(bad.status, 400);
  assert.deepEqual(await bad.json(), { errorMessages: [], errors: { issuetype: 'issue type is required', summary: 'You must specify a summary of the issue.' } });
});

test('comments and transitions, including the 204 with an empty body', async () => {
  const c = await post('/rest/api/2/issue/PROJ-2/comment', { body: 'Looks good' });
  assert.equal(c.status, 201);
  assert.equal((await body<{ author: { name: string } }>(c)).author.name, 'jdoe');
  const list = await body<{ total: number }>(await jdoe('/rest/api/2/issue/PROJ-2/comment'));
  assert.equal(list.total, 1);
  const t = await body<{ transitions: { id: string; name: string }[] }>(await jdoe('/rest/api/2/issue/PROJ-5/transitions'));
  assert.ok(t.transitions.length > 0);
  const first = t.transitions[0]!;
  const done = await post('/rest/api/2/issue/PROJ-5/transitions', { transition: { id: first.id }, update: { comment: [{ add: { body: 'moving' } }] } });
  assert.equal(done.status, 204);
  assert.equal(await done.text(), '');
  const bad = await post('/rest/api/2/issue/PROJ-5/transitions', { transition: { id: '99999' } });
  assert.equal(bad.status, 400);
});

test('search GET pages with startAt/maxResults/total, repeated fields, *all and validateQuery=True', async () => {
  const all: string[] = [];
  let startAt = 0;
  for (;;) {
    const page = await body<{ startAt: number; maxResults: number; total: number; issues: { key: string; fields: object }[] }>(
      await jdoe(`/rest/api/2/search?jql=project+%3D+PROJ+ORDER+BY+key+ASC&startAt=${startAt}&maxResults=25&fields=summary&fields=status&validateQuery=True`),
    );
    assert.equal(page.maxResults, 25);
    all.push(...page.issues.map((i) => i.key));
    assert.deepEqual(Object.keys(page.issues[0]?.fields ?? {}).sort(), ['status', 'summary']);
    startAt += page.issues.length;
    if (startAt >= page.total || page.issues.length === 0) break;
  }
  const expected = sim.state.issues.filter((i) => i.projectKey === 'PROJ').map((i) => i.key);
  assert.deepEqual(all, expected);
  const star = await body<{ issues: { fields: object }[] }>(await jdoe('/rest/api/2/search?jql=&fields=%2Aall&maxResults=1'));
  assert.ok(Object.keys(star.issues[0]?.fields ?? {}).includes('description'));
});

test('search POST, ORDER BY created DESC, and Jira-shaped 400s for JQL it cannot run', async () => {
  const res = await post('/rest/api/2/search', { jql: 'project = OPS ORDER BY created DESC', startAt: 0, maxResults: 3, fields: ['created'] });
  const page = await body<{ total: number; issues: { fields: { created: string } }[] }>(res);
  const created = page.issues.map((i) => i.fields.created);
  assert.deepEqual([...created].sort().reverse(), created);
  for (const [jql, message] of [
    ['projekt = X', /Field 'projekt' does not exist/],
    ['project = NOPE', /The value 'NOPE' does not exist for the field 'project'/],
    ['project = PROJ ORDER BY colour', /Not able to sort using field 'colour'/],
    ['project = PROJ OR', /Expecting a field name but reached the end of the query/],
    ['project = PROJ ORDER BY key, key', /The sort field 'key' is referenced multiple times in the JQL sort/],
  ] as const) {
    const bad = await jdoe(`/rest/api/2/search?jql=${encodeURIComponent(jql)}`);
    assert.equal(bad.status, 400, jql);
    assert.match(((await body<{ errorMessages: string[] }>(bad)).errorMessages[0]) ?? '', message);
  }
  const capped = await body<{ maxResults: number }>(await jdoe('/rest/api/2/search?maxResults=5000'));
  assert.equal(capped.maxResults, 1000, 'the server caps maxResults and says so');
});

test('projects: a plain array, one by key, 404 for a missing one', async () => {
  const list = await body<{ key: string }[]>(await jdoe('/rest/api/2/project'));
  assert.deepEqual(list.map((p) => p.key), ['PROJ', 'OPS']);
  const one = await body<{ key: string; issueTypes: unknown[] }>(await jdoe('/rest/api/2/project/PROJ?expand=issueTypes'));
  assert.equal(one.issueTypes.length, 4, 'Bug, Task, Story and Sub-task');
  const missing = await jdoe('/rest/api/2/project/NOPE');
  assert.equal(missing.status, 404);
  assert.deepEqual(await missing.json(), { errorMessages: ["No project could be found with key 'NOPE'."], errors: {} });
});

test('applicationrole: admin only (403 for a user, 401 anonymous), seats and unlimited', async () => {
  const roles = await body<{ key: string; numberOfSeats: number; remainingSeats: number; userCount: number; hasUnlimitedSeats: boolean }[]>(await admin('/rest/api/2/applicationrole'));
  const software = roles.find((r) => r.key === 'jira-software');
  assert.deepEqual([software?.numberOfSeats, software?.remainingSeats, software?.userCount, software?.hasUnlimitedSeats], [50, 5, 45, false]);
  const core = await body<{ numberOfSeats: number; hasUnlimitedSeats: boolean; platform: boolean }>(await admin('/rest/api/2/applicationrole/jira-core'));
  assert.deepEqual([core.numberOfSeats, core.hasUnlimitedSeats, core.platform], [-1, true, true]);
  assert.equal((await jdoe('/rest/api/2/applicationrole')).status, 403);
  assert.equal((await sim.fetch(`${BASE}/rest/api/2/applicationrole`)).status, 401);
  assert.equal((await admin('/rest/api/2/applicationrole/jira-servicedesk')).status, 404);
});

test('search pages are served from a cache that a new issue, a comment or a transition makes stale', async () => {
  const page = async () => body<{ total: number; issues: { key: string; fields: { summary: string; status: { name: string }; comment: { total: number } } }[] }>(
    await jdoe('/rest/api/2/search?jql=project%20%3D%20PROJ%20ORDER%20BY%20key%20DESC&maxResults=1&fields=summary,status,comment'),
  );
  const before = await page();
  assert.deepEqual(await page(), before, 'the same page again');
  const created = await body<{ key: string }>(await post('/rest/api/2/issue', { fields: { project: { key: 'PROJ' }, issuetype: { name: 'Task' }, summary: 'cached?' } }));
  const after = await page();
  assert.equal(after.total, before.total + 1);
  assert.equal(after.issues[0]?.key, created.key);
  await post(`/rest/api/2/issue/${created.key}/comment`, { body: 'a comment' });
  assert.equal((await page()).issues[0]?.fields.comment.total, 1);
  await post(`/rest/api/2/issue/${created.key}/transitions`, { transition: { id: '21' } });
  assert.notEqual((await page()).issues[0]?.fields.status.name, after.issues[0]?.fields.status.name);
});
