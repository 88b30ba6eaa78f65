// One resolution chain for every command: flags > environment > profile > jirashell.ini.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveConnection } from '../../src/config/resolve.js';
import { saveProfile } from '../../src/config/profiles.js';
import { ConfigError } from '../../src/errors/jira-kit-error.js';
import { freshHome } from '../helpers/cli.js';

function writeJirashellIni(home: string, text: string): void {
  mkdirSync(join(home, '.jira-python'), { recursive: true });
  writeFileSync(join(home, '.jira-python', 'jirashell.ini'), text);
}

test('each field takes the highest source, and says where it came from', async () => {
  const home = freshHome();
  writeJirashellIni(home, '[options]\nserver = http://ini.example\n[oauth]\nconsumer_key: ini-key\nkey_cert = /ini.pem\naccess_token = ini-token\n');
  const env = { HOME: home };
  await saveProfile('default', { server: 'http://profile.example', key_cert: '/profile.pem' }, env);
  const r = await resolveConnection({ accessToken: 'flag-token' }, { env: { ...env, JIRA_CONSUMER_KEY: 'env-key' } });
  assert.deepEqual(r.values, { server: 'http://profile.example', consumerKey: 'env-key', keyCert: '/profile.pem', accessToken: 'flag-token' });
  assert.deepEqual(r.sources, { server: "profile 'default'", consumerKey: 'JIRA_CONSUMER_KEY', keyCert: "profile 'default'", accessToken: '--access-token' });
  assert.equal(r.authKind, 'oauth1');
  assert.equal(r.profile, 'default');
});

test('jirashell.ini alone is enough, as for Python jirashell users', async () => {
  const home = freshHome();
  writeJirashellIni(home, '[options]\nserver = https://jira.example.com/jira/\n[oauth]\noauth_dance = False\nconsumer_key = k\nkey_cert = /k.pem\naccess_token = t\naccess_token_secret = s\n');
  const r = await resolveConnection({}, { env: { HOME: home } });
  assert.equal(r.values.server, 'https://jira.example.com/jira');
  assert.equal(r.values.accessTokenSecret, 's');
  assert.equal(r.sources.server, 'jirashell.ini');
});

test('--profile and JIRA_PROFILE choose the profile; a missing named profile is an error', async () => {
  const home = freshHome();
  await saveProfile('prod', { server: 'http://prod' }, { HOME: home });
  await saveProfile('test', { server: 'http://test' }, { HOME: home });
  assert.equal((await resolveConnection({ profile: 'prod' }, { env: { HOME: home, JIRA_PROFILE: 'test' } })).values.server, 'http://prod');
  assert.equal((await resolveConnection({}, { env: { HOME: home, JIRA_PROFILE: 'test' } })).values.server, 'http://test');
  await assert.rejects(resolveConnection({ profile: 'nope' }, { env: { HOME: home } }), /There is no profile named 'nope'/);
});

test('two kinds of credentials from different places name both sources', async () => {
  const home = freshHome();
  await saveProfile('default', { access_token: 'a', consumer_key: 'k', key_cert: '/k' }, { HOME: home });
  await assert.rejects(resolveConnection({}, { env: { HOME: home, JIRA_TOKEN: 'pat' } }), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.equal(e.message, "Two kinds of credentials are set: an OAuth access token (from profile 'default') and a personal access token (from JIRA_TOKEN)");
    return true;
  });
});

test('a broken jirashell.ini or profile file is a clear ConfigError', async () => {
  const home = freshHome();
  writeJirashellIni(home, '[oauth]\nnot a key value line\n');
  await assert.rejects(resolveConnection({}, { env: { HOME: home } }), /jirashell\.ini cannot be read as an INI file \(line 2:/);
  const home2 = freshHome();
  mkdirSync(join(home2, '.config', 'jirakit'), { recursive: true });
  writeFileSync(join(home2, '.config', 'jirakit', 'profiles.ini'), 'server = orphan\n');
  await assert.rejects(resolveConnection({}, { env: { HOME: home2 } }), /profiles\.ini is broken \(line 1: key 'server' comes before any \[section\] header\)/);
});

test('a syntax error in either file names the file and line, never the text of the line (issue #13)', async () => {
  const home = freshHome();
  writeJirashellIni(home, '[basic_auth]\nusername = jdoe\npassword hunter2\n');
  await assert.rejects(resolveConnection({}, { env: { HOME: home } }), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.equal(e.message, `${join(home, '.jira-python', 'jirashell.ini')} cannot be read as an INI file (line 3: no '=' or ':', and not a [section] header)`);
    return true;
  });
  const home2 = freshHome();
  mkdirSync(join(home2, '.config', 'jirakit'), { recursive: true });
  writeFileSync(join(home2, '.config', 'jirakit', 'profiles.ini'), '[default]\nserver = http://h\ntoken PATSECRET-0123456789\n');
  await assert.rejects(resolveConnection({}, { env: { HOME: home2 } }), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.doesNotMatch(`${e.message} ${e.hint}`, /PATSECRET/);
    assert.match(e.message, /profiles\.ini is broken \(line 3: no '=' or ':'/);
    return true;
  });
});

