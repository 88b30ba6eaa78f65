
import type { Handler } from './types.js';/**
 * Ready-made faults for `sim.use(route(spec, fault))`: statuses with Retry-After, delays, and
 * connections that drop, before the answer or halfway through its body.
 */

/** Thrown by a handler to drop the connection without an answer. */
export class ConnectionDrop extends Error {
  override name = 'ConnectionDrop';
}

/** Header that tells the socket server to cut the body halfway (in-process: the stream errors). */
export const RESET_MID_BODY = 'x-jirakit-fault-reset-mid-body';

/** Requests that arrived over a socket (the socket server cuts bodies itself). */
export const socketRequests = new WeakSet<Request>();

/** Canned faults. */
export const faults = {
  /** Answers with a status (and Retry-After seconds, a body). */
  status(status: number, options: { retryAfter?: number; body?: string; headers?: Record<string, string> } = {}): Handler {
    return () => {
      const headers = new Headers(options.headers);
      if (options.retryAfter !== undefined) headers.set('retry-after', String(options.retryAfter));
      if (!headers.has('content-type')) headers.set('content-type', 'application/json;charset=UTF-8');
      return new Response(options.body ?? JSON.stringify({ errorMessages: [`Simulated ${status}`], errors: {} }), { status, headers });
    };
  },
  /** Waits, then lets the next matching route answer. */
  delay(ms: number): Handler {
    return () => new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms));
  },
  /** Drops the connection before answering (ECONNRESET for the client). */
  drop(): Handler {
    return () => {
      throw new ConnectionDrop('simulated connection reset');
    };
  },
  /** Sends the headers and half the body of a long JSON answer, then drops the connection. */
  resetMidBody(): Handler {
    return () => new Response(JSON.stringify({ issues: Array.from({ length: 200 }, (_, i) => ({ id: String(i), key: `PROJ-${i}` })) }), {
      status: 200,
      headers: { 'content-type': 'application/json;charset=UTF-8', [RESET_MID_BODY]: '1' },
    });
  },
};

/** For the in-process fetch: the body errors halfway, as a reset socket does. */
export function truncatedBody(response: Response, text: string): Response {
  const half = new TextEncoder().encode(text.slice(0, Math.floor(text.length / 2)));
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(half);
      controller.error(Object.assign(new TypeError('terminated'), { cause: Object.assign(new Error('other side closed'), { code: 'ECONNRESET' }) }));
    },
  });
  const headers = new Headers(response.headers);
  headers.delete(RESET_MID_BODY);
  return new Response(body, { status: response.status, headers });
}
