/**
 * The retry policy as data and pure functions (ky's normalize.ts and retry-timing.ts): which
 * requests may be retried, and how long to wait, honouring Retry-After and Jira DC's
 * X-RateLimit-* headers (jira-wire.md 6).
 */

/** Retry settings. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  readonly limit: number;
  /** Methods that may be retried (idempotent only: a POST is never replayed). */
  readonly methods: readonly string[];
  /** Statuses worth retrying. */
  readonly statuses: readonly number[];
  /** The longest single wait, ms. */
  readonly maxDelayMs: number;
  /** The longest total time spent waiting, ms. */
  readonly maxTotalDelayMs: number;
}

/** The default policy. */
export const DEFAULT_RETRY: RetryPolicy = {
  limit: 3,
  methods: ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'],
  statuses: [429, 503],
  maxDelayMs: 60_000,
  maxTotalDelayMs: 120_000,
};

/** Parses Retry-After (delta seconds or an HTTP date, RFC 9110 10.2.3) into ms; undefined if absent or bad. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - nowMs);
}

/**
 * How long to wait before attempt `attempt` (1 = first retry). Retry-After wins; a 429 without it
 * waits for one token of the DC bucket (interval / fill rate); otherwise exponential backoff.
 */
export function retryDelayMs(headers: Headers | undefined, attempt: number, nowMs: number, policy: RetryPolicy = DEFAULT_RETRY): number {
  const retryAfter = parseRetryAfter(headers?.get('retry-after') ?? null, nowMs);
  let delay: number;
  if (retryAfter !== undefined && retryAfter > 0) delay = retryAfter;
  else {
    const fill = Number(headers?.get('x-ratelimit-fillrate'));
    const interval = Number(headers?.get('x-ratelimit-interval-seconds'));
    delay = fill > 0 && interval > 0 ? (interval / fill) * 1000 : 500 * 2 ** (attempt - 1);
  }
  return Math.min(delay, policy.maxDelayMs);
}

/** Whether this method may be retried at all. */
export function isRetryableMethod(method: string, policy: RetryPolicy = DEFAULT_RETRY): boolean {
  return policy.methods.includes(method.toUpperCase());
}
