// Bad input across the commands, one table: each case is a clear message (one line for jirakit,
// the status line for the plugin), the right exit code, and no stack trace.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { createServer as createHttpsServer, type Server } from 'node:https';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSimulator } from '../../src/simulator/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { route } from '../../src/simulator/index.js';
import { selfSignedCertificate } from '../../src/simulator/self-signed.js';
import { saveProfile } from '../../src/config/profiles.js';
import { CONSUMER, TEST_KEY_PATH, TEST_PUBLIC_KEY_PATH, testKeyPem } from '../helpers/keys.js';
import { cleanEnv, freshHome, runCli } from '../helpers/cli.js';

const home = freshHome();
const file = (name: string, content: string | Buffer): string => {
  const path = join(home, name);
  writeFileSync(path, content, { mode: 0o600 });
  return path;
};
const rsa = (opts: object) => generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem', ...opts } }).privateKey as unknown as string;
const der = generateKeyPairSync('rsa', { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'der' } }).privateKey;
const keys = {
  encrypted: file('enc.pem', rsa({ cipher: 'aes-256-cbc', passphrase: 'pw' })),
  der: file('key.der', der),
  truncated: file('trunc.pem', testKeyPem.slice(0, 300)),
  empty: file('empty.pem', ''),
  cert: file('cert.pem', selfSignedCertificate(['localhost'], 1).certPem),
  openssh: file('id_rsa', '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAABFwAAAAdzc2gtcn\n-----END OPENSSH PRIVATE KEY-----\n'),
  certAndKey: file('both.pem', `${selfSignedCertificate(['localhost'], 1).certPem}${testKeyPem}`),
  huge: file('huge.pem', `-----BEGIN PRIVATE KEY-----\n${'A'.repeat(100 * 1024)}\n-----END PRIVATE KEY-----\n`),
};
mkdirSync(join(home, 'dir'));

const sim = createSimulator({ consumers: [{ key: CONSUMER, publicKeyPem: testKeyPem }], pats: [['admin', 'PAT']] });
let running: RunningSimulator;
const tlsServers: Server[] = [];
const tls: Record<string, { url: string; ca: string }> = {};
async function tlsServer(name: string, names: string[], days: number, now: number): Promise<void> {
  const cert = selfSignedCertificate(names, days, now);
  const server = createHttpsServer({ key: cert.keyPem, cert: cert.certPem }, (_q, r) => r.end('{}'));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  tlsServers.push(server);
  tls[name] = { url: `https://127.0.0.1:${(server.address() as { port: number }).port}`, ca: file(`${name}.crt`, cert.certPem) };
}
before(async () => {
  running = await sim.listen();
  await tlsServer('selfsigned', ['127.0.0.1'], 30, Date.now());
  await tlsServer('hostname', ['jira.example.invalid'], 30, Date.now());
  await tlsServer('expired', ['127.0.0.1'], 1, Date.now() - 10 * 86_400_000);
  await saveProfile('oauthprofile', { server: 'http://127.0.0.1:9', access_token: 'a', consumer_key: CONSUMER, key_cert: TEST_KEY_PATH }, { HOME: home });
});
after(async () => {
  await running.close();
  for (const s of tlsServers) await new Promise<void>((r) => s.close(() => r()));
});

const answer = (path: string, response: () => Response) => () => sim.use(route(`GET ${path}`, response));
const shellCall = (expr: string) => ({ args: () => ['shell', '--server', running.url, '--token', 'PAT'], input: `${expr}\n` });
const oauthWith = (key: string) => () => ['request', 'GET', '/rest/api/2/myself', '--server', running.url, '--consumer-key', CONSUMER, '--key-cert', key, '--access-token', 'x'];

interface Case { name: string; args: () => string[]; code: number; out: RegExp; env?: Record<string, string>; input?: string; setup?: () => void; bin?: 'jirashell' }

