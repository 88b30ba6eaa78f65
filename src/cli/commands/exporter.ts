import { createServer, type Server } from 'node:http';
import { targetSucceeded, type LabelledOutcome } from '../../index.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { exporterHandler } from '../exporter-http.js';
import { ExporterTargets, SETTINGS_TARGET } from '../exporter-targets.js';
import { println, type Io } from '../io.js';
import { listenError, parseListen } from '../listen-address.js';
import { READ_HELP, READ_OPTIONS, readOptionsOf } from '../metrics-args.js';
import { failureLines } from '../metrics-failures.js';
import { UsageError } from '../usage-error.js';

const OPTIONS = {
  ...READ_OPTIONS,
  listen: { type: 'string' },
  profile: { type: 'string', multiple: true },
  cache: { type: 'string' },
  'timeout-offset': { type: 'string' },
} as const;

function seconds(value: string | undefined, flag: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 86_400) throw new UsageError(`${flag} takes a number of seconds, not '${value}'`, { hint: `e.g. ${flag} ${fallback}` });
  return n;
}

/** Logs a target's failures when they change, and its recovery: one scrape a second must not flood stderr. */
function failureLog(io: Io): (outcomes: readonly LabelledOutcome[], probe: string | undefined) => void {
  const last = new Map<string, string>();
  return (outcomes, probe) => {
    for (const { labels, outcome } of outcomes) {
      const name = probe ?? labels['target'] ?? 'default';
      const lines = targetSucceeded(outcome) ? [] : failureLines(outcome, name);
      const text = lines.join('\n');
      if ((last.get(name) ?? '') === text) continue;
      if (text === '') println(io.stderr, `jirakit: ${name}: read again.`);
      else println(io.stderr, text);
      last.set(name, text);
    }
  };
}

/** Waits for SIGTERM or SIGINT, then stops listening, stops the reads and lets answers in flight finish (5 s at most). */
async function serveUntilStopped(server: Server, stop: AbortController): Promise<void> {
  await new Promise<void>((resolve) => {
    const done = (): void => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGINT', done);
    process.on('SIGTERM', done);
  });
  stop.abort();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const force = setTimeout(() => server.closeAllConnections(), 5000);
  await closed;
  clearTimeout(force);
}

/** `jirakit exporter`: a long-running Prometheus exporter of license metrics. */
export const exporter: Command = {
  summary: 'a Prometheus exporter of license metrics: /metrics, /probe?target=PROFILE',
  help: `Usage: jirakit exporter --listen HOST:PORT [--profile NAME ...] [--app KEY ...] [--cache SECONDS]

Serves license metrics over HTTP until SIGTERM or Ctrl-C:
  /metrics               the --profile targets, labelled target="NAME" (without
                         --profile: the environment and default profile)
  /probe?target=PROFILE  one profile of profiles.ini, unlabelled (multi-target)
  /healthz               200 ok
The format follows Accept (0.0.4 text or OpenMetrics). Each scrape ends within
Prometheus' X-Prometheus-Scrape-Timeout-Seconds; a target that cannot be read
answers its failure series (jirakit_license_scrape_success 0), never an error page.

Options:
  --listen HOST:PORT    address to serve (required; :PORT for every interface)
  --profile NAME        a target of /metrics (repeatable)
${READ_HELP}
  --cache SECONDS       keep each target's read this long (default 30; 0: none);
                        one read per target at a time whatever the scrapers
  --timeout-offset S    answer this long before the scrape timeout (default 0.5)

Example:
  jirakit exporter --listen 127.0.0.1:9PORT --profile jira-prod --profile jira-test --app all`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, OPTIONS);
    const address = parseListen(values.listen);
    const read = readOptionsOf(values);
    const stop = new AbortController();
    const targets = new ExporterTargets({ io, read, cacheMs: seconds(values.cache, '--cache', 30) * 1000, stop: stop.signal });
    const metricsTargets = values.profile && values.profile.length > 0 ? [...new Set(values.profile)] : [SETTINGS_TARGET];
    // Unknown --profile names are a mistake to report now, not at the first scrape.
    for (const name of metricsTargets) await targets.check(name);
    const handler = exporterHandler({ io, targets, metricsTargets, timeoutOffsetSeconds: seconds(values['timeout-offset'], '--timeout-offset', 0.5), onOutcomes: failureLog(io) });
    const server = createServer({ keepAliveTimeout: 65_000 }, handler);
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, values.listen ?? '')));
      server.listen(address.port, address.host, () => resolve());
    });
    const bound = server.address();
    const where = typeof bound === 'object' && bound !== null ? `${bound.family === 'IPv6' ? `[${bound.address}]` : bound.address}:${bound.port}` : values.listen;
    println(io.stdout, `jirakit exporter listening on http://${where}/metrics`);
    await serveUntilStopped(server, stop);
    println(io.stderr, 'jirakit exporter stopped.');
    return 0;
  },
};
