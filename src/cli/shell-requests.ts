import type { Hooks } from '../index.js';

/**
 * The shell's view of its client's requests. Ctrl-C drops the line being waited for, and every
 * request it has on the wire with it (a big search would otherwise go on fetching pages, then
 * print them all); and a long wait shows how many answers have come back (wait-status.ts).
 */
export class ShellRequests {
  #controller = new AbortController();
  #answered = 0;

  /** The client-wide signal for a new call: aborted by interrupt(), then replaced. */
  readonly signal = (): AbortSignal => this.#controller.signal;

  /** Counts the answers. */
  readonly hooks: Hooks = { afterResponse: [() => void this.#answered++] };

  /** Aborts every request in flight; later ones go out as usual. */
  interrupt(): void {
    this.#controller.abort(new DOMException('Interrupted', 'AbortError'));
    this.#controller = new AbortController();
  }

  /** Answers received so far. */
  answered(): number {
    return this.#answered;
  }
}
