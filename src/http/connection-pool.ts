/**
 * HTTP/1.1 connections with keep-alive, each reading into one reused buffer. node:http reads
 * every 64 KiB into a freshly allocated Buffer and passes it through its parser and a stream per
 * response; on machines where touching new memory is slow (a minor page fault cost ~10 µs on the
 * VMs this was measured on) that was most of a 10,000-issue search's time beside JSON.parse
 * (bench/search.mjs). Sockets here use `onread` with a fixed buffer, and response-parser.ts
 * copies the body straight into one Buffer per response.
 */
import { connect as netConnect, isIP } from 'node:net';
import type { ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import { Connection } from './connection.js';
import type { ResponseHead } from './response-parser.js';

/** TLS trust settings for https origins, and how long an idle connection is kept. */
export interface PoolOptions {
  /** CA certificates to trust (PEM), replacing Node's defaults; add the roots yourself if needed. */
  readonly ca?: string | readonly string[] | undefined;
  readonly rejectUnauthorized?: boolean | undefined;
  /** Idle connections close after this long (default 4000 ms, before servers usually drop them). */
  readonly keepAliveMs?: number | undefined;
}

/** One request as written on the wire. */
export interface WireRequest {
  readonly url: URL;
  readonly method: string;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer | undefined;
  readonly signal?: AbortSignal | undefined;
}

/** A whole response. */
export interface WireResponse extends ResponseHead {
  readonly body: Buffer | null;
  /** Gives the body's memory back for the next response; call only once nothing reads `body`. */
  recycle(): void;
}

// Body buffers kept for reuse: enough for a search's pages in flight (one ahead, one read, spare).
// At most 32 MiB kept: a long shell session that once downloaded a big attachment must not hold it.
const SPARES = 4;
const MAX_SPARE = 8 * 2 ** 20;
/**
 * The size to allocate for a body of `size` bytes: 1/8 more, in 64 KiB steps. Pages of a search
 * differ by a few bytes; an exact fit made each slightly larger page allocate anew and leave the
 * old buffer to the next full GC, so memory grew with the number of pages (bench/search.mjs).
 */
function capacity(size: number): number {
  return size < 64 * 1024 ? size : Math.ceil((size * 9) / 8 / 65536) * 65536;
}
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
// eslint-disable-next-line no-control-regex
const UNSAFE_VALUE = /[\r\n\0]/;


/** Keep-alive connections per origin; idle ones never keep the process alive. */
export class ConnectionPool {
  readonly #idle = new Map<string, Connection[]>();
  #tls: typeof import('node:tls') | undefined;
  // Body buffers kept for the next responses: fresh memory is what a big search pays for most.
  readonly #spares: Buffer[] = [];
  readonly #hooks = {
    idleMs: (): number => this.options.keepAliveMs ?? 4000,
    release: (conn: Connection): void => {
      const idle = this.#idle.get(conn.key) ?? [];
      idle.push(conn);
      this.#idle.set(conn.key, idle);
      conn.idle();
    },
    forget: (conn: Connection): void => {
      const idle = this.#idle.get(conn.key);
      const at = idle?.indexOf(conn) ?? -1;
      if (idle && at >= 0) idle.splice(at, 1);
    },
    alloc: (size: number): Buffer => {
      // The smallest that fits, and not one far larger than asked (a small body would hold it).
      let best = -1;
      this.#spares.forEach((b, k) => {
        if (b.length >= size && b.length <= Math.max(4 * size, 1 << 20) && (best < 0 || b.length < (this.#spares[best]?.length ?? 0))) best = k;
      });
      return best >= 0 ? (this.#spares.splice(best, 1)[0] as Buffer) : Buffer.allocUnsafe(capacity(size));
    },
    recycle: (buffer: Buffer): void => {
      if (buffer.length > MAX_SPARE || this.#spares.includes(buffer)) return;
      this.#spares.push(buffer);
      // Keep the largest few.
      if (this.#spares.length > SPARES) this.#spares.sort((a, b) => b.length - a.length).pop();
    },
  };

  constructor(private readonly options: PoolOptions = {}) {}

  /** Sends a request and reads the whole response. Errors are `TypeError('fetch failed')` with the cause. */
  async request(request: WireRequest): Promise<WireResponse> {
    const { url, method } = request;
    if (!TOKEN.test(method)) throw new TypeError(`Invalid method ${JSON.stringify(method)}`);
    const headers: Record<string, string> = { host: url.host, ...request.headers };
    if (request.body !== undefined) headers['content-length'] = String(request.body.length);
    let head = `${method} ${url.pathname}${url.search} HTTP/1.1\r\n`;
    for (const [name, value] of Object.entries(headers)) {
      // Header injection (a CR or LF in a value) is refused as node:http does.
      if (!TOKEN.test(name) || UNSAFE_VALUE.test(value)) throw new TypeError(`Invalid header ${JSON.stringify(name)}`);
      head += `${name}: ${value}\r\n`;
    }
    head += '\r\n';
    if (request.signal?.aborted) throw request.signal.reason;
    const secure = url.protocol === 'https:';
    if (secure && !this.#tls) this.#tls = await import('node:tls');
    const conn = this.#take(url, secure);
    return new Promise<WireResponse>((resolve, reject) => {
      const signal = request.signal;
      const abort = (): void => {
        conn.close();
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', abort, { once: true });
      conn.send(request, head, (error, response) => {
        signal?.removeEventListener('abort', abort);
        if (response) resolve(response);
        else reject(error);
      });
    });
  }

  #take(url: URL, secure: boolean): Connection {
    const key = `${url.protocol}//${url.host}`;
    const list = this.#idle.get(key);
    while (list && list.length > 0) {
      const conn = list.pop();
      if (conn?.usable) return conn;
    }
    const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
    const port = Number(url.port || (secure ? 443 : 80));
    return new Connection(
      key,
      (onread) => {
        if (!secure) return netConnect({ host, port, onread });
        // `onread` works for TLS sockets too (node docs, tls.connect); @types/node 20 omits it.
        const options: TlsConnectionOptions & { onread: typeof onread } = {
          host,
          port,
          onread,
          // SNI takes host names only (RFC 6066 3).
          ...(isIP(host) ? {} : { servername: host }),
          ALPNProtocols: ['http/1.1'],
          ...(this.options.ca ? { ca: this.options.ca as string[] } : {}),
          rejectUnauthorized: this.options.rejectUnauthorized ?? true,
        };
        return (this.#tls as typeof import('node:tls')).connect(options);
      },
      this.#hooks,
    );
  }
}
