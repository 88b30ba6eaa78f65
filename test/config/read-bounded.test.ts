// Config files are read whole, so each has a bound (issue #13): a 600 MB profiles.ini was
// ERR_STRING_TOO_LONG with the hint "check owner and mode". Sparse files and /dev/zero stand
// in for huge ones, so nothing large is ever written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConnection } from '../../src/config/resolve.js';
import { MAX_CONFIG_BYTES, readFileBounded, FileTooLargeError } from '../../src/config/read-bounded.js';
import { ConfigError } from '../../src/errors/jira-kit-error.js';
import { freshHome } from '../helpers/cli.js';

function configFile(home: string): string {
  mkdirSync(join(home, '.config', 'jirakit'), { recursive: true });
  return join(home, '.config', 'jirakit', 'profiles.ini');
}

test('a 600 MB profiles.ini is refused with a sentence that says so, before it is read', async () => {
  const home = freshHome();
  const file = configFile(home);
  writeFileSync(file, '[default]\nserver = http://h\n');
  truncateSync(file, 600 * 1024 * 1024);
  await assert.rejects(resolveConnection({}, { env: { HOME: home } }), (e: unknown) => {
    assert.ok(e instanceof ConfigError, String(e));
    assert.equal(e.message, `The profile file ${file} is too large to be a config file (600.0 MiB; jirakit reads at most 1.0 MiB)`);
    assert.doesNotMatch(e.hint ?? '', /owner and mode/);
    return true;
  });
});

test('a jirashell.ini that never ends (/dev/zero) is refused too', async () => {
  const home = freshHome();
  mkdirSync(join(home, '.jira-python'));
  symlinkSync('/dev/zero', join(home, '.jira-python', 'jirashell.ini'));
  await assert.rejects(resolveConnection({}, { env: { HOME: home } }), /Python jirashell's config file .* is too large to be a config file \(more than that; jirakit reads at most 1\.0 MiB\)/);
});

test('a file of exactly the limit is read; one byte more is not', () => {
  const home = freshHome();
  const file = join(home, 'f');
  writeFileSync(file, `[a]\n${'#'.repeat(MAX_CONFIG_BYTES - 5)}\n`);
  assert.equal(readFileBounded(file, MAX_CONFIG_BYTES).length, MAX_CONFIG_BYTES);
  writeFileSync(file, 'x'.repeat(MAX_CONFIG_BYTES + 1));
  assert.throws(() => readFileBounded(file, MAX_CONFIG_BYTES), FileTooLargeError);
});

test('a profiles.ini that is a directory says so, not "check owner and mode"', async () => {
  const home = freshHome();
  mkdirSync(configFile(home));
  await assert.rejects(resolveConnection({}, { env: { HOME: home } }), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.match(e.message, /^Could not read the profile file .*profiles\.ini \(EISDIR\)$/);
    assert.equal(e.hint, 'It is a directory: move it away');
    return true;
  });
});
