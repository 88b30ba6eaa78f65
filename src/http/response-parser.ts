/**
 * An incremental HTTP/1.1 response parser (RFC 9112): status line, header fields, and the body
 * framed by Content-Length, chunked transfer coding, or the end of the connection. It copies body
 * bytes out of whatever buffer it is fed, so the socket can read into one reused buffer (see
 * connection-pool.ts for why that matters).
 */

/** A response that breaks HTTP/1.1's framing rules; the connection cannot be trusted after it. */
export class ProtocolError extends Error {
  readonly code = 'HPE_INVALID';
}

const MAX_HEAD = 80 * 1024;
const MAX_LINE = 4096;
const LF = 10;

/** Bytes as text one byte per character: header fields are ASCII, and offsets stay byte offsets. */
function latin1(data: Uint8Array, from: number, to: number): string {
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1', from, to);
}

type State = 'head' | 'fixed' | 'chunk-size' | 'chunk-data' | 'chunk-end' | 'trailers' | 'until-close' | 'done';

/** The parsed status line and header fields. */
export interface ResponseHead {
  readonly status: number;
  readonly statusText: string;
  /** Name, value, name, value… as received (node's rawHeaders shape). */
  readonly rawHeaders: string[];
}

/** Parses one response to a request made with `method`. */
export class ResponseParser {
  head: ResponseHead | undefined;
  /** Whether the connection may carry another request once this response is done. */
  keepAlive = false;
  #state: State = 'head';
  #headText = '';
  #line = '';
  #remaining = 0;
  #body: Buffer | null = null;
  #length = 0;

  constructor(
    readonly method: string,
    /** Where body buffers come from (a pool may hand back a reused one at least `size` long). */
    private readonly alloc: (size: number) => Buffer = (size) => Buffer.allocUnsafe(size),
  ) {}

  /** Whether the whole response has been read. */
  get done(): boolean {
    return this.#state === 'done';
  }

  /** The body, or null for a response that has none (HEAD, 1xx, 204, 304). */
  body(): Buffer | null {
    return this.#body === null ? null : this.#body.subarray(0, this.#length);
  }

  /** The whole buffer the body was read into (larger than the body), for reuse once it is decoded. */
  storage(): Buffer | null {
    return this.#body;
  }

