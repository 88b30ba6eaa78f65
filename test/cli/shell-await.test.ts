// Top-level await in the shell (src/cli/top-level-await.ts) judged by Node's own REPL: the same
// lines give the same values in both. And what Node's REPL gets wrong for a piped shell: an error
// thrown by a line stops nothing, and a failing await is one line on stderr.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import repl from 'node:repl';
import { PassThrough, Readable } from 'node:stream';
import { runShell } from '../../src/cli/shell.js';
import { SecretMasker } from '../../src/errors/secrets.js';
import type { JiraClient } from '../../src/client/jira-client.js';
import { createClient } from '../../src/client/client.js';
import { createTokenAuth } from '../../src/auth/token.js';
import { createSimulator } from '../../src/simulator/index.js';
import { wrapTopLevelAwait } from '../../src/cli/top-level-await.js';

const CASES: string[][] = [
  ['await 1'],
  ['await 1 // a comment at the end'],
  ['const a = await Promise.resolve(2)', 'a'],
  ['let { b, c: [d], ...e } = await Promise.resolve({ b: 1, c: [2], f: 3 })', '[b, d, e]'],
  ['var v = await 5, w', '[v, w]'],
  ['let x; x = await Promise.resolve(4)', 'x'],
  ['async function f() { return 7 } const g = await f()', '[g, f.name, typeof f]'],
  ['let sum = 0; for await (const n of [Promise.resolve(1), 2]) sum += n; sum'],
  ['(await Promise.resolve([1, 2])).map((n) => n * 2)'],
  ['"await" + " is a word here"'],
  ['const h = async () => { await 1; return 3 }', 'await h()'],
  ['await new Promise((r) => setTimeout(() => r("later"), 5))'],
  ['let m = 1; m = await Promise.resolve(m + 1); m'],
  ['await 1; const late = 2', 'late'],
];

/** Output of a REPL fed one line at a time, each after the previous one's prompt. */
async function nodeRepl(lines: readonly string[]): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let out = '';
  output.on('data', (d: Buffer) => { out += d.toString(); });
  const PROMPT = '<<prompt>>\n';
  const server = repl.start({ prompt: PROMPT, input, output, terminal: false, useColors: false, ignoreUndefined: true });
  const promptShown = async (count: number): Promise<void> => {
    while (out.split(PROMPT).length - 1 < count) await new Promise((r) => setTimeout(r, 2));
  };
  for (const [k, line] of lines.entries()) {
    await promptShown(k + 1);
    input.write(`${line}\n`);
  }
  await promptShown(lines.length + 1);
  server.close();
  return out.split(PROMPT).join('');
}

async function shell(lines: readonly string[], client: unknown = {}): Promise<{ out: string; err: string; code: number }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (d: Buffer) => { out += d.toString(); });
  stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const code = await runShell(client as JiraClient, { stdout, stderr, stdin: Readable.from([`${lines.join('\n')}\n`]), env: {}, interactive: false, secrets: new SecretMasker(), rawStdout: stdout }, { server: 'http://jira.example' });
  // Past the banner: what the lines printed.
  return { out: out.split('\n').slice(4).join('\n'), err, code };
}

