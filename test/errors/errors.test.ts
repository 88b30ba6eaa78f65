// Error classes: fields, redaction at construction, one-sentence messages with hints.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey } from 'node:crypto';
import { assertSha1Signing } from '../../src/auth/private-key.js';
import { transportError } from '../../src/http/transport-error.js';
import { ProtocolError } from '../../src/errors/transport-errors.js';
import { oauthFailure } from '../../src/http/oauth-response.js';
import { HttpError } from '../../src/errors/http-error.js';
import { OAuthProblemError } from '../../src/errors/oauth-problem-error.js';
import { ConfigError } from '../../src/errors/jira-kit-error.js';
import { TlsError } from '../../src/errors/network-error.js';
import { redactAuthorization, redactHeaders, redactOAuthValues, redactUrl } from '../../src/errors/redact.js';
import { formatError } from '../../src/cli/report.js';
import { testKeyPem } from '../helpers/keys.js';

test('an OpenSSL that refuses SHA-1 (RHEL 9 DEFAULT policy) gets a diagnosis, not a silent switch', () => {
  const key = createPrivateKey(testKeyPem);
  const refusing = (() => {
    throw Object.assign(new Error('error:03000098:digital envelope routines::invalid digest'), { code: 'ERR_OSSL_EVP_INVALID_DIGEST' });
  }) as unknown as typeof import('node:crypto').sign;
  assert.throws(() => assertSha1Signing(key, refusing), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /OpenSSL refuses RSA-SHA1 signatures/);
    assert.match(e.hint ?? '', /update-crypto-policies --set DEFAULT:SHA1/);
    return true;
  });
  assert.doesNotThrow(() => assertSha1Signing(key));
});

test('transport failures map to distinct errors', () => {
  const url = new URL('https://jira.example.com/plugins/servlet/oauth/request-token');
  const wrap = (code: string) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(code), { code }) });
  const exchange = { method: 'POST', url };
  const message = (error: unknown): string => (error as Error).message;
  assert.match(message(transportError(wrap('ENOTFOUND'), exchange)), /^Could not resolve the host name jira\.example\.com$/);
  assert.ok(transportError(wrap('CERT_HAS_EXPIRED'), exchange) instanceof TlsError);
  assert.match(message(transportError(wrap('ERR_TLS_CERT_ALTNAME_INVALID'), exchange)), /certificate is for another host name/);
  const aggregate = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]), {}) });
  assert.match(message(transportError(aggregate, exchange)), /connection refused/);
  // Only a network code makes a network error: a bug stays a bug (the plugin's UNKNOWN, not CRITICAL).
  const bug = new TypeError("Cannot read properties of undefined (reading 'x')");
  assert.equal(transportError(bug, exchange), bug);
  assert.ok(transportError(wrap('HPE_UNEXPECTED_CONTENT_LENGTH'), exchange) instanceof ProtocolError);
});

test('errors redact secrets in URLs when they are built', () => {
  const e = new HttpError('x', { status: 401, method: 'get', url: 'https://u:pw@jira/rest?oauth_token=AT&jql=a+b&password=hunter2&oauth_verifier=V' });
  assert.equal(e.url, 'https://[REDACTED]@jira/rest?oauth_token=[REDACTED]&jql=a+b&password=[REDACTED]&oauth_verifier=[REDACTED]');
  assert.equal(e.method, 'GET');
  assert.equal(redactUrl('not a url?oauth_token=abc'), 'not a url?oauth_token=[REDACTED]');
  assert.equal(redactAuthorization('OAuth oauth_token="AT", oauth_signature="S"'), 'OAuth [REDACTED]');
  assert.deepEqual(redactHeaders([['Authorization', 'Bearer PAT'], ['Cookie', 'JSESSIONID=1'], ['Accept', '*/*']]), [['Authorization', 'Bearer [REDACTED]'], ['Cookie', '[REDACTED]'], ['Accept', '*/*']]);
  assert.equal(
    redactOAuthValues('GET&http%3A%2F%2Fj%2Fx&oauth_nonce%3Dn%26oauth_token%3DSECRET%26oauth_verifier%3DV1%26z%3D1'),
    'GET&http%3A%2F%2Fj%2Fx&oauth_nonce%3Dn%26oauth_token%3D[REDACTED]%26oauth_verifier%3D[REDACTED]%26z%3D1',
  );
  // Jira's challenge header: quoted parameters, and a base string with the token two encodings deep.
  const challenge = 'OAuth realm="x", oauth_problem="token_rejected", oauth_token="SECRET", oauth_signature_base_string="GET%26u%26oauth_token%253DSECRET2%2526oauth_version%253D1.0"';
  assert.deepEqual(redactHeaders([['WWW-Authenticate', challenge]]), [
    ['WWW-Authenticate', 'OAuth realm="x", oauth_problem="token_rejected", oauth_token="[REDACTED]", oauth_signature_base_string="GET%26u%26oauth_token%253D[REDACTED]%2526oauth_version%253D1.0"'],
  ]);
  assert.equal(redactOAuthValues('oauth_token=SECRET\nnext line'), 'oauth_token=[REDACTED]\nnext line');
});

