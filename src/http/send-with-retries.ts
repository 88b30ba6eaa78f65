/**
 * One request with retries: sign, send, and on a retryable answer wait and go again, signing
 * afresh each time so every attempt has its own nonce (a replayed signature is nonce_used).
 * Hooks see each attempt as sent and each answer before a retry is decided. When Jira ignores
 * the credentials and the strategy can renew them (`auth.renew`), it is asked once, and an
 * idempotent request goes again with the new ones.
 */
import type { Auth, RenewRequest } from '../auth/auth.js';
import { NetworkError, TimeoutError } from '../errors/network-error.js';
import type { FetchLike } from './fetch-like.js';
import type { Hooks, SentRequest } from './hooks.js';
import { LightResponse } from './light-response.js';
import { DEFAULT_RETRY, isRetryableMethod, retryDelayMs, type RetryPolicy } from './retry.js';
import { Attempt, abortedError, type SendRequest } from './send.js';
import { STALE } from './http-fetch.js';

/** How requests are sent; clock and sleep are injectable for tests. */
export interface TransportOptions {
  /** The transport; default jirakit's own over node:http(s). */
  readonly fetch?: FetchLike | undefined;
  /** Per attempt, ms (default 30 s). */
  readonly timeoutMs?: number | undefined;
  readonly retry?: Partial<RetryPolicy> | undefined;
  readonly hooks?: Hooks | undefined;
  readonly sleep?: ((ms: number) => Promise<void>) | undefined;
  readonly now?: (() => number) | undefined;
}

const RESETS = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNABORTED']);

/** A connection reset: worth another attempt of an idempotent request. */
function isReset(error: unknown): boolean {
  return error instanceof NetworkError && !(error instanceof TimeoutError) && error.code !== undefined && RESETS.has(error.code);
}

/** A kept-alive connection the server had dropped before this attempt: go again at once. */
function isStale(error: unknown): boolean {
  return error instanceof NetworkError && Boolean((error.cause as { [STALE]?: boolean } | undefined)?.[STALE]);
}

/**
 * A wait that ends early when the caller's signal stops the request. The default timer is
 * cleared then too: one left running (Retry-After: 60) would keep the process alive after the
 * call had already failed.
 */
async function pause(ms: number, sleep: ((ms: number) => Promise<void>) | undefined, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return;
  let onAbort = (): void => undefined;
  const aborted = new Promise<void>((resolve) => {
    onAbort = () => resolve();
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  let timer: NodeJS.Timeout | undefined;
  const waited = sleep ? sleep(ms) : new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)));
  try {
    await Promise.race([waited, aborted]);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/** Drops an answer that is about to be retried, without copying its body. */
async function discard(response: Response): Promise<void> {
  if (response instanceof LightResponse) response.discard();
  else await response.body?.cancel().catch(() => undefined);
}

/**
 * Why an answer shows that Jira ignored the credentials the attempt carried: Jira serves a dead
 * OAuth 2.0 token as anonymous rather than answering 401 (oauth2-provider.md 1.10; jira-wire.md 10.2).
 */
function ignoredCredentials(response: Response, sent: SentRequest): RenewRequest['reason'] | undefined {
  if (!sent.headers['authorization']) return undefined;
  const user = response.headers.get('x-ausername');
  if (user === 'anonymous') return 'anonymous';
  // A 401 to a known user (WebSudo's) is no verdict on the credentials.
  return response.status === 401 && user === null ? 'unauthorized' : undefined;
}

/** Asks a renewing strategy for new credentials after this answer; true when the request should go again (the hooks told). */
async function renewedAfter(auth: Auth, response: Response, sent: SentRequest, resend: boolean, hooks: Hooks | undefined): Promise<boolean> {
  const reason = auth.renew ? ignoredCredentials(response, sent) : undefined;
  if (!auth.renew || !reason) return false;
  let renewed: boolean;
  try {
    renewed = await auth.renew({ authorization: sent.headers['authorization'] ?? '', reason });
  } catch (error) {
    await discard(response);
    throw error;
  }
  if (!renewed || !resend) return false;
  await discard(response);
  for (const hook of hooks?.beforeRetry ?? []) hook({ request: sent, retry: sent.attempt + 1, delayMs: 0, reason: 'credentials renewed' });
  return true;
}

/**
 * Sends with retries. `consume` reads the answer inside the attempt, under the same deadline,
 * so a body cut short by a reset is retried too (for idempotent methods).
 */
export async function sendWithRetries<T>(
  request: SendRequest,
  auth: Auth,
  options: TransportOptions,
  consume: (response: Response, sent: SentRequest) => Promise<T>,
): Promise<T> {
  const policy = { ...DEFAULT_RETRY, ...options.retry };
  const now = options.now ?? Date.now;
  const { sleep } = options;
  const retryable = isRetryableMethod(request.method, policy);
  const { hooks } = options;
  let waited = 0;
  let renewAsked = false;
  const wait = async (sent: SentRequest, retry: number, delayMs: number, reason: string): Promise<boolean> => {
    if (waited + delayMs > policy.maxTotalDelayMs) return false;
    for (const hook of hooks?.beforeRetry ?? []) hook({ request: sent, retry, delayMs, reason });
    waited += delayMs;
    if (delayMs > 0) await pause(delayMs, sleep, request.signal);
    return true;
  };
  for (let attempt = 0; ; attempt++) {
    if (request.signal?.aborted) throw abortedError(request);
    const contentType = request.headers?.['content-type'];
    const authorization = await auth.sign({ method: request.method, url: request.url, contentType, body: request.body });
    const sent: SentRequest = { method: request.method, url: request.url, headers: { ...request.headers, ...(authorization ? { authorization } : {}) }, body: request.body, attempt };
    for (const hook of hooks?.beforeRequest ?? []) hook(sent);
    const current = new Attempt({ ...request, headers: sent.headers }, options.timeoutMs ?? 30_000);
    // A reset before or during the answer (its body cut short) is worth another attempt.
    const retryReset = async (error: unknown): Promise<boolean> => {
      if (!(retryable && isReset(error) && attempt < policy.limit)) return false;
      // A stale connection says nothing about the server's health: no back-off (but a new nonce).
      return wait(sent, attempt + 1, isStale(error) ? 0 : Math.min(500 * 2 ** attempt, policy.maxDelayMs), (error as NetworkError).code ?? 'reset');
    };
    let response: Response;
    try {
      response = await current.send(options.fetch);
    } catch (error) {
      if (await retryReset(error)) continue;
      throw error;
    }
    for (const hook of hooks?.afterResponse ?? []) hook(response, sent);
    // Asked once per request, so a strategy that keeps failing cannot loop.
    if (!renewAsked && auth.renew && ignoredCredentials(response, sent)) {
      renewAsked = true;
      if (await renewedAfter(auth, response, sent, retryable, hooks)) continue;
    }
    const again = retryable && policy.statuses.includes(response.status) && attempt < policy.limit;
    const delayMs = again ? retryDelayMs(response.headers, attempt + 1, now(), policy) : 0;
    if (!again || waited + delayMs > policy.maxTotalDelayMs) {
      try {
        return await consume(response, sent);
      } catch (error) {
        const explained = current.explain(error);
        if (await retryReset(explained)) continue;
        throw explained;
      }
    }
    await discard(response);
    await wait(sent, attempt + 1, delayMs, `HTTP ${response.status}`);
  }
}
