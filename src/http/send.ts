/**
 * One attempt on the wire: the transport (or an injected fetch) with a deadline, and every
 * failure explained by its cause (transport-error.ts).
 */
import { AbortedError } from '../errors/jira-kit-error.js';
import { TimeoutError } from '../errors/network-error.js';
import { defaultFetch } from './default-fetch.js';
import type { FetchLike } from './fetch-like.js';
import { transportError } from './transport-error.js';

/** One request as sent. */
export interface SendRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly body?: string | undefined;
  /** The caller's way to stop it (besides the deadline). */
  readonly signal?: AbortSignal | undefined;
}

/** The error for a request its caller's signal stopped. */
export function abortedError(request: Pick<SendRequest, 'method' | 'url' | 'signal'>): AbortedError {
  return new AbortedError(`${request.method} ${request.url.pathname} was stopped by its AbortSignal`, { cause: request.signal?.reason, reason: 'signal' });
}

/** An attempt in flight: its deadline, and how to explain any failure of it (sending or reading). */
export class Attempt {
  readonly deadline: AbortSignal;
  readonly signal: AbortSignal;

  constructor(
    readonly request: SendRequest,
    readonly timeoutMs: number,
  ) {
    this.deadline = AbortSignal.timeout(timeoutMs);
    this.signal = request.signal ? AbortSignal.any([this.deadline, request.signal]) : this.deadline;
  }

  /** The error that says what stopped this attempt: the caller, the deadline, or the network. */
  explain(error: unknown): unknown {
    const { request } = this;
    if (request.signal?.aborted) return abortedError(request);
    if (this.deadline.aborted) {
      return new TimeoutError(`No answer from ${request.url.host} within ${this.timeoutMs / 1000} s`, {
        method: request.method,
        url: request.url,
        code: 'ETIMEDOUT',
        cause: error,
        hint: 'Check that Jira is up and reachable from here, or raise --timeout',
      });
    }
    return transportError(error, request);
  }

  /** Sends it; statuses are answers, not failures. */
  async send(fetch: FetchLike | undefined): Promise<Response> {
    const { request } = this;
    try {
      return await (fetch ?? defaultFetch())(request.url.href, {
        method: request.method,
        headers: { ...request.headers },
        ...(request.body === undefined ? {} : { body: request.body }),
        // Never follow: callers decide, so credentials never cross origins.
        redirect: 'manual',
        signal: this.signal,
      });
    } catch (error) {
      throw this.explain(error);
    }
  }
}

/** Sends one request with a deadline (default 30 s); transport failures become jirakit errors. */
export async function send(request: SendRequest, options: { readonly fetch?: FetchLike | undefined; readonly timeoutMs?: number | undefined } = {}): Promise<Response> {
  return new Attempt(request, options.timeoutMs ?? 30_000).send(options.fetch);
}
