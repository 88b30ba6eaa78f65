/**
 * Plugin output: `SERVICE STATE - text | perfdata`, long output lines after it, and the state's
 * exit code (Monitoring Plugins guidelines: Plugin Output, Performance data).
 */
import { cleanServerText } from '../index.js';

/** The four plugin states, as exit codes. */
export const STATES = { OK: 0, WARNING: 1, CRITICAL: 2, UNKNOWN: 3 } as const;

/** A plugin state name. */
export type State = keyof typeof STATES;

/** The worse of two states (CRITICAL > WARNING > UNKNOWN > OK, as Nagios ranks them for services). */
export function worse(a: State, b: State): State {
  const rank: Record<State, number> = { OK: 0, UNKNOWN: 1, WARNING: 2, CRITICAL: 3 };
  return rank[a] >= rank[b] ? a : b;
}

/** One performance datum. */
export interface PerfDatum {
  readonly label: string;
  /** The value, or undefined for `U` (could not be determined). */
  readonly value: number | undefined;
  /** '', 's', 'ms', 'us', '%', 'B', 'KB', 'MB', 'TB' or 'c'. */
  readonly uom?: string;
  readonly warn?: string | undefined;
  readonly crit?: string | undefined;
  readonly min?: number | undefined;
  readonly max?: number | undefined;
}

/** Formats a number in the C locale, without exponent or trailing zeros. */
export function cNumber(n: number): string {
  if (!Number.isFinite(n)) return 'U';
  // Perfdata values must match [-0-9.]: never an exponent, whatever the size.
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? String(n) : BigInt(n).toString();
  return Math.abs(n) < 1e21 ? n.toFixed(6).replace(/\.?0+$/, '') : BigInt(Math.round(n)).toString();
}

/** `'label'=value[UOM];[warn];[crit];[min];[max]`, quoting the label and dropping trailing empties. */
export function formatPerfDatum(d: PerfDatum): string {
  const label = `'${d.label.replace(/'/g, "''").replace(/=/g, '_')}'`;
  const value = d.value === undefined ? 'U' : `${cNumber(d.value)}${d.uom ?? ''}`;
  const fields = [value, d.warn ?? '', d.crit ?? '', d.min === undefined ? '' : cNumber(d.min), d.max === undefined ? '' : cNumber(d.max)];
  while (fields.length > 1 && fields[fields.length - 1] === '') fields.pop();
  return `${label}=${fields.join(';')}`;
}

/** The whole output: first line with perfdata, then long output lines. */
export function formatOutput(service: string, state: State, text: string, perf: readonly PerfDatum[], longLines: readonly string[] = []): string {
  // The one place plugin text leaves: whatever a server said loses its control characters here,
  // and a '|' would start the performance data.
  const clean = (line: string): string => cleanServerText(line).replace(/[\r\n]+/g, ' ').replace(/\|/g, '/');
  const perfdata = perf.map(formatPerfDatum).join(' ');
  const first = `${service} ${state} - ${clean(text)}${perfdata ? ` | ${perfdata}` : ''}`;
  return [first, ...longLines.flatMap((l) => l.split('\n')).map(clean)].join('\n');
}
