import { collectLicense, formatExposition, licenseFamilies, targetSucceeded, type ExpositionFormat, type TargetOutcome } from '../../index.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS, parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { connectFromFlags } from '../connect-cli.js';
import { println } from '../io.js';
import { READ_HELP, READ_OPTIONS, readOptionsOf } from '../metrics-args.js';
import { failureLines } from '../metrics-failures.js';
import { writeTextfile } from '../textfile.js';
import { UsageError } from '../usage-error.js';

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  ...READ_OPTIONS,
  format: { type: 'string' },
  textfile: { type: 'string' },
} as const;

const OWN = [...Object.keys(READ_OPTIONS), 'format', 'textfile'];

/** --format and --textfile, checked: a textfile is always 0.0.4, the only format the collector reads (prometheus.md 3.4). */
function outputOf(values: { format?: string | undefined; textfile?: string | undefined }): { format: ExpositionFormat; textfile: string | undefined } {
  const format = values.format ?? 'prometheus';
  if (format !== 'prometheus' && format !== 'openmetrics') throw new UsageError(`--format takes prometheus or openmetrics, not '${format}'`, { hint: 'prometheus is the 0.0.4 text format' });
  const { textfile } = values;
  if (textfile !== undefined) {
    if (!/[^/]\.prom$/.test(textfile)) throw new UsageError(`--textfile must name a file ending in .prom, not '${textfile}'`, { hint: "node_exporter's textfile collector reads only *.prom, e.g. --textfile /var/lib/prometheus/node-exporter/jira_license.prom" });
    if (format === 'openmetrics') throw new UsageError('--textfile writes the 0.0.4 text format, not OpenMetrics', { hint: "node_exporter's textfile collector reads only the 0.0.4 format: leave out --format" });
  }
  return { format: format as ExpositionFormat, textfile };
}

/** `jirakit metrics`: one read of license metrics, to stdout or a node_exporter textfile. */
export const metrics: Command = {
  summary: 'license metrics for Prometheus: to stdout, or a node_exporter textfile',
  help: `Usage: jirakit metrics [--app KEY ...] [--format prometheus|openmetrics] [--textfile FILE.prom] [connection]

Reads Jira's license seats, users and expiry once, with the same checks as
check_jira_license, and prints them in Prometheus' text format (or OpenMetrics).
With --textfile, writes them atomically (mode 0644) for node_exporter's textfile
collector instead. Exit 0 when everything was read, 1 when anything failed: the
output then still holds the failure series and stderr says what failed.

Options:
${READ_HELP}
  --format F            prometheus (the 0.0.4 text format, default) or openmetrics
  --textfile FILE.prom  write FILE.prom atomically instead of printing
${CONNECTION_HELP}

Example, every 5 minutes from cron:
  */5 * * * * jirakit metrics --profile monitor --app all --textfile /var/lib/prometheus/node-exporter/jira_license.prom`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, OPTIONS);
    const { format, textfile } = outputOf(values);
    const read = readOptionsOf(values);
    const started = performance.now();
    let outcome: TargetOutcome;
    try {
      const { client } = await connectFromFlags(values, io, { exclude: OWN });
      outcome = await collectLicense(client, read);
    } catch (error) {
      // Settings that do not resolve (an unknown profile, a missing key) fail the read too: the
      // textfile still says so, so the alert on it fires (docs/metrics.md 3).
      const apps = (read.apps ?? []).filter((a) => a !== 'all').map((app) => ({ app, error }));
      outcome = { apps, error, durationSeconds: (performance.now() - started) / 1000 };
    }
    const text = formatExposition(licenseFamilies([{ labels: {}, outcome }]), format);
    for (const line of failureLines(outcome)) println(io.stderr, line);
    if (textfile === undefined) io.stdout.write(text);
    else writeTextfile(textfile, io.secrets.mask(text));
    return targetSucceeded(outcome) ? 0 : 1;
  },
};
