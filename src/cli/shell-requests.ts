import type { FetchLike } from '../http/send.js';

/**
 * The shell's view of its client's requests. Ctrl-C drops the line being waited for, and every
 * request it has on the wire with it (a big search would otherwise go on fetching pages, then
 * print them all); and a long wait shows how many answers have come back (wait-status.ts).
 */
export class ShellRequests {
  #controller = new AbortController();
  #answered = 0;

  /** A fetch whose requests abort on interrupt() and are counted in answered(). */
  wrap(fetch: FetchLike): FetchLike {
    return async (input, init) => {
      const own = this.#controller.signal;
      const response = await fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, own]) : own });
      this.#answered++;
      return response;
    };
  }

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
