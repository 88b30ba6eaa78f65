/**
 * The license check itself: gather seats (and expiry) per application, then judge them against
 * the thresholds. Gathering talks to Jira through the client; judging is pure.
 */
import { HttpError, NetworkError, type JiraClient } from '../index.js';
import { alerts, type Range } from './range.js';
import { worse, type PerfDatum, type State } from './output.js';

/** Where seat counts come from. */
export type Source = 'upm' | 'applicationrole' | 'auto';

/** What -w/-c apply to. */
export type Metric = 'percent' | 'remaining' | 'active';

/** One application's numbers. */
export interface AppMeasure {
  readonly app: string;
  readonly active: number;
  /** -1 when unlimited. */
  readonly licensed: number;
  readonly unlimited: boolean;
  readonly source: 'upm' | 'applicationrole';
  /** Days until the license expires (negative: expired); undefined when it never does. */
  readonly licenseDays?: number | undefined;
  /** Days until maintenance expires. */
  readonly maintenanceDays?: number | undefined;
}

/** Thresholds and choices. */
export interface CheckSettings {
  readonly metric: Metric;
  readonly warning?: Range | undefined;
  readonly critical?: Range | undefined;
  readonly expiryWarning?: number | undefined;
  readonly expiryCritical?: number | undefined;
}

/** The default rule: WARNING from 90% of the seats used, CRITICAL when none is left. */
export const DEFAULT_WARNING: Range = { start: 90, end: Infinity, inside: true, text: '@90:' };
export const DEFAULT_CRITICAL: Range = { start: 100, end: Infinity, inside: true, text: '@100:' };

/** Reads seats through UPM (the seed's resource) or the documented applicationrole resource. */
export async function measureApp(client: JiraClient, app: string, source: Source, wantExpiry: boolean, nowMs: number): Promise<AppMeasure> {
  let measure: AppMeasure | undefined;
  let upmError: unknown;
  if (source !== 'applicationrole') {
    try {
      const usage = await client.license(app);
      measure = { app, active: usage.activeUserCount, licensed: usage.licensedUserCount, unlimited: usage.unlimited, source: 'upm' };
    } catch (error) {
      // Fall back only where UPM is missing or refuses (404, 406, WebSudo, a non-admin 401/403),
      // not when Jira itself is unreachable or the credentials are wrong for everything.
      if (source === 'upm' || !(error instanceof HttpError) || error instanceof NetworkError) throw error;
      upmError = error;
    }
  }
  if (!measure) {
    try {
      const role = await client.request<{ numberOfSeats: number; userCount: number; hasUnlimitedSeats: boolean }>('GET', `/rest/api/2/applicationrole/${encodeURIComponent(app)}`);
      measure = { app, active: role.userCount, licensed: role.hasUnlimitedSeats ? -1 : role.numberOfSeats, unlimited: role.hasUnlimitedSeats || role.numberOfSeats < 0, source: 'applicationrole' };
    } catch (error) {
      throw upmError ?? error;
    }
  }
  if (!wantExpiry) return measure;
  const details = await client.licenseDetails(app);
  const days = (ms: unknown): number | undefined => (typeof ms === 'number' && Number.isFinite(ms) ? Math.floor((ms - nowMs) / 86_400_000) : undefined);
  return { ...measure, licenseDays: days(details.expiryDate), maintenanceDays: days(details.maintenanceExpiryDate) };
}

/** The verdict, its line of text, and the perfdata. */
export interface Verdict {
  readonly state: State;
  readonly text: string;
  readonly perf: PerfDatum[];
}

function metricValue(m: AppMeasure, metric: Metric): number | undefined {
  if (metric === 'active') return m.active;
  if (m.unlimited || m.licensed <= 0) return undefined;
  return metric === 'percent' ? (m.active / m.licensed) * 100 : m.licensed - m.active;
}

/** Judges the measures: the worst state wins; every application gets its phrase and perfdata. */
export function judge(measures: readonly AppMeasure[], settings: CheckSettings): Verdict {
  const custom = settings.warning !== undefined || settings.critical !== undefined;
  const warning = custom ? settings.warning : DEFAULT_WARNING;
  const critical = custom ? settings.critical : DEFAULT_CRITICAL;
  const metric: Metric = custom ? settings.metric : 'percent';
  let state: State = 'OK';
  const phrases: string[] = [];
  const perf: PerfDatum[] = [];
  for (const m of measures) {
    const value = metricValue(m, metric);
    let appState: State = 'OK';
    if (value !== undefined) {
      if (critical && alerts(critical, value)) appState = 'CRITICAL';
      else if (warning && alerts(warning, value)) appState = 'WARNING';
    }
    const max = m.unlimited ? undefined : m.licensed;
    const thresholds = (which: Metric) => (which === metric ? { warn: warning?.text, crit: critical?.text } : {});
    perf.push({ label: `${m.app}_active`, value: m.active, min: 0, max, ...thresholds('active') });
    if (m.unlimited) {
      phrases.push(`${m.app}: ${m.active} users, unlimited license`);
    } else {
      const pct = (m.active / m.licensed) * 100;
      phrases.push(`${m.app}: Using ${m.active} of ${m.licensed} license slots (${pct.toFixed(1)}%), ${m.licensed - m.active} remaining`);
      perf.push({ label: `${m.app}_remaining`, value: m.licensed - m.active, min: 0, max, ...thresholds('remaining') });
      perf.push({ label: `${m.app}_used`, value: Number(pct.toFixed(2)), uom: '%', min: 0, max: 100, ...thresholds('percent') });
    }
    for (const [what, days] of [['license', m.licenseDays], ['maintenance', m.maintenanceDays]] as const) {
      if (days === undefined || (settings.expiryWarning === undefined && settings.expiryCritical === undefined)) continue;
      let s: State = 'OK';
      if (days < 0 || (settings.expiryCritical !== undefined && days <= settings.expiryCritical)) s = 'CRITICAL';
      else if (settings.expiryWarning !== undefined && days <= settings.expiryWarning) s = 'WARNING';
      if (s !== 'OK') phrases.push(`${m.app} ${what} ${days < 0 ? `expired ${-days} days ago` : `expires in ${days} days`}`);
      appState = worse(appState, s);
      perf.push({
        label: `${m.app}_${what}_days`,
        value: days,
        warn: settings.expiryWarning === undefined ? undefined : `@~:${settings.expiryWarning}`,
        crit: settings.expiryCritical === undefined ? undefined : `@~:${settings.expiryCritical}`,
      });
    }
    state = worse(state, appState);
  }
  return { state, text: phrases.join('; '), perf };
}
