// parseLazyArray, the search page reader: JSON.parse on the whole text is the judge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseLazyArray } from '../../src/http/json-bytes.js';

// parseLazyArray leaves one array member in the bytes; JSON.parse on the whole text is the judge.
const spaced = (value: unknown, spaces: string[]): string => {
  // JSON.stringify with the whitespace JSON allows between tokens, from the generated pool.
  let k = 0;
  const ws = (): string => spaces[k++ % Math.max(spaces.length, 1)] ?? '';
  const out = (v: unknown): string => {
    if (Array.isArray(v)) return `[${ws()}${v.map((e) => `${ws()}${out(e)}${ws()}`).join(',')}${ws()}]`;
    if (v && typeof v === 'object') return `{${ws()}${Object.entries(v).map(([key, e]) => `${ws()}${JSON.stringify(key)}${ws()}:${ws()}${out(e)}${ws()}`).join(',')}${ws()}}`;
    return JSON.stringify(v);
  };
  return `${ws()}${out(value)}${ws()}`;
};
const whitespace = fc.array(fc.stringMatching(/^[ \t\r\n]{0,3}$/), { maxLength: 5 });
const page = fc.tuple(fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 4 }), fc.array(fc.jsonValue(), { maxLength: 8 }), fc.nat()).map(([members, issues, at]) => {
  const entries = Object.entries(members).filter(([k]) => k !== 'issues');
  entries.splice(at % (entries.length + 1), 0, ['issues', issues]);
  return Object.fromEntries(entries);
});

test('parseLazyArray gives what JSON.parse gives, for any such object in any spacing', () => {
  fc.assert(
    fc.property(page, whitespace, (value, spaces) => {
      const text = spaced(value, spaces);
      const expected = JSON.parse(text) as Record<string, unknown>;
      const lazy = parseLazyArray(Buffer.from(text), 'issues');
      assert.ok(lazy, 'an object with an issues array is always read lazily');
      const { issues, ...rest } = expected;
      assert.deepStrictEqual(lazy.value, rest);
      assert.equal(lazy.elements.length, (issues as unknown[]).length);
      assert.deepStrictEqual([...lazy.elements], issues);
    }),
    { numRuns: 1000 },
  );
  const proto = parseLazyArray(Buffer.from('{"__proto__":{"polluted":1},"issues":[{"__proto__":2}]}'), 'issues');
  assert.equal(Object.getPrototypeOf(proto?.value), Object.prototype);
  assert.deepStrictEqual(Object.keys(proto?.value ?? {}), ['__proto__']);
  // The last of duplicate keys wins, as with JSON.parse; a non-array one means "parse it whole".
  assert.deepStrictEqual([...(parseLazyArray(Buffer.from('{"issues":[1],"issues":[2,3]}'), 'issues')?.elements ?? [])], [2, 3]);
  assert.equal(parseLazyArray(Buffer.from('{"issues":[1],"issues":5}'), 'issues'), undefined);
  assert.equal(parseLazyArray(Buffer.from('[{"issues":[]}]'), 'issues'), undefined);
});

test('parseLazyArray fails where JSON.parse fails: at once outside the array, on iteration inside it', () => {
  const near = fc.tuple(page, fc.nat(), fc.constantFrom('', ',', ']', '}', '"', '\\', ':', '[', '{', ' 1', 'x', '\u00e9')).map(([v, at, insert]) => {
    const text = JSON.stringify(v);
    const cut = at % (text.length + 1);
    return `${text.slice(0, cut)}${insert}${text.slice(cut + (at % 2))}`;
  });
  fc.assert(
    fc.property(fc.oneof(near, fc.string()), (text) => {
      let expected: unknown;
      try {
        expected = JSON.parse(text);
      } catch {
        expected = undefined;
      }
      let got: unknown;
      try {
        const lazy = parseLazyArray(Buffer.from(text), 'issues');
        got = lazy ? { ...lazy.value, issues: [...lazy.elements] } : 'whole';
      } catch (error) {
        assert.ok(error instanceof SyntaxError);
        got = undefined;
      }
      if (got === 'whole') return; // the caller parses the whole text: JSON.parse decides
      if (expected === undefined) assert.equal(got, undefined, 'bad JSON is never read as good');
      else assert.deepStrictEqual(got, expected);
    }),
    { numRuns: 2000 },
  );
  // Invalid UTF-8 inside strings decodes the same way in pieces as whole.
  const bad = Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc3]), Buffer.from('","issues":["'), Buffer.from([0xe2, 0x82]), Buffer.from('x"],"b":"\u00e9"}')]);
  const whole = JSON.parse(bad.toString('utf8')) as Record<string, unknown>;
  assert.match(JSON.stringify(whole), /\ufffd/);
  const lazy = parseLazyArray(bad, 'issues');
  assert.deepStrictEqual({ ...lazy?.value, issues: [...(lazy?.elements ?? [])] }, whole);
});
