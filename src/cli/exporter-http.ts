/**
 * The exporter's HTTP answers (docs/metrics.md 4): `/metrics` for the configured targets,
 * `/probe?target=PROFILE` for one (the multi-target pattern), `/healthz`, and a landing page.
 * The format follows `Accept`, each scrape is bounded by Prometheus'
 * X-Prometheus-Scrape-Timeout-Seconds, and every failure is an answer an exporter gives: the
 * failure series for a target that could not be read, 400 for a bad query or an unknown target,
 * never a stack. Every page goes through the session's masker, so no token can appear on one.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { CONTENT_TYPES, formatExposition, isJiraKitError, licenseFamilies, negotiateFormat, VERSION, type LabelledOutcome } from '../index.js';
import { ExporterTargets, SETTINGS_TARGET, UnknownTargetError } from './exporter-targets.js';
import type { Io } from './io.js';
import { formatError } from './report.js';

/** Prometheus' default scrape_timeout, for a scraper that does not say its own. */
const DEFAULT_SCRAPE_TIMEOUT_SECONDS = 10;

/** What the handler needs. */
export interface ExporterHttpOptions {
  readonly io: Io;
  readonly targets: ExporterTargets;
  /** The /metrics targets: profile names, or [SETTINGS_TARGET] for the settings' own resolution. */
  readonly metricsTargets: readonly string[];
  /** Subtracted from the scrape timeout, so the answer reaches Prometheus in time (blackbox_exporter's --timeout-offset). */
  readonly timeoutOffsetSeconds: number;
  /** Called after each /metrics or /probe answer with its outcomes, to log failures. */
  readonly onOutcomes?: ((outcomes: readonly LabelledOutcome[], target: string | undefined) => void) | undefined;
}

/** How long a scrape may take: Prometheus' header less the offset (half the header when that is too little). */
export function scrapeBudgetSeconds(header: string | string[] | undefined, offsetSeconds: number): number {
  const given = typeof header === 'string' ? Number(header) : NaN;
  const timeout = Number.isFinite(given) && given > 0 ? given : DEFAULT_SCRAPE_TIMEOUT_SECONDS;
  return timeout > 2 * offsetSeconds ? timeout - offsetSeconds : timeout / 2;
}

function send(res: ServerResponse, status: number, type: string, body: string, io: Io, head: boolean): void {
  const text = io.secrets.mask(body);
  res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(head ? undefined : text);
}

function landing(options: ExporterHttpOptions): string {
  const names = options.metricsTargets.map((t) => (t === SETTINGS_TARGET ? 'default' : t));
  const escape = (t: string): string => t.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><html><head><title>jirakit exporter</title></head><body><h1>jirakit exporter ${VERSION}</h1>
<p>Jira license metrics. <a href="metrics">/metrics</a> reads ${names.map(escape).join(', ')}; <code>/probe?target=PROFILE</code> reads one profile; <a href="healthz">/healthz</a>.</p></body></html>\n`;
}

async function exposition(req: IncomingMessage, targets: readonly string[], labelled: boolean, options: ExporterHttpOptions): Promise<{ outcomes: LabelledOutcome[]; text: string; type: string }> {
  const budget = scrapeBudgetSeconds(req.headers['x-prometheus-scrape-timeout-seconds'], options.timeoutOffsetSeconds);
  const outcomes = await Promise.all(targets.map(async (name) => ({
    labels: labelled ? { target: name === SETTINGS_TARGET ? 'default' : name } : {},
    outcome: await options.targets.scrape(name, budget),
  })));
  const format = negotiateFormat(req.headers.accept);
  return { outcomes, text: formatExposition(licenseFamilies(outcomes), format), type: CONTENT_TYPES[format] };
}

/** The probe's target, or the sentence of a 400. */
function probeTarget(url: URL): string | { bad: string } {
  const values = url.searchParams.getAll('target');
  if (values.length === 0 || values[0] === '') return { bad: "jirakit: /probe needs a target. Ask /probe?target=PROFILE with a profile's name.\n" };
  if (values.length > 1) return { bad: 'jirakit: /probe takes one target. Give target= once.\n' };
  return values[0] ?? '';
}

async function route(req: IncomingMessage, res: ServerResponse, options: ExporterHttpOptions): Promise<void> {
  const { io } = options;
  const head = req.method === 'HEAD';
  const text = 'text/plain; charset=utf-8';
  if (req.method !== 'GET' && !head) {
    res.setHeader('allow', 'GET, HEAD');
    return send(res, 405, text, `jirakit: ${req.method ?? 'this method'} is not served here. Use GET.\n`, io, false);
  }
  const url = new URL(req.url ?? '/', 'http://exporter.invalid');
  switch (url.pathname) {
    case '/':
      return send(res, 200, 'text/html; charset=utf-8', landing(options), io, head);
    case '/healthz':
      return send(res, 200, text, 'ok\n', io, head);
    case '/metrics': {
      const { outcomes, text: body, type } = await exposition(req, options.metricsTargets, true, options);
      options.onOutcomes?.(outcomes, undefined);
      return send(res, 200, type, body, io, head);
    }
    case '/probe': {
      const target = probeTarget(url);
      if (typeof target !== 'string') return send(res, 400, text, target.bad, io, head);
      await options.targets.check(target);
      const { outcomes, text: body, type } = await exposition(req, [target], false, options);
      options.onOutcomes?.(outcomes, target);
      return send(res, 200, type, body, io, head);
    }
    default:
      return send(res, 404, text, `jirakit: ${url.pathname} is not a page of this exporter. Try /metrics, /probe?target=PROFILE or /healthz.\n`, io, head);
  }
}

/** The request listener of the exporter's node:http server. */
export function exporterHandler(options: ExporterHttpOptions): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    route(req, res, options).catch((error: unknown) => {
      if (res.headersSent) return void res.destroy();
      const text = 'text/plain; charset=utf-8';
      // An unknown target is the scraper's mistake (400); a broken profile file is this side's (500); both one sentence.
      if (isJiraKitError(error)) return send(res, error instanceof UnknownTargetError ? 400 : 500, text, `${formatError(error, { program: 'jirakit' })[0] ?? ''}\n`, options.io, req.method === 'HEAD');
      // A bug, not an answer: one sentence, no stack (cli.md, "Errors and exit codes").
      send(res, 500, text, 'jirakit: internal error while answering this scrape. Please report it; JIRAKIT_DEBUG=1 on the exporter shows details.\n', options.io, req.method === 'HEAD');
      if (options.io.env['JIRAKIT_DEBUG'] === '1') options.io.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    });
  };
}
