import { ResponseFormatError } from '../errors/http-error.js';
import { AbortedError } from '../errors/jira-kit-error.js';
import { parseLazyArray, type LazyElements } from '../http/json-bytes.js';
import { payloadOf, type Payload } from '../http/light-response.js';
import { readBytes, type BodyLimit } from '../http/read-body.js';
import type { Issue } from './types.js';

/** Options of searchIssues. */
export interface SearchOptions {
  readonly fields?: string | readonly string[] | undefined;
  /**
   * Issues per page asked for. Default 1000, Jira DC's usual cap: fewer pages are fewer searches
   * for Jira to run. A lower cap is fine; the echoed maxResults is trusted.
   */
  readonly pageSize?: number | undefined;
  /**
   * Pages fetched ahead once the total is known. Default 1: the next page is on its way while one
   * is read, and a production Jira renders one search at a time for this client (measured fastest
   * against the simulator too, bench/search.mjs). Raise it to have Jira render pages in parallel.
   */
  readonly concurrency?: number | undefined;
  readonly expand?: string | undefined;
  /** Stops the search: pages on the wire are dropped and the iteration throws an AbortedError. */
  readonly signal?: AbortSignal | undefined;
  /** At most this many issues; no page beyond them is asked for (python-jira's maxResults). */
  readonly limit?: number | undefined;
}

/** A search page whose issues are parsed as they are iterated. */
export interface LazySearchPage {
  readonly startAt: number;
  readonly maxResults: number;
  readonly total: number;
  readonly issues: LazyElements<Issue>;
  /** Gives the page's bytes back to the connection pool once its issues have been read. */
  readonly release?: () => void;
  /** Where the page came from, for errors. */
  readonly url?: string | undefined;
}

interface PageSource {
  searchPage(
    jql: string,
    opts: { startAt: number; maxResults: number; fields?: string | readonly string[] | undefined; expand?: string | undefined; signal?: AbortSignal | undefined },
  ): Promise<LazySearchPage>;
}

/**
 * Reads a search page leaving its issues in the bytes (json-bytes.ts): only the issue being looked
 * at is an object, so memory and garbage collection stay flat however big the pages are.
 */
export async function readLazySearchPage(response: Response, limit: BodyLimit): Promise<Payload> {
  const { bytes, release } = await readBytes(response, limit);
  let lazy;
  try {
    lazy = parseLazyArray<Issue>(bytes, 'issues');
  } catch {
    // Not JSON: the text below goes into the error.
  }
  if (lazy) {
    const { elements } = lazy;
    const issues: LazyElements<Issue> = {
      length: elements.length,
      *[Symbol.iterator]() {
        try {
          yield* elements;
        } catch (error) {
          if (!(error instanceof SyntaxError)) throw error;
          const { url } = limit;
          throw new ResponseFormatError(`Jira answered GET ${url.pathname} with an issue that is not JSON`, {
            status: response.status, method: 'GET', url, cause: error, hint: 'Check --server: a proxy may be changing the answer',
          });
        }
      },
    };
    return { json: { ...lazy.value, issues, release, url: limit.url.href } };
  }
  const text = bytes.toString('utf8');
  release();
  return payloadOf(text);
}

/** The error for a page that does not advance: the search would never end. */
function repeated(page: LazySearchPage, jql: string): ResponseFormatError {
  return new ResponseFormatError(`Jira's search for '${jql}' answered the page at startAt=${page.startAt} with the same issues as the page before`, {
    status: 200, method: 'GET', url: page.url ?? 'search', hint: 'A proxy or a server that ignores startAt is in the way; the search was stopped rather than repeated forever',
  });
}

/** The error for a page whose startAt is not the one asked for. */
function ignoredStartAt(page: LazySearchPage, asked: number, jql: string): ResponseFormatError {
  return new ResponseFormatError(`Jira's search for '${jql}' answered startAt=${page.startAt} when asked for startAt=${asked}`, {
    status: 200, method: 'GET', url: page.url ?? 'search', hint: 'A proxy or a server that ignores startAt is in the way; the search was stopped rather than repeated forever',
  });
}

/**
 * A page's first issue, checked against the page before: undefined for an empty page (the end:
 * the total shrank while paging), an error for a page that repeats the one before (a server that
 * ignores startAt, or a total that lies, would page forever through the same issues).
 */
function firstIssue(issues: Iterator<Issue>, page: LazySearchPage, previous: Issue | undefined, jql: string): Issue | undefined {
  const head = issues.next();
  if (head.done) return undefined;
  if (previous !== undefined && head.value.id === previous.id && head.value.key === previous.key) throw repeated(page, jql);
  return head.value;
}

