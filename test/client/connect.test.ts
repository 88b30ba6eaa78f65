// getConfig and connect: one settings chain for scripts, TLS trust, --no-verify, proxies.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { getConfig } from '../../src/config/get-config.js';
import { connect } from '../../src/client/connect.js';
import { createSimulator } from '../../src/simulator/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { TlsError } from '../../src/errors/network-error.js';
import { ConfigError } from '../../src/errors/jira-kit-error.js';
import { CONSUMER, TEST_KEY_PATH, testKeyPem } from '../helpers/keys.js';
import { freshHome } from '../helpers/cli.js';
import { oauthToken } from '../helpers/sim.js';
import { startProxy, type TestProxy } from '../helpers/proxy.js';
import { USER_AGENT } from '../../src/http/user-agent.js';

const sim = createSimulator({ consumers: [{ key: CONSUMER, publicKeyPem: testKeyPem }], pats: [['jdoe', 'PAT-1']] });
let https: RunningSimulator;
let plain: RunningSimulator;
let proxy: TestProxy;
before(async () => {
  https = await sim.listen({ https: true });
  plain = await sim.listen();
  proxy = await startProxy();
});
after(async () => {
  await https.close();
  await plain.close();
  await proxy.close();
});

test("getConfig reads jirashell's flags and leaves the script's own arguments", async () => {
  const home = freshHome();
  const config = await getConfig(['-s', 'https://jira.example.com/', '-ck', CONSUMER, '-k', TEST_KEY_PATH, '-at', 'TOKEN', '-ats', 'SECRET', '--warn', '90', 'extra'], { HOME: home });
  assert.equal(config.server, 'https://jira.example.com');
  assert.deepEqual(config.auth, { kind: 'oauth1', consumerKey: CONSUMER, keyCert: TEST_KEY_PATH, accessToken: 'TOKEN', accessTokenSecret: 'SECRET' });
  assert.deepEqual(config.rest, ['--warn', '90', 'extra']);
  const pat = await getConfig([], { HOME: home, JIRA_SERVER: 'http://j', JIRA_TOKEN: 'PAT' });
  assert.deepEqual(pat.auth, { kind: 'pat', token: 'PAT' });
  assert.equal(pat.resolved.sources.token, 'JIRA_TOKEN');
  const twoLegged = await getConfig(['--server', 'http://j', '--consumer-key', 'k', '--key-cert', '/k.pem'], { HOME: home });
  assert.deepEqual(twoLegged.auth, { kind: 'oauth1', consumerKey: 'k', keyCert: '/k.pem', accessToken: '' });
  await assert.rejects(getConfig(['--token', 'x'], { HOME: home }), (e: unknown) => e instanceof ConfigError && e.message === 'No server given');
  await assert.rejects(getConfig(['--server', 'http://j', '--token', 'x', '--username', 'u'], { HOME: home }), /Two kinds of credentials are set: a personal access token \(from --token\) and a user name and password \(from --username\)/);
});

test('connect over HTTPS: untrusted by default, trusted with --ca-file, or with --no-verify', async () => {
  const home = freshHome();
  const caFile = join(home, 'ca.pem');
  writeFileSync(caFile, https.certPem ?? '');
  const token = await oauthToken(sim, https.url, 'jdoe');
  const base = ['--server', https.url, '--consumer-key', CONSUMER, '--key-cert', TEST_KEY_PATH, '--access-token', token];
  const untrusted = await connect(await getConfig(base, { HOME: home }), { env: {} });
  await assert.rejects(untrusted.myself(), (e: unknown) => e instanceof TlsError && e.code === 'DEPTH_ZERO_SELF_SIGNED_CERT');
  const trusted = await connect(await getConfig([...base, '--ca-file', caFile], { HOME: home }), { env: {} });
  assert.equal((await trusted.myself()).name, 'jdoe');
  const unverified = await connect(await getConfig([...base, '--no-verify'], { HOME: home }), { env: {} });
  assert.equal((await unverified.myself()).name, 'jdoe');
  await assert.rejects(getConfig([...base, '--ca-file', TEST_KEY_PATH], { HOME: home }).then((c) => connect(c, { env: {} })), /holds no PEM certificate/);
  // --ca-file for one server keeps NODE_EXTRA_CA_CERTS for another (node alone would drop it).
  const other = await createSimulator({ consumers: [{ key: CONSUMER, publicKeyPem: testKeyPem }], pats: [['jdoe', 'PAT-1']] }).listen({ https: true });
  try {
    const otherCa = join(home, 'other-ca.pem');
    writeFileSync(otherCa, other.certPem ?? '');
    const both = await connect(await getConfig(['--server', other.url, '--token', 'PAT-1', '--ca-file', caFile], { HOME: home }), { env: { NODE_EXTRA_CA_CERTS: otherCa } });
    assert.equal((await both.myself()).name, 'jdoe');
    const onlyFile = await connect(await getConfig(['--server', other.url, '--token', 'PAT-1', '--ca-file', caFile], { HOME: home }), { env: {} });
    await assert.rejects(onlyFile.myself(), (e: unknown) => e instanceof TlsError);
  } finally {
    await other.close();
  }
});

test('HTTP_PROXY forwards plain requests, HTTPS_PROXY tunnels TLS ones; NO_PROXY exempts a host', async () => {
  const home = freshHome();
  const config = await getConfig(['--server', plain.url, '--token', 'PAT-1'], { HOME: home });
  const viaProxy = await connect(config, { env: { HTTP_PROXY: proxy.url } });
  assert.equal((await viaProxy.myself()).name, 'jdoe');
  assert.equal(proxy.forwarded(), 1, 'the request went through the proxy');
  const direct = await connect(config, { env: { HTTP_PROXY: proxy.url, NO_PROXY: 'localhost,127.0.0.1' } });
  assert.equal((await direct.myself()).name, 'jdoe');
  assert.equal(proxy.forwarded(), 1, 'NO_PROXY bypassed it');
  const caFile = join(home, 'ca.pem');
  writeFileSync(caFile, https.certPem ?? '');
  const tls = await connect(await getConfig(['--server', https.url, '--token', 'PAT-1', '--ca-file', caFile], { HOME: home }), { env: { https_proxy: proxy.url.replace('http://', '') } });
  assert.equal((await tls.myself()).name, 'jdoe');
  assert.equal((await tls.serverInfo()).deploymentType, 'Server');
  assert.equal(proxy.tunnels(), 1, 'one tunnel, kept alive for both requests');
  // The proxy sees who calls, also of an https exchange it only tunnels.
  assert.ok(proxy.userAgents().length >= 2, 'a forwarded request and a CONNECT');
  assert.deepEqual(new Set(proxy.userAgents()), new Set([USER_AGENT]));
});
