/**
 * The exporter's cache of reads (docs/metrics.md 4): each key (a target) is read at most once at
 * a time, and a result is kept for `ttlMs`, so two Prometheus servers of an HA pair scraping the
 * same target share one read of Jira. Failures are kept like successes: a struggling Jira is not
 * asked more often because it struggles. Pure: the clock is injected; nothing here does I/O.
 */

/** Counters of what the cache did: reads started, answers from a kept result, waits on a read in flight. */
export interface ReadCacheStats {
  reads: number;
  hits: number;
  joins: number;
}

/** Options of a ReadCache. */
export interface ReadCacheOptions {
  /** How long a result is kept, in milliseconds; 0 keeps none (reads in flight are still shared). */
  readonly ttlMs: number;
  readonly now?: (() => number) | undefined;
}

interface Entry<T> {
  readonly value: T;
  readonly at: number;
}

/** A read cache with one read in flight per key. */
export class ReadCache<T> {
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #kept = new Map<string, Entry<T>>();
  readonly #inFlight = new Map<string, Promise<T>>();
  /** What the cache did so far. */
  readonly stats: ReadCacheStats = { reads: 0, hits: 0, joins: 0 };

  constructor(options: ReadCacheOptions) {
    this.#ttlMs = Math.max(0, options.ttlMs);
    this.#now = options.now ?? Date.now;
  }

  /**
   * The value for `key`: a kept one younger than the TTL, else the read in flight, else a new
   * `read()`. A read that throws is not kept (the next call reads again).
   */
  get(key: string, read: () => Promise<T>): Promise<T> {
    const kept = this.#kept.get(key);
    if (kept && this.#now() - kept.at < this.#ttlMs) {
      this.stats.hits++;
      return Promise.resolve(kept.value);
    }
    const flying = this.#inFlight.get(key);
    if (flying) {
      this.stats.joins++;
      return flying;
    }
    this.stats.reads++;
    const started = read().then(
      (value) => {
        if (this.#ttlMs > 0) this.#kept.set(key, { value, at: this.#now() });
        return value;
      },
    ).finally(() => this.#inFlight.delete(key));
    this.#inFlight.set(key, started);
    return started;
  }

  /** Forgets the kept result of `key` (its settings changed). */
  forget(key: string): void {
    this.#kept.delete(key);
  }
}
