/**
 * The license metric set (prometheus.md 3.6, decided in docs/metrics.md 2): what one read of a
 * Jira gives, turned into gauge families. Pure: the numbers are readLicense's, checked there,
 * and nothing is computed that PromQL can compute (ratios, days left).
 */
import type { LicenseReading } from '../license/read-license.js';
import type { GaugeFamily, Sample } from './exposition.js';

/** One application's outcome: the reading as far as it got, and the error that stopped it. */
export interface ApplicationOutcome {
  readonly app: string;
  /** Seats and users, with `expiry` when the dates were read too. */
  readonly reading?: LicenseReading | undefined;
  /** Why the application (or its dates) could not be read; undefined when all was read. */
  readonly error?: unknown;
}

/** What one read of one Jira gave. */
export interface TargetOutcome {
  /** serverInfo's version and deployment type, when it was read. */
  readonly info?: { readonly version: string; readonly deployment: string } | undefined;
  readonly apps: readonly ApplicationOutcome[];
  /** Why the read stopped before the applications (unreachable, no list of roles). */
  readonly error?: unknown;
  /** How long the read took, in seconds. */
  readonly durationSeconds: number;
}

/** True when everything asked of the target was read. */
export function targetSucceeded(outcome: TargetOutcome): boolean {
  return outcome.error === undefined && outcome.info !== undefined && outcome.apps.every((a) => a.error === undefined);
}

/** A target's outcome with the labels that tell it from the others (`target` in the exporter's /metrics). */
export interface LabelledOutcome {
  readonly labels: Readonly<Record<string, string>>;
  readonly outcome: TargetOutcome;
}

type Row = { labels: Readonly<Record<string, string>>; app: ApplicationOutcome };

function gauge(name: string, help: string, samples: Sample[], unit?: string): GaugeFamily {
  return { name, help, unit, samples };
}

function perApp(rows: readonly Row[], value: (a: ApplicationOutcome) => number | undefined): Sample[] {
  return rows.flatMap(({ labels, app }) => {
    const v = value(app);
    return v === undefined ? [] : [{ labels: { ...labels, application: app.app }, value: v }];
  });
}

/**
 * The families for these targets, in a fixed order. Seats are absent for an unlimited license,
 * each date absent when the license has none (or it was not read); a failed read still gives
 * its success and duration series, so alerts on them fire.
 */
export function licenseFamilies(targets: readonly LabelledOutcome[]): GaugeFamily[] {
  const rows: Row[] = targets.flatMap(({ labels, outcome }) => outcome.apps.map((app) => ({ labels, app })));
  const perTarget = (value: (o: TargetOutcome) => number): Sample[] => targets.map(({ labels, outcome }) => ({ labels, value: value(outcome) }));
  const info = targets.flatMap(({ labels, outcome }) => (outcome.info ? [{ labels: { ...labels, version: outcome.info.version, deployment: outcome.info.deployment }, value: 1 }] : []));
  return [
    gauge('jira_license_seats', 'Seats of the application license; absent when seats are unlimited.', perApp(rows, (a) => a.reading?.seats)),
    gauge('jira_license_users', 'Users counting against the application license.', perApp(rows, (a) => a.reading?.users)),
    gauge('jira_license_unlimited', '1 when the application license has unlimited seats, else 0.', perApp(rows, (a) => (a.reading ? Number(a.reading.unlimited) : undefined))),
    gauge('jira_license_expiry_timestamp_seconds', 'When the application license expires, as a Unix time; absent for a license that does not expire.', perApp(rows, (a) => a.reading?.expiry?.licenseExpiresAt), 'seconds'),
    gauge('jira_license_maintenance_expiry_timestamp_seconds', 'When maintenance of the application license ends, as a Unix time; absent when there is no such date.', perApp(rows, (a) => a.reading?.expiry?.maintenanceExpiresAt), 'seconds'),
    gauge('jira_info', 'Jira version and deployment type from serverInfo; always 1.', info),
    gauge('jirakit_license_read_success', '1 when the application license was read in full (seats, users and the dates asked for), else 0.', perApp(rows, (a) => Number(a.error === undefined))),
    gauge('jirakit_license_scrape_success', '1 when the last read of this Jira got everything asked for, else 0.', perTarget((o) => Number(targetSucceeded(o)))),
    gauge('jirakit_license_scrape_duration_seconds', 'How long the last read of this Jira took.', perTarget((o) => o.durationSeconds), 'seconds'),
  ];
}
