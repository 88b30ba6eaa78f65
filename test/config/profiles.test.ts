// Saving profiles (issue #13): the file is only ever replaced whole, under a lock, through a
// symlink; a profile beside another one with odd but valid content saves and keeps both.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readProfile, saveProfile } from '../../src/config/profiles.js';
import { parseIni } from '../../src/config/ini.js';
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
