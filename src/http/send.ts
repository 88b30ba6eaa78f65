import { AbortedError } from '../errors/jira-kit-error.js';
import { NetworkError, TimeoutError, TlsError } from '../errors/network-error.js';

/** A fetch-compatible function; injected so tests can use the simulator in-process. */
export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** One request on the wire. */
export interface SendRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers?: Record<string, string> | undefined;
  readonly body?: string | undefined;
  /** The caller's way to stop it (besides the timeout). */
  readonly signal?: AbortSignal | undefined;
}

/** The error for a request its caller's signal stopped. */
export function abortedError(request: Pick<SendRequest, 'method' | 'url' | 'signal'>): AbortedError {
  return new AbortedError(`${request.method} ${request.url.pathname} was stopped by its AbortSignal`, { cause: request.signal?.reason });
}

/** Transport settings. */
export interface SendOptions {
  readonly fetch?: FetchLike | undefined;
  /** Milliseconds before giving up (default 30 s). */
  readonly timeoutMs?: number | undefined;
}

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

function errorCode(error: unknown): string | undefined {
  // undici wraps the socket error in `cause`; several addresses give an AggregateError. Its own
  // UND_ERR_SOCKET is generic, so a more specific system code further down wins.
  let current: unknown = error;
  let generic: string | undefined;
  for (let depth = 0; depth < 4 && current; depth++) {
    const c = current as { code?: unknown; cause?: unknown; errors?: unknown[] };
    if (typeof c.code === 'string') {
      if (c.code !== 'UND_ERR_SOCKET') return c.code;
      generic = c.code;
    }
    current = c.cause ?? c.errors?.[0];
  }
  return generic;
}

function deepestMessage(error: unknown): string {
  let current = error as { message?: string; cause?: unknown } | undefined;
  let message = 'unknown error';
  for (let depth = 0; depth < 4 && current; depth++) {
    if (typeof current.message === 'string' && current.message) message = current.message;
    current = current.cause as typeof current;
  }
  return message;
}

/** Maps a fetch failure to NetworkError, TlsError or TimeoutError with a one-sentence message. */
export function transportError(error: unknown, method: string, url: URL, timeoutMs: number): NetworkError {
  const init = { method, url, cause: error };
  if ((error as { name?: string }).name === 'TimeoutError' || (error as { name?: string }).name === 'AbortError') {
    return new TimeoutError(`No answer from ${url.host} within ${timeoutMs / 1000} s`, {
      ...init,
      code: 'ETIMEDOUT',
      hint: 'Check that Jira is up and reachable from here, or raise --timeout',
    });
  }
  const code = errorCode(error);
  if (code && TLS_CODES.has(code)) {
    const what =
      code === 'CERT_HAS_EXPIRED' ? 'its certificate has expired'
      : code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? 'its certificate is for another host name'
      : code === 'ERR_SSL_WRONG_VERSION_NUMBER' ? 'it does not speak TLS on that port'
      : 'its certificate is not trusted here';
    return new TlsError(`Could not make a secure connection to ${url.host}: ${what} (${code})`, {
      ...init,
      code,
      hint: code === 'ERR_SSL_WRONG_VERSION_NUMBER'
        ? 'Use http:// for a plain-HTTP server'
        : 'Trust the company CA with NODE_EXTRA_CA_CERTS=/path/ca.pem, or check --server',
    });
  }
  if (code === 'ECONNREFUSED') {
    return new NetworkError(`Could not connect to ${url.host}: connection refused`, { ...init, code, hint: 'Check --server and that Jira is running' });
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new NetworkError(`Could not resolve the host name ${url.hostname}`, { ...init, code, hint: 'Check the host in --server, and DNS' });
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED' || code === 'UND_ERR_SOCKET') {
    return new NetworkError(`The connection to ${url.host} was reset`, { ...init, code, hint: 'Try again; a proxy or load balancer may be dropping connections' });
  }
  return new NetworkError(`Could not reach ${url.host} (${code ?? deepestMessage(error)})`, {
    ...init,
    code,
    hint: 'Check --server and the network',
  });
}

/** Sends one request with a timeout; transport failures become jirakit errors, statuses do not. */
export async function send(request: SendRequest, options: SendOptions = {}): Promise<Response> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const doFetch = options.fetch ?? fetch;
  try {
    return await doFetch(request.url.href, {
      method: request.method,
      headers: request.headers ?? {},
      ...(request.body === undefined ? {} : { body: request.body }),
      // Never follow: callers decide, so credentials never cross origins.
      redirect: 'manual',
      signal: request.signal ? AbortSignal.any([AbortSignal.timeout(timeoutMs), request.signal]) : AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    if (request.signal?.aborted) throw abortedError(request);
    throw transportError(error, request.method, request.url, timeoutMs);
  }
}