test('oauth problems are read from the form body, or from WWW-Authenticate alone', () => {
  const exchange = { method: 'POST', url: new URL('https://j/plugins/servlet/oauth/access-token') };
  const fromBody = oauthFailure(new Response('', { status: 401 }), 'oauth_problem=token_rejected', exchange);
  assert.ok(fromBody instanceof OAuthProblemError && fromBody.problem === 'token_rejected');
  const headerOnly = new Response('', { status: 401, headers: { 'www-authenticate': 'OAuth realm="https%3A%2F%2Fj", OAuth realm="https%3A%2F%2Fj", oauth_problem="token_expired"' } });
  const fromHeader = oauthFailure(headerOnly, '', exchange);
  assert.ok(fromHeader instanceof OAuthProblemError && fromHeader.problem === 'token_expired');
  assert.match(fromHeader.hint ?? '', /Request tokens last 10 minutes/);
  const redirect = oauthFailure(new Response(null, { status: 301, headers: { location: 'https://j/x' } }), '', { method: 'POST', url: new URL('http://j/plugins/servlet/oauth/request-token') });
  assert.match(redirect.hint ?? '', /Use the https:\/\/ URL in --server/);
});

test('the CLI prints one line for known errors and no stack unless JIRAKIT_DEBUG', () => {
  const lines = formatError(new ConfigError('The key file k does not exist', { hint: 'Check --key-cert' }), { program: 'jirakit' });
  assert.deepEqual(lines, ['jirakit: The key file k does not exist. Check --key-cert.']);
  const bug = formatError(new TypeError('x is undefined'), { program: 'jirakit' });
  assert.equal(bug.length, 1);
  assert.match(bug[0] ?? '', /^jirakit: internal error: x is undefined\. Please report it; JIRAKIT_DEBUG=1 shows details\.$/);
  assert.ok(formatError(new TypeError('x'), { program: 'jirakit', debug: true }).some((l) => l.includes('at ')));
});

test('an OAuthProblemError holds no token anywhere, though Jira echoes it in its base string', async () => {
  const { inspect } = await import('node:util');
  const { createSimulator } = await import('../../src/simulator/index.js');
  const { createClient } = await import('../../src/client/client.js');
  const { createOAuth1Auth } = await import('../../src/auth/oauth1.js');
  const { testKeyPem, otherPrivateKey } = await import('../helpers/keys.js');
  const token = 'SECRETACCESSTOKEN0123456789abcdef';
  const sim = createSimulator({ consumers: [{ key: 'k', publicKeyPem: testKeyPem }] });
  sim.state.tokens.set(token, { token, secret: 's', consumerKey: 'k', kind: 'access', version: '1.0', authorization: 'authorized', user: 'admin', createdAt: Date.now(), ttlMs: 1e12 });
  // The wrong private key: Jira answers signature_invalid with its base string, token inside.
  const jira = createClient({ baseUrl: 'http://j', auth: createOAuth1Auth({ consumerKey: 'k', privateKey: otherPrivateKey, token }), fetch: sim.fetch });
  const error = await jira.myself().then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof OAuthProblemError && error.problem === 'signature_invalid');
  assert.ok(!inspect(error, { depth: 10 }).includes(token), 'token in the error');
  assert.ok(!JSON.stringify(error).includes(token), 'token in the serialised error');
  assert.match(error.serverBaseString ?? '', /oauth_token%3D\[REDACTED\]/);
  // The client rebuilt the base string it signed, masked the same way: the two agree.
  assert.equal(error.localBaseString, error.serverBaseString);
  assert.match(redactOAuthValues('oauth_problem=x&oauth_signature_base_string=GET%26u%26oauth_token%253DSECRET%2526z'), /oauth_token%253D\[REDACTED\]%2526z/);
});
