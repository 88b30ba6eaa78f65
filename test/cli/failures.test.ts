// Every failure a user can hit in the foundation commands: one sentence plus a hint on stderr,
// the right exit code, never a stack trace.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import { createServer } from 'node:net';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSimulator } from '../../src/simulator/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { route } from '../../src/simulator/index.js';
import { html, page } from '../../src/simulator/responses.js';
import { CONSUMER, TEST_KEY_PATH, TEST_PUBLIC_KEY_PATH, testKeyPem } from '../helpers/keys.js';
import { cleanEnv, freshHome, runCli } from '../helpers/cli.js';

const home = freshHome();
const file = (name: string, content: string | Buffer): string => {
  const path = join(home, name);
  writeFileSync(path, content, { mode: 0o600 });
  return path;
};
const encryptedKey = file('encrypted.pem', generateKeyPairSync('rsa', {
  modulusLength: 2048,
  publicKeyEncoding: { type: 'spki', format: 'pem' },
  privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'open sesame' },
}).privateKey);
const ecKey = file('ec.pem', generateKeyPairSync('ec', { namedCurve: 'P-256', privateKeyEncoding: { type: 'pkcs8', format: 'pem' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey);
const derKey = file('key.der', generateKeyPairSync('rsa', { modulusLength: 2048, privateKeyEncoding: { type: 'pkcs8', format: 'der' }, publicKeyEncoding: { type: 'spki', format: 'pem' } }).privateKey);
const truncated = file('truncated.pem', testKeyPem.slice(0, 400));
const empty = file('empty.pem', '');
mkdirSync(join(home, 'a-directory'));
// A self-signed certificate for the TLS case, made with openssl.
execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(home, 'tls.key'), '-out', join(home, 'tls.crt'), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });

const sim = createSimulator({ consumers: [{ key: CONSUMER, publicKeyPem: testKeyPem }] });
let running: RunningSimulator;
let tls: HttpsServer;
let tlsPort = 0;
let closedPort = 0;
before(async () => {
  running = await sim.listen();
  tls = createHttpsServer({ key: readFileSync(join(home, 'tls.key')), cert: readFileSync(join(home, 'tls.crt')) }, (_req, res) => res.end('hi'));
  await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
  tlsPort = (tls.address() as { port: number }).port;
  const probe = createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  closedPort = (probe.address() as { port: number }).port;
  await new Promise<void>((r) => probe.close(() => r()));
});
after(async () => {
  await running.close();
  tls.closeAllConnections();
  await new Promise<void>((r) => tls.close(() => r()));
});

interface Case { name: string; args: () => string[]; env?: Record<string, string>; code: number; stderr: RegExp; setup?: () => void }

const dance = (key: string, extra: string[] = []) => () => ['dance', '--server', running.url, '--consumer-key', CONSUMER, '--key-cert', key, ...extra];

const CASES: Case[] = [
  { name: 'missing key file', args: dance(join(home, 'nope.pem')), code: 1, stderr: /^jirakit: The key file \S+nope\.pem does not exist\. Check --key-cert, or create a key with `jirakit keygen --out rsa\.pem`\.$/ },
  { name: 'key path is a directory', args: dance(join(home, 'a-directory')), code: 1, stderr: /a-directory is a directory, not a key file\. Point --key-cert at the private key file/ },
  { name: 'public key given as the private key', args: dance(TEST_PUBLIC_KEY_PATH), code: 1, stderr: /test-only-rsa\.pub holds a public key, not the private key\. --key-cert takes the private key \(rsa\.pem\); the public key goes into the Jira application link\./ },
  { name: 'certificate given as the private key', args: dance(join(home, 'tls.crt')), code: 1, stderr: /tls\.crt holds a certificate, not the private key/ },
  { name: 'empty key file', args: dance(empty), code: 1, stderr: /The key file \S+empty\.pem is empty/ },
  { name: 'DER key', args: dance(derKey), code: 1, stderr: /key\.der is not a PEM private key\. Convert a DER key with `openssl pkey -inform DER/ },
  { name: 'truncated PEM', args: dance(truncated), code: 1, stderr: /truncated\.pem is not a readable private key \(truncated or damaged PEM\)/ },
  { name: 'EC key', args: dance(ecKey), code: 1, stderr: /ec\.pem is not an RSA key \(it is EC\); Jira's OAuth 1\.0a needs RSA/ },
  { name: 'encrypted key, no passphrase, no terminal', args: dance(encryptedKey), code: 1, stderr: /The private key \S+encrypted\.pem is encrypted and no passphrase was given\. Run on a terminal to be asked for it, or name an environment variable that holds it with --key-passphrase-env VAR\./ },
  { name: 'encrypted key, passphrase variable unset', args: dance(encryptedKey, ['--key-passphrase-env', 'KEY_PASS']), code: 1, stderr: /The environment variable KEY_PASS \(--key-passphrase-env\) is not set/ },
  { name: 'encrypted key, wrong passphrase', args: dance(encryptedKey, ['--key-passphrase-env', 'KEY_PASS']), env: { KEY_PASS: 'wrong' }, code: 1, stderr: /Could not decrypt the private key \S+encrypted\.pem: wrong passphrase/ },
  { name: 'wrong consumer key', args: () => ['dance', '--server', running.url, '--consumer-key', 'typo', '--key-cert', TEST_KEY_PATH], code: 1, stderr: /^jirakit: Jira has no application link with consumer key 'typo'\. Create the incoming link first/ },
  { name: 'no server', args: () => ['dance', '--consumer-key', CONSUMER, '--key-cert', TEST_KEY_PATH], code: 1, stderr: /^jirakit: No server given\. Pass --server, set JIRA_SERVER, or use a saved --profile\.$/ },
  { name: 'server without scheme', args: () => ['dance', '--server', 'jira.example.com', '--consumer-key', CONSUMER, '--key-cert', TEST_KEY_PATH], code: 1, stderr: /'jira\.example\.com' is not a URL\. Give the Jira base URL with its context path/ },
  { name: 'connection refused', args: () => ['dance', '--server', `http://127.0.0.1:${closedPort}`, '--consumer-key', CONSUMER, '--key-cert', TEST_KEY_PATH], code: 1, stderr: /^jirakit: Could not connect to 127\.0\.0\.1:\d+: connection refused\. Check --server and that Jira is running\.$/ },
  { name: 'self-signed TLS certificate', args: () => ['dance', '--server', `https://127.0.0.1:${tlsPort}`, '--consumer-key', CONSUMER, '--key-cert', TEST_KEY_PATH], code: 1, stderr: /^jirakit: Could not make a secure connection to 127\.0\.0\.1:\d+: its certificate is not trusted here \(DEPTH_ZERO_SELF_SIGNED_CERT\)\. Trust the company CA with --ca-file \/path\/ca\.pem, or check --server\.$/ },
  { name: 'plain HTTP where https was asked', args: () => ['dance', '--server', `https://127.0.0.1:${running.port}`, '--consumer-key', CONSUMER, '--key-cert', TEST_KEY_PATH], code: 1, stderr: /Could not make a secure connection to 127\.0\.0\.1:\d+: it does not speak TLS on that port \(ERR_SSL_WRONG_VERSION_NUMBER\)\. Use http:\/\// },
  { name: 'HTML page instead of the OAuth answer', setup: () => sim.use(route('POST /plugins/servlet/oauth/request-token', () => html(page('Log in', '<form></form>')))), args: dance(TEST_KEY_PATH), code: 1, stderr: /^jirakit: The server answered \/plugins\/servlet\/oauth\/request-token with an HTML page \(HTTP 200\) instead of an OAuth response\. Check --server: it must be the Jira base URL/ },
  { name: 'timeout', setup: () => sim.use(route('POST /plugins/servlet/oauth/request-token', () => new Promise((r) => setTimeout(() => r(undefined), 2000)))), args: dance(TEST_KEY_PATH, ['--timeout', '0.3']), code: 1, stderr: /^jirakit: No answer from 127\.0\.0\.1:\d+ within 0\.3 s\. Check that Jira is up and reachable from here, or raise --timeout\.$/ },
  { name: 'unknown flag', args: dance(TEST_KEY_PATH, ['--frobnicate']), code: 2, stderr: /^jirakit: Unknown option '--frobnicate'\. See --help\.$/ },
  { name: 'bad --callback', args: dance(TEST_KEY_PATH, ['--callback', 'https://example.com/cb']), code: 2, stderr: /--callback takes oob or loopback, not 'https:\/\/example\.com\/cb'/ },
  { name: 'unknown command', args: () => ['dnace'], code: 2, stderr: /^jirakit: 'dnace' is not a jirakit command\. Run `jirakit --help` for the list\.$/ },
  { name: 'named profile that does not exist', args: () => ['dance', '--profile', 'prod'], code: 1, stderr: /^jirakit: There is no profile named 'prod'/ },
];

for (const c of CASES) {
  test(`failure: ${c.name}`, async () => {
    sim.reset();
    c.setup?.();
    const r = await runCli(c.args(), cleanEnv(home, c.env ?? {}), 'y\n');
    assert.equal(r.code, c.code, r.stderr);
    const lines = r.stderr.trim().split('\n').filter((l) => l.startsWith('jirakit: ') && !l.startsWith('jirakit: note:'));
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0] ?? '', c.stderr);
    assert.doesNotMatch(r.stderr, /\n\s+at |Error:/, 'no stack trace');
  });
}

test('signature_invalid shows both base strings with --verbose, tokens masked', async () => {
  sim.reset();
  sim.addConsumer({ key: 'other', publicKeyPem: readFileSync(join(home, 'tls.key'), 'utf8') });
  const r = await runCli(['dance', '--server', running.url, '--consumer-key', 'other', '--key-cert', TEST_KEY_PATH, '--verbose'], cleanEnv(home));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^jirakit: Jira could not verify the request signature \(signature_invalid\)\. Check that the application link holds the public key of --key-cert/m);
  const jira = /Jira's base string: {4}(\S+)/.exec(r.stderr)?.[1];
  const ours = /jirakit's base string: (\S+)/.exec(r.stderr)?.[1];
  assert.ok(jira?.startsWith('POST&http%3A%2F%2F127.0.0.1'));
  assert.equal(jira, ours);
});

