// The client against the simulator in-process: every auth kind, every error kind, retries.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createClient } from '../../src/client/client.js';
import { createOAuth1Auth } from '../../src/auth/oauth1.js';
import { createBasicAuth } from '../../src/auth/basic.js';
import { createTokenAuth } from '../../src/auth/token.js';
import { createCloudAuth } from '../../src/auth/cloud.js';
import { anonymousAuth } from '../../src/auth/auth.js';
import { createSimulator } from '../../src/simulator/index.js';
import { route } from '../../src/simulator/index.js';
import { faults } from '../../src/simulator/index.js';
import { AuthenticationError, RateLimitError, WebSudoError } from '../../src/errors/auth-errors.js';
import { HttpError, ResponseFormatError } from '../../src/errors/http-error.js';
import { OAuthProblemError } from '../../src/errors/oauth-problem-error.js';
import { NetworkError, TimeoutError } from '../../src/errors/network-error.js';
import { html, page } from '../../src/simulator/responses.js';
import { CONSUMER, testKeyPem, testPrivateKey } from '../helpers/keys.js';
import { oauthToken } from '../helpers/sim.js';

const BASE = 'http://jira.test/jira';
const newSim = (extra = {}) => createSimulator({
  contextPath: '/jira',
  consumers: [{ key: CONSUMER, publicKeyPem: testKeyPem }, { key: 'twolo', publicKeyPem: testKeyPem, twoLeggedAllowed: true, executeAs: 'jdoe' }],
  users: [{ name: 'admin', password: 'admin' }, { name: 'jdoe', password: 'jdoe' }, { name: 'me@example.com', password: 'api-token-1' }],
  pats: [['jdoe', 'PAT-1']],
  ...extra,
});
const noSleep = async () => undefined;

test('every auth kind signs its own way and the client never asks which', async () => {
  const sim = newSim();
  const token = await oauthToken(sim, BASE, 'admin');
  const kinds = [
    [createOAuth1Auth({ consumerKey: CONSUMER, privateKey: testPrivateKey, token }), 'admin'],
    [createOAuth1Auth({ consumerKey: 'twolo', privateKey: testPrivateKey, token: '' }), 'jdoe'],
    [createBasicAuth({ username: 'jdoe', password: 'jdoe' }), 'jdoe'],
    [createTokenAuth('PAT-1'), 'jdoe'],
    [createCloudAuth({ email: 'me@example.com', apiToken: 'api-token-1' }), 'me@example.com'],
  ] as const;
  for (const [auth, user] of kinds) {
    const jira = createClient({ baseUrl: BASE, auth, fetch: sim.fetch });
    assert.equal((await jira.myself()).name, user, auth.kind);
  }
  const anonymous = createClient({ baseUrl: BASE, auth: anonymousAuth, fetch: sim.fetch });
  assert.equal((await anonymous.serverInfo()).deploymentType, 'Server');
  await assert.rejects(anonymous.myself(), (e: unknown) => e instanceof AuthenticationError && /This needs credentials/.test(e.hint ?? ''));
});

test('client methods: issue, create, comment, transitions, projects, roles, license', async () => {
  const sim = newSim();
  const jira = createClient({ baseUrl: BASE, auth: createBasicAuth({ username: 'admin', password: 'admin' }), fetch: sim.fetch });
  assert.equal((await jira.issue('PROJ-1', { fields: ['summary'] })).fields.summary?.startsWith('Improve') ?? false, true);
  const created = await jira.createIssue({ project: { key: 'PROJ' }, issuetype: { name: 'Bug' }, summary: 'Made by the client' });
  assert.match(created.key, /^PROJ-\d+$/);
  assert.equal((await jira.addComment(created.key, 'hello')).body, 'hello');
  const transitions = await jira.transitions(created.key);
  assert.ok(transitions.some((t) => t.name === 'Start Progress'));
  await jira.transitionIssue(created.key, 'start progress', { comment: 'going' });
  const moved = await jira.issue(created.key, { fields: 'status' });
  assert.equal((moved.fields['status'] as { name: string }).name, 'In Progress');
  await assert.rejects(jira.transitionIssue(created.key, 'Teleport'), /has no transition named 'Teleport'/);
  assert.deepEqual((await jira.projects()).map((p) => p.key), ['PROJ', 'OPS']);
  assert.equal((await jira.applicationRoles()).find((r) => r.key === 'jira-software')?.remainingSeats, 5);
  assert.deepEqual(await jira.license('jira-software'), { app: 'jira-software', activeUserCount: 45, licensedUserCount: 50, unlimited: false });
  assert.equal((await jira.licenseDetails()).maximumNumberOfUsers, 50);
  assert.equal((await jira.server_info()).version, '10.3.19');
  // python-jira's names for the same calls.
  const py = await jira.create_issue({ project: { key: 'PROJ' }, issuetype: { name: 'Task' }, summary: 'from python names' });
  assert.equal((await jira.add_comment(py.key, 'hi')).body, 'hi');
  await jira.transition_issue(py.key, 'Start Progress');
  assert.equal(((await jira.issue(py.key, { fields: 'status' })).fields['status'] as { name: string }).name, 'In Progress');
  assert.equal((await jira.application_roles()).length, (await jira.applicationRoles()).length);
  const raw = await jira.fetch('/rest/plugins/applications/1.0/installed/jira-software');
  assert.equal(raw.status, 200, 'the raw fetch sends Accept: */*, which UPM serves');
  const notThere = await jira.fetch('/rest/api/2/issue/NOPE-1');
  assert.equal(notThere.status, 404, 'the raw fetch never throws on a status');
});

