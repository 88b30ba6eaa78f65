/**
 * Judges one application's seats against -w/-c on the chosen metric (monitoring-plugins.md 4),
 * and phrases them with their perfdata (monitoring-plugins.md 3).
 */
import type { LicenseReading } from '../index.js';
import { alerts, type Range } from './range.js';
import type { PerfDatum, State } from './output.js';

/** What -w/-c apply to. */
export type Metric = 'percent' | 'remaining' | 'active';

/** The thresholds in force: the user's, or the defaults on percent. */
export interface Thresholds {
  readonly metric: Metric;
  readonly warning: Range | undefined;
  readonly critical: Range | undefined;
}

/** The default rule: WARNING from 90% of the seats used, CRITICAL when none is left. */
export const DEFAULT_WARNING: Range = { start: 90, end: Infinity, inside: true, text: '@90:' };
/** CRITICAL from 100% used: no seat left. */
export const DEFAULT_CRITICAL: Range = { start: 100, end: Infinity, inside: true, text: '@100:' };

/** One application's part of the verdict. */
export interface Judged {
  readonly state: State;
  readonly phrases: readonly string[];
  readonly perf: readonly PerfDatum[];
  /** Long output lines, shown with -v. */
  readonly long: readonly string[];
}

function stateOf(t: Thresholds, value: number): State {
  if (t.critical && alerts(t.critical, value)) return 'CRITICAL';
  if (t.warning && alerts(t.warning, value)) return 'WARNING';
  return 'OK';
}

/**
 * Judges seats. Unlimited is OK (monitoring-plugins.md 8). A limited license of 0 seats is
 * UNKNOWN: no Jira license has 0 seats, so the count says the application has no license of
 * its own (or the data is wrong), and neither a percentage nor "over the limit" is true of it.
 */
export function judgeSeats(r: LicenseReading, t: Thresholds): Judged {
  const thresholds = (which: Metric) => (which === t.metric ? { warn: t.warning?.text, crit: t.critical?.text } : {});
  const active: PerfDatum = { label: `${r.app}_active`, value: r.users, min: 0, max: r.seats, ...thresholds('active') };
  if (r.unlimited || r.seats === undefined) {
    const state = t.metric === 'active' ? stateOf(t, r.users) : 'OK';
    return { state, phrases: [`${r.app}: ${r.users} users, unlimited license`], perf: [active], long: [] };
  }
  if (r.seats === 0) {
    return {
      state: 'UNKNOWN',
      phrases: [`${r.app}: Jira reports ${r.users} users on 0 seats, and no license has 0 seats`],
      perf: [active, { label: `${r.app}_remaining`, value: undefined }, { label: `${r.app}_used`, value: undefined, uom: '%' }],
      long: [`${r.app}: an application without a license of its own reports 0 seats; check Administration > Applications, or leave it out of --app`],
    };
  }
  const remaining = r.seats - r.users;
  const pct = (r.users / r.seats) * 100;
  const value = t.metric === 'active' ? r.users : t.metric === 'remaining' ? remaining : pct;
  return {
    state: stateOf(t, value),
    phrases: [`${r.app}: Using ${r.users} of ${r.seats} license slots (${pct.toFixed(1)}%), ${remaining} remaining`],
    perf: [
      active,
      { label: `${r.app}_remaining`, value: remaining, min: 0, max: r.seats, ...thresholds('remaining') },
      { label: `${r.app}_used`, value: Number(pct.toFixed(2)), uom: '%', min: 0, max: 100, ...thresholds('percent') },
    ],
    long: [],
  };
}