const CASES: Case[] = [
  { name: 'server URL with a query', args: () => ['request', 'GET', '/x', '--server', 'https://jira.example.com/jira?x=1', '--token', 't'], code: 1, out: /must not have a query or fragment/ },
  { name: 'server URL with another scheme', args: () => ['request', 'GET', '/x', '--server', 'ftp://jira', '--token', 't'], code: 1, out: /'ftp:\/\/jira' is not an http or https URL/ },
  { name: 'server URL that is not a URL', args: () => ['request', 'GET', '/x', '--server', 'http://', '--token', 't'], code: 1, out: /'http:\/\/' is not a URL/ },
  { name: 'context path without a slash', args: () => ['simulate', '--context-path', 'jira'], code: 2, out: /--context-path must start with \/ and be a plain path/ },
  { name: 'context path with a space', args: () => ['simulate', '--context-path', '/a b'], code: 2, out: /--context-path must start with \// },
  { name: 'broken jirashell.ini', setup: () => { mkdirSync(join(home, 'ini', '.jira-python'), { recursive: true }); writeFileSync(join(home, 'ini', '.jira-python', 'jirashell.ini'), '[oauth]\nno separator here\n'); }, args: () => ['request', 'GET', '/x', '--server', running.url], env: { HOME: join(home, 'ini') }, code: 1, out: /jirashell\.ini cannot be read as an INI file \(line 2:/ },
  { name: 'broken profile file', setup: () => { mkdirSync(join(home, 'bad', '.config', 'jirakit'), { recursive: true }); writeFileSync(join(home, 'bad', '.config', 'jirakit', 'profiles.ini'), 'orphan = 1\n'); }, args: () => ['request', 'GET', '/x', '--server', running.url], env: { HOME: join(home, 'bad') }, code: 1, out: /profiles\.ini is broken/ },
  { name: 'a profile that does not exist', args: () => ['request', 'GET', '/x', '--profile', 'nope'], code: 1, out: /There is no profile named 'nope'/ },
  { name: 'unknown flag', args: () => ['request', 'GET', '/x', '--frob'], code: 2, out: /Unknown option '--frob'/ },
  { name: 'request without a path', args: () => ['request', 'GET'], code: 2, out: /Give METHOD and PATH/ },
  { name: 'request with a bad method', args: () => ['request', 'G3T', '/x'], code: 2, out: /'G3T' is not an HTTP method/ },
  { name: '--data that is not JSON', args: () => ['request', 'POST', '/x', '--data', '{"a":', '--token', 't', '--server', running.url], code: 2, out: /--data is not valid JSON/ },
  { name: '--data from a missing file', args: () => ['request', 'POST', '/x', '--data', '@/nonexistent.json', '--server', running.url], code: 2, out: /Could not read \/nonexistent\.json/ },
  { name: '--query without =', args: () => ['request', 'GET', '/x', '--query', 'jql', '--server', running.url], code: 2, out: /--query takes k=v/ },
  { name: '--header without a colon', args: () => ['request', 'GET', '/x', '-H', 'Accept', '--server', running.url], code: 2, out: /--header takes 'Name: value'/ },
  { name: 'PAT and Basic flags together', args: () => ['request', 'GET', '/x', '--server', running.url, '--token', 't', '--username', 'u'], code: 1, out: /Two kinds of credentials are set: a personal access token \(from --token\) and a user name and password \(from --username\)/ },
  { name: 'PAT in the environment, OAuth in the profile', args: () => ['request', 'GET', '/x', '--profile', 'oauthprofile'], env: { JIRA_TOKEN: 't' }, code: 1, out: /an OAuth access token \(from profile 'oauthprofile'\) and a personal access token \(from JIRA_TOKEN\)/ },
  { name: 'timeout that is not a number', args: () => ['request', 'GET', '/x', '--server', running.url, '--timeout', 'soon'], code: 2, out: /^jirakit: --timeout takes seconds above 0 and at most 2147483, not 'soon'\. Give it in seconds/ },
  { name: 'timeout of zero', args: () => ['request', 'GET', '/x', '--server', running.url, '--timeout', '0'], code: 2, out: /--timeout takes seconds above 0/ },
  { name: 'timeout beyond what a timer holds', args: () => ['request', 'GET', '/x', '--server', running.url, '--timeout', '1e9'], code: 2, out: /--timeout takes seconds above 0 and at most 2147483, not '1e9'/ },
  { name: 'timeout from the environment out of range', args: () => ['request', 'GET', '/x', '--server', running.url], env: { JIRA_TIMEOUT: '2147484' }, code: 1, out: /^jirakit: The timeout from JIRA_TIMEOUT must be seconds above 0 and at most 2147483, not '2147484'/ },
  { name: 'plugin: -t beyond what a timer holds', args: () => ['check-license', '-t', '2147484', '--url', running.url], code: 3, out: /^JIRA LICENSE UNKNOWN - -t takes seconds\[:state\], seconds above 0 and at most 2147483, not '2147484'/ },
  { name: 'request -H with a line break in the value', args: () => ['request', 'GET', '/x', '--server', running.url, '-H', 'X-Evil: a\r\nInjected: 1'], code: 2, out: /^jirakit: The value of --header 'X-Evil' holds a line break or a control character/ },
  { name: 'request -H with a space in the name', args: () => ['request', 'GET', '/x', '--server', running.url, '-H', 'X Evil: 1'], code: 2, out: /^jirakit: --header 'X Evil' is not a valid header name/ },
  { name: 'public key as the private key', args: oauthWith(TEST_PUBLIC_KEY_PATH), code: 1, out: /holds a public key, not the private key/ },
  { name: 'certificate as the private key', args: oauthWith(keys.cert), code: 1, out: /holds a certificate, not the private key/ },
  { name: 'a proxy URL whose password holds a slash', args: () => ['request', 'GET', '/x', '--server', running.url, '--token', 't'], env: { HTTPS_PROXY: 'http://bob:12/etPASSWORD@proxy:3128', HTTP_PROXY: 'http://bob:12/etPASSWORD@proxy:3128' }, code: 1, out: /^jirakit: HTTP_PROXY is not a proxy URL of the form http:\/\/\[user:password@\]HOST:PORT\.(?![^]*etPASSWORD)/ },
  { name: 'request to a URL whose user-info has a slash', args: () => ['request', 'GET', 'https://bob:s3cr/etPASSWORD@other/x', '--server', running.url, '--token', 't'], code: 2, out: /^jirakit: Refused to send a request to https:\/\/\[REDACTED\]@other\/x:(?![^]*etPASSWORD)/ },
  { name: 'sign: an unparseable URL with user-info', args: () => ['sign', '--url', 'https://bob:s3cr/etPASSWORD@other:x/x', '--consumer-key', CONSUMER, '--key-cert', TEST_KEY_PATH], code: 2, out: /^jirakit: 'https:\/\/\[REDACTED\]@other:x\/x' is not a URL(?![^]*etPASSWORD)/ },
  { name: 'an OpenSSH private key', args: oauthWith(keys.openssh), code: 1, out: /^jirakit: \S+id_rsa is an OpenSSH private key; Jira's application link needs an RSA key in PEM form\. Convert a copy .*ssh-keygen -p -m PEM -f rsa\.pem/ },
  { name: 'a PEM with the certificate and the key: the key is used', args: () => ['applink', '--consumer-key', CONSUMER, '--key-cert', keys.certAndKey], code: 0, out: /^$/ },
  { name: 'a key file of 100 KiB', args: oauthWith(keys.huge), code: 1, out: /huge\.pem is larger than 64 KiB: not a private key file/ },
  { name: 'DER key', args: oauthWith(keys.der), code: 1, out: /is not a PEM private key/ },
  { name: 'encrypted key without a passphrase', args: oauthWith(keys.encrypted), code: 1, out: /is encrypted and no passphrase was given/ },
  { name: 'truncated key', args: oauthWith(keys.truncated), code: 1, out: /not a readable private key \(truncated or damaged PEM\)/ },
  { name: 'empty key', args: oauthWith(keys.empty), code: 1, out: /is empty/ },
  { name: 'a directory as the key', args: oauthWith(join(home, 'dir')), code: 1, out: /is a directory, not a key file/ },
  { name: 'missing key', args: oauthWith(join(home, 'missing.pem')), code: 1, out: /does not exist/ },
  { name: 'non-JSON 200', setup: answer('/rest/api/2/myself', () => new Response('hello', { headers: { 'content-type': 'text/plain' } })), ...shellCall('jira.myself()'), code: 1, out: /^jira: Jira answered GET \/rest\/api\/2\/myself with something that is not JSON\./m },
  { name: 'truncated JSON', setup: answer('/rest/api/2/myself', () => new Response('{"name": "jd', { headers: { 'content-type': 'application/json' } })), ...shellCall('jira.myself()'), code: 1, out: /with something that is not JSON/ },
  { name: 'HTML login page with 200', setup: answer('/rest/api/2/myself', () => new Response('<html><body>Log in</body></html>', { headers: { 'content-type': 'text/html' } })), ...shellCall('jira.myself()'), code: 1, out: /not JSON \(an HTML page\)/ },
  { name: 'HTML error page', setup: answer('/rest/api/2/myself', () => new Response('<html>Oops</html>', { status: 500, headers: { 'content-type': 'text/html' } })), ...shellCall('jira.myself()'), code: 1, out: /with an HTML page \(HTTP 500\)/ },
  { name: 'huge HTML body', setup: answer('/rest/api/2/myself', () => new Response(`<html>${'x'.repeat(10_000_000)}</html>`, { headers: { 'content-type': 'text/html' } })), ...shellCall('jira.myself()'), code: 1, out: /not JSON \(an HTML page\)/ },
  { name: 'empty 200 where UPM data belongs', setup: answer('/rest/plugins/applications/1.0/installed/:app', () => new Response('', { status: 200 })), args: () => ['check-license', '--url', running.url, '--username', 'admin', '--source', 'upm'], env: { JIRA_PASSWORD: 'admin' }, code: 3, out: /^JIRA LICENSE UNKNOWN - UPM's answer for jira-software has no accessDetails\n/ },
  { name: 'JSON with the wrong content type is still read', setup: answer('/rest/plugins/applications/1.0/installed/:app', () => new Response('{"accessDetails":{"activeUserCount":3,"licensedUserCount":10}}', { headers: { 'content-type': 'text/plain' } })), args: () => ['check-license', '--url', running.url, '--username', 'admin'], env: { JIRA_PASSWORD: 'admin' }, code: 0, out: /^JIRA LICENSE OK - jira-software: Using 3 of 10 license slots/ },
  { name: 'redirect to another host', setup: answer('/rest/api/2/myself', () => new Response(null, { status: 302, headers: { location: 'https://evil.example/x' } })), ...shellCall('jira.myself()'), code: 1, out: /redirected GET \/rest\/api\/2\/myself to another host \(evil\.example\)/ },
  { name: 'self-signed certificate without --ca-file', args: () => ['request', 'GET', '/x', '--server', tls['selfsigned']!.url, '--token', 't'], code: 1, out: /its certificate is not trusted here \(DEPTH_ZERO_SELF_SIGNED_CERT\)/ },
  { name: 'certificate for another host name', args: () => ['request', 'GET', '/x', '--server', tls['hostname']!.url, '--token', 't', '--ca-file', tls['hostname']!.ca], code: 1, out: /its certificate is for another host name \(ERR_TLS_CERT_ALTNAME_INVALID\)/ },
  { name: 'expired certificate', args: () => ['request', 'GET', '/x', '--server', tls['expired']!.url, '--token', 't', '--ca-file', tls['expired']!.ca], code: 1, out: /its certificate has expired \(CERT_HAS_EXPIRED\)/ },
  { name: 'CA file that holds no certificate', args: () => ['request', 'GET', '/x', '--server', tls['selfsigned']!.url, '--token', 't', '--ca-file', TEST_KEY_PATH], code: 1, out: /holds no PEM certificate/ },
  { name: 'connection refused', args: () => ['request', 'GET', '/x', '--server', 'http://127.0.0.1:9', '--token', 't'], code: 1, out: /connection refused/ },
  { name: 'plugin: malformed range', args: () => ['check-license', '-w', '@', '--url', running.url], code: 3, out: /^JIRA LICENSE UNKNOWN - '@' is not a threshold range/ },
  { name: 'plugin: zero timeout', args: () => ['check-license', '-t', '0', '--url', running.url], code: 3, out: /^JIRA LICENSE UNKNOWN - -t takes seconds\[:state\], seconds above 0 and at most 2147483, not '0'/ },
  { name: 'dance: unknown callback mode', args: () => ['dance', '--callback', 'carrier-pigeon'], code: 2, out: /--callback takes oob or loopback/ },
  { name: 'sign: --form without =', args: () => ['sign', '--url', 'http://x/', '--form', 'novalue', '--consumer-key', 'k', '--key-cert', TEST_KEY_PATH], code: 2, out: /--form takes name=value/ },
  { name: 'keygen: too small a key', args: () => ['keygen', '--out', join(home, 'small.pem'), '--bits', '1024'], code: 2, out: /--bits takes 2048 to 8192/ },
  { name: 'simulate: missing seed file', args: () => ['simulate', '--seed', '/nonexistent/seed.json'], code: 1, out: /Could not read the seed file \/nonexistent\/seed\.json \(ENOENT\)/ },
  { name: 'jirashell: unknown flag', bin: 'jirashell', args: () => ['--frobnicate'], code: 2, out: /^jirashell: Unknown option '--frobnicate'\. See jirashell --help\./m },
];

test('the bad-input table has at least 40 cases', () => {
  assert.ok(CASES.length >= 40, `${CASES.length} cases`);
});

for (const c of CASES) {
  test(`bad input: ${c.name}`, async () => {
    sim.reset();
    c.setup?.();
    const env = cleanEnv(home, c.env ?? {});
    const r = c.bin === 'jirashell' ? await runJirashell(c.args(), env) : await runCli(c.args(), env, c.input ?? '');
    assert.equal(r.code, c.code, `${r.stdout}\n${r.stderr}`);
    const output = c.args()[0] === 'check-license' ? r.stdout : r.stderr;
    assert.match(output, c.out);
    assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at .+:\d+:\d+\)?\n/, 'no stack trace');
    if (c.args()[0] !== 'check-license' && c.code !== 0) {
      assert.equal(r.stderr.trim().split('\n').filter((l) => /^jira(kit|shell)?: (?!warning|note)/.test(l)).length, 1, r.stderr);
    }
  });
}

async function runJirashell(args: string[], env: Record<string, string>) {
  const { spawn } = await import('node:child_process');
  const { fileURLToPath } = await import('node:url');
  const child = spawn(process.execPath, [fileURLToPath(new URL('../../dist/jirashell.js', import.meta.url)), ...args], { env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  child.stdin.end();
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  return { code, stdout, stderr };
}
