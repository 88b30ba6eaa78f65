// keygen, applink and sign as processes; sign's output checked against python3-oauthlib vectors.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, createVerify, sign as rsaSign } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createSimulator } from '../../src/simulator/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { parseOAuthHeader } from '../../src/auth/oauth1-signature.js';
import { CONSUMER, OTHER_KEY_PATH, TEST_KEY_PATH, testKeyPem } from '../helpers/keys.js';
import { cleanEnv, freshHome, runCli } from '../helpers/cli.js';

const sim = createSimulator({ consumers: [{ key: CONSUMER, publicKeyPem: testKeyPem }] });
let running: RunningSimulator;
before(async () => { running = await sim.listen(); });
after(async () => { await running.close(); });

test('keygen writes a 2048-bit key (0600) and rsa.pub, and prints the public key body', async () => {
  const home = freshHome();
  const r = await runCli(['keygen', '--out', 'rsa.pem'], cleanEnv(home));
  assert.equal(r.code, 0, r.stderr);
  const priv = join(home, 'rsa.pem');
  assert.equal(statSync(priv).mode & 0o777, 0o600);
  const key = createPrivateKey(readFileSync(priv));
  assert.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
  const pub = readFileSync(join(home, 'rsa.pub'), 'utf8');
  assert.match(pub, /^-----BEGIN PUBLIC KEY-----/);
  const body = r.stdout.trim();
  assert.doesNotMatch(body, /BEGIN|END|\n/);
  // The printed body is the public key: it verifies what the private key signs.
  const spki = createPublicKey({ key: Buffer.from(body, 'base64'), format: 'der', type: 'spki' });
  const sig = rsaSign('sha1', Buffer.from('x'), key);
  assert.ok(createVerify('RSA-SHA1').update('x').verify(spki, sig));
  assert.ok(!r.stdout.includes('PRIVATE'));
  const again = await runCli(['keygen', '--out', 'rsa.pem'], cleanEnv(home));
  assert.equal(again.code, 1);
  assert.match(again.stderr, /^jirakit: rsa\.pem already exists\. Choose another --out, or pass --force/m);
});

test('keygen without --out is a usage error (exit 2)', async () => {
  const r = await runCli(['keygen'], cleanEnv(freshHome()));
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^jirakit: --out FILE is required\. e\.g\. jirakit keygen --out rsa\.pem\.$/m);
});

test('applink prints the three form values; --server confirms a known consumer', async () => {
  const r = await runCli(['applink', '--consumer-key', CONSUMER, '--key-cert', TEST_KEY_PATH, '--server', running.url], cleanEnv(freshHome()));
  assert.equal(r.code, 0, r.stderr);
  const expected = readFileSync(TEST_KEY_PATH.replace(/\.pem$/, '.pub'), 'utf8').replace(/-----[^-]+-----|\s/g, '');
  assert.equal(r.stdout, `Consumer Key:  ${CONSUMER}\nConsumer Name: Monitor Jira License\nPublic Key:    ${expected}\n`);
  assert.match(r.stderr, /knows consumer key 'monitor-jira-license' and its public key/);
});

test('applink --server names an unknown consumer and a mismatched key', async () => {
  const unknown = await runCli(['applink', '--consumer-key', 'nobody', '--key-cert', TEST_KEY_PATH, '--name', 'X', '--server', running.url], cleanEnv(freshHome()));
  assert.equal(unknown.code, 1);
  assert.match(unknown.stderr, /^jirakit: Jira has no application link with consumer key 'nobody'\. Create the incoming link first/m);
  const wrongKey = await runCli(['applink', '--consumer-key', CONSUMER, '--key-cert', OTHER_KEY_PATH, '--server', running.url], cleanEnv(freshHome()));
  assert.equal(wrongKey.code, 1);
  assert.match(wrongKey.stderr, /Jira knows consumer key 'monitor-jira-license', but its application link holds a different public key/);
});

const vectors = (JSON.parse(readFileSync(new URL('../vectors/oauth1-oauthlib.json', import.meta.url), 'utf8')) as {
  vectors: { name: string; method: string; url: string; contentType: string | null; body: string | null; consumerKey: string; token?: string; verifier?: string; callback?: string; nonce: string; timestamp: string; baseString: string; signature: string }[];
}).vectors;

for (const name of ['GET, plus as space in query', 'access token, 1.0a verifier', 'request token, loopback callback', 'POST form body, repeated keys', 'GET, 2-legged (empty token)']) {
  test(`sign --base-string matches python3-oauthlib: ${name}`, async () => {
    const v = vectors.find((x) => x.name === name);
    assert.ok(v);
    const args = ['sign', '--method', v.method, '--url', v.url, '--consumer-key', v.consumerKey, '--key-cert', TEST_KEY_PATH, '--nonce', v.nonce, '--timestamp', v.timestamp, '--base-string'];
    if (v.token !== undefined) args.push('--oauth-token', v.token);
    if (v.verifier !== undefined) args.push('--verifier', v.verifier);
    if (v.callback !== undefined) args.push('--callback', v.callback);
    for (const pair of v.body && v.contentType?.startsWith('application/x-www-form-urlencoded') ? v.body.split('&') : []) {
      const [k = '', val = ''] = pair.split('=');
      args.push('--form', `${decodeURIComponent(k)}=${decodeURIComponent(val)}`);
    }
    const r = await runCli(args, cleanEnv(freshHome()));
    assert.equal(r.code, 0, r.stderr);
    const [, base, header] = /^Signature base string:\n(.*)\n\nAuthorization: (.*)\n$/.exec(r.stdout) ?? [];
    assert.equal(base, v.baseString);
    assert.equal(new Map(parseOAuthHeader(header ?? '')).get('oauth_signature'), v.signature);
  });
}

test('sign with bad arguments: exit 2 and one line', async () => {
  const env = cleanEnv(freshHome());
  for (const [args, pattern] of [
    [['sign', '--consumer-key', 'k', '--key-cert', TEST_KEY_PATH], /--url is required/],
    [['sign', '--url', 'not a url', '--consumer-key', 'k', '--key-cert', TEST_KEY_PATH], /'not a url' is not a URL/],
    [['sign', '--url', 'http://x/', '--timestamp', 'soon', '--consumer-key', 'k', '--key-cert', TEST_KEY_PATH], /--timestamp takes seconds/],
    [['sign', '--url', 'http://x/', '--bogus'], /Unknown option '--bogus'/],
    [['sign', '--url', 'http://x/', '--token', 'PAT', '--consumer-key', 'k', '--key-cert', TEST_KEY_PATH], /^jirakit: sign takes the OAuth token as --oauth-token; --token is a personal access token\./],
  ] as const) {
    const r = await runCli(args, env);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, pattern);
    assert.equal(r.stderr.trim().split('\n').length, 1);
  }
});