  /** Reads from `data[start..end)`; returns how many bytes belong to this response. */
  feed(data: Uint8Array, start = 0, end = data.length): number {
    let i = start;
    while (i < end && this.#state !== 'done') {
      switch (this.#state) {
        case 'head':
          i = this.#readHead(data, i, end);
          break;
        case 'fixed':
        case 'chunk-data': {
          const n = Math.min(this.#remaining, end - i);
          this.#append(data, i, i + n);
          i += n;
          this.#remaining -= n;
          if (this.#remaining === 0) this.#state = this.#state === 'fixed' ? 'done' : 'chunk-end';
          break;
        }
        case 'until-close':
          this.#append(data, i, end);
          i = end;
          break;
        default:
          i = this.#readLine(data, i, end);
      }
    }
    return i - start;
  }

  /** The connection closed: completes a body that runs to the end, or fails an unfinished one. */
  end(): void {
    if (this.#state === 'until-close') this.#state = 'done';
    if (this.#state !== 'done') throw Object.assign(new Error('other side closed'), { code: 'ECONNRESET' });
  }

  #readHead(data: Uint8Array, i: number, end: number): number {
    const before = this.#headText.length;
    this.#headText += latin1(data, i, end);
    // A bare LF ends a line too (RFC 9112 2.2); search from just before the new bytes.
    const match = /\r?\n\r?\n/g;
    match.lastIndex = Math.max(0, before - 3);
    const found = match.exec(this.#headText);
    if (!found) {
      if (this.#headText.length > MAX_HEAD) throw new ProtocolError('The response header section is too large');
      return end;
    }
    const headEnd = found.index + found[0].length;
    const consumed = headEnd - before;
    this.#startBody(this.#headText.slice(0, found.index));
    this.#headText = '';
    return i + consumed;
  }

  #startBody(text: string): void {
    const [statusLine = '', ...lines] = text.split(/\r?\n/);
    const m = /^HTTP\/1\.([01]) (\d{3})(?: (.*))?$/.exec(statusLine);
    if (!m) throw new ProtocolError(`Not an HTTP/1.x status line: ${JSON.stringify(statusLine.slice(0, 40))}`);
    const status = Number(m[2]);
    const rawHeaders: string[] = [];
    for (const line of lines) {
      if (/^[ \t]/.test(line) && rawHeaders.length > 0) {
        // Obsolete line folding (RFC 9112 5.2): one space in its place.
        rawHeaders[rawHeaders.length - 1] += ` ${line.trim()}`;
        continue;
      }
      const colon = line.indexOf(':');
      if (colon <= 0 || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(line.slice(0, colon))) throw new ProtocolError('A malformed header field');
      rawHeaders.push(line.slice(0, colon), line.slice(colon + 1).trim());
    }
    if (status < 200) {
      // Interim answers (100 Continue, 103 Early Hints) come before the real one.
      if (status === 101) throw new ProtocolError('Unexpected protocol switch');
      return;
    }
    this.head = { status, statusText: m[3] ?? '', rawHeaders };
    const values = (name: string): string[] => {
      const out: string[] = [];
      for (let k = 0; k + 1 < rawHeaders.length; k += 2) if (rawHeaders[k]?.toLowerCase() === name) out.push(rawHeaders[k + 1] ?? '');
      return out;
    };
    const connection = values('connection').join(',').toLowerCase();
    this.keepAlive = m[1] === '1' ? !/(^|[\s,])close([\s,]|$)/.test(connection) : /(^|[\s,])keep-alive([\s,]|$)/.test(connection);
    if (this.method === 'HEAD' || status === 204 || status === 304) {
      this.#state = 'done';
      return;
    }
    this.#body = Buffer.alloc(0);
    const codings = values('transfer-encoding').join(',').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
    if (codings.length > 0) {
      // Chunked must be last; anything else runs to the end of the connection (RFC 9112 6.3).
      if (codings[codings.length - 1] === 'chunked') this.#state = 'chunk-size';
      else this.#untilClose();
      return;
    }
    const lengths = [...new Set(values('content-length').join(',').split(',').map((s) => s.trim()).filter(Boolean))];
    if (lengths.length === 0) {
      this.#untilClose();
      return;
    }
    if (lengths.length > 1 || !/^\d{1,15}$/.test(lengths[0] ?? '')) throw new ProtocolError('An invalid Content-Length');
    this.#remaining = Number(lengths[0]);
    this.#body = this.#remaining === 0 ? Buffer.alloc(0) : this.alloc(Math.min(this.#remaining, 64 * 2 ** 20));
    this.#state = this.#remaining === 0 ? 'done' : 'fixed';
  }

  #untilClose(): void {
    this.keepAlive = false;
    this.#state = 'until-close';
  }

  /** Chunk-size lines, the CRLF after chunk data, and trailer fields. */
  #readLine(data: Uint8Array, i: number, end: number): number {
    const lf = data.indexOf(LF, i);
    const stop = lf === -1 || lf >= end ? end : lf;
    this.#line += latin1(data, i, stop);
    if (this.#line.length > MAX_LINE) throw new ProtocolError('A chunked-encoding line is too long');
    if (stop === end) return end;
    const line = this.#line.endsWith('\r') ? this.#line.slice(0, -1) : this.#line;
    this.#line = '';
    if (this.#state === 'chunk-size') {
      const m = /^([0-9A-Fa-f]{1,12})[ \t]*(;.*)?$/.exec(line);
      if (!m) throw new ProtocolError('An invalid chunk size');
      this.#remaining = parseInt(m[1] ?? '', 16);
      this.#state = this.#remaining === 0 ? 'trailers' : 'chunk-data';
    } else if (this.#state === 'chunk-end') {
      if (line !== '') throw new ProtocolError('Chunk data longer than its size');
      this.#state = 'chunk-size';
    } else if (line === '') {
      this.#state = 'done';
    }
    return lf + 1;
  }

  #append(data: Uint8Array, from: number, to: number): void {
    const n = to - from;
    let body = this.#body ?? Buffer.alloc(0);
    if (this.#length + n > body.length) {
      const grown = this.alloc(Math.max(this.#length + n, body.length * 2, 16 * 1024));
      body.copy(grown, 0, 0, this.#length);
      body = grown;
    }
    body.set(data.subarray(from, to), this.#length);
    this.#body = body;
    this.#length += n;
  }
}
