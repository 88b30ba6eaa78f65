// The formatter against both formats' rules (prometheus.md 3.3), judged by promtool's linter and
// python3-prometheus-client's parsers: any label value and help text round-trips, numbers
// include the infinities and NaN, OpenMetrics ends with # EOF and puts UNIT beside TYPE.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatExposition, type GaugeFamily } from '../../src/index.js';
import { promtoolProblems, pythonParse } from './judges.js';

const FAMILIES: GaugeFamily[] = [
  { name: 'jira_license_seats', help: 'Seats.', samples: [{ labels: { application: 'jira-software' }, value: 50 }, { labels: { application: 'jira-servicedesk' }, value: 10 }] },
  { name: 'jira_license_expiry_timestamp_seconds', help: 'Expiry "quoted" \\ and\nnewline.', unit: 'seconds', samples: [{ labels: { application: 'jira-software' }, value: 1830211200 }] },
  { name: 'empty', help: 'No samples: left out.', samples: [] },
  { name: 'odd_values', help: 'Odd values.', samples: [{ labels: { v: 'inf' }, value: Infinity }, { labels: { v: '-inf' }, value: -Infinity }, { labels: { v: 'nan' }, value: NaN }, { labels: { v: 'small' }, value: 1.5e-7 }, { labels: { v: 'big' }, value: 2 ** 60 }] },
];

test('0.0.4: HELP then TYPE, samples in order, no # EOF, no timestamps', () => {
  const text = formatExposition(FAMILIES, 'prometheus');
  assert.equal(text.split('\n')[0], '# HELP jira_license_seats Seats.');
  assert.equal(text.split('\n')[1], '# TYPE jira_license_seats gauge');
  assert.match(text, /^jira_license_seats\{application="jira-software"\} 50\njira_license_seats\{application="jira-servicedesk"\} 10$/m);
  assert.match(text, /# HELP jira_license_expiry_timestamp_seconds Expiry "quoted" \\\\ and\\nnewline\./);
  assert.doesNotMatch(text, /# EOF|# UNIT|empty/);
  assert.match(text, /odd_values\{v="inf"\} \+Inf\nodd_values\{v="-inf"\} -Inf\nodd_values\{v="nan"\} NaN\n/);
  assert.ok(text.endsWith('\n'));
});

test('OpenMetrics: TYPE, UNIT, HELP, quotes escaped in HELP, # EOF last', () => {
  const text = formatExposition(FAMILIES, 'openmetrics');
  assert.match(text, /# TYPE jira_license_expiry_timestamp_seconds gauge\n# UNIT jira_license_expiry_timestamp_seconds seconds\n# HELP jira_license_expiry_timestamp_seconds Expiry \\"quoted\\" \\\\ and\\nnewline\.\n/);
  assert.ok(text.endsWith('\n# EOF\n'));
  assert.equal(formatExposition([], 'openmetrics'), '# EOF\n');
  assert.equal(formatExposition([], 'prometheus'), '');
});

test('promtool and both python parsers accept both formats and read back the same values', async () => {
  for (const format of ['prometheus', 'openmetrics'] as const) {
    const text = formatExposition(FAMILIES, format);
    // promtool reads OpenMetrics with the 0.0.4 parser, which refuses OpenMetrics' \" in HELP.
    if (format === 'prometheus') assert.equal(await promtoolProblems(text), '', format);
    else assert.equal(await promtoolProblems(text.replace(/\\"/g, "'")), '', format);
    const parsed = await pythonParse(text, format);
    const expiry = parsed.find((f) => f.name === 'jira_license_expiry_timestamp_seconds');
    assert.equal(expiry?.help, 'Expiry "quoted" \\ and\nnewline.');
    assert.equal(expiry?.unit, format === 'openmetrics' ? 'seconds' : '');
    const odd = parsed.find((f) => f.name === 'odd_values')?.samples.map((s) => s.value);
    assert.deepEqual(odd?.slice(0, 3), ['inf', '-inf', 'nan']);
    assert.deepEqual(odd?.slice(3).map(Number), [1.5e-7, 2 ** 60]);
  }
});

test('refuses what no parser accepts: bad names, a unit that is not the suffix, a series or family twice', () => {
  const bad: GaugeFamily[][] = [
    [{ name: '1abc', help: '', samples: [] }],
    [{ name: 'a', help: '', samples: [{ labels: { 'bad-label': 'x' }, value: 1 }] }],
    [{ name: 'a', help: '', samples: [{ labels: { __reserved: 'x' }, value: 1 }] }],
    [{ name: 'a_bytes', help: '', unit: 'seconds', samples: [] }],
    [{ name: 'a', help: '', samples: [{ labels: { x: '1', y: '2' }, value: 1 }, { labels: { y: '2', x: '1' }, value: 2 }] }],
    [{ name: 'a', help: '', samples: [] }, { name: 'a', help: '', samples: [] }],
  ];
  for (const families of bad) assert.throws(() => formatExposition(families, 'prometheus'), TypeError);
});

test('any label value and help text round-trips through both python parsers; promtool accepts them', async () => {
  // Printable text and the escapes' own characters; the formats carry UTF-8 without NUL or CR.
  const text = fc.string({ unit: fc.oneof(fc.constantFrom('\\', '"', '\n', 'n', ' ', '{', '}', ',', '=', '#', 'é', '💡'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 30 })
    .filter((s) => !/[\0\r]/.test(s));
  const cases = fc.sample(fc.tuple(text, text, fc.double({ noNaN: true })), 60);
  const families: GaugeFamily[] = cases.map(([help, value, number], i) => ({ name: `case_${i}`, help, samples: [{ labels: { l: value }, value: number }] }));
  // promtool's linter wants a help text, and reads OpenMetrics' \" in HELP as an error (0.0.4 rules).
  const lintable = formatExposition(families.map((f) => ({ ...f, help: `h ${f.help.replace(/"/g, "'")}` })), 'openmetrics');
  assert.equal(await promtoolProblems(lintable), '');
  for (const format of ['prometheus', 'openmetrics'] as const) {
    const exposition = formatExposition(families, format);
    if (format === 'prometheus') assert.equal(await promtoolProblems(formatExposition(families.map((f) => ({ ...f, help: `h ${f.help}` })), format)), '');
    const parsed = await pythonParse(exposition, format);
    assert.equal(parsed.length, cases.length);
    parsed.forEach((family, i) => {
      const [help, value, number] = cases[i] ?? ['', '', 0];
      // 0.0.4 skips the blanks between the name and the help text (so does Go's parser), and
      // python's parser strips the line's trailing ones: a help text's outer blanks do not survive.
      assert.equal(family.help, format === 'prometheus' ? help.replace(/^[ \t]+|[ \t]+$/g, '') : help, `${format} help of case ${i}`);
      assert.equal(family.samples[0]?.labels['l'], value, `${format} label of case ${i}`);
      assert.equal(Number(family.samples[0]?.value.replace('inf', 'Infinity')), number === 0 ? 0 : number, `${format} value of case ${i}`);
    });
  }
});