test('error kinds: 404 with Jira messages, 400 field errors, OAuth problems, WebSudo, CAPTCHA, anonymous fall-through', async () => {
  const sim = newSim({ invalidPatAnswer: 'anonymous' });
  const admin = createClient({ baseUrl: BASE, auth: createBasicAuth({ username: 'admin', password: 'admin' }), fetch: sim.fetch });
  await assert.rejects(admin.issue('NOPE-1'), (e: unknown) => {
    assert.ok(e instanceof HttpError);
    assert.equal(e.status, 404);
    assert.equal(e.method, 'GET');
    assert.deepEqual(e.errorMessages, ['Issue does not exist or you do not have permission to see it.']);
    return true;
  });
  await assert.rejects(admin.createIssue({ project: { key: 'PROJ' } }), (e: unknown) => e instanceof HttpError && e.status === 400 && e.errors['summary'] === 'You must specify a summary of the issue.');
  const badToken = createClient({ baseUrl: BASE, auth: createOAuth1Auth({ consumerKey: CONSUMER, privateKey: testPrivateKey, token: 'revoked-token' }), fetch: sim.fetch });
  await assert.rejects(badToken.myself(), (e: unknown) => e instanceof OAuthProblemError && e.problem === 'token_rejected');
  const pat = createClient({ baseUrl: BASE, auth: createTokenAuth('PAT-1'), fetch: sim.fetch });
  await assert.rejects(pat.license(), (e: unknown) => e instanceof WebSudoError && /Personal access tokens and browser sessions must pass WebSudo here/.test(e.hint ?? ''));
  await assert.rejects(admin.request('GET', '/secure/admin/ViewSystemInfo.jspa'), (e: unknown) => e instanceof WebSudoError && /OAuth and access tokens cannot pass WebSudo/.test(e.hint ?? ''));
  const revoked = createClient({ baseUrl: BASE, auth: createTokenAuth('not-a-pat'), fetch: sim.fetch });
  await assert.rejects(revoked.serverInfo(), (e: unknown) => e instanceof AuthenticationError && /as anonymous although the personal access token was sent/.test(e.message));
  await assert.rejects(revoked.myself(), (e: unknown) => e instanceof AuthenticationError && /^Jira did not accept the personal access token; check it,/.test(e.hint ?? ''));
  const wrong = createClient({ baseUrl: BASE, auth: createBasicAuth({ username: 'jdoe', password: 'bad' }), fetch: sim.fetch });
  await assert.rejects(wrong.myself(), (e: unknown) => e instanceof AuthenticationError && /^Jira did not accept the username and password \(AUTHENTICATED_FAILED\); check them,/.test(e.hint ?? ''));
  for (let i = 0; i < 2; i++) await assert.rejects(wrong.myself(), AuthenticationError);
  await assert.rejects(wrong.myself(), (e: unknown) => e instanceof AuthenticationError && /CAPTCHA/.test(e.message));
  sim.use(route('GET /rest/api/2/serverInfo', () => html(page('Log in', '<form></form>'))));
  await assert.rejects(admin.serverInfo(), (e: unknown) => e instanceof ResponseFormatError && /not JSON \(an HTML page\)/.test(e.message));
});

