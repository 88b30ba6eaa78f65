import type { Issue, SearchPage } from './types.js';

/** Options of searchIssues. */
export interface SearchOptions {
  readonly fields?: string | readonly string[] | undefined;
  /** Issues per page asked for (Jira DC caps it at 1000 by default; the echoed maxResults is trusted). Default 250. */
  readonly pageSize?: number | undefined;
  /** Pages fetched ahead once the total is known. Default 2 (more does not help a single Jira node). */
  readonly concurrency?: number | undefined;
  readonly expand?: string | undefined;
}

interface PageSource {
  searchPage(jql: string, opts: { startAt: number; maxResults: number; fields?: string | readonly string[]; expand?: string }): Promise<SearchPage>;
}

/**
 * Yields every issue of a search in order. After the first page gives the total, later pages are
 * fetched ahead with bounded concurrency; only those pages are held, so memory does not grow with
 * the number of issues.
 */
export async function* searchIssues(client: PageSource, jql: string, options: SearchOptions = {}): AsyncGenerator<Issue> {
  const pageSize = options.pageSize ?? 250;
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const page = (startAt: number): Promise<SearchPage> =>
    client.searchPage(jql, {
      startAt,
      maxResults: pageSize,
      ...(options.fields === undefined ? {} : { fields: options.fields }),
      ...(options.expand === undefined ? {} : { expand: options.expand }),
    });
  const first = await page(0);
  yield* first.issues;
  // The server may cap maxResults; step by what it actually returned.
  const step = first.maxResults > 0 ? Math.min(first.maxResults, Math.max(first.issues.length, 1)) : first.issues.length;
  if (step === 0 || first.issues.length >= first.total) return;
  let next = step;
  const ahead: Promise<SearchPage>[] = [];
  const fill = (): void => {
    while (ahead.length < concurrency && next < first.total) {
      const p = page(next);
      p.catch(() => undefined); // awaited below; this keeps an abandoned page from an unhandled rejection
      ahead.push(p);
      next += step;
    }
  };
  fill();
  while (ahead.length > 0) {
    const current = await ahead.shift()!;
    fill();
    yield* current.issues;
  }
}
