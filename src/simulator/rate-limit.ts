/**
 * Data Center rate limiting: a token bucket per user, headers on every eligible REST answer, and a
 * 429 with all of them when the bucket is empty (jira-wire.md 6). python-jira 3.4.1 crashes on a
 * 429 that lacks any header, so every one is always sent.
 */
import type { RateLimitOptions, RouteContext } from './types.js';

/** Paths Jira never limits (KB 1115669348), below the context path. */
const EXEMPT = [/^\/rest\/auth\/1\/session/, /^\/rest\/api\/[^/]+\/serverInfo/, /^\/rest\/applinks(-oauth)?\//, /\/remotelink/, /^\/rest\/capabilities/];

/** The outcome: headers to add, and whether the request must be refused. */
export interface RateDecision {
  readonly headers: Record<string, string>;
  readonly refused: boolean;
}

/** Takes a token for this request, or decides it is refused; undefined when not limited. */
export function rateLimit(ctx: RouteContext, options: RateLimitOptions): RateDecision | undefined {
  const user = ctx.caller.user;
  const kinds = options.kinds ?? ['basic', 'pat', 'oauth', 'oauth2'];
  if (!user || !kinds.includes(ctx.caller.by) || !ctx.path.startsWith('/rest/') || EXEMPT.some((re) => re.test(ctx.path))) return undefined;
  const now = ctx.sim.now();
  const perMs = options.fillRate / (options.intervalSeconds * 1000);
  const bucket = ctx.sim.state.buckets.get(user.name) ?? { tokens: options.max, at: now };
  bucket.tokens = Math.min(options.max, bucket.tokens + (now - bucket.at) * perMs);
  bucket.at = now;
  ctx.sim.state.buckets.set(user.name, bucket);
  const refused = bucket.tokens < 1;
  if (!refused) bucket.tokens -= 1;
  const retryAfter = refused ? Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) : 0;
  return {
    refused,
    headers: {
      'x-ratelimit-limit': String(options.max),
      'x-ratelimit-remaining': String(Math.floor(bucket.tokens)),
      'x-ratelimit-fillrate': String(options.fillRate),
      'x-ratelimit-interval-seconds': String(options.intervalSeconds),
      'retry-after': String(retryAfter),
    },
  };
}
