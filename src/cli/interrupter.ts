import type { FetchLike } from '../http/send.js';

/**
 * Ctrl-C in the shell: the evaluation being waited for is dropped, and so is every request it has
 * on the wire (a big search would otherwise go on fetching pages, then print them all).
 */
export class Interrupter {
  #controller = new AbortController();

  /** A fetch whose requests also abort on interrupt(). */
  wrap(fetch: FetchLike): FetchLike {
    return (input, init) => {
      const own = this.#controller.signal;
      return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, own]) : own });
    };
  }

  /** Aborts every request in flight; later ones go out as usual. */
  interrupt(): void {
    this.#controller.abort(new DOMException('Interrupted', 'AbortError'));
    this.#controller = new AbortController();
  }
}