test('jirakit request -i -v: signature_invalid shows both base strings, the token masked in body and headers', async () => {
  sim.reset();
  sim.addConsumer({ key: 'other', publicKeyPem: readFileSync(join(home, 'tls.key'), 'utf8') });
  const token = 'REQUESTTOKEN0123456789abcdefghij';
  sim.state.tokens.set(token, { token, secret: 's', consumerKey: 'other', kind: 'access', version: '1.0a', authorization: 'authorized', user: 'admin', createdAt: Date.now(), ttlMs: 1e12 });
  const r = await runCli(['request', 'GET', '/rest/api/2/search', '--query', 'jql=project = PROJ', '--server', running.url, '--consumer-key', 'other', '--key-cert', TEST_KEY_PATH, '--access-token', token, '--verbose', '-i'], cleanEnv(home));
  assert.equal(r.code, 1);
  const jira = /Jira's base string: {4}(\S+)/.exec(r.stderr)?.[1];
  const ours = /jirakit's base string: (\S+)/.exec(r.stderr)?.[1];
  assert.ok(jira?.startsWith('GET&http%3A%2F%2F127.0.0.1'), r.stderr);
  assert.equal(ours, jira);
  assert.ok(!`${r.stdout}${r.stderr}`.includes(token), `the token is masked: ${`${r.stdout}${r.stderr}`.split('\n').filter((l) => l.includes(token)).join(' | ')}`);
});