test('retries: 429 and 503 on GET honour Retry-After and re-sign with a fresh nonce; POST is never replayed', async () => {
  const sim = newSim();
  const token = await oauthToken(sim, BASE, 'admin');
  let failures = 2;
  sim.use(route('GET /rest/api/2/myself', (ctx) => (failures-- > 0 ? faults.status(failures === 1 ? 429 : 503, { retryAfter: 3 })(ctx) : undefined)));
  const waits: number[] = [];
  const jira = createClient({ baseUrl: BASE, auth: createOAuth1Auth({ consumerKey: CONSUMER, privateKey: testPrivateKey, token }), fetch: sim.fetch, sleep: async (ms) => { waits.push(ms); } });
  assert.equal((await jira.myself()).name, 'admin', 'the third attempt verified: each was signed anew (a reused nonce is nonce_used)');
  assert.deepEqual(waits, [3000, 3000]);
  let posts = 0;
  sim.use(route('POST /rest/api/2/issue', () => { posts++; return faults.status(503, { retryAfter: 1 })({} as never); }));
  await assert.rejects(jira.createIssue({ project: { key: 'PROJ' }, issuetype: { id: '10001' }, summary: 'x' }), (e: unknown) => e instanceof HttpError && e.status === 503);
  assert.equal(posts, 1);
});

test('retries are bounded: a 429 storm ends in RateLimitError; waits come from X-RateLimit headers without Retry-After', async () => {
  const sim = newSim();
  let calls = 0;
  sim.use(route('GET /rest/api/2/serverInfo', () => {
    calls++;
    return new Response('{}', { status: 429, headers: { 'x-ratelimit-fillrate': '10', 'x-ratelimit-interval-seconds': '2', 'content-type': 'application/json' } });
  }));
  const waits: number[] = [];
  const jira = createClient({ baseUrl: BASE, auth: anonymousAuth, fetch: sim.fetch, sleep: async (ms) => { waits.push(ms); } });
  await assert.rejects(jira.serverInfo(), RateLimitError);
  assert.equal(calls, 4, 'one attempt and three retries');
  assert.deepEqual(waits, [200, 200, 200]);
});

test('network errors: resets are retried for GET; a body cut short too; timeouts are TimeoutError', async () => {
  const sim = newSim();
  let drops = 1;
  sim.use(route('GET /rest/api/2/serverInfo', (ctx) => (drops-- > 0 ? faults.drop()(ctx) : undefined)));
  const jira = createClient({ baseUrl: BASE, auth: anonymousAuth, fetch: sim.fetch, sleep: noSleep });
  assert.equal((await jira.serverInfo()).deploymentType, 'Server');
  let cuts = 1;
  sim.use(route('GET /rest/api/2/project', (ctx) => (cuts-- > 0 ? faults.resetMidBody()(ctx) : undefined)));
  const admin = createClient({ baseUrl: BASE, auth: createBasicAuth({ username: 'admin', password: 'admin' }), fetch: sim.fetch, sleep: noSleep });
  assert.equal((await admin.projects()).length, 2);
  sim.use(route('GET /rest/api/2/field', faults.drop()));
  await assert.rejects(admin.request('GET', '/rest/api/2/field'), (e: unknown) => e instanceof NetworkError && e.code === 'ECONNRESET');
  sim.use(route('GET /rest/api/2/myself', faults.delay(500)));
  const slow = createClient({ baseUrl: BASE, auth: createBasicAuth({ username: 'admin', password: 'admin' }), fetch: sim.fetch, timeoutMs: 100 });
  await assert.rejects(slow.myself(), (e: unknown) => e instanceof TimeoutError && /within 0\.1 s/.test(e.message));
});

