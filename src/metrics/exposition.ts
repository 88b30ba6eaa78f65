/**
 * The two text formats Prometheus scrapes, written by hand (prometheus.md 3.3): the 0.0.4 text
 * format and OpenMetrics 1.0. Every family here is a gauge: promtool's linter and the textfile
 * collector read both formats with the 0.0.4 parser, which refuses OpenMetrics' `info` type and
 * reads an OpenMetrics counter (`# TYPE x counter`, sample `x_total`) as two families
 * (prometheus.md 3.3, 3.4), so an info metric is a gauge named `..._info` worth 1 in both.
 * No sample carries a timestamp: the textfile collector drops a file that has one (prometheus.md 3.4).
 */

/** The two exposition formats. */
export type ExpositionFormat = 'prometheus' | 'openmetrics';

/** The Content-Type of each format (prometheus.md 3.3). */
export const CONTENT_TYPES: Readonly<Record<ExpositionFormat, string>> = {
  prometheus: 'text/plain; version=0.0.4; charset=utf-8',
  openmetrics: 'application/openmetrics-text; version=1.0.0; charset=utf-8',
};

/** One series: its labels, in the order written, and its value. */
export interface Sample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

/** A gauge family: name, help text, unit (OpenMetrics' `# UNIT`, the name's suffix) and samples. */
export interface GaugeFamily {
  readonly name: string;
  readonly help: string;
  /** A base unit the name ends with (`seconds`); written as `# UNIT` in OpenMetrics. */
  readonly unit?: string | undefined;
  readonly samples: readonly Sample[];
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** HELP text: 0.0.4 escapes `\` and newline; OpenMetrics also `"` (its escaped-string). */
function escapeHelp(text: string, format: ExpositionFormat): string {
  const escaped = text.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
  return format === 'openmetrics' ? escaped.replace(/"/g, '\\"') : escaped;
}

/** A label value, the same in both formats: `\`, `"` and newline escaped. */
export function escapeLabelValue(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** A sample value as both parsers read it: `+Inf`, `-Inf`, `NaN`, else JavaScript's shortest form. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  return String(value);
}

function labelText(labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels).map(([name, value]) => `${name}="${escapeLabelValue(value)}"`);
  return pairs.length === 0 ? '' : `{${pairs.join(',')}}`;
}

/** Refuses what no parser would accept: bad names, a unit that is not the suffix, a series twice. */
function check(family: GaugeFamily, seen: Set<string>): void {
  const { name } = family;
  if (!METRIC_NAME.test(name)) throw new TypeError(`'${name}' is not a metric name`);
  if (seen.has(name)) throw new TypeError(`the family ${name} is written twice (families must not be interleaved)`);
  seen.add(name);
  if (family.unit !== undefined && !name.endsWith(`_${family.unit}`)) throw new TypeError(`${name} must end with its unit, _${family.unit}`);
  const series = new Set<string>();
  for (const sample of family.samples) {
    for (const label of Object.keys(sample.labels)) {
      if (!LABEL_NAME.test(label) || label.startsWith('__')) throw new TypeError(`'${label}' is not a label name`);
    }
    const key = JSON.stringify(Object.entries(sample.labels).sort(([a], [b]) => (a < b ? -1 : 1)));
    if (series.has(key)) throw new TypeError(`${name}${labelText(sample.labels)} is written twice`);
    series.add(key);
  }
}

/**
 * The exposition of these families in one format. Families without samples are left out; each
 * family's metadata comes first, then its samples, in the order given; OpenMetrics ends with
 * `# EOF`. Throws a TypeError for a name or series no parser accepts (a bug, not input).
 * @example
 * formatExposition([{ name: 'jira_license_seats', help: 'Seats.', samples: [{ labels: { application: 'jira-software' }, value: 50 }] }], 'prometheus');
 */
export function formatExposition(families: readonly GaugeFamily[], format: ExpositionFormat): string {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const family of families) {
    check(family, seen);
    if (family.samples.length === 0) continue;
    const help = `# HELP ${family.name} ${escapeHelp(family.help, format)}`;
    const type = `# TYPE ${family.name} gauge`;
    // OpenMetrics asks for TYPE, UNIT, HELP in that order; 0.0.4's convention is HELP first.
    if (format === 'openmetrics') lines.push(type, ...(family.unit ? [`# UNIT ${family.name} ${family.unit}`] : []), help);
    else lines.push(help, type);
    for (const sample of family.samples) lines.push(`${family.name}${labelText(sample.labels)} ${formatValue(sample.value)}`);
  }
  if (format === 'openmetrics') lines.push('# EOF');
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
