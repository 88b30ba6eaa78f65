// The INI reader against Python's own configparser (the parser jirashell.ini is written for).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { iniBoolean, iniValueProblem, parseIni, stringifyIni, IniSyntaxError } from '../../src/config/ini.js';

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

// Issue #13: files configparser reads must read the same here, and whatever parseIni reads must
// write back (stringifyIni) and read again unchanged: a profile saved next to another profile
// with a continuation line used to fail with "line break" after the dance.
const CONFIGPARSER_CASES: Record<string, string> = {
  'indented keys are keys, not continuations': '[a]\n  k1 = v\n  k2 = w\n    more\nk3 = x\n',
  'blank lines inside a value, trailing blank lines dropped': '[a]\nkey = first\n\n  third\n\n\nother = y\n',
  'a value that starts on the next line': '[a]\nkey =\n  second\n  third\n',
  'indented comments inside a value are skipped': '[a]\nkey = one\n  # not part of it\n  two\n',
  'a continuation right after a header is a key': '[a]\nk = v\n[b]\n  x = 1\n',
  'tabs indent too': '[a]\nkey = one\n\ttwo\n',
};

for (const [name, text] of Object.entries(CONFIGPARSER_CASES)) {
  test(`parseIni agrees with Python configparser: ${name}`, () => {
    const ours = Object.fromEntries([...parseIni(text)].map(([s, values]) => [s, Object.fromEntries(values)]));
    assert.deepEqual(ours, configparser(text));
  });
}

test('multi-line values are written as continuation lines and read back the same, by Python too', () => {
  const data = new Map([['p', new Map([['server', 'http://h'], ['note', 'one\ntwo\n\nfour'], ['late', '\nsecond'], ['hash', 'a\nb # c']])]]);
  const text = stringifyIni(data);
  assert.deepEqual(parseIni(text), data);
  assert.deepEqual(configparser(text), { p: Object.fromEntries(data.get('p') ?? []) });
});

test('any value parseIni can produce round-trips through stringifyIni', () => {
  const writable: string[] = [];
  const piece = fc.constantFrom('a', 'Z9', ' ', '\t', '\n', '=', ':', '#', ';', '[x]', '%', '\\', 'é');
  fc.assert(fc.property(fc.array(piece, { maxLength: 12 }), (parts) => {
    const value = parts.join('');
    const data = new Map([['s', new Map([['k', value]])]]);
    if (iniValueProblem(value) !== undefined) {
      assert.throws(() => stringifyIni(data), TypeError);
      return;
    }
    assert.deepEqual(parseIni(stringifyIni(data)), data);
    writable.push(value);
  }), { numRuns: 800 });
  // Python reads the same file the same way.
  const all = new Map([['s', new Map(writable.map((v, i) => [`k${i}`, v]))]]);
  assert.deepEqual(configparser(stringifyIni(all)), { s: Object.fromEntries(all.get('s') ?? []) });
  // What parseIni produced from a file can always be written: values it read come back.
  const read = parseIni('[s]\nk = a\n\n  b\n  c = d\n');
  assert.deepEqual(parseIni(stringifyIni(read)), read);
});

test('syntax errors name the line (and a plain key), never the text of the line', () => {
  const cases: [string, RegExp][] = [
    ['[a]\nserver = x\ntoken PATSECRET-123\n', /^line 3: /],
    ['password hunter2\n[a]\n', /^line 1: /],
    ['[a]\n= PATSECRET-123\n', /^line 2: /],
    ['token = PATSECRET-123\n[a]\n', /^line 1: key 'token' comes before any \[section\] header$/],
    ['tok en PATSECRET-123 = x\n[a]\n', /^line 1: /],
  ];
  for (const [text, pattern] of cases) {
    assert.throws(() => parseIni(text), (e: unknown) => {
      assert.ok(e instanceof IniSyntaxError);
      assert.match(e.message, pattern);
      assert.doesNotMatch(e.message, /PATSECRET|hunter2/, e.message);
      return true;
    });
  }
  assert.throws(() => parseIni('[a]\ntoken PATSECRET\n'), { message: "line 2: no '=' or ':', and not a [section] header" });
});
