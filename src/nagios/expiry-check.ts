/**
 * Judges license and maintenance expiry in days against --expiry-warning/--expiry-critical; a
 * date already past is CRITICAL (README, "The license check").
 */
import type { LicenseReading } from '../index.js';
import { worse, type PerfDatum, type State } from './output.js';
import type { Judged } from './seat-check.js';

const DAY_MS = 86_400_000;

/** The expiry thresholds, in days. */
export interface ExpiryThresholds {
  readonly expiryWarning?: number | undefined;
  readonly expiryCritical?: number | undefined;
}

/** Whole days from `nowMs` to a Unix time in seconds; negative once it has passed. */
export function daysUntil(unixSeconds: number, nowMs: number): number {
  return Math.floor((unixSeconds * 1000 - nowMs) / DAY_MS);
}

/** Judges the dates of a reading; nothing when no expiry threshold is set or no date was read. */
export function judgeExpiry(r: LicenseReading, t: ExpiryThresholds, nowMs: number): Judged {
  let state: State = 'OK';
  const phrases: string[] = [];
  const perf: PerfDatum[] = [];
  if (!r.expiry || (t.expiryWarning === undefined && t.expiryCritical === undefined)) return { state, phrases, perf, long: [] };
  for (const [what, at] of [['license', r.expiry.licenseExpiresAt], ['maintenance', r.expiry.maintenanceExpiresAt]] as const) {
    if (at === undefined) continue;
    const days = daysUntil(at, nowMs);
    let s: State = 'OK';
    if (days < 0 || (t.expiryCritical !== undefined && days <= t.expiryCritical)) s = 'CRITICAL';
    else if (t.expiryWarning !== undefined && days <= t.expiryWarning) s = 'WARNING';
    if (s !== 'OK') phrases.push(`${r.app} ${what} ${days < 0 ? `expired ${-days} days ago` : `expires in ${days} days`}`);
    state = worse(state, s);
    perf.push({
      label: `${r.app}_${what}_days`,
      value: days,
      warn: t.expiryWarning === undefined ? undefined : `@~:${t.expiryWarning}`,
      crit: t.expiryCritical === undefined ? undefined : `@~:${t.expiryCritical}`,
    });
  }
  return { state, phrases, perf, long: [] };
}
