/**
 * One HTTP/1.1 connection of connection-pool.ts: a socket reading into a fixed buffer (`onread`),
 * one request at a time, the answer parsed as it arrives (response-parser.ts).
 */
import type { Socket } from 'node:net';
import { ResponseParser } from './response-parser.js';
import type { WireRequest, WireResponse } from './connection-pool.js';

const READ_BUFFER = 64 * 1024;

/** Marks a failure on a reused connection before any byte of the answer (see Connection.#fail). */
export const STALE = Symbol('stale connection');

function failure(cause: unknown): TypeError {
  return Object.assign(new TypeError('fetch failed'), { cause });
}

/** What a connection needs from its pool. */
export interface PoolHooks {
  /**
   * How long an idle connection is kept. Shorter than servers and load balancers keep them
   * (Tomcat 20 s; undici's own default is 4 s), so a reused socket is rarely one just closed.
   */
  idleMs(): number;
  release(conn: Connection): void;
  forget(conn: Connection): void;
  alloc(size: number): Buffer;
  recycle(buffer: Buffer): void;
}

/** A keep-alive connection to one origin. */
export class Connection {
  readonly socket: Socket;
  #parser: ResponseParser | undefined;
  #settle: ((error: unknown, response?: WireResponse) => void) | undefined;
  #closed = false;
  /** Responses read on this connection, and whether the current one has sent any byte yet. */
  #served = 0;
  #answering = false;

  constructor(
    readonly key: string,
    open: (onread: { buffer: Buffer; callback: (n: number) => boolean }) => Socket,
    private readonly pool: PoolHooks,
  ) {
    const buffer = Buffer.allocUnsafe(READ_BUFFER);
    this.socket = open({ buffer, callback: (n) => this.#onRead(buffer, n) });
    this.socket.on('error', (error) => this.#fail(error));
    this.socket.on('end', () => {
      if (this.#parser) {
        try {
          this.#parser.end();
          this.#finish();
        } catch (error) {
          this.#fail(error);
        }
      }
      this.close();
    });
    this.socket.on('close', () => this.#fail(Object.assign(new Error('other side closed'), { code: 'ECONNRESET' })));
    this.socket.on('timeout', () => this.close());
  }

  /** Not closed: can take a request. */
  get usable(): boolean {
    return !this.#closed && !this.socket.destroyed;
  }

  /** Sends a request; settles once with an error or the whole response. */
  send(request: WireRequest, head: string, settle: (error: unknown, response?: WireResponse) => void): void {
    this.#parser = new ResponseParser(request.method, this.pool.alloc);
    this.#settle = settle;
    this.#answering = false;
    this.socket.setTimeout(0);
    this.socket.ref();
    this.socket.write(head, 'latin1');
    if (request.body) this.socket.write(request.body);
  }

  /** Drops the connection (and its place in the pool). */
  close(): void {
    this.#closed = true;
    this.socket.destroy();
    this.pool.forget(this);
  }

  /** Back in the pool: does not keep the process alive, and closes itself after `idleMs`. */
  idle(): void {
    this.socket.unref();
    this.socket.setTimeout(this.pool.idleMs());
  }

  #onRead(buffer: Buffer, n: number): boolean {
    const parser = this.#parser;
    if (!parser) {
      // Bytes nobody asked for: the connection is out of step.
      this.close();
      return false;
    }
    this.#answering = true;
    try {
      const used = parser.feed(buffer, 0, n);
      if (parser.done) {
        if (used < n) parser.keepAlive = false;
        this.#finish();
      }
    } catch (error) {
      this.#fail(error);
    }
    return true;
  }

  #finish(): void {
    const parser = this.#parser;
    const settle = this.#settle;
    if (!parser?.head || !settle) return;
    this.#parser = undefined;
    this.#settle = undefined;
    this.#served++;
    if (parser.keepAlive && this.usable) this.pool.release(this);
    else this.close();
    const storage = parser.storage();
    settle(undefined, { ...parser.head, body: parser.body(), recycle: () => storage && this.pool.recycle(storage) });
  }

  #fail(error: unknown): void {
    const settle = this.#settle;
    // A kept-alive connection that fails before any byte of the answer was most likely closed by
    // the server while idle, racing our request: the request can go again on a new connection.
    const stale = this.#served > 0 && !this.#answering;
    this.#parser = undefined;
    this.#settle = undefined;
    if (!this.#closed) this.close();
    settle?.(Object.assign(failure(error), stale ? { [STALE]: true } : {}));
  }
}

