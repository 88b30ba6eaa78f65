// Saving profiles (issue #13): the file is only ever replaced whole, under a lock, through a
// symlink; a profile beside another one with odd but valid content saves and keeps both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execFileSync, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { readProfile, saveProfile } from '../../src/config/profiles.js';
import { parseIni } from '../../src/config/ini.js';
import { ConfigError } from '../../src/errors/jira-kit-error.js';
import { freshHome } from '../helpers/cli.js';

function profilesFile(home: string, text?: string): string {
  const dir = join(home, '.config', 'jirakit');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, 'profiles.ini');
  if (text !== undefined) writeFileSync(file, text, { mode: 0o600 });
  return file;
}

test('a profile saves beside one with a continuation line (valid configparser), which keeps its value', async () => {
  const home = freshHome();
  const file = profilesFile(home, '[other]\nserver = http://other\nnote = first line\n  second line\n');
  await saveProfile('new', { server: 'http://new', token: 'T' }, { HOME: home });
  const data = parseIni(readFileSync(file, 'utf8'));
  assert.equal(data.get('other')?.get('note'), 'first line\nsecond line');
  assert.equal((await readProfile('new', { HOME: home }))?.token, 'T');
});

test('twelve concurrent saveProfile calls in one process keep all twelve profiles', async () => {
  const home = freshHome();
  const names = Array.from({ length: 12 }, (_, i) => `c${i}`);
  await Promise.all(names.map((name) => saveProfile(name, { server: `http://${name}`, token: name }, { HOME: home })));
  const data = parseIni(readFileSync(profilesFile(home), 'utf8'));
  assert.deepEqual([...data.keys()].sort(), [...names].sort());
  assert.deepEqual(readdirSync(dirname(profilesFile(home))), ['profiles.ini']);
});

test('a symlinked profiles.ini is written through: the link stays, its target gets the profile', async () => {
  const home = freshHome();
  const dotfiles = join(home, 'dotfiles');
  mkdirSync(dotfiles);
  writeFileSync(join(dotfiles, 'profiles.ini'), '[old]\ntoken = OLD\n', { mode: 0o600 });
  // Two hops, relative: ~/.config/jirakit/profiles.ini -> ../../middle.ini -> dotfiles/profiles.ini
  symlinkSync('dotfiles/profiles.ini', join(home, 'middle.ini'));
  const link = profilesFile(home);
  symlinkSync('../../middle.ini', link);
  await saveProfile('new', { token: 'NEW' }, { HOME: home });
  assert.ok(lstatSync(link).isSymbolicLink(), 'the link is still a link');
  assert.ok(lstatSync(join(home, 'middle.ini')).isSymbolicLink());
  const data = parseIni(readFileSync(join(dotfiles, 'profiles.ini'), 'utf8'));
  assert.equal(data.get('old')?.get('token'), 'OLD');
  assert.equal(data.get('new')?.get('token'), 'NEW');
  assert.equal(statSync(join(dotfiles, 'profiles.ini')).mode & 0o777, 0o600);
  assert.deepEqual(readdirSync(dotfiles), ['profiles.ini']);
  assert.deepEqual(readdirSync(dirname(link)), ['profiles.ini']);
});

test('a dangling symlink gets its target created; a loop of links is a ConfigError', async () => {
  const home = freshHome();
  mkdirSync(join(home, 'dotfiles'));
  symlinkSync(join(home, 'dotfiles', 'jirakit.ini'), profilesFile(home));
  await saveProfile('p', { token: 'T' }, { HOME: home });
  assert.match(readFileSync(join(home, 'dotfiles', 'jirakit.ini'), 'utf8'), /token = T/);
  const home2 = freshHome();
  const link = profilesFile(home2);
  symlinkSync(link, link);
  await assert.rejects(saveProfile('p', { token: 'T' }, { HOME: home2 }), (e: unknown) => e instanceof ConfigError && /\(ELOOP\)/.test(e.message));
});

const WRITER = fileURLToPath(new URL('./helpers/profile-writer.ts', import.meta.url));

test('a write that fails half-way (EFBIG under ulimit -f) is a ConfigError; no temp file stays, the file is unchanged', () => {
  const home = freshHome();
  const before = `[big]\nnote = ${'x'.repeat(40_000)}\n`;
  const file = profilesFile(home, before);
  // 64 blocks of 512 bytes: the profile file (40 kB) cannot be written again, tsx's cache can.
  const r = spawnSync('/bin/sh', ['-c', `ulimit -f 64; exec "${process.execPath}" --import tsx "${WRITER}" save "${home}" new 0`], { encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  const error = JSON.parse(r.stdout) as { name: string; message: string; hint: string };
  assert.equal(error.name, 'ConfigError');
  assert.equal(error.message, `Could not write the profile file ${file} (EFBIG)`);
  assert.deepEqual(readdirSync(dirname(file)), ['profiles.ini']);
  assert.equal(readFileSync(file, 'utf8'), before);
});

const root = process.getuid?.() === 0;

test('a full disk (ENOSPC, a small tmpfs) is a ConfigError that says so; no temp file stays', { skip: root ? false : 'mounting a tmpfs needs root' }, async (t) => {
  const home = freshHome();
  const config = join(home, 'config');
  mkdirSync(config);
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'tmpfs', config]);
  t.after(() => execFileSync('umount', [config]));
  const env = { HOME: home, XDG_CONFIG_HOME: config };
  await saveProfile('kept', { token: 'KEPT' }, env);
  const before = readFileSync(join(config, 'jirakit', 'profiles.ini'), 'utf8');
  try {
    writeFileSync(join(config, 'filler'), Buffer.alloc(1024 * 1024));
  } catch {
    // full now, as intended
  }
  await assert.rejects(saveProfile('new', { token: 'NEW' }, env), (e: unknown) => {
    assert.ok(e instanceof ConfigError, String(e));
    assert.match(e.message, /^Could not write the profile file .*profiles\.ini \(ENOSPC\)$/);
    assert.equal(e.hint, 'The disk is full: free some space');
    return true;
  });
  assert.deepEqual(readdirSync(join(config, 'jirakit')), ['profiles.ini']);
  assert.equal(readFileSync(join(config, 'jirakit', 'profiles.ini'), 'utf8'), before);
});

test('a profile value that cannot be written back unchanged is refused by field, never shown', async () => {
  const home = freshHome();
  await assert.rejects(saveProfile('p', { token: 'SECRET-PART \r\nmore' }, { HOME: home }), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.equal(e.message, "The token of profile 'p' cannot be saved: it holds a carriage return");
    return true;
  });
  for (const name of ['my profile', 'DEFAULT', 'a'.repeat(65), 'x]y', '']) {
    await assert.rejects(saveProfile(name, { token: 'T' }, { HOME: home }), /is not a usable profile name/);
  }
});

test('temp files a killed writer left (and the old PID.tmp ones) are removed by the next save; other files stay', async () => {
  const home = freshHome();
  const file = profilesFile(home, '[a]\ntoken = A\n');
  const dir = dirname(file);
  for (const name of ['profiles.ini.999999.tmp', 'profiles.ini.4242.7k2j9x.tmp', 'notes.tmp', 'profiles.ini.bak']) writeFileSync(join(dir, name), 'x');
  await saveProfile('b', { token: 'B' }, { HOME: home });
  assert.deepEqual(readdirSync(dir).sort(), ['notes.tmp', 'profiles.ini', 'profiles.ini.bak']);
});
