/**
 * The license check's verdict: each application's reading (src/license) or failure is judged,
 * the worst state wins (monitoring-plugins.md 8), and every application gets its phrase and
 * perfdata. Pure: reading Jira is src/license's job, printing the CLI's.
 */
import type { LicenseReading } from '../index.js';
import { judgeExpiry, type ExpiryThresholds } from './expiry-check.js';
import type { Failure } from './failure.js';
import { worse, type PerfDatum, type State } from './output.js';
import type { Range } from './range.js';
import { DEFAULT_CRITICAL, DEFAULT_WARNING, judgeSeats, type Judged, type Metric, type Thresholds } from './seat-check.js';

export { DEFAULT_CRITICAL, DEFAULT_WARNING, type Metric } from './seat-check.js';
export type { LicenseSource as Source } from '../index.js';

/** Thresholds and choices. */
export interface CheckSettings extends ExpiryThresholds {
  readonly metric: Metric;
  readonly warning?: Range | undefined;
  readonly critical?: Range | undefined;
}

/** One application's outcome: its checked reading, or why there is none. */
export type AppResult =
  | { readonly app: string; readonly reading: LicenseReading; readonly failure?: undefined }
  | { readonly app: string; readonly reading?: undefined; readonly failure: Failure };

/** The verdict, its line of text, the perfdata, and long output for -v. */
export interface Verdict {
  readonly state: State;
  readonly text: string;
  readonly perf: PerfDatum[];
  readonly long: string[];
}

/** -w/-c as given, or the defaults on percent when neither is. */
function thresholdsOf(settings: CheckSettings): Thresholds {
  const custom = settings.warning !== undefined || settings.critical !== undefined;
  return custom ? { metric: settings.metric, warning: settings.warning, critical: settings.critical } : { metric: 'percent', warning: DEFAULT_WARNING, critical: DEFAULT_CRITICAL };
}

function judgeFailure(app: string, failure: Failure): Judged {
  // `U`: the value could not be determined (monitoring-plugins.md 3).
  return { state: failure.state, phrases: [`${app}: ${failure.text}`], perf: [{ label: `${app}_active`, value: undefined }], long: failure.hint ? [`${app}: ${failure.hint}`] : [] };
}

/** When nothing was read, the run failed: the worst failure is the line, unprefixed, the others long output. */
function allFailed(failures: readonly Failure[]): Verdict {
  const first = failures.reduce((a, b) => (worse(a.state, b.state) === a.state ? a : b));
  const others = failures.filter((f) => f.text !== first.text).map((f) => f.text);
  return { state: first.state, text: first.text, perf: [], long: [...(first.hint ? [first.hint] : []), ...new Set(others)] };
}

/** Judges every application; the worst state wins. */
export function judge(results: readonly AppResult[], settings: CheckSettings, nowMs: number): Verdict {
  const failures = results.flatMap((r) => (r.failure ? [r.failure] : []));
  if (failures.length > 0 && failures.length === results.length) return allFailed(failures);
  const thresholds = thresholdsOf(settings);
  let state: State = 'OK';
  const phrases: string[] = [];
  const perf: PerfDatum[] = [];
  const long: string[] = [];
  for (const r of results) {
    const parts = r.failure ? [judgeFailure(r.app, r.failure)] : [judgeSeats(r.reading, thresholds), judgeExpiry(r.reading, settings, nowMs)];
    for (const part of parts) {
      state = worse(state, part.state);
      phrases.push(...part.phrases);
      perf.push(...part.perf);
      long.push(...part.long);
    }
  }
  return { state, text: phrases.join('; '), perf, long };
}
