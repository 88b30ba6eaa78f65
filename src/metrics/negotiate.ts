/**
 * Content negotiation between the two text formats by `Accept` (prometheus.md 3.3), as
 * Prometheus' own client libraries do: OpenMetrics when the scraper accepts it at least as much
 * as the 0.0.4 text, else 0.0.4. Prometheus 2.x asks
 * `application/openmetrics-text;version=1.0.0,...;q=0.75,text/plain;version=0.0.4;q=0.5,*\/*;q=0.1`.
 */
import type { ExpositionFormat } from './exposition.js';

interface Range {
  readonly type: string;
  readonly q: number;
}

function rangesOf(accept: string): Range[] {
  return accept.split(',').flatMap((part) => {
    const [type = '', ...params] = part.split(';').map((p) => p.trim().toLowerCase());
    if (type === '') return [];
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    return [{ type, q: Number.isFinite(q) && q >= 0 && q <= 1 ? q : 0 }];
  });
}

/** The format to answer an `Accept` header with; 0.0.4 when there is none or nothing matches better. */
export function negotiateFormat(accept: string | null | undefined): ExpositionFormat {
  if (!accept) return 'prometheus';
  const ranges = rangesOf(accept);
  const best = (match: (type: string) => boolean): number => Math.max(0, ...ranges.filter((r) => match(r.type)).map((r) => r.q));
  const openMetrics = best((t) => t === 'application/openmetrics-text');
  const text = best((t) => t === 'text/plain' || t === 'text/*' || t === '*/*');
  return openMetrics > 0 && openMetrics >= text ? 'openmetrics' : 'prometheus';
}
