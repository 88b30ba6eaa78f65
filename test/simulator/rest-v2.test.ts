// Issues as scripts change them: the bugs of issue #16 (comment ids, priority on create, expand,
// visibility), edit operations with a changelog, and JQL beyond AND.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSimulator } from '../../src/simulator/index.js';
import { basic } from '../helpers/sim.js';

const BASE = 'http://jira.test/jira';
const NOW = Date.UTC(2026, 5, 15, 12, 0);
const sim = createSimulator({ contextPath: '/jira', issues: 40, now: () => NOW });
const call = async <T = any>(method: string, path: string, body?: unknown, user = 'admin'): Promise<{ status: number; body: T }> => {
  const res = await sim.fetch(`${BASE}${path}`, { method, headers: { authorization: basic(user, user), 'content-type': 'application/json' }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
};
const keys = async (jql: string): Promise<string[]> => {
  const r = await call<{ issues: { key: string }[]; errorMessages?: string[] }>('POST', '/rest/api/2/search', { jql, maxResults: 1000, fields: ['summary'] });
  assert.equal(r.status, 200, `${jql}: ${JSON.stringify(r.body.errorMessages)}`);
  return r.body.issues.map((i) => i.key);
};

test('comment ids are unique across comments, transitions and issues', async () => {
  const a = await call<{ id: string }>('POST', '/rest/api/2/issue/PROJ-1/comment', { body: 'one' });
  await call('POST', '/rest/api/2/issue/PROJ-1/transitions', { transition: { id: '11' }, update: { comment: [{ add: { body: 'two' } }] } });
  const c = await call<{ id: string }>('POST', '/rest/api/2/issue/OPS-1/comment', { body: 'three' });
  const onProj = await call<{ comments: { id: string; body: string }[] }>('GET', '/rest/api/2/issue/PROJ-1/comment');
  const ids = [...onProj.body.comments.map((x) => x.id), c.body.id];
  assert.equal(new Set(ids).size, 3, ids.join(','));
  assert.deepEqual(onProj.body.comments.map((x) => x.body), ['one', 'two']);
  assert.equal(onProj.body.comments[0]?.id, a.body.id);
});

test('create keeps priority, visibility survives, and expand shows changelog, renderedFields, names, schema, transitions, editmeta', async () => {
  const made = await call<{ key: string }>('POST', '/rest/api/2/issue', { fields: { project: { key: 'PROJ' }, issuetype: { name: 'Bug' }, summary: 'Backups fail', priority: { name: 'High' }, description: 'It *fails*' } });
  assert.equal(made.status, 201);
  const comment = await call<{ visibility: unknown }>('POST', `/rest/api/2/issue/${made.body.key}/comment`, { body: 'secret', visibility: { type: 'role', value: 'Administrators' } });
  assert.deepEqual(comment.body.visibility, { type: 'role', value: 'Administrators' });
  assert.equal((await call('PUT', `/rest/api/2/issue/${made.body.key}`, { fields: { priority: { id: '1' } }, update: { labels: [{ add: 'ops' }] } })).status, 204);
  const issue = await call<any>('GET', `/rest/api/2/issue/${made.body.key}?expand=changelog,renderedFields,names,schema,transitions,editmeta`);
  assert.equal(issue.body.fields.priority.name, 'Highest');
  assert.deepEqual(issue.body.changelog.histories[0].items, [
    { field: 'priority', fieldtype: 'jira', from: '2', fromString: 'High', to: '1', toString: 'Highest' },
    { field: 'labels', fieldtype: 'jira', from: null, fromString: null, to: null, toString: 'ops' },
  ]);
  assert.equal(issue.body.renderedFields.description, '<p>It <b>fails</b></p>');
  assert.equal(issue.body.names.priority, 'Priority');
  assert.deepEqual(issue.body.schema.labels, { type: 'array', items: 'string', system: 'labels' });
  assert.equal(issue.body.transitions[0].name, 'Start Progress');
  assert.deepEqual(issue.body.editmeta.fields.summary.operations, ['set']);
  assert.equal(issue.body.fields.comment.comments[0].visibility.value, 'Administrators');
});

test("edit errors are Jira's: unknown fields, bad values, nothing half-applied", async () => {
  const bad = await call('PUT', '/rest/api/2/issue/PROJ-5', { fields: { summary: 'changed', colour: 'red', priority: { name: 'Urgent' }, assignee: { name: 'ghost' } } });
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body, { errorMessages: [], errors: { colour: "Field 'colour' cannot be set. It is not on the appropriate screen, or unknown.", priority: "Priority name 'Urgent' is not valid", assignee: "User 'ghost' does not exist." } });
  const after = await call<{ fields: { summary: string } }>('GET', '/rest/api/2/issue/PROJ-5?fields=summary');
  assert.notEqual(after.body.fields.summary, 'changed');
  const assign = await call('PUT', '/rest/api/2/issue/PROJ-5/assignee', { name: null });
  assert.equal(assign.status, 204);
  assert.equal((await call<{ fields: { assignee: null } }>('GET', '/rest/api/2/issue/PROJ-5?fields=assignee')).body.fields.assignee, null);
});

test('JQL: OR, NOT, parentheses, ~, IS EMPTY, comparisons, relative dates, functions, ORDER BY', async () => {
  const { issues } = sim.state;
  const proj = issues.filter((i) => i.projectKey === 'PROJ');
  // Jira's key order: by project key, then by number.
  const byKey = (a: string, b: string): number => a.split('-')[0]!.localeCompare(b.split('-')[0]!) || Number(a.split('-')[1]) - Number(b.split('-')[1]);
  assert.deepEqual(await keys('project = PROJ OR project = OPS ORDER BY key ASC'), issues.map((i) => i.key).sort(byKey));
  assert.deepEqual(await keys('summary ~ "backup" ORDER BY key ASC'), issues.filter((i) => /backups?\b/i.test(i.summary)).map((i) => i.key).sort(byKey));
  assert.deepEqual(new Set(await keys('project = PROJ AND NOT (status = Open OR status = Closed)')), new Set(proj.filter((i) => !['1', '6'].includes(i.statusId)).map((i) => i.key)));
  assert.deepEqual(new Set(await keys('project = PROJ AND assignee IS EMPTY')), new Set(proj.filter((i) => i.assignee === undefined).map((i) => i.key)));
  assert.deepEqual(new Set(await keys('priority > Medium AND project = OPS')), new Set(issues.filter((i) => i.projectKey === 'OPS' && Number(i.priorityId) < 3).map((i) => i.key)));
  const cut = Date.UTC(2026, 0, 1, 12, 0);
  assert.deepEqual(new Set(await keys('created < "2026-01-01 12:00"')), new Set(issues.filter((i) => i.created < cut).map((i) => i.key)));
  assert.equal((await keys('created >= -1d')).length, issues.filter((i) => i.created >= NOW - 86_400_000).length);
  assert.deepEqual(new Set(await keys('assignee = currentUser()')), new Set(issues.filter((i) => i.assignee === 'admin').map((i) => i.key)));
  assert.deepEqual(new Set(await keys('assignee in membersOf("jira-administrators")')), new Set(issues.filter((i) => i.assignee === 'admin').map((i) => i.key)));
  const byPriority = await call<{ issues: { fields: { priority: { id: string } } }[] }>('POST', '/rest/api/2/search', { jql: 'project = OPS ORDER BY priority DESC, key ASC', maxResults: 50, fields: ['priority'] });
  const ids = byPriority.body.issues.map((i) => Number(i.fields.priority.id));
  assert.deepEqual(ids, [...ids].sort((a, b) => a - b), 'Highest first');
  for (const [jql, message] of [
    ['summary = foo', "The operator '=' is not supported by the 'summary' field."],
    ['project ~ PROJ', "The operator '~' is not supported by the 'project' field."],
    ['created > tomorrow', "Date value 'tomorrow' for field 'created' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'."],
    ['assignee = nobody', "The value 'nobody' does not exist for the field 'assignee'."],
    ['issuefunction in foo()', "Field 'issuefunction' does not exist or you do not have permission to view it."],
    ['assignee in fooBar()', "Unable to find JQL function 'fooBar()'."],
    ['labels = x ORDER BY labels', "Field 'labels' does not support sorting."],
  ]) {
    const r = await call<{ errorMessages: string[] }>('GET', `/rest/api/2/search?jql=${encodeURIComponent(jql ?? '')}`);
    assert.equal(r.status, 400, jql);
    assert.deepEqual(r.body.errorMessages, [message]);
  }
});

test('delete with subtasks, bulk create, and a deleted key is never reused', async () => {
  const parent = await call<{ key: string }>('POST', '/rest/api/2/issue', { fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'parent' } });
  const child = await call<{ key: string }>('POST', '/rest/api/2/issue', { fields: { project: { key: 'OPS' }, issuetype: { id: '10004' }, summary: 'child', parent: { key: parent.body.key } } });
  const subtasks = await call<{ fields: { subtasks: { key: string }[] } }>('GET', `/rest/api/2/issue/${parent.body.key}?fields=subtasks`);
  assert.deepEqual(subtasks.body.fields.subtasks.map((s) => s.key), [child.body.key]);
  assert.equal((await call('DELETE', `/rest/api/2/issue/${parent.body.key}`)).status, 400);
  assert.equal((await call('DELETE', `/rest/api/2/issue/${parent.body.key}?deleteSubtasks=true`)).status, 204);
  assert.equal((await call('GET', `/rest/api/2/issue/${child.body.key}`)).status, 404);
  const bulk = await call<{ issues: { key: string }[]; errors: { failedElementNumber: number; elementErrors: { errors: Record<string, string> } }[] }>('POST', '/rest/api/2/issue/bulk', { issueUpdates: [{ fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' }, summary: 'b1' } }, { fields: { project: { key: 'OPS' }, issuetype: { name: 'Task' } } }] });
  assert.equal(bulk.status, 201);
  assert.deepEqual(bulk.body.errors, [{ status: 400, elementErrors: { errorMessages: [], errors: { summary: 'You must specify a summary of the issue.' } }, failedElementNumber: 1 }]);
  const n = (key: string): number => Number(key.split('-')[1]);
  assert.equal(n(bulk.body.issues[0]?.key ?? ''), n(child.body.key) + 1, 'numbering goes on after deleted issues');
});

test('the changelog records attachments, links, worklogs and sprint changes too', async () => {
  const form = new FormData();
  form.append('file', new Blob(['x']), 'note.txt');
  const up = await sim.fetch(`${BASE}/rest/api/2/issue/OPS-2/attachments`, { method: 'POST', headers: { authorization: basic('admin', 'admin'), 'x-atlassian-token': 'no-check' }, body: form });
  const [file] = (await up.json()) as { id: string }[];
  assert.equal((await call('POST', '/rest/api/2/issueLink', { type: { name: 'Blocks' }, inwardIssue: { key: 'OPS-2' }, outwardIssue: { key: 'OPS-3' } })).status, 201);
  const log = await call<{ id: string }>('POST', '/rest/api/2/issue/OPS-2/worklog', { timeSpent: '1h' });
  const sprint = await call<{ id: number }>('POST', '/rest/agile/1.0/sprint', { name: 'History', originBoardId: 1 });
  assert.equal((await call('POST', `/rest/agile/1.0/sprint/${sprint.body.id}/issue`, { issues: ['PROJ-9'] })).status, 204);
  const items = async (key: string) => ((await call<any>('GET', `/rest/api/2/issue/${key}?expand=changelog&fields=summary`)).body.changelog.histories as { items: { field: string; toString: string | null; to: string | null }[] }[]).flatMap((h) => h.items);
  assert.deepEqual((await items('OPS-2')).map((i) => [i.field, i.toString]), [['Attachment', 'note.txt'], ['Link', 'This issue blocks OPS-3'], ['timespent', '3600'], ['WorklogId', log.body.id]]);
  assert.equal((await items('OPS-2'))[0]?.to, file?.id);
  assert.deepEqual((await items('OPS-3')).map((i) => [i.field, i.toString]), [['Link', 'This issue is blocked by OPS-2']]);
  assert.deepEqual((await items('PROJ-9')).map((i) => [i.field, i.toString]), [['Sprint', 'History']]);
});
