/**
 * Jira's time-tracking durations ("1w 2d 3h 30m") with the default 8-hour day and 5-day week
 * (/configuration's timeTrackingConfiguration).
 */
const UNITS: Record<string, number> = { w: 5 * 8 * 3600, d: 8 * 3600, h: 3600, m: 60 };

/** Seconds for a duration like "2h 30m" or a bare number of minutes; undefined when invalid. */
export function parseDuration(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  if (/^\d+$/.test(t)) return Number(t) * 60;
  if (!/^(\d+(\.\d+)?\s*[wdhm]\s*)+$/.test(t)) return undefined;
  let seconds = 0;
  for (const m of t.matchAll(/(\d+(?:\.\d+)?)\s*([wdhm])/g)) seconds += Number(m[1]) * (UNITS[m[2] ?? 'm'] ?? 60);
  return Math.round(seconds);
}

/** A duration as Jira prints it: "1w 2d 3h 30m"; "0m" for nothing. */
export function formatDuration(seconds: number): string {
  let rest = Math.max(0, Math.round(seconds / 60) * 60);
  const parts: string[] = [];
  for (const [unit, size] of Object.entries(UNITS)) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.length > 0 ? parts.join(' ') : '0m';
}