for (const lines of CASES) {
  test(`top-level await as Node's REPL does it: ${lines.join(' ⏎ ')}`, async () => {
    assert.ok(lines.some((l) => wrapTopLevelAwait(l) !== undefined) || !lines.join('').match(/(^|[^"])await /), 'the case uses top-level await');
    const expected = await nodeRepl(lines);
    const { out, err } = await shell(lines);
    assert.equal(err, '');
    assert.equal(out, expected);
  });
}

test('two lines Node 20\'s own REPL fails on (a class then a statement; a hole in an array pattern) work', async () => {
  const { out, err } = await shell([
    'class K { x = 1 } const k = new K(); await k.x',
    '[k.x, typeof K]',
    'const [p = 9, , q] = await Promise.resolve([undefined, 0, 8])',
    '[p, q]',
  ]);
  assert.equal(err, '');
  assert.equal(out, "1\n[ 1, 'function' ]\n[ 9, 8 ]\n");
});

test('lines without top-level await are left to node:repl as they are', () => {
  for (const line of ['1 + 1', '"await"', 'async () => { await 1 }', 'const f = async function () { for await (const x of y) {} }', 'await (', '{ await: 1 }']) {
    assert.equal(wrapTopLevelAwait(line), undefined, line);
  }
});

test('piped lines go on after a line throws, a rejected promise and a failing await; Jira errors are one line on stderr', async () => {
  const sim = createSimulator({ pats: [['jdoe', 'P']] });
  const jira = createClient({ baseUrl: 'http://jira.example', auth: createTokenAuth('P'), fetch: sim.fetch });
  const { out, err, code } = await shell(
    ['nope', '1 + 1', 'throw new Error("thrown")', 'Promise.reject(new Error("rejected"))', 'await jira.issue("NOPE-1")', 'const me = await jira.myself()', 'me.name', 'const e = await jira.issue("NOPE-2").catch((x) => x)'],
    jira,
  );
  assert.equal(code, 1, "lines failed, so the script did");
  // REPLn counts every REPL this process has started.
  assert.deepEqual(out.split('\n').filter(Boolean).map((l) => l.replace(/REPL\d+:/, 'REPL:')), [
    'Uncaught ReferenceError: nope is not defined',
    '    at REPL:1:1',
    '2',
    'Uncaught Error: thrown',
    '    at REPL:1:7',
    'Uncaught Error: rejected',
    '    at REPL:1:16',
    "'jdoe'",
  ]);
  assert.equal(err, 'jira: Jira answered GET /rest/api/2/issue/NOPE-1 with HTTP 404: Issue does not exist or you do not have permission to see it. Check the request.\n');
});

test('an error looked at as a value keeps its fields and loses the stack frames outside the line', async () => {
  const sim = createSimulator({ pats: [['jdoe', 'P']] });
  const jira = createClient({ baseUrl: 'http://jira.example', auth: createTokenAuth('P'), fetch: sim.fetch });
  const { out, err } = await shell(['await jira.issue("NOPE-2").catch((x) => x)'], jira);
  assert.equal(err, '');
  assert.match(out, /^HttpError: Jira answered GET \/rest\/api\/2\/issue\/NOPE-2 with HTTP 404/);
  assert.match(out, /status: 404/);
  assert.match(out, /errorMessages: \[ 'Issue does not exist or you do not have permission to see it\.' \]/);
  assert.doesNotMatch(out, /^\s+at (?!(async )?REPL\d+:)/m, 'only frames of the line itself');
});

test("a list of issues prints as python-jira's repr, one issue in full", async () => {
  const sim = createSimulator({ pats: [['jdoe', 'P']] });
  const jira = createClient({ baseUrl: 'http://jira.example', auth: createTokenAuth('P'), fetch: sim.fetch });
  const { out, err } = await shell(['await jira.search_issues("project = OPS ORDER BY key ASC", { maxResults: 3 })', '(await jira.search_issues("project = OPS ORDER BY key ASC", { maxResults: 1 }))[0].fields.summary', 'await jira.search_issues("project = OPS AND labels = nothing-here")'], jira);
  assert.equal(err, '');
  const ids = (await jira.search_issues('project = OPS ORDER BY key ASC', { maxResults: 3 })).map((i) => `<JIRA Issue: key='${i.key}', id='${i.id}'>`);
  const first = (await jira.issue('OPS-1')).fields['summary'];
  assert.equal(out, `[\n  ${ids.join(',\n  ')}\n]\n${JSON.stringify(first).replace(/"/g, "'")}\n[]\n`);
});

test('piped lines that continue a statement print its value alone, without the REPL\'s "... "', async () => {
  const { out, err } = await shell(['const x = await Promise.resolve(', '  [1, 2])', 'function f() {', '  return x.length }', 'f()']);
  assert.equal(err, '');
  assert.equal(out, '2\n');
});
