/**
 * A fetch on plain sockets for short-lived processes. Node 20's built-in fetch compiles
 * undici's WebAssembly HTTP parser on first use, and the process then waits ~250 ms at exit for
 * that compilation; a monitoring plugin started every few minutes pays it every time (measured
 * in bench/check.mjs). This speaks the same contract as fetch for what jirakit uses: method,
 * headers, a string body, redirect 'manual', an abort signal, errors as `TypeError('fetch failed')`
 * with the socket error as `cause`, and TLS trust settings.
 */
import { ConnectionPool, type PoolOptions } from './connection-pool.js';
import { LightHeaders, LightResponse } from './light-response.js';
import type { FetchLike } from './send.js';

/** TLS settings for https URLs, and the keep-alive time of idle connections. */
export type HttpFetchOptions = PoolOptions;

/** Request headers from a plain object, an array of pairs, or a Headers, without loading Headers. */
function plainHeaders(init: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!init) return out;
  const isHeaders = typeof (init as Headers).get === 'function' && typeof (init as Headers).entries === 'function';
  const pairs = Array.isArray(init) ? (init as [string, string][]) : isHeaders ? [...(init as Headers).entries()] : Object.entries(init as Record<string, string>);
  for (const [name, value] of pairs) out[name.toLowerCase()] = String(value);
  return out;
}

/** Makes a fetch-compatible function on keep-alive connections (connection-pool.ts). */
export function createHttpFetch(options: HttpFetchOptions = {}): FetchLike {
  const pool = new ConnectionPool(options);
  return async (input, init = {}) => {
    // Not `instanceof Request`: touching the Request global loads what this module avoids.
    const url = new URL(typeof input === 'object' && !(input instanceof URL) ? input.url : String(input));
    const method = (init.method ?? 'GET').toUpperCase();
    const body = init.body === undefined || init.body === null ? undefined : Buffer.from(String(init.body));
    const signal = init.signal ?? undefined;
    const answer = await pool.request({ url, method, headers: plainHeaders(init.headers), body, signal });
    // The members jirakit and scripts use; a real Response on demand (see light-response.ts).
    return new LightResponse(answer.status, answer.statusText, new LightHeaders(answer.rawHeaders), url.href, answer.body, answer.recycle) as unknown as Response;
  };
}
