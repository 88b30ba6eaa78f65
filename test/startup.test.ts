// What loading jirakit costs a script: Node's heavy built-ins (crypto, http, tls, repl, zlib)
// stay unloaded until something needs them, and the simulator is not loaded at all. A script
// with a PAT that calls an http server loads node:http only; one that signs loads crypto.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { TEST_KEY_PATH } from './helpers/keys.js';

const INDEX = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const HEAVY = /^NativeModule (crypto|http|https|tls|repl|vm|zlib|internal\/deps\/undici\/undici)$/;
const SIMULATOR = /createSimulator|approveAsUser/;

/** The heavy modules a script loaded, running `body` after importing jirakit as `j`. */
async function heavyLoadedBy(body: string): Promise<string[]> {
  const script = `const before = new Set(process.moduleLoadList);
const j = await import(${JSON.stringify(INDEX)});
${body}
console.log(JSON.stringify(process.moduleLoadList.filter((m) => !before.has(m) && ${HEAVY}.test(m))));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { env: { PATH: process.env['PATH'] ?? '' } });
  return (JSON.parse(stdout) as string[]).map((m) => m.replace('NativeModule ', ''));
}

test('importing jirakit, and a PAT call through connect(), load none of the heavy built-ins', async () => {
  const server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'x-ausername': 'jdoe' }).end(JSON.stringify({ name: 'jdoe', auth: req.headers.authorization }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  try {
    assert.deepEqual(await heavyLoadedBy(''), []);
    const call = `const jira = await j.connect(await j.getConfig(['--server', '${url}', '--token', 'PAT-1'], { HOME: '/nonexistent' }));
const me = await jira.myself();
if (me.auth !== 'Bearer PAT-1') throw new Error('the call did not go out');`;
    assert.deepEqual(await heavyLoadedBy(call), ['http']);
    // The judge can fail: an OAuth key loads node:crypto, as it must.
    assert.deepEqual(await heavyLoadedBy(`await j.loadPrivateKey(${JSON.stringify(TEST_KEY_PATH)});`), ['crypto']);
  } finally {
    await new Promise((r) => server.close(r));
  }
});

test('importing jirakit does not load the simulator; jirakit/simulator does', async () => {
  const { readFileSync } = await import('node:fs');
  const loaded = (entry: string): string => {
    // The entry and the chunks it imports statically: what `import` evaluates.
    const seen = new Set<string>();
    const visit = (file: string): void => {
      if (seen.has(file)) return;
      seen.add(file);
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^import[^'"]*['"](\.[^'"]+)['"]/gm)) visit(fileURLToPath(new URL(m[1] ?? '', `file://${file}`)));
    };
    visit(fileURLToPath(new URL(`../dist/${entry}`, import.meta.url)));
    return [...seen].map((f) => readFileSync(f, 'utf8')).join('\n');
  };
  assert.doesNotMatch(loaded('index.js'), SIMULATOR);
  assert.match(loaded('simulator.js'), SIMULATOR, 'the judge can fail: the simulator entry has it');
});
