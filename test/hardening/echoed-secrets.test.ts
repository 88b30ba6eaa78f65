// A server (a proxy, a debug page) that echoes the request's headers back in its error bodies
// gets the session's secrets printed nowhere: not by the library's errors, not by `request`, the
// shell or the plugin, raw, Base64 (as in Basic), percent-encoded or JSON-escaped. And server text
// reaches no terminal with its escape sequences.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { createServer, type Server } from 'node:http';
import { SecretMasker, secretVariants } from '../../src/errors/secrets.js';
import { errorFromResponse } from '../../src/http/response-error.js';
import { createClient } from '../../src/client/client.js';
import { createBasicAuth } from '../../src/auth/basic.js';
import { createTokenAuth } from '../../src/auth/token.js';
import { HttpError } from '../../src/errors/http-error.js';
import { cleanEnv, freshHome, runCli } from '../helpers/cli.js';

/** Every encoding a test looks for: if one is in the output, the secret leaked. */
function leaks(output: string, secret: string): string[] {
  const forms = [secret, encodeURIComponent(secret), Buffer.from(secret).toString('base64'), JSON.stringify(secret).slice(1, -1)];
  return forms.filter((form) => form.length >= 4 && output.includes(form));
}

const secretArb = fc.string({ unit: 'grapheme-ascii', minLength: 6, maxLength: 40 }).filter((s) => s.trim().length >= 6);
/** A body a server might send, with the secret in it in some form, maybe split across fields. */
const bodyArb = (secret: string) =>
  fc.record({
    form: fc.constantFrom('raw', 'basic', 'pct', 'pct2', 'json', 'b64-embedded', 'split'),
    prefix: fc.string({ maxLength: 12 }),
    cut: fc.nat({ max: 1000 }),
  }).map(({ form, prefix, cut }) => {
    const at = 1 + (cut % (secret.length - 1));
    const inner: Record<string, string> = {
      raw: `authorization: Bearer ${secret}`,
      basic: `authorization: Basic ${Buffer.from(`bob:${secret}`).toString('base64')}`,
      pct: `oauth_token=${encodeURIComponent(secret)}&x=1`,
      pct2: `GET&http%3A%2F%2Fj%2F&oauth_token%3D${encodeURIComponent(encodeURIComponent(secret))}`,
      json: secret,
      'b64-embedded': Buffer.from(`${prefix}Bearer ${secret}\r\n`).toString('base64'),
      split: secret.slice(0, at),
    };
    const messages = form === 'split' ? [`${prefix}${inner['split']}`, secret.slice(at)] : [`${prefix}${inner[form]}`];
    return JSON.stringify({ errorMessages: messages, errors: { detail: inner[form] ?? '' } });
  });

test('masking: any secret, echoed in any encoding in any error body, is in no field of the error built from it', () => {
  fc.assert(
    fc.property(secretArb.chain((secret) => fc.tuple(fc.constant(secret), bodyArb(secret))), ([secret, body]) => {
      const masker = new SecretMasker().add(secret).addBasic('bob', secret);
      const response = new Response(body, { status: 500, headers: { 'content-type': 'application/json' } });
      const error = errorFromResponse(response, body, { sent: { method: 'GET', url: new URL('http://jira.test/rest/api/2/myself'), headers: {}, body: undefined }, authKind: 'pat', mask: (t) => masker.mask(t) });
      const everything = [error.message, error.hint ?? '', error.body ?? '', ...error.errorMessages, ...Object.values(error.errors)].join('\n');
      assert.deepEqual(leaks(everything, secret), [], everything);
      // Masking never leaves part of a longer variant behind, and is idempotent.
      assert.equal(masker.mask(masker.mask(body)), masker.mask(body));
    }),
    { numRuns: 800 },
  );
  // Found by the property above: a raw secret holding what looks like a mixed-case percent escape.
  for (const secret of ['%Aa     !', 'x%2fY%2Fz%aF']) {
    const masker = new SecretMasker().add(secret);
    for (const echoed of [secret, encodeURIComponent(secret), encodeURIComponent(secret).replace(/%[0-9A-F]{2}/g, (e) => e.toLowerCase())]) assert.equal(masker.mask(`Bearer ${echoed}.`), 'Bearer [REDACTED].', echoed);
  }
  // The judge can fail: without the mask the same error holds the secret.
  const body = JSON.stringify({ errorMessages: ['authorization: Bearer S3CRET-VALUE'] });
  const unmasked = errorFromResponse(new Response(body, { status: 500 }), body, { sent: { method: 'GET', url: new URL('http://j/x'), headers: {}, body: undefined }, authKind: 'pat' });
  assert.ok(leaks(unmasked.message, 'S3CRET-VALUE').length > 0);
  assert.ok(secretVariants('S3CRET-VALUE').includes(Buffer.from('S3CRET-VALUE').toString('base64')));
});

