/**
 * Remembers nonces per consumer key across tokens for the timestamp window, so a replay gets
 * nonce_used (jira-wire.md 2.6) while memory stays flat: entries expire with the window.
 */
export class NonceStore {
  #seen = new Map<string, number>();
  #lastSweep = 0;

  constructor(private readonly windowMs: number) {}

  /** Records a nonce; false when the consumer used it within the window. */
  use(consumerKey: string, nonce: string, nowMs: number): boolean {
    this.#sweep(nowMs);
    const key = `${consumerKey}:${nonce}`;
    const expires = this.#seen.get(key);
    if (expires !== undefined && expires > nowMs) return false;
    this.#seen.set(key, nowMs + this.windowMs);
    return true;
  }

  /** How many nonces are held now. */
  get size(): number {
    return this.#seen.size;
  }

  /** Forgets everything. */
  clear(): void {
    this.#seen.clear();
  }

  #sweep(nowMs: number): void {
    // Maps iterate in insertion order and every entry lives windowMs, so expired ones come first.
    if (nowMs - this.#lastSweep < 1000) return;
    this.#lastSweep = nowMs;
    for (const [key, expires] of this.#seen) {
      if (expires > nowMs) break;
      this.#seen.delete(key);
    }
  }
}
