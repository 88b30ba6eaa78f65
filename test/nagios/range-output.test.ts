// Threshold ranges and plugin output against the Monitoring Plugins guidelines' own examples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alerts, parseRange, RangeSyntaxError } from '../../src/nagios/range.js';
import { formatOutput, formatPerfDatum, worse } from '../../src/nagios/output.js';

// The guidelines' table: range, then values that alert and values that do not.
const TABLE: [string, number[], number[]][] = [
  ['10', [-1, 10.5, 11], [0, 5, 10]],
  ['10:', [9, -5], [10, 11, 1e9]],
  ['~:10', [10.1, 11], [-1e9, 0, 10]],
  ['10:20', [9, 21], [10, 15, 20]],
  ['@10:20', [10, 15, 20], [9, 21]],
];

for (const [text, alerting, quiet] of TABLE) {
  test(`range ${text} (guidelines table)`, () => {
    const r = parseRange(text);
    for (const v of alerting) assert.equal(alerts(r, v), true, `${text} should alert at ${v}`);
    for (const v of quiet) assert.equal(alerts(r, v), false, `${text} should not alert at ${v}`);
  });
}

test('the command-line examples: -w10 -c20, -w~:10 -c~:20, -w10: -c20, -c1:, -c5:6, -c@10:20', () => {
  const judge = (w: string | undefined, c: string, v: number) =>
    alerts(parseRange(c), v) ? 'CRITICAL' : w !== undefined && alerts(parseRange(w), v) ? 'WARNING' : 'OK';
  assert.deepEqual([5, 15, 25, -1].map((v) => judge('10', '20', v)), ['OK', 'WARNING', 'CRITICAL', 'CRITICAL']);
  assert.deepEqual([-5, 15, 25].map((v) => judge('~:10', '~:20', v)), ['OK', 'WARNING', 'CRITICAL']);
  assert.deepEqual([5, 15, 25].map((v) => judge('10:', '20', v)), ['WARNING', 'OK', 'CRITICAL']);
  assert.deepEqual([0, 1, 2].map((v) => judge(undefined, '1:', v)), ['CRITICAL', 'OK', 'OK']);
  assert.deepEqual([4, 5, 6, 7].map((v) => judge(undefined, '5:6', v)), ['CRITICAL', 'OK', 'OK', 'CRITICAL']);
  assert.deepEqual([9, 10, 20, 21].map((v) => judge(undefined, '@10:20', v)), ['OK', 'CRITICAL', 'CRITICAL', 'OK']);
});

test('malformed ranges are refused with a reason', () => {
  for (const bad of ['', '@', 'abc', '10:5', '1:2:3', '~', '5~', '1e3', '--1', ': :']) {
    assert.throws(() => parseRange(bad), RangeSyntaxError, `'${bad}'`);
  }
  assert.equal(parseRange('-5:-1.5').start, -5);
  assert.equal(parseRange('.5').end, 0.5);
});

test('perfdata: quoted labels, doubled quotes, UOM, empty trailing fields dropped, U, C-locale numbers', () => {
  assert.equal(formatPerfDatum({ label: 'jira-software_active', value: 45, min: 0, max: 50 }), "'jira-software_active'=45;;;0;50");
  assert.equal(formatPerfDatum({ label: "it's", value: 90.5, uom: '%', warn: '@90:', crit: '@100:' }), "'it''s'=90.5%;@90:;@100:");
  assert.equal(formatPerfDatum({ label: 'x', value: undefined }), "'x'=U");
  assert.equal(formatPerfDatum({ label: 'x', value: 1 / 3 }), "'x'=0.333333");
  assert.equal(formatPerfDatum({ label: 'a=b', value: 1e21 }), "'a_b'=1000000000000000000000");
});

test('output: one line with perfdata, long output after; a | in text cannot start perfdata', () => {
  const text = formatOutput('JIRA LICENSE', 'OK', 'a | b', [{ label: 'x', value: 1 }], ['more | detail']);
  assert.equal(text, "JIRA LICENSE OK - a / b | 'x'=1\nmore / detail");
  assert.equal(worse('OK', 'UNKNOWN'), 'UNKNOWN');
  assert.equal(worse('WARNING', 'UNKNOWN'), 'WARNING');
  assert.equal(worse('CRITICAL', 'WARNING'), 'CRITICAL');
});
