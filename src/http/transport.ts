/**
 * One request with retries: sign, send, and on a retryable answer wait and go again, signing
 * afresh each time so every attempt has its own nonce (a replayed signature is nonce_used).
 */
import type { Auth } from '../auth/auth.js';
import { NetworkError, TimeoutError } from '../errors/network-error.js';
import { DEFAULT_RETRY, isRetryableMethod, retryDelayMs, type RetryPolicy } from './retry.js';
import { STALE } from './connection.js';
import { abortedError, send, transportError, type FetchLike, type SendRequest } from './send.js';
import { LightResponse } from './light-response.js';

/** A request before signing: the same shape send() takes. */
export type OutgoingRequest = SendRequest;

/** What went out with the attempt whose answer is being read. */
export interface SentRequest {
  /** The Authorization header of that attempt (for base-string diffs; never printed as is). */
  readonly authorization: string | undefined;
}

/** Transport settings; clock and sleep are injectable for tests. */
export interface TransportOptions {
  readonly fetch?: FetchLike | undefined;
  readonly timeoutMs?: number | undefined;
  readonly retry?: Partial<RetryPolicy> | undefined;
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
  readonly now?: (() => number) | undefined;
  /** Told about each retry (for --verbose). */
  readonly onRetry?: ((info: { attempt: number; delayMs: number; reason: string }) => void) | undefined;
}

const RESETS = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED']);

function isReset(error: unknown): boolean {
  return error instanceof NetworkError && !(error instanceof TimeoutError) && error.code !== undefined && RESETS.has(error.code);
}

/** A kept-alive connection the server dropped before answering (connection.ts): go again at once. */
function isStale(error: unknown): boolean {
  return error instanceof NetworkError && Boolean((error.cause as { [STALE]?: boolean } | undefined)?.[STALE]);
}

/**
 * Sends with retries; `consume` reads the answer inside the attempt, so a body cut short by a
 * reset is retried too (for idempotent methods).
 */
export async function sendWithRetries<T>(
  request: OutgoingRequest,
  auth: Auth,
  options: TransportOptions,
  consume: (response: Response, sent: SentRequest) => Promise<T>,
): Promise<T> {
  const policy = { ...DEFAULT_RETRY, ...options.retry };
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const retryable = isRetryableMethod(request.method, policy);
  const timeoutMs = options.timeoutMs ?? 30_000;
  let waited = 0;
  const { signal } = request;
  // A wait between attempts ends early when the caller's signal stops the request.
  const pause = async (ms: number): Promise<void> => {
    if (!signal) return sleep(ms);
    if (signal.aborted) return;
    let onAbort = (): void => undefined;
    const aborted = new Promise<void>((resolve) => {
      onAbort = () => resolve();
      signal.addEventListener('abort', onAbort, { once: true });
    });
    await Promise.race([sleep(ms), aborted]);
    signal.removeEventListener('abort', onAbort);
  };
  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) throw abortedError(request);
    const contentType = request.headers?.['content-type'];
    const authorization = await auth.sign({ method: request.method, url: request.url, contentType, body: request.body });
    const headers = { ...request.headers, ...(authorization ? { authorization } : {}) };
    let response: Response;
    try {
      response = await send({ method: request.method, url: request.url, headers, body: request.body, signal }, { fetch: options.fetch, timeoutMs });
      if (!(retryable && policy.statuses.includes(response.status) && attempt < policy.limit)) {
        try {
          return await consume(response, { authorization });
        } catch (error) {
          if (signal?.aborted) throw abortedError(request);
          // A body that breaks off mid-way is a reset too.
          throw error instanceof TypeError ? transportError(error, request.method, request.url, timeoutMs) : error;
        }
      }
    } catch (error) {
      if (!(retryable && isReset(error) && attempt < policy.limit)) throw error;
      // A stale connection says nothing about the server's health: no back-off (but a new nonce).
      const delayMs = isStale(error) ? 0 : Math.min(500 * 2 ** attempt, policy.maxDelayMs);
      if (waited + delayMs > policy.maxTotalDelayMs) throw error;
      options.onRetry?.({ attempt: attempt + 1, delayMs, reason: (error as NetworkError).code ?? 'reset' });
      waited += delayMs;
      if (delayMs > 0) await pause(delayMs);
      continue;
    }
    const delayMs = retryDelayMs(response.headers, attempt + 1, now(), policy);
    if (waited + delayMs > policy.maxTotalDelayMs) return consume(response, { authorization });
    // A light response's body is already in; a web stream made just to cancel it would copy it.
    if (response instanceof LightResponse) response.discard();
    else await response.body?.cancel().catch(() => undefined);
    options.onRetry?.({ attempt: attempt + 1, delayMs, reason: `HTTP ${response.status}` });
    waited += delayMs;
    await pause(delayMs);
  }
}
