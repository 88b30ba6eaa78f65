// On a terminal (a pseudo-terminal made by util-linux `script`), an encrypted key's passphrase is
// asked for without echo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { JIRAKIT, cleanEnv, freshHome } from '../helpers/cli.js';

test('an encrypted key asks for its passphrase on a terminal, without echoing it', { timeout: 20_000 }, async () => {
  const home = freshHome();
  const key = join(home, 'enc.pem');
  writeFileSync(key, generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'open sesame' },
  }).privateKey, { mode: 0o600 });
  const command = `${process.execPath} ${JIRAKIT} sign --url http://jira.test/rest/api/2/myself --consumer-key k --key-cert ${key}`;
  const child = spawn('script', ['-qec', command, '/dev/null'], { env: cleanEnv(home) });
  let out = '';
  let answered = false;
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (!answered && out.includes('Passphrase for ')) {
      answered = true;
      child.stdin.write('open sesame\r');
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  assert.equal(code, 0, out);
  assert.match(out, /Passphrase for \S+enc\.pem: /);
  assert.match(out, /Authorization: OAuth oauth_consumer_key="k"/);
  assert.ok(!out.includes('open sesame'), 'the passphrase is not echoed');
});

test('a user name without a password asks for it on a terminal, without echo', { timeout: 20_000 }, async () => {
  const { createSimulator } = await import('../../src/simulator/simulator.js');
  const sim = createSimulator();
  const running = await sim.listen();
  try {
    const home = freshHome();
    const command = `${process.execPath} ${JIRAKIT} request GET /rest/api/2/myself --server ${running.url} --username jdoe`;
    const child = spawn('script', ['-qec', command, '/dev/null'], { env: cleanEnv(home) });
    let out = '';
    let answered = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!answered && out.includes('Password for jdoe at ')) {
        answered = true;
        child.stdin.write('jdoe\r');
      }
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    assert.equal(code, 0, out);
    assert.match(out, /"name": "jdoe"/);
    assert.equal(out.split('jdoe\r').length, 1, 'the password typed is not echoed');
  } finally {
    await running.close();
  }
});
