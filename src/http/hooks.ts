/**
 * Hooks on a client's exchanges, in the spirit of ky's `hooks` and Octokit's `request.hook`:
 * each sees every attempt as it is sent (after signing, so it holds the credentials: print it
 * only through redactHeaders) and each answer before retries. They observe; they cannot change
 * the request, since nothing may change a request after it is signed.
 */

/** One attempt as the client hands it to fetch (jirakit's transport adds `user-agent` and `accept-encoding` where it has none). */
export interface SentRequest {
  readonly method: string;
  readonly url: URL;
  /** Lower-case names; `authorization` is the one this attempt was signed with. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | undefined;
  /** 0 for the first attempt, 1 for the first retry, … */
  readonly attempt: number;
}

/** An answer's status line and headers (its body is left to the caller). */
export interface ReceivedResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: { get(name: string): string | null; [Symbol.iterator](): Iterator<[string, string]> };
  readonly url: string;
}

/** A retry about to wait. */
export interface RetryInfo {
  readonly request: SentRequest;
  /** The retry about to be made: 1 for the first. */
  readonly retry: number;
  readonly delayMs: number;
  /** `HTTP 429`, `HTTP 503`, or the network error code. */
  readonly reason: string;
}

/** Called with each attempt as sent. */
export type BeforeRequestHook = (request: SentRequest) => void;
/** Called with each answer, before a retry is decided and before its body is read. */
export type AfterResponseHook = (response: ReceivedResponse, request: SentRequest) => void;
/** Called before each wait between attempts. */
export type BeforeRetryHook = (retry: RetryInfo) => void;

/** The hooks a client or a dance leg takes; each list runs in order. */
export interface Hooks {
  readonly beforeRequest?: readonly BeforeRequestHook[] | undefined;
  readonly afterResponse?: readonly AfterResponseHook[] | undefined;
  readonly beforeRetry?: readonly BeforeRetryHook[] | undefined;
}

/** Hooks of several sources, run in order (the CLI's and the caller's). */
export function mergeHooks(...all: readonly (Hooks | undefined)[]): Hooks {
  const list = <K extends keyof Hooks>(key: K): NonNullable<Hooks[K]> => all.flatMap((h) => [...(h?.[key] ?? [])]) as unknown as NonNullable<Hooks[K]>;
  return { beforeRequest: list('beforeRequest'), afterResponse: list('afterResponse'), beforeRetry: list('beforeRetry') };
}
