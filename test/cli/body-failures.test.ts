// A failure while an answer's body is read (the connection closed halfway, a body too slow for
// the timeout) is a network failure in one sentence, in the dance, applink, through a proxy, and
// in the plugin (which then honours -t N:STATE); never "internal error: terminated".
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createSimulator, faults, route, type RunningSimulator } from '../../src/simulator/index.js';
import { CONSUMER, TEST_KEY_PATH, testKeyPem } from '../helpers/keys.js';
import { cleanEnv, freshHome, runCli } from '../helpers/cli.js';
import { startProxy, type TestProxy } from '../helpers/proxy.js';

const sim = createSimulator({ consumers: [{ key: CONSUMER, publicKeyPem: testKeyPem }], pats: [['admin', 'PAT']] });
let running: RunningSimulator;
let proxy: TestProxy;
before(async () => {
  running = await sim.listen();
  proxy = await startProxy();
});
after(async () => {
  await running.close();
  await proxy.close();
});

const oauth = (): string[] => ['--server', running.url, '--consumer-key', CONSUMER, '--key-cert', TEST_KEY_PATH];
const CUT = /^jirakit: The connection to (127\.0\.0\.1:\d+|the proxy 127\.0\.0\.1:\d+ \(from HTTP_PROXY\)) was closed before the answer was complete\. Try again/m;
const SLOW = /^jirakit: No answer from 127\.0\.0\.1:\d+ within 1 s\. Check that Jira is up/m;

test('a body cut halfway, or too slow, in the dance and applink --server: one sentence, exit 1', async () => {
  const env = cleanEnv(freshHome());
  for (const [command, extra] of [['dance', []], ['applink', []]] as const) {
    sim.reset();
    sim.use(route('POST /plugins/servlet/oauth/request-token', faults.resetMidBody()));
    const cut = await runCli([command, ...oauth(), ...extra], env);
    assert.equal(cut.code, 1, cut.stderr);
    assert.match(cut.stderr, CUT);
    assert.doesNotMatch(cut.stderr, /internal error|terminated/);
    sim.reset();
    sim.use(route('POST /plugins/servlet/oauth/request-token', faults.delay(5000)));
    const slow = await runCli([command, ...oauth(), '--timeout', '1', ...extra], env);
    assert.equal(slow.code, 1, slow.stderr);
    assert.match(slow.stderr, SLOW);
  }
  sim.reset();
});

test('through a proxy, the same failures are the same sentences', async () => {
  sim.reset();
  sim.use(route('GET /rest/api/2/myself', faults.resetMidBody()));
  const r = await runCli(['request', 'GET', '/rest/api/2/myself', '--server', running.url, '--token', 'PAT'], cleanEnv(freshHome(), { HTTP_PROXY: proxy.url }));
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /^jirakit: The connection to \S+ was closed before the answer was complete\./m);
  assert.ok(proxy.forwarded() > 0, 'it went through the proxy');
  sim.reset();
});

test('the plugin: a slow body honours -t N:STATE; a cut one is CRITICAL only when nothing answers at all', async () => {
  sim.reset();
  sim.use(route('GET /rest/plugins/applications/1.0/installed/:app', faults.delay(5000)), route('GET /rest/api/2/applicationrole/:key', faults.delay(5000)));
  const slow = await runCli(['check-license', '--url', running.url, '--token', 'PAT', '-t', '1:WARNING'], cleanEnv(freshHome()));
  assert.equal(slow.code, 1, slow.stdout);
  assert.match(slow.stdout, /^JIRA LICENSE WARNING - (Plugin timed out after 1 seconds|No answer from 127\.0\.0\.1:\d+ within)/);
  sim.reset();
});
