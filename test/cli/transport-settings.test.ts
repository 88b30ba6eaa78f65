// Every connection setting reaches every command: --ca-file, --no-verify and HTTPS_PROXY carry the
// dance and `applink --server` exactly as they carry `request`; a proxy's failures name the proxy.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { approveAsUser, createSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { CONSUMER, TEST_KEY_PATH, testKeyPem } from '../helpers/keys.js';
import { cleanEnv, freshHome, runCli, startCli } from '../helpers/cli.js';
import { startProxy, type TestProxy } from '../helpers/proxy.js';

const sim = createSimulator({ contextPath: '/jira', consumers: [{ key: CONSUMER, publicKeyPem: testKeyPem }], pats: [['jdoe', 'PAT-1']] });
let https: RunningSimulator;
let proxy: TestProxy;
let guarded: TestProxy;
let caFile = '';
before(async () => {
  https = await sim.listen({ https: true });
  proxy = await startProxy();
  guarded = await startProxy({ auth: 'squid:s3cret' });
  caFile = join(freshHome(), 'ca.pem');
  writeFileSync(caFile, https.certPem ?? '');
});
after(async () => {
  await https.close();
  await proxy.close();
  await guarded.close();
});

const oauth = (): string[] => ['--server', https.url, '--consumer-key', CONSUMER, '--key-cert', TEST_KEY_PATH];

/** Runs the dance as a process, approving in the browser's place once the URL shows. */
async function dance(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const cli = startCli(['dance', ...oauth(), ...args], env);
  const [, url] = await cli.waitFor(/(https:\/\/\S+\/plugins\/servlet\/oauth\/authorize\?oauth_token=\w+)/);
  await approveAsUser({ authorizeUrl: url ?? '', username: 'jdoe', password: 'jdoe', fetch: sim.fetch });
  cli.write('y\n');
  return { code: await cli.exit(), stdout: cli.stdout(), stderr: cli.stderr() };
}

test('dance against an HTTPS Jira: refused as untrusted, done with --ca-file, and with --no-verify (warned)', async () => {
  const env = cleanEnv(freshHome());
  const untrusted = await runCli(['dance', ...oauth()], env);
  assert.equal(untrusted.code, 1);
  assert.match(untrusted.stderr, /^jirakit: Could not make a secure connection to 127\.0\.0\.1:\d+: its certificate is not trusted here \(DEPTH_ZERO_SELF_SIGNED_CERT\)\./m);
  const trusted = await dance(['--ca-file', caFile], env);
  assert.equal(trusted.code, 0, trusted.stderr);
  assert.match(trusted.stdout, /Jira knows the token as user 'jdoe'/);
  const unverified = await dance(['--no-verify'], env);
  assert.equal(unverified.code, 0, unverified.stderr);
  assert.match(unverified.stderr, /warning: --no-verify: TLS certificates are not checked/);
});

test('dance and applink --server go through HTTPS_PROXY (a CONNECT tunnel), and NO_PROXY exempts the server', async () => {
  const env = cleanEnv(freshHome(), { HTTPS_PROXY: proxy.url });
  const before = { tunnels: proxy.tunnels(), bytes: proxy.bytesUp() };
  const done = await dance(['--ca-file', caFile], env);
  assert.equal(done.code, 0, done.stderr);
  assert.ok(proxy.tunnels() > before.tunnels, 'the dance went through the proxy');
  assert.ok(proxy.bytesUp() > before.bytes, 'and the proxy relayed its bytes');
  const probe = await runCli(['applink', ...oauth(), '--ca-file', caFile], env);
  assert.equal(probe.code, 0, probe.stderr);
  assert.match(probe.stderr, /knows consumer key 'monitor-jira-license' and its public key/);
  const tunnels = proxy.tunnels();
  const direct = await runCli(['applink', ...oauth(), '--ca-file', caFile], { ...env, NO_PROXY: '127.0.0.1' });
  assert.equal(direct.code, 0, direct.stderr);
  assert.equal(proxy.tunnels(), tunnels, 'NO_PROXY: no tunnel');
});