test('server text loses its control characters: OSC window titles, OSC 52 clipboard writes, clear screen', () => {
  const evil = 'ok\u001b]0;pwned\u0007 \u001b]52;c;ZXZpbA==\u0007\u001b[2J\u001b[1;31mred\u001b[0m\u0000\u009b6n';
  const error = new HttpError(`Jira answered GET /x with HTTP 500: ${evil}`, { status: 500, method: 'GET', url: 'http://j/x', errorMessages: [evil], body: evil });
  for (const text of [error.message, error.errorMessages[0] ?? '', error.body ?? '']) {
    assert.doesNotMatch(text, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/, JSON.stringify(text));
    assert.match(text, /ok red/);
  }
});

// A server that echoes what it was sent, as some proxies' and debug pages' error bodies do.
let echo: Server;
let url = '';
before(async () => {
  echo = createServer((req, res) => {
    const headers = Object.entries(req.headers).map(([n, v]) => `${n}: ${String(v)}`);
    res.writeHead(500, { 'content-type': 'application/json', 'x-ausername': 'anonymous' });
    res.end(JSON.stringify({ errorMessages: [`Request failed. Headers were: ${headers.join(' | ')}`, `\u001b]0;title\u0007`], errors: { auth: req.headers.authorization ?? '' } }));
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(echo.address() as { port: number }).port}`;
});
after(() => new Promise<void>((r) => echo.close(() => r())));

const PAT = 'PAT-0xDEADBEEF-never-print-me';
const PASSWORD = 'hunter2/with:odd@chars%';

test('the library: an HttpError built from an echo holds no credential', async () => {
  for (const [auth, secret] of [[createTokenAuth(PAT), PAT], [createBasicAuth({ username: 'bob', password: PASSWORD }), PASSWORD]] as const) {
    const error = await createClient({ baseUrl: url, auth }).myself().catch((e: unknown) => e);
    assert.ok(error instanceof HttpError, String(error));
    const fields = JSON.stringify({ message: error.message, hint: error.hint, body: error.body, errorMessages: error.errorMessages, errors: error.errors });
    assert.deepEqual(leaks(fields, secret), [], fields);
    assert.deepEqual(leaks(fields, `bob:${PASSWORD}`), []);
    assert.match(fields, /\[REDACTED\]/, 'the echo was there, masked');
  }
});

test('request, shell and the plugin print no credential a server echoes, from flags, environment or a profile', async () => {
  const home = freshHome();
  const { mkdirSync, writeFileSync } = await import('node:fs');
  mkdirSync(`${home}/.config/jirakit`, { recursive: true, mode: 0o700 });
  writeFileSync(`${home}/.config/jirakit/profiles.ini`, `[echo]\nserver = ${url}\ntoken = ${PAT}\n`, { mode: 0o600 });
  const cases: [string[], Record<string, string>, string][] = [
    [['request', 'GET', '/rest/api/2/myself', '--profile', 'echo'], {}, PAT],
    [['check-license', '--profile', 'echo', '-v'], {}, PAT],
    [['request', 'GET', '/rest/api/2/myself', '--server', url], { JIRA_TOKEN: PAT }, PAT],
    [['request', 'GET', '/rest/api/2/myself', '--server', url, '-v', '-i'], { JIRA_USERNAME: 'bob', JIRA_PASSWORD: PASSWORD }, PASSWORD],
    [['request', 'GET', '/rest/api/2/myself', '--server', url, '--token', PAT], {}, PAT],
    [['shell', '--server', url, '--token', PAT], {}, PAT],
    [['check-license', '--url', url, '-vvv'], { JIRA_TOKEN: PAT }, PAT],
    [['check-license', '--url', url, '--username', 'bob', '--password', PASSWORD], {}, PASSWORD],
  ];
  for (const [args, env, secret] of cases) {
    const r = await runCli(args, cleanEnv(home, env), args[0] === 'shell' ? 'jira.myself()\njira.request("GET", "/rest/api/2/x")\n' : '');
    const output = r.stdout + r.stderr;
    assert.deepEqual(leaks(output, secret), [], `${args.join(' ')}:\n${output}`);
    assert.match(output, /REDACTED/, `${args.join(' ')} saw the echo:\n${output}`);
    assert.doesNotMatch(output, /\u001b\]/, 'no OSC sequence reached the terminal');
  }
});

test('request --raw prints the bytes as received, as it promises', async () => {
  const r = await runCli(['request', 'GET', '/rest/api/2/myself', '--server', url, '--raw'], cleanEnv(freshHome(), { JIRA_TOKEN: PAT }));
  assert.equal(r.code, 1);
  assert.ok(r.stdout.includes(PAT), 'the body, unmasked');
  assert.deepEqual(leaks(r.stderr, PAT), [], 'the error line is still masked');
});
