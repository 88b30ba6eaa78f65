// The published package as a user gets it: `npm pack`, installed into an empty project (offline,
// from npm's cache), both entries imported and used, and their types checked by tsc. `jirakit`
// must not load the simulator; `jirakit/simulator` is the simulator as a library.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const run = promisify(execFile);
const npm = (args: string[], cwd: string) => run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, env: { ...process.env, npm_config_update_notifier: 'false' }, maxBuffer: 16 * 2 ** 20 });

const USE = `import { createClient, createTokenAuth, isJiraKitError, VERSION } from 'jirakit';
const before = Object.keys(globalThis).length;
const { createSimulator, route } = await import('jirakit/simulator');
const sim = createSimulator({ pats: [['jdoe', 'P']] });
sim.use(route('GET /rest/api/2/myself', () => new Response('{"name":"via-route"}', { headers: { 'content-type': 'application/json', 'x-ausername': 'jdoe' } })));
const jira = createClient({ baseUrl: 'http://jira.test', auth: createTokenAuth('P'), fetch: sim.fetch });
const info = await jira.serverInfo();
const me = await jira.myself();
console.log(JSON.stringify({ version: info.version, me: me.name, kit: typeof VERSION, guard: isJiraKitError(new Error('x')), before }));
`;

const TYPES = `import { createClient, createTokenAuth, type JiraClient, type Hooks } from 'jirakit';
import { createSimulator, type Simulator } from 'jirakit/simulator';
const sim: Simulator = createSimulator();
const hooks: Hooks = { afterResponse: [(r) => void r.status] };
const jira: JiraClient = createClient({ baseUrl: 'http://jira.test', auth: createTokenAuth('P'), fetch: sim.fetch, hooks });
const version: Promise<string> = jira.serverInfo().then((i) => i.version);
void version;
`;

test('npm pack, install into a new project, import and use both entries, check their types', { timeout: 180_000 }, async () => {
  const work = mkdtempSync(join(tmpdir(), 'jirakit-pack-'));
  // prepack would rebuild dist/ under the tests running beside this one: build the declarations
  // (added next to the bundles npm test built) and pack without scripts.
  await run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(ROOT, 'tsconfig.build.json')], { cwd: ROOT });
  const { stdout } = await npm(['pack', '--ignore-scripts', '--pack-destination', work], ROOT);
  const tarball = join(work, stdout.trim().split('\n').pop() ?? '');
  const project = join(work, 'project');
  await run('mkdir', ['-p', project]);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', version: '1.0.0', type: 'module', private: true }));
  // Offline: the dependencies come from npm's cache, which `npm ci` filled; tests use no network.
  await npm(['install', '--offline', '--ignore-scripts', tarball], project);
  assert.ok(readdirSync(join(project, 'node_modules', 'jirakit', 'dist')).includes('simulator.js'));
  writeFileSync(join(project, 'use.mjs'), USE);
  const used = await run(process.execPath, ['use.mjs'], { cwd: project });
  assert.deepEqual(JSON.parse(used.stdout), { version: '10.3.19', me: 'via-route', kit: 'string', guard: false, before: JSON.parse(used.stdout).before });
  // Importing jirakit alone evaluates no simulator code.
  const bare = await run(process.execPath, ['--input-type=module', '-e', "await import('jirakit'); console.log(JSON.stringify(Object.keys(await import('jirakit')).filter((k) => /simulat/i.test(k))))"], { cwd: project });
  assert.equal(bare.stdout.trim(), '[]');
  writeFileSync(join(project, 'types.mts'), TYPES);
  writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', target: 'ES2022', lib: ['ES2023', 'DOM'], strict: true, noEmit: true, skipLibCheck: false, types: ['node'], typeRoots: [join(ROOT, 'node_modules', '@types')] },
    files: ['types.mts'],
  }));
  await run(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', project], { cwd: project }).catch((error: { stdout?: string }) => {
    assert.fail(`the package's types do not check:\n${error.stdout ?? ''}`);
  });
});