test("a proxy's credentials come from its URL; a missing one is a 407 that names the proxy", async () => {
  const home = freshHome();
  const request = ['request', 'GET', '/rest/api/2/myself', '--server', https.url, '--ca-file', caFile, '--token', 'PAT-1'];
  const refused = await runCli(request, cleanEnv(home, { HTTPS_PROXY: guarded.url }));
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /^jirakit: The proxy 127\.0\.0\.1:\d+ \(from HTTPS_PROXY\) asks for credentials \(HTTP 407 Proxy Authentication Required\)\. Put the proxy's user and password in HTTPS_PROXY/);
  const withUser = guarded.url.replace('http://', 'http://squid:s3cret@');
  const allowed = await runCli(request, cleanEnv(home, { https_proxy: withUser }));
  assert.equal(allowed.code, 0, allowed.stderr);
  assert.match(allowed.stdout, /"name": "jdoe"/);
  assert.ok(guarded.credentials().includes(`Basic ${Buffer.from('squid:s3cret').toString('base64')}`));
  assert.ok(!(allowed.stdout + allowed.stderr).includes('s3cret'), 'the proxy password is never printed');
});

test('a proxy that is down, or cannot be resolved, is named as the culprit', async () => {
  const closed = await new Promise<number>((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
  const request = ['request', 'GET', '/rest/api/2/myself', '--server', https.url, '--ca-file', caFile, '--token', 'PAT-1'];
  const down = await runCli(request, cleanEnv(freshHome(), { HTTPS_PROXY: `127.0.0.1:${closed}` }));
  assert.equal(down.code, 1);
  assert.match(down.stderr, /^jirakit: Could not connect to the proxy 127\.0\.0\.1:\d+ \(from HTTPS_PROXY\): connection refused\. Check HTTPS_PROXY/);
  const unknown = await runCli(request, cleanEnv(freshHome(), { HTTPS_PROXY: 'http://proxy.invalid:3128' }));
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /^jirakit: Could not resolve the host name proxy\.invalid of the proxy \(from HTTPS_PROXY\)\./);
  const check = await runCli(['check-license', '--url', https.url, '--ca-file', caFile, '--token', 'PAT-1'], cleanEnv(freshHome(), { HTTPS_PROXY: `127.0.0.1:${closed}` }));
  assert.equal(check.code, 2, 'an unreachable Jira (its only way in is down) is CRITICAL');
  assert.match(check.stdout, /^JIRA LICENSE CRITICAL - Could not connect to the proxy 127\.0\.0\.1:\d+ \(from HTTPS_PROXY\)/);
});

test('a proxy that never answers CONNECT is bounded by --timeout, like any request', async () => {
  const { createServer: createTcpServer } = await import('node:net');
  const held: import('node:net').Socket[] = [];
  const silent = createTcpServer((socket) => {
    held.push(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  try {
    const port = (silent.address() as { port: number }).port;
    const r = await runCli(['request', 'GET', '/rest/api/2/myself', '--server', https.url, '--ca-file', caFile, '--token', 'PAT-1', '--timeout', '1'], cleanEnv(freshHome(), { HTTPS_PROXY: `http://127.0.0.1:${port}` }));
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /^jirakit: No answer from 127\.0\.0\.1:\d+ within 1 s\./);
    assert.ok(held.length > 0, 'it did try the proxy');
  } finally {
    for (const s of held) s.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
  }
});

test('through a tunnel, a server named by IP address must have a certificate for that address', async () => {
  const { selfSignedCertificate } = await import('../../src/simulator/self-signed.js');
  const { createServer: createHttpsServer } = await import('node:https');
  // A certificate for "localhost" only, served at 127.0.0.1: the name check must fail.
  const cert = selfSignedCertificate(['localhost'], 1);
  const server = createHttpsServer({ key: cert.keyPem, cert: cert.certPem }, (_q, res) => res.end('{}'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const home = freshHome();
  const ca = join(home, 'localhost-ca.pem');
  writeFileSync(ca, cert.certPem);
  try {
    const url = `https://127.0.0.1:${(server.address() as { port: number }).port}`;
    const viaProxy = await runCli(['request', 'GET', '/x', '--server', url, '--ca-file', ca, '--token', 'PAT-1'], cleanEnv(home, { HTTPS_PROXY: proxy.url.replace('127.0.0.1', 'localhost') }));
    assert.equal(viaProxy.code, 1, viaProxy.stdout);
    assert.match(viaProxy.stderr, /its certificate is for another host name \(ERR_TLS_CERT_ALTNAME_INVALID\)/);
    const direct = await runCli(['request', 'GET', '/x', '--server', url, '--ca-file', ca, '--token', 'PAT-1'], cleanEnv(home));
    assert.match(direct.stderr, /ERR_TLS_CERT_ALTNAME_INVALID/, 'the same verdict as a direct connection');
  } finally {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
});
