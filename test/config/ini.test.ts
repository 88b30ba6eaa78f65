// The INI reader against Python's own configparser (the parser jirashell.ini is written for).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { iniBoolean, parseIni, stringifyIni, IniSyntaxError } from '../../src/config/ini.js';

const CASES: Record<string, string> = {
  'jirashell.ini as documented': `[options]
server = https://jira.example.com/jira
verify = False

[oauth]
oauth_dance: True
consumer_key : monitor-jira-license
key_cert=/home/me/rsa.pem
Access_Token = abc
`,
  'comments, case and colons in values': `# a comment
; another
[Options]
SERVER: http://h:8080/x   
url = a=b:c
empty =
`,
  'continuation lines and DEFAULT': `[DEFAULT]
timeout = 10
[a]
key = first
  second
    third
other = x
[b]
timeout = 20
`,
};

function configparser(text: string): Record<string, Record<string, string>> {
  const script = `import configparser, json, sys
p = configparser.ConfigParser(interpolation=None)
p.read_string(sys.stdin.read())
print(json.dumps({s: dict(p.items(s)) for s in p.sections()}))`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { input: text }).toString()) as Record<string, Record<string, string>>;
}

for (const [name, text] of Object.entries(CASES)) {
  test(`parseIni agrees with Python configparser: ${name}`, () => {
    const ours = Object.fromEntries([...parseIni(text)].map(([s, values]) => [s, Object.fromEntries(values)]));
    assert.deepEqual(ours, configparser(text));
  });
}

test('configparser booleans', () => {
  for (const v of ['1', 'yes', 'TRUE', 'on', 'True']) assert.equal(iniBoolean(v), true);
  for (const v of ['0', 'no', 'False', 'OFF']) assert.equal(iniBoolean(v), false);
  assert.equal(iniBoolean('maybe'), undefined);
  assert.equal(iniBoolean(undefined), undefined);
});

test('broken INI is an IniSyntaxError naming the line', () => {
  assert.throws(() => parseIni('[a]\nthis line has no separator\n'), (e: unknown) => e instanceof IniSyntaxError && e.line === 2);
  assert.throws(() => parseIni('key = before any section\n'), (e: unknown) => e instanceof IniSyntaxError && /before any \[section\]/.test(e.message));
});

test('stringifyIni round-trips and Python reads it back', () => {
  const data = new Map([['default', new Map([['server', 'http://h/j'], ['access_token', 'a=b:c']])], ['ci', new Map([['token', 'x y']])]]);
  const text = stringifyIni(data, 'header line');
  assert.deepEqual(parseIni(text), data);
  assert.deepEqual(configparser(text), { default: { server: 'http://h/j', access_token: 'a=b:c' }, ci: { token: 'x y' } });
});
