// The new resources behind the same rules as the old ones: anonymous callers see nothing, a user
// who is not an administrator is refused administrators' and project administrators' work, cookie
// sessions need WebSudo for admin writes, and XSRF still guards form and multipart posts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSimulator } from '../../src/simulator/index.js';
import { basic } from '../helpers/sim.js';

const BASE = 'http://jira.test/jira';
const sim = createSimulator({ contextPath: '/jira', issues: 20, pats: [['admin', 'PAT-admin']] });
const as = (user: string | undefined, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
  sim.fetch(`${BASE}${path}`, {
    method,
    // A body-less DELETE is XSRF-able in Jira (no Content-Type): scripts send no-check, as python-jira does.
    headers: { ...(user ? { authorization: basic(user, user) } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...(method === 'DELETE' ? { 'x-atlassian-token': 'no-check' } : {}), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
const errorOf = async (res: Response) => ((await res.json()) as { errorMessages: string[]; errors: Record<string, string> });

test('anonymous callers get 401 or see nothing on the new resources', async () => {
  for (const [method, path, status] of [
    ['GET', '/rest/api/2/user/search?username=.', 401],
    ['GET', '/rest/api/2/user?username=admin', 401],
    ['GET', '/rest/api/2/groups/picker', 401],
    ['GET', '/rest/api/2/priority', 401],
    ['GET', '/rest/api/2/permissionscheme', 401],
    ['GET', '/rest/api/2/issue/PROJ-1/comment', 404],
    ['GET', '/rest/api/2/issue/PROJ-1/worklog', 404],
    ['GET', '/rest/api/2/issue/PROJ-1/watchers', 404],
    ['GET', '/rest/api/2/component/10000', 404],
    ['GET', '/rest/api/2/version/10000', 404],
    ['GET', '/rest/agile/1.0/board', 401],
    ['GET', '/rest/agile/1.0/board/1', 404],
    ['POST', '/rest/api/2/filter', 401],
    ['POST', '/rest/api/2/project', 401],
    ['GET', '/rest/pat/latest/tokens', 401],
  ] as const) {
    const res = await as(undefined, method, path, method === 'POST' ? {} : undefined);
    assert.equal(res.status, status, `${method} ${path}`);
    assert.equal(res.headers.get('x-ausername'), 'anonymous');
  }
  assert.deepEqual(await (await as(undefined, 'GET', '/rest/api/2/project')).json(), []);
  const mine = (await (await as(undefined, 'GET', '/rest/api/2/mypermissions?permissions=BROWSE_PROJECTS')).json()) as { permissions: Record<string, { havePermission: boolean }> };
  assert.equal(mine.permissions['BROWSE_PROJECTS']?.havePermission, false);
});

test("a user who is not an administrator is refused administrators' writes, and nothing changes", async () => {
  const refused: [string, string, unknown][] = [
    ['POST', '/rest/api/2/project', { key: 'NOPE', name: 'Nope', lead: 'jdoe', projectTypeKey: 'software' }],
    ['DELETE', '/rest/api/2/project/OPS', undefined],
    ['POST', '/rest/api/2/user', { name: 'eve', emailAddress: 'eve@example.com' }],
    ['DELETE', '/rest/api/2/user?username=admin', undefined],
    ['POST', '/rest/api/2/group', { name: 'eves' }],
    ['POST', '/rest/api/2/group/user?groupname=jira-administrators', { name: 'jdoe' }],
    ['PUT', '/rest/api/2/application-properties/jira.title', { id: 'jira.title', value: 'Eve' }],
  ];
  for (const [method, path, body] of refused) assert.equal((await as('jdoe', method, path, body)).status, 403, `${method} ${path}`);
  assert.equal((await as('admin', 'GET', '/rest/api/2/project/NOPE')).status, 404);
  assert.equal((await as('admin', 'GET', '/rest/api/2/project/OPS')).status, 200);
  assert.equal((await as('admin', 'GET', '/rest/api/2/user?username=eve')).status, 404);
  const admins = (await (await as('admin', 'GET', '/rest/api/2/group?groupname=jira-administrators&expand=users')).json()) as { users: { items: { name: string }[] } };
  assert.deepEqual(admins.users.items.map((u) => u.name), ['admin']);
  assert.equal((await as('jdoe', 'GET', '/rest/api/2/group?groupname=jira-administrators')).status, 403, 'group membership is for administrators');
  assert.equal((await as('jdoe', 'GET', '/rest/api/2/application-properties')).status, 403);
});

test("a user who is not a project administrator cannot delete issues, manage components, versions, roles or sprints", async () => {
  const del = await as('jdoe', 'DELETE', '/rest/api/2/issue/PROJ-2');
  assert.equal(del.status, 403);
  assert.deepEqual((await errorOf(del)).errorMessages, ['You do not have permission to delete issues in this project.']);
  assert.equal((await as('jdoe', 'GET', '/rest/api/2/issue/PROJ-2')).status, 200, 'still there');
  assert.equal((await as('jdoe', 'POST', '/rest/api/2/component', { name: 'x', project: 'PROJ' })).status, 403);
  assert.equal((await as('jdoe', 'POST', '/rest/api/2/version', { name: 'x', project: 'PROJ' })).status, 403);
  assert.equal((await as('jdoe', 'POST', '/rest/api/2/project/PROJ/role/10002', { user: ['jdoe'] })).status, 403);
  assert.equal((await as('jdoe', 'POST', '/rest/agile/1.0/sprint', { name: 's', originBoardId: 1 })).status, 403);
  const quiet = await as('jdoe', 'PUT', '/rest/api/2/issue/PROJ-2?notifyUsers=false', { fields: { summary: 'quiet' } });
  assert.equal(quiet.status, 403);
  assert.deepEqual((await errorOf(quiet)).errorMessages, ['To discard the user notification either admin or project admin permissions are required.']);
  const perms = (await (await as('jdoe', 'GET', '/rest/api/2/mypermissions?projectKey=PROJ')).json()) as { permissions: Record<string, { havePermission: boolean }> };
  assert.deepEqual(['BROWSE_PROJECTS', 'EDIT_ISSUES', 'DELETE_ISSUES', 'ADMINISTER'].map((k) => perms.permissions[k]?.havePermission), [true, true, false, false]);
});

test("a user edits and deletes their own comments only; a restricted comment is hidden from non-members", async () => {
  const mine = (await (await as('jdoe', 'POST', '/rest/api/2/issue/PROJ-3/comment', { body: 'mine' })).json()) as { id: string };
  const theirs = (await (await as('admin', 'POST', '/rest/api/2/issue/PROJ-3/comment', { body: 'admins only', visibility: { type: 'group', value: 'jira-administrators' } })).json()) as { id: string };
  assert.equal((await as('jdoe', 'PUT', `/rest/api/2/issue/PROJ-3/comment/${mine.id}`, { body: 'edited' })).status, 200);
  assert.equal((await as('jdoe', 'GET', `/rest/api/2/issue/PROJ-3/comment/${theirs.id}`)).status, 404, 'not a member of the group');
  const seen = (await (await as('jdoe', 'GET', '/rest/api/2/issue/PROJ-3/comment')).json()) as { comments: { id: string; body: string }[] };
  assert.deepEqual(seen.comments.map((c) => c.body), ['edited']);
  const badRole = await as('jdoe', 'POST', '/rest/api/2/issue/PROJ-3/comment', { body: 'x', visibility: { type: 'role', value: 'Administrators' } });
  assert.deepEqual(await errorOf(badRole), { errorMessages: [], errors: { commentLevel: 'You are currently not a member of the project role: Administrators.' } });
  const adminSees = (await (await as('admin', 'GET', '/rest/api/2/issue/PROJ-3/comment')).json()) as { comments: { body: string; visibility?: unknown }[] };
  assert.deepEqual(adminSees.comments.map((c) => [c.body, c.visibility]), [['edited', undefined], ['admins only', { type: 'group', value: 'jira-administrators' }]]);
  assert.equal((await as('admin', 'DELETE', `/rest/api/2/issue/PROJ-3/comment/${mine.id}`)).status, 204, 'an administrator deletes anyone\'s');
});

test('cookie sessions: POST /rest/auth/1/session logs in, admin writes then need WebSudo, DELETE logs out', async () => {
  const login = await sim.fetch(`${BASE}/rest/auth/1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin' }) });
  assert.equal(login.status, 200);
  const { session } = (await login.json()) as { session: { name: string; value: string } };
  assert.equal(session.name, 'JSESSIONID');
  const cookie = { cookie: `JSESSIONID=${session.value}` };
  const who = await sim.fetch(`${BASE}/rest/auth/1/session`, { headers: cookie });
  assert.equal(((await who.json()) as { name: string }).name, 'admin');
  const create = await sim.fetch(`${BASE}/rest/api/2/group`, { method: 'POST', headers: { ...cookie, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'via-cookie' }) });
  assert.equal(create.status, 401);
  assert.deepEqual(await create.json(), { message: 'This resource requires WebSudo.', 'status-code': 401 });
  const form = await sim.fetch(`${BASE}/rest/api/2/issue/PROJ-1/comment`, { method: 'POST', headers: { ...cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: 'body=x' });
  assert.equal(form.status, 403, 'XSRF rules unchanged for a cookie session');
  assert.equal((await sim.fetch(`${BASE}/rest/auth/1/session`, { method: 'DELETE', headers: { ...cookie, 'x-atlassian-token': 'no-check' } })).status, 204);
  assert.equal((await sim.fetch(`${BASE}/rest/auth/1/session`, { headers: cookie })).status, 401, 'the session is gone');
  const wrong = await sim.fetch(`${BASE}/rest/auth/1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'jdoe', password: 'nope' }) });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.headers.get('x-seraph-loginreason'), 'AUTHENTICATED_FAILED');
});

test('attachments need X-Atlassian-Token: no-check (multipart is XSRF-able); PATs made through the resource work until revoked', async () => {
  const form = new FormData();
  form.append('file', new Blob(['hello']), 'a.txt');
  assert.equal((await sim.fetch(`${BASE}/rest/api/2/issue/PROJ-4/attachments`, { method: 'POST', headers: { authorization: basic('jdoe', 'jdoe') }, body: form })).status, 403);
  const made = await as('jdoe', 'POST', '/rest/pat/latest/tokens', { name: 'ci', expirationDuration: 90 });
  assert.equal(made.status, 201);
  const pat = (await made.json()) as { id: number; name: string; rawToken: string };
  assert.equal(pat.name, 'ci');
  const me = await sim.fetch(`${BASE}/rest/api/2/myself`, { headers: { authorization: `Bearer ${pat.rawToken}` } });
  assert.equal(((await me.json()) as { name: string }).name, 'jdoe');
  const listed = (await (await as('jdoe', 'GET', '/rest/pat/latest/tokens')).json()) as { id: number; rawToken?: string }[];
  assert.deepEqual(listed.map((t) => [t.id, t.rawToken]), [[pat.id, undefined]], 'listed without the token itself');
  assert.equal((await as('admin', 'DELETE', `/rest/pat/latest/tokens/${pat.id}`)).status, 404, "not another user's token");
  assert.equal((await as('jdoe', 'DELETE', `/rest/pat/latest/tokens/${pat.id}`)).status, 204);
  assert.equal((await sim.fetch(`${BASE}/rest/api/2/myself`, { headers: { authorization: `Bearer ${pat.rawToken}` } })).status, 401);
});

test('a PAT gets WebSudo on admin writes unless patBypassesWebSudo; Basic and OAuth never do', async () => {
  const bearer = { authorization: 'Bearer PAT-admin', 'content-type': 'application/json' };
  const refused = await sim.fetch(`${BASE}/rest/api/2/group`, { method: 'POST', headers: bearer, body: JSON.stringify({ name: 'pat-group' }) });
  assert.equal(refused.status, 401);
  const bypass = createSimulator({ pats: [['admin', 'PAT-admin']], patBypassesWebSudo: true });
  const ok = await bypass.fetch('http://jira.test/rest/api/2/group', { method: 'POST', headers: bearer, body: JSON.stringify({ name: 'pat-group' }) });
  assert.equal(ok.status, 201);
  assert.equal((await as('admin', 'POST', '/rest/api/2/group', { name: 'basic-group' })).status, 201);
});
