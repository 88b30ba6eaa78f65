// OAuth 2.0's secrets (the client secret, the access and refresh tokens, and the pair a renewal
// brings) appear in no output of any command, -v included, on success and failure paths, even
// when a server echoes the request's Authorization header back; no file but the profile holds them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { saveProfile } from '../../src/index.js';
import { cleanEnv, freshHome, runCli } from '../helpers/cli.js';
import { SECRET, dance, provider, savedProfile } from '../helpers/oauth2-cli.js';

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

test('dance, request, shell, plugin, applink and logout print no client secret or token, -v included; renewed tokens neither', { timeout: 60_000 }, async () => {
  const p = await provider();
  const home = freshHome();
  const outputs: string[] = [];
  const danced = await dance(p, home, ['--scope', 'ADMIN', '--save', '-v']);
  assert.equal(danced.code, 0, danced.stderr);
  outputs.push(danced.stdout + danced.stderr);
  const first = savedProfile(home);
  const env = cleanEnv(home);
  const runs: [string[], string][] = [
    [['request', 'GET', '/rest/api/2/myself', '-v', '-i'], ''],
    [['request', 'GET', '/rest/api/2/issue/NOPE-1', '-v'], ''],
    [['shell', '-v'], 'jira.myself().then((m) => m.name)\njira.issue("NOPE-1")\n'],
    [['check-license', '-vvv'], ''],
    [['applink', '--oauth2', '--scope', 'ADMIN', '--redirect-uri', p.redirect, '--server', p.url, '-v'], ''],
    [['applink', '--oauth2', '--scope', 'ADMIN', '--redirect-uri', p.redirect, '--server', p.url, '--client-secret', `${SECRET}-wrong`, '-v'], ''],
  ];
  for (const [args, input] of runs) {
    const r = await runCli(args, env, input);
    outputs.push(r.stdout + r.stderr);
  }
  p.clock.ms += 3_600_001; // the next commands renew
  for (const args of [['request', 'GET', '/rest/api/2/myself', '-v'], ['check-license', '-vvv']]) {
    const r = await runCli(args, env);
    outputs.push(r.stdout + r.stderr);
  }
  const second = savedProfile(home);
  assert.notEqual(second['access_token'], first['access_token']);
  const out = await runCli(['logout', '-v'], env);
  assert.equal(out.code, 0, out.stderr);
  outputs.push(out.stdout + out.stderr);
  const markers = [SECRET, first['access_token'], first['refresh_token'], second['access_token'], second['refresh_token']].map((m) => m ?? 'MISSING');
  for (const text of outputs) for (const marker of markers) assert.ok(!text.includes(marker), `a secret (${marker.slice(0, 12)}…) in:\n${text.slice(0, 1500)}`);
  for (const file of filesUnder(home).filter((f) => !f.endsWith('profiles.ini'))) {
    const text = readFileSync(file, 'utf8');
    for (const marker of markers) assert.ok(!text.includes(marker), `${file} holds a secret`);
  }
});

test('a server that echoes the Authorization header gets a renewed token masked too', async () => {
  const OLD = 'eyJOLDMARKER.eyJ4.c2ln';
  const NEW = 'eyJNEWMARKER.eyJ5.c2ln';
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url?.endsWith('/rest/oauth2/latest/token')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ access_token: NEW, token_type: 'bearer', expires_in: 3600, refresh_token: 'eyJREFRESH2MARKER.e.s', scope: 'WRITE' }));
        return;
      }
      const auth = req.headers.authorization ?? '';
      if (auth === `Bearer ${OLD}`) {
        res.writeHead(401, { 'content-type': 'application/json', 'x-ausername': 'anonymous' });
        res.end('{"errorMessages":["not logged in"]}');
        return;
      }
      res.writeHead(500, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errorMessages: [`debug: authorization: ${auth}`, `base64: ${Buffer.from(auth).toString('base64')}`] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    const home = freshHome();
    await saveProfile('default', { server: url, client_id: 'cid', client_secret: SECRET, access_token: OLD, refresh_token: 'eyJREFRESH1MARKER.e.s', expires_at: '2099-01-01T00:00:00.000Z', scope: 'WRITE' }, { HOME: home });
    for (const args of [['request', 'GET', '/rest/api/2/myself', '-v', '-i'], ['shell', '-v']]) {
      const r = await runCli(args, cleanEnv(home), 'jira.myself()\n');
      const text = r.stdout + r.stderr;
      assert.match(text, /debug: authorization: Bearer \[REDACTED\]/, text);
      for (const marker of [OLD, NEW, 'REFRESH1MARKER', 'REFRESH2MARKER', SECRET, Buffer.from(`Bearer ${NEW}`).toString('base64')]) assert.ok(!text.includes(marker), `${marker} leaked:\n${text}`);
    }
  } finally {
    server.close();
  }
});

