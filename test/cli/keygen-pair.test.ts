// keygen writes both key files or neither (issue #13: with rsa.pub already there, a new
// rsa.pem was written and left behind, paired with nothing).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { createPrivateKey, createPublicKey } from 'node:crypto';
import { join } from 'node:path';
import { cleanEnv, freshHome, runCli, runCliObeyingPermissions } from '../helpers/cli.js';

test('with only the .pub there, nothing is written and both names are checked first', async () => {
  const home = freshHome();
  writeFileSync(join(home, 'rsa.pub'), 'OLD PUBLIC KEY\n');
  const r = await runCli(['keygen', '--out', 'rsa.pem'], cleanEnv(home));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^jirakit: rsa\.pub already exists\. Choose another --out, or pass --force to replace it \(/m);
  assert.deepEqual(readdirSync(home).sort(), ['rsa.pub']);
  assert.equal(readFileSync(join(home, 'rsa.pub'), 'utf8'), 'OLD PUBLIC KEY\n');
});

test('with both there, both are named; a dangling symlink counts as there', async () => {
  const home = freshHome();
  writeFileSync(join(home, 'rsa.pem'), 'OLD\n');
  symlinkSync(join(home, 'nowhere.pub'), join(home, 'rsa.pub'));
  const r = await runCli(['keygen', '--out', 'rsa.pem'], cleanEnv(home));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^jirakit: rsa\.pem already exists\. Choose another --out, or pass --force to replace it and rsa\.pub \(/m);
  assert.equal(readFileSync(join(home, 'rsa.pem'), 'utf8'), 'OLD\n');
  assert.ok(lstatSync(join(home, 'rsa.pub')).isSymbolicLink());
});

test('--force replaces both with a matching pair, through a symlink, leaving no temp file', async () => {
  const home = freshHome();
  mkdirSync(join(home, 'keys'));
  writeFileSync(join(home, 'keys', 'real.pem'), 'OLD\n');
  symlinkSync('keys/real.pem', join(home, 'rsa.pem'));
  writeFileSync(join(home, 'rsa.pub'), 'OLD PUBLIC KEY\n');
  const r = await runCli(['keygen', '--out', 'rsa.pem', '--force'], cleanEnv(home));
  assert.equal(r.code, 0, r.stderr);
  assert.ok(lstatSync(join(home, 'rsa.pem')).isSymbolicLink(), 'the link stays');
  const priv = createPrivateKey(readFileSync(join(home, 'keys', 'real.pem')));
  const pub = createPublicKey(readFileSync(join(home, 'rsa.pub')));
  assert.equal(createPublicKey(priv).export({ format: 'pem', type: 'spki' }), pub.export({ format: 'pem', type: 'spki' }));
  assert.equal(lstatSync(join(home, 'keys', 'real.pem')).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(home).sort(), ['keys', 'rsa.pem', 'rsa.pub']);
  assert.deepEqual(readdirSync(join(home, 'keys')), ['real.pem']);
});

test('a directory that cannot be written: a ConfigError, and no key left behind', async () => {
  const home = freshHome();
  mkdirSync(join(home, 'ro'));
  chmodSync(join(home, 'ro'), 0o500);
  const r = await runCliObeyingPermissions(['keygen', '--out', 'ro/rsa.pem'], cleanEnv(home));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^jirakit: Could not write the key file ro\/rsa\.pem \(EACCES\)\. Check that the directory exists and is writable\.$/m);
  assert.deepEqual(readdirSync(join(home, 'ro')), []);
});

test('a missing directory: a ConfigError naming the file', async () => {
  const home = freshHome();
  const r = await runCli(['keygen', '--out', 'nope/rsa.pem'], cleanEnv(home));
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^jirakit: Could not write the key file nope\/rsa\.pem \(ENOENT\)\. Check that the directory exists and is writable\.$/m);
});
