/**
 * JQL date values: absolute ("2026-01-31", "2026/01/31 10:00"), relative ("-5d", "4w 2d", "-1h")
 * and the date functions (now(), startOfDay(-1d), endOfMonth(), ...), all in UTC.
 */
import { JqlError } from './lexer.js';

const UNIT_MS: Record<string, number> = { w: 7 * 86_400_000, d: 86_400_000, h: 3_600_000, m: 60_000 };

/** A relative period like "-5d" or "4w 2d" in ms, or undefined. */
export function period(text: string): number | undefined {
  const t = text.trim().toLowerCase();
  const m = /^([-+])?\s*((\d+\s*[wdhm]\s*)+)$/.exec(t);
  if (!m) return undefined;
  let ms = 0;
  for (const part of (m[2] ?? '').matchAll(/(\d+)\s*([wdhm])/g)) ms += Number(part[1]) * (UNIT_MS[part[2] ?? 'd'] ?? 0);
  return m[1] === '-' ? -ms : ms;
}

/** A date value as ms since the epoch; `dateOnly` when no time was given. */
export function dateValue(text: string, field: string, now: number): { ms: number; dateOnly: boolean } {
  const rel = period(text);
  if (rel !== undefined) return { ms: now + rel, dateOnly: false };
  const m = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/.exec(text.trim());
  if (m) {
    const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4] ?? 0), Number(m[5] ?? 0));
    if (!Number.isNaN(ms)) return { ms, dateOnly: m[4] === undefined };
  }
  throw new JqlError(`Date value '${text}' for field '${field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`);
}

function startOf(unit: string, ms: number): number {
  const d = new Date(ms);
  if (unit === 'day') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  if (unit === 'week') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - d.getUTCDay());
  if (unit === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
  return Date.UTC(d.getUTCFullYear(), 0, 1);
}

function endOf(unit: string, ms: number): number {
  const start = startOf(unit, ms);
  const d = new Date(start);
  if (unit === 'day') return start + 86_400_000 - 1;
  if (unit === 'week') return start + 7 * 86_400_000 - 1;
  if (unit === 'month') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1) - 1;
  return Date.UTC(d.getUTCFullYear() + 1, 0, 1) - 1;
}

/** The value of a date function, or undefined when the name is not one. */
export function dateFunction(name: string, args: readonly string[], now: number): number | undefined {
  const n = name.toLowerCase();
  if (n === 'now') return now;
  const m = /^(start|end)of(day|week|month|year)$/.exec(n);
  if (!m) return undefined;
  const offset = args[0] === undefined ? 0 : period(args[0].replace(/^([-+]?\d+)$/, '$1d'));
  if (offset === undefined) throw new JqlError(`Function '${name}' can not accept the argument '${args[0] ?? ''}'.`);
  const at = now + offset;
  return m[1] === 'start' ? startOf(m[2] ?? 'day', at) : endOf(m[2] ?? 'day', at);
}