/**
 * The pages asked for ahead of the one being read, at most `concurrency`, each with the startAt
 * it was asked for. `stop()` drops them on the wire: a caller that leaves the loop early must
 * not leave pages downloading.
 */
class PagesAhead {
  readonly #queue: { startAt: number; page: Promise<LazySearchPage> }[] = [];
  readonly #stop = new AbortController();
  #next: number;

  constructor(
    private readonly page: (startAt: number, signal: AbortSignal) => Promise<LazySearchPage>,
    private readonly range: { readonly step: number; readonly end: number; readonly concurrency: number },
  ) {
    this.#next = range.step;
  }

  /** Asks for pages until `concurrency` are on their way or the end is reached; true when it asked for one. */
  fill(): boolean {
    const { step, end, concurrency } = this.range;
    const asked = this.#queue.length;
    while (step > 0 && this.#queue.length < concurrency && this.#next < end) {
      const p = this.page(this.#next, this.#stop.signal);
      p.catch(() => undefined); // awaited when its turn comes; this keeps a dropped page from an unhandled rejection
      this.#queue.push({ startAt: this.#next, page: p });
      this.#next += step;
    }
    return this.#queue.length > asked;
  }

  /** The next page in order, or undefined at the end. */
  shift(): { startAt: number; page: Promise<LazySearchPage> } | undefined {
    return this.#queue.shift();
  }

  /** Drops every page still on its way. */
  stop(): void {
    this.#stop.abort();
  }
}

/**
 * One turn of the event loop, so the pages just asked for are written to their sockets. node:http
 * sends a request on a reused connection from a nextTick, and a loop over a page's issues is one
 * chain of promise jobs that runs to its end before any tick: without this turn the next page was
 * asked for only once the current one was read, and Jira rendered it while the loop waited.
 */
function requestsOut(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Yields every issue of a search in order. After the first page gives the total, later pages are
 * fetched ahead with bounded concurrency; only those pages are held, so memory does not grow with
 * the number of issues.
 */
export async function* searchIssues(client: PageSource, jql: string, options: SearchOptions = {}): AsyncGenerator<Issue> {
  const limit = options.limit === undefined || Number.isNaN(options.limit) ? Infinity : Math.max(0, Math.floor(options.limit));
  const pageSize = Math.min(options.pageSize ?? 1000, limit);
  if (limit === 0) return;
  const { fields, expand, signal } = options;
  // The last page asks only for what the limit leaves.
  const page = (startAt: number, stop?: AbortSignal): Promise<LazySearchPage> =>
    client.searchPage(jql, { startAt, maxResults: Math.min(pageSize, limit - startAt), fields, expand, signal: stop && signal ? AbortSignal.any([stop, signal]) : (stop ?? signal) });
  const first = await page(0);
  // The server may cap maxResults; step by what it actually returned.
  const step = first.maxResults > 0 ? Math.min(first.maxResults, Math.max(first.issues.length, 1)) : first.issues.length;
  const end = Math.min(first.total, limit);
  const ahead = new PagesAhead(page, { step: first.issues.length < end ? step : 0, end, concurrency: Math.max(1, options.concurrency ?? 1) });
  const stopped = (): AbortedError => new AbortedError('The search was stopped by its AbortSignal', { cause: signal?.reason, reason: 'signal' });
  let current = first;
  let left = limit;
  let previousFirst: Issue | undefined;
  try {
    // The next pages are on their way while the first one is read.
    if (ahead.fill()) await requestsOut();
    for (;;) {
      // Inline, not a helper generator: each issue passing through a second async generator cost
      // ~1 us more, 10-15 ms over 10,000 issues in a fresh process.
      try {
        const issues = current.issues[Symbol.iterator]();
        const rest = { [Symbol.iterator]: () => issues };
        const head = firstIssue(issues, current, previousFirst, jql);
        if (head === undefined) return;
        previousFirst = head;
        if (signal?.aborted) throw stopped();
        if (left-- <= 0) return;
        yield head;
        if (!signal && left === Infinity) yield* rest;
        else {
          for (const issue of rest) {
            // No issue after an abort, even one already in hand; none past the limit.
            if (signal?.aborted) throw stopped();
            if (left-- <= 0) return;
            yield issue;
          }
        }
      } finally {
        current.release?.();
      }
      const upcoming = ahead.shift();
      if (!upcoming) return;
      current = await upcoming.page;
      if (current.startAt !== upcoming.startAt) throw ignoredStartAt(current, upcoming.startAt, jql);
      if (ahead.fill()) await requestsOut();
    }
  } finally {
    ahead.stop();
  }
}