test('a profile file others can read is reported, without any value in the warning', async () => {
  const home = freshHome();
  const path = await saveProfile('default', { access_token: 'SECRET-TOKEN' }, { HOME: home });
  chmodSync(path, 0o644);
  const r = await resolveConnection({}, { env: { HOME: home } });
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0] ?? '', /can be read by other users \(mode 0644\); run chmod 600/);
  assert.ok(!r.warnings.join('').includes('SECRET-TOKEN'));
});

test('XDG_CONFIG_HOME moves the profile file', async () => {
  const home = freshHome();
  const xdg = join(home, 'xdg');
  const path = await saveProfile('default', { server: 'http://x' }, { HOME: home, XDG_CONFIG_HOME: xdg });
  assert.equal(path, join(xdg, 'jirakit', 'profiles.ini'));
  assert.equal((await resolveConnection({}, { env: { HOME: home, XDG_CONFIG_HOME: xdg } })).values.server, 'http://x');
});

test('server URLs are normalised and bad ones explained', async () => {
  const home = freshHome();
  assert.equal((await resolveConnection({ server: 'HTTPS://Jira.Example.com:443/jira/' }, { env: { HOME: home } })).values.server, 'https://jira.example.com/jira');
  await assert.rejects(resolveConnection({ server: 'jira.example.com' }, { env: { HOME: home } }), /'jira\.example\.com' is not a URL/);
  await assert.rejects(resolveConnection({ server: 'ftp://jira' }, { env: { HOME: home } }), /is not an http or https URL/);
  await assert.rejects(resolveConnection({ server: 'https://u:p@jira' }, { env: { HOME: home } }), /must not contain a user name or password/);
});

test('a server value with credentials but no scheme is not echoed with them', async () => {
  await assert.rejects(resolveConnection({ server: 'jdoe:hunter2@jira.example.com' }, { env: { HOME: freshHome() } }), (e: unknown) => {
    assert.ok(e instanceof ConfigError);
    assert.ok(!e.message.includes('hunter2'), e.message);
    assert.match(e.message, /'\[REDACTED\]@jira\.example\.com' is not (a URL|an http or https URL)/);
    return true;
  });
});

test('whatever a server URL holds, its user-info is never echoed (issue #13)', async () => {
  const home = freshHome();
  const values = [
    'https://bob:s3cr/etPASSWORD@jira.example.com',
    'https://bob:123/etPASSWORD@jira.example.com',
    'https://bob:s3cr@etPASSWORD@jira.example.com',
    'https://bob:s3cr:etPASSWORD@jira.example.com/jira',
    'https://bob:s3cr%zzetPASSWORD@jira.example.com',
    'https://bob:s3cr%2FetPASSWORD@jira.example.com',
    'https://bob:s3cr#etPASSWORD@jira.example.com',
    'https://bob:s3cr?etPASSWORD@jira.example.com',
    'https://bob:s3cr\\etPASSWORD@jira.example.com',
    'https://bob:s3cr etPASSWORD@jira.example.com',
    'https:bob:s3cr/etPASSWORD@jira.example.com',
    'bob:s3cr/etPASSWORD@jira.example.com',
    'ftp://bob:s3cr/etPASSWORD@jira.example.com',
    'https://[bob:s3cr/etPASSWORD@jira.example.com',
    'https://jira.example.com/?token=etPASSWORD',
  ];
  for (const server of values) {
    await assert.rejects(resolveConnection({ server }, { env: { HOME: home } }), (e: unknown) => {
      assert.ok(e instanceof ConfigError, `${server}: ${String(e)}`);
      assert.doesNotMatch(`${e.message} ${e.hint}`, /PASSWORD|s3cr|bob/, `${server}: ${e.message}`);
      return true;
    }, server);
  }
});
