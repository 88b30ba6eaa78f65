/**
 * Monitoring Plugins threshold ranges: `[@]start:end`, start defaulting to 0, `~` for negative
 * infinity, an empty end for positive infinity; alert outside the range, or inside with `@`.
 * @see https://www.monitoring-plugins.org/doc/guidelines.html#THRESHOLDFORMAT
 */

/** A parsed range. */
export interface Range {
  readonly start: number;
  readonly end: number;
  /** `@`: alert when the value is inside the range rather than outside. */
  readonly inside: boolean;
  /** The text as given, for perfdata. */
  readonly text: string;
}

/** A range that cannot be parsed. */
export class RangeSyntaxError extends Error {
  override name = 'RangeSyntaxError';
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** Parses a range string. */
export function parseRange(text: string): Range {
  const raw = text.trim();
  let body = raw;
  const inside = body.startsWith('@');
  if (inside) body = body.slice(1);
  if (body === '') throw new RangeSyntaxError(`'${text}' is not a threshold range`);
  let start = 0;
  let end: number;
  const colon = body.indexOf(':');
  if (colon < 0) {
    if (!NUMBER.test(body)) throw new RangeSyntaxError(`'${text}' is not a threshold range`);
    end = Number(body);
  } else {
    const s = body.slice(0, colon);
    const e = body.slice(colon + 1);
    if (s === '~') start = -Infinity;
    else if (s === '') start = 0;
    else if (NUMBER.test(s)) start = Number(s);
    else throw new RangeSyntaxError(`'${text}' is not a threshold range (bad start '${s}')`);
    if (e === '') end = Infinity;
    else if (NUMBER.test(e)) end = Number(e);
    else throw new RangeSyntaxError(`'${text}' is not a threshold range (bad end '${e}')`);
  }
  if (start > end) throw new RangeSyntaxError(`'${text}' is not a threshold range: its start is above its end`);
  return { start, end, inside, text: raw };
}

/** Whether a value raises the alert of this range (endpoints inclusive). */
export function alerts(range: Range, value: number): boolean {
  const within = value >= range.start && value <= range.end;
  return range.inside ? within : !within;
}
