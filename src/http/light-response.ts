/**
 * A small Response for http-fetch.ts. Loading Node's web Headers and Response classes costs
 * ~50 ms of start-up (measured: `node -e "new Headers()"` against `node -e 0`), which is a third
 * of a monitoring plugin's run; this offers the same members over a Buffer, and builds a real
 * Response only if someone asks for a stream (`body`) or a clone.
 */

/** Read-only headers over node's raw header list; names are case-insensitive. */
export class LightHeaders {
  readonly #entries: [string, string][] = [];

  constructor(raw: readonly string[]) {
    for (let i = 0; i + 1 < raw.length; i += 2) this.#entries.push([(raw[i] ?? '').toLowerCase(), raw[i + 1] ?? '']);
  }

  /** The value, with repeated headers joined by ", " (set-cookie excepted), or null. */
  get(name: string): string | null {
    const wanted = name.toLowerCase();
    const values = this.#entries.filter(([n]) => n === wanted).map(([, v]) => v);
    return values.length === 0 ? null : values.join(', ');
  }

  has(name: string): boolean {
    return this.get(name) !== null;
  }

  getSetCookie(): string[] {
    return this.#entries.filter(([n]) => n === 'set-cookie').map(([, v]) => v);
  }

  forEach(callback: (value: string, name: string) => void): void {
    for (const [name, value] of this) callback(value, name);
  }

  /** Sorted by name, repeated headers joined, each set-cookie apart: the Fetch standard's order. */
  *entries(): IterableIterator<[string, string]> {
    const names = [...new Set(this.#entries.map(([n]) => n))].sort();
    for (const name of names) {
      if (name === 'set-cookie') for (const cookie of this.getSetCookie()) yield [name, cookie];
      else yield [name, this.get(name) ?? ''];
    }
  }

  *keys(): IterableIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): IterableIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): IterableIterator<[string, string]> {
    return this.entries();
  }
}

/** The Response members jirakit and most scripts use, over a complete body. */
export class LightResponse {
  readonly ok: boolean;
  readonly redirected = false;
  readonly type = 'basic';
  bodyUsed = false;
  #content: Buffer | null;

  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly headers: LightHeaders,
    readonly url: string,
    content: Buffer | null,
    /** Gives the body's buffer back to the transport's pool once it has been read into something else (body-buffers.ts). */
    private readonly recycle: () => void = () => undefined,
  ) {
    this.ok = status >= 200 && status < 300;
    this.#content = content;
  }

  /** The body, once, as fetch allows. */
  #take(): Buffer {
    if (this.bodyUsed) throw new TypeError('Body is unusable: Body has already been read');
    this.bodyUsed = true;
    const bytes = this.#content ?? Buffer.alloc(0);
    this.#content = null;
    return bytes;
  }

  /** Reads the body into something else, then gives its memory back to the pool. */
  #read<T>(read: (bytes: Buffer) => T): T {
    try {
      return read(this.#take());
    } finally {
      this.recycle();
    }
  }

  async text(): Promise<string> {
    return this.#read((b) => b.toString('utf8'));
  }

  async json(): Promise<unknown> {
    return this.#read((b) => JSON.parse(b.toString('utf8')) as unknown);
  }

  /** Drops an unread body (a 429/503 about to be retried), its memory back to the pool. */
  discard(): void {
    if (!this.bodyUsed) this.#read(() => undefined);
  }

  /** The body's own bytes, no copy; `release()` gives their memory back once nothing reads them. */
  takeBytes(): { bytes: Buffer; release: () => void } {
    return { bytes: this.#take(), release: this.recycle };
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    return this.#read((b) => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer);
  }

  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(await this.arrayBuffer());
  }

  async blob(): Promise<Blob> {
    const type = this.headers.get('content-type');
    return new Blob([await this.arrayBuffer()], type === null ? {} : { type });
  }

  /** A real Response's stream, made on demand. */
  get body(): ReadableStream<Uint8Array> | null {
    return this.#content === null ? null : this.toResponse().body;
  }

  clone(): Response {
    return this.toResponse();
  }

  /** The same answer as a web Response (the body copied). */
  toResponse(): Response {
    const headers = new Headers();
    this.headers.forEach((value, name) => headers.append(name, value));
    return new Response(this.#content === null ? null : Buffer.from(this.#content), { status: this.status, statusText: this.statusText, headers });
  }
}

/** A body read for a JSON API call: the parsed value, or the text when it is empty or not JSON. */
export type Payload = { json: unknown } | { text: string };

/** The parsed value of a JSON text, or the text itself when it is empty or not JSON. */
export function payloadOf(text: string): Payload {
  if (text.trim() === '') return { text };
  try {
    return { json: JSON.parse(text) as unknown };
  } catch {
    return { text };
  }
}
