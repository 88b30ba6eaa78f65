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

  *entries(): IterableIterator<[string, string]> {
    const names = [...new Set(this.#entries.map(([n]) => n))].sort();
    for (const name of names) yield [name, this.get(name) ?? ''];
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

  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly headers: LightHeaders,
    readonly url: string,
    private readonly buffer: Buffer | null,
  ) {
    this.ok = status >= 200 && status < 300;
  }

  async text(): Promise<string> {
    this.bodyUsed = true;
    return this.buffer?.toString('utf8') ?? '';
  }

  async json(): Promise<unknown> {
    return JSON.parse(await this.text()) as unknown;
  }

  async arrayBuffer(): Promise<ArrayBuffer> {
    this.bodyUsed = true;
    const b = this.buffer ?? Buffer.alloc(0);
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;
  }

  async bytes(): Promise<Uint8Array> {
    return new Uint8Array(await this.arrayBuffer());
  }

  /** A real Response's stream, made on demand. */
  get body(): ReadableStream<Uint8Array> | null {
    return this.buffer === null ? null : this.toResponse().body;
  }

  clone(): Response {
    return this.toResponse();
  }

  /** The same answer as a web Response. */
  toResponse(): Response {
    const headers = new Headers();
    this.headers.forEach((value, name) => headers.append(name, value));
    return new Response(this.buffer, { status: this.status, statusText: this.statusText, headers });
  }
}