test('redirects: same-origin ones are followed and re-signed; another host is refused', async () => {
  const sim = newSim();
  sim.use(route('GET /rest/api/2/old', () => new Response(null, { status: 302, headers: { location: '/jira/rest/api/2/myself' } })));
  sim.use(route('GET /rest/api/2/away', () => new Response(null, { status: 302, headers: { location: 'https://evil.example/steal' } })));
  const jira = createClient({ baseUrl: BASE, auth: createTokenAuth('PAT-1'), fetch: sim.fetch });
  assert.equal(((await jira.request('GET', '/rest/api/2/old')) as { name: string }).name, 'jdoe');
  await assert.rejects(jira.request('GET', '/rest/api/2/away'), /redirected GET \/jira\/rest\/api\/2\/away to another host \(evil\.example\)/);
  // A write follows only 307/308, which keep the method and body; after 302 it would become a GET.
  const posted: string[] = [];
  sim.use(route('POST /rest/api/2/moved', () => new Response(null, { status: 302, headers: { location: '/jira/rest/api/2/target' } })));
  sim.use(route('POST /rest/api/2/kept', () => new Response(null, { status: 307, headers: { location: '/jira/rest/api/2/target' } })));
  sim.use(route('POST /rest/api/2/target', (ctx) => {
    posted.push(ctx.body);
    return new Response('{"ok":true}', { headers: { 'content-type': 'application/json', 'x-ausername': 'jdoe' } });
  }));
  await assert.rejects(jira.request('POST', '/rest/api/2/moved', { body: { a: 1 } }), /^ResponseFormatError: Jira redirected POST \/jira\/rest\/api\/2\/moved with HTTP 302, which does not carry a POST over/);
  assert.deepEqual(await jira.request('POST', '/rest/api/2/kept', { body: { a: 1 } }), { ok: true });
  assert.deepEqual(posted, ['{"a":1}'], 'only the 307 reached the target, body and all');
});

test('a limit asks for no issue beyond it: search_issues(maxResults) and searchIssues({ limit })', async () => {
  const sim = newSim({ issues: 300 });
  const asked: string[] = [];
  const jira = createClient({ baseUrl: BASE, auth: createTokenAuth('PAT-1'), fetch: (input, init) => {
    const url = new URL(String(input));
    if (url.pathname.endsWith('/search')) asked.push(`${url.searchParams.get('startAt')}+${url.searchParams.get('maxResults')}`);
    return sim.fetch(input, init);
  } });
  const jql = 'ORDER BY key ASC';
  const all = (await jira.search_issues(jql, { maxResults: false })).map((i) => i.key);
  asked.length = 0;
  assert.deepEqual((await jira.search_issues(jql)).map((i) => i.key), all.slice(0, 50), "python-jira's default of 50");
  assert.deepEqual(asked, ['0+50']);
  asked.length = 0;
  const some: string[] = [];
  for await (const issue of jira.searchIssues(jql, { limit: 120, pageSize: 50 })) some.push(issue.key);
  assert.deepEqual(some, all.slice(0, 120));
  assert.deepEqual(asked, ['0+50', '50+50', '100+20'], 'the last page asks only for what is left');
  asked.length = 0;
  for await (const issue of jira.searchIssues(jql, { limit: 0 })) assert.fail(`no issue expected, got ${issue.key}`);
  assert.deepEqual(asked, []);
});

test('searchIssues yields every issue in order with bounded read-ahead', async () => {
  const sim = newSim({ issues: 530 });
  let inFlight = 0;
  let most = 0;
  const counting = async (input: string | URL | Request, init?: RequestInit) => {
    inFlight++;
    most = Math.max(most, inFlight);
    try {
      return await sim.fetch(input, init);
    } finally {
      inFlight--;
    }
  };
  const jira = createClient({ baseUrl: BASE, auth: createTokenAuth('PAT-1'), fetch: counting });
  const keys: string[] = [];
  for await (const issue of jira.searchIssues('project = PROJ ORDER BY key ASC', { fields: ['summary'], pageSize: 50, concurrency: 3 })) keys.push(issue.key);
  assert.deepEqual(keys, sim.state.issues.filter((i) => i.projectKey === 'PROJ').map((i) => i.key));
  assert.ok(most <= 3, `at most 3 pages in flight, saw ${most}`);
  assert.ok(most >= 2, 'pages were fetched ahead');
  const capped = createSimulator({ issues: 25, maxResultsCap: 10, pats: [['admin', 'P']] });
  const all = [];
  for await (const issue of createClient({ baseUrl: 'http://j', auth: createTokenAuth('P'), fetch: capped.fetch }).searchIssues('', { pageSize: 100 })) all.push(issue.key);
  assert.equal(all.length, 25, 'a server cap on maxResults is followed');
  assert.equal((await jira.search_issues('project = OPS', { maxResults: false })).length, 265);
});
