import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { VERSION } from '../src/version.js';
import { cleanEnv, freshHome, runCli } from './helpers/cli.js';

test('jirakit --version prints the package version', async () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  assert.equal(VERSION, pkg.version);
  const r = await runCli(['--version'], cleanEnv(freshHome()));
  assert.equal(r.code, 0);
  assert.equal(r.stdout, `${pkg.version}\n`);
});

test('every command answers --help with usage and an example', async () => {
  for (const command of ['keygen', 'applink', 'dance', 'logout', 'sign', 'request', 'shell', 'simulate', 'demo']) {
    const r = await runCli([command, '--help'], cleanEnv(freshHome()));
    assert.equal(r.code, 0, command);
    assert.match(r.stdout, new RegExp(`^Usage: jirakit ${command}`), command);
    assert.match(r.stdout, /Example:\n {2}\S/, command);
    // The commands that only speak OAuth list only the settings they read.
    if (['applink', 'dance', 'logout', 'sign'].includes(command)) assert.doesNotMatch(r.stdout, /--token PAT|--username|--api-token/, command);
  }
  const top = await runCli(['--help'], cleanEnv(freshHome()));
  assert.equal(top.code, 0);
  assert.match(top.stdout, /Commands:\n {2}keygen/);
});
