// On a terminal (a pseudo-terminal made by util-linux `script`), secrets are asked for without echo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createSimulator } from '../../src/simulator/index.js';
import { JIRAKIT, cleanEnv, freshHome } from '../helpers/cli.js';

/** Runs a command on a pty, types `answer` once `prompt` shows, and returns what the terminal showed. */
async function onTerminal(command: string, home: string, prompt: string, answer: string): Promise<{ code: number | null; screen: string }> {
  const child = spawn('script', ['-qec', command, '/dev/null'], { env: cleanEnv(home) });
  let screen = '';
  let answered = false;
  child.stdout.on('data', (d: Buffer) => {
    screen += d.toString();
    if (!answered && screen.includes(prompt)) {
      answered = true;
      child.stdin.write(`${answer}\r`);
    }
  });
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  return { code, screen };
}

test('an encrypted key asks for its passphrase on a terminal, without echoing it', { timeout: 20_000 }, async () => {
  const home = freshHome();
  const key = join(home, 'enc.pem');
  writeFileSync(key, generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'open sesame' },
  }).privateKey, { mode: 0o600 });
  const { code, screen } = await onTerminal(`${process.execPath} ${JIRAKIT} sign --url http://jira.test/rest/api/2/myself --consumer-key k --key-cert ${key}`, home, 'Passphrase for ', 'open sesame');
  assert.equal(code, 0, screen);
  assert.match(screen, /Passphrase for \S+enc\.pem: /);
  assert.match(screen, /Authorization: OAuth oauth_consumer_key="k"/);
  assert.ok(!screen.includes('open sesame'), 'the passphrase is not echoed');
});

test('a user name without a password asks for it on a terminal, without echo', { timeout: 20_000 }, async () => {
  const running = await createSimulator().listen();
  try {
    const { code, screen } = await onTerminal(`${process.execPath} ${JIRAKIT} request GET /rest/api/2/myself --server ${running.url} --username jdoe`, freshHome(), 'Password for jdoe at ', 'jdoe');
    assert.equal(code, 0, screen);
    // jdoe's password is "jdoe": the session's secret, so the name is masked wherever it appears.
    assert.match(screen, /"displayName": "Jane Doe"/);
    assert.match(screen, /"name": "\[REDACTED\]"/);
    assert.equal(screen.split('jdoe\r').length, 1, 'the password typed is not echoed');
  } finally {
    await running.close();
  }
});