/** A provider whose /token answers a refresh with a new pair after running `during` (to break the profile file mid-refresh). */
async function fakeProvider(during: () => void, pair: Record<string, unknown>) {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.url?.endsWith('/rest/oauth2/latest/token')) {
        during();
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(pair));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json', 'x-ausername': 'admin' });
      res.end('{"name":"admin"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, close: () => server.close() };
}

test('a renewed pair that cannot be written to the profile goes to a 0600 rescue file, and the error says where', async () => {
  const home = freshHome();
  const file = join(home, '.config', 'jirakit', 'profiles.ini');
  // The refresh has happened (the old pair is dead) when the profile file turns into a directory.
  const fake = await fakeProvider(() => { rmSync(file); mkdirSync(file); }, { access_token: 'eyJRESCUED.a.b', token_type: 'bearer', expires_in: 3600, refresh_token: 'eyJRESCUEDREFRESH.a.b' });
  try {
    await saveProfile('default', { server: fake.url, client_id: 'cid', client_secret: SECRET, access_token: 'eyJOLD.a.b', refresh_token: 'eyJOLDREFRESH.a.b', expires_at: '2001-01-01T00:00:00.000Z' }, { HOME: home });
    const r = await runCli(['request', 'GET', '/rest/api/2/myself'], cleanEnv(home));
    assert.equal(r.code, 1, r.stderr);
    const m = /^jirakit: Could not save the renewed OAuth 2\.0 tokens to profile 'default'\. They are in (\S+) \(mode 0600\): copy its \[default\] section into the profile file, then delete it\.$/m.exec(r.stderr);
    assert.ok(m, r.stderr);
    const rescued = m[1] ?? '';
    assert.ok(rescued.startsWith(`${home}/jirakit-profile-default-`), rescued);
    assert.equal(statSync(rescued).mode & 0o777, 0o600);
    assert.match(readFileSync(rescued, 'utf8'), /^refresh_token = eyJRESCUEDREFRESH\.a\.b$/m);
    assert.ok(!r.stderr.includes('RESCUED.a.b'), 'the tokens are in the file, not on the terminal');
  } finally {
    fake.close();
  }
});

test('a token answer a header or profile cannot carry, or an absurd lifetime, is refused or ignored, never a crash', async () => {
  for (const [pair, expected] of [
    [{ access_token: 'eyJ.a\r\nX-Injected: 1', token_type: 'bearer', expires_in: 3600, refresh_token: 'r' }, /holds a token with characters a header cannot carry/],
    [{ access_token: 'eyJFAR.a.b', token_type: 'bearer', expires_in: 1e20, refresh_token: 'eyJFARR.a.b' }, null],
  ] as const) {
    const home = freshHome();
    const fake = await fakeProvider(() => undefined, pair);
    try {
      await saveProfile('default', { server: fake.url, client_id: 'cid', client_secret: SECRET, access_token: 'eyJOLD.a.b', refresh_token: 'eyJOLDREFRESH.a.b', expires_at: '2001-01-01T00:00:00.000Z' }, { HOME: home });
      const r = await runCli(['request', 'GET', '/rest/api/2/myself'], cleanEnv(home));
      if (expected === null) {
        assert.equal(r.code, 0, r.stderr);
        assert.equal(savedProfile(home)['expires_at'], undefined, 'no expiry rather than an impossible date');
      } else {
        assert.equal(r.code, 1);
        assert.match(r.stderr, expected);
        assert.doesNotMatch(r.stderr, /internal error/);
      }
    } finally {
      fake.close();
    }
  }
});
