/**
 * Response bodies read into reused buffers. Fresh memory is what a big search pays for most: a
 * minor page fault cost ~10 µs on the VMs this was measured on, and a 10,000-issue search reads
 * tens of megabytes in pages of similar size (bench/search.mjs). Keeping a few body buffers for
 * the next responses avoids touching new memory for each page.
 */

// Enough for a search's pages in flight (one ahead, one read, a spare), and at most 32 MiB kept:
// a long shell session that once downloaded a big attachment must not hold on to it.
const SPARES = 4;
const MAX_SPARE = 8 * 2 ** 20;

/**
 * The size to allocate for a body of `size` bytes: 1/8 more, in 64 KiB steps. Pages of a search
 * differ by a few bytes; an exact fit made each slightly larger page allocate anew and leave the
 * old buffer to the next full GC, so memory grew with the number of pages.
 */
export function capacity(size: number): number {
  return size < 64 * 1024 ? size : Math.ceil((size * 9) / 8 / 65536) * 65536;
}

/** A small pool of body buffers. */
export class BodyBuffers {
  readonly #spares: Buffer[] = [];

  /** A buffer of at least `size` bytes: the smallest spare that fits (and is not far larger), or a new one. */
  alloc(size: number): Buffer {
    let best = -1;
    this.#spares.forEach((b, k) => {
      if (b.length >= size && b.length <= Math.max(4 * size, 1 << 20) && (best < 0 || b.length < (this.#spares[best]?.length ?? 0))) best = k;
    });
    return best >= 0 ? (this.#spares.splice(best, 1)[0] as Buffer) : Buffer.allocUnsafe(capacity(size));
  }

  /** Takes a buffer back once nothing reads it any more. */
  recycle(buffer: Buffer): void {
    if (buffer.length > MAX_SPARE || this.#spares.includes(buffer)) return;
    this.#spares.push(buffer);
    // Keep the largest few.
    if (this.#spares.length > SPARES) this.#spares.sort((a, b) => b.length - a.length).pop();
  }
}

/** A body being read into one growing, pooled buffer. */
export class BodyWriter {
  #buffer: Buffer;
  #length = 0;

  constructor(
    private readonly pool: BodyBuffers,
    expected: number,
  ) {
    this.#buffer = pool.alloc(Math.max(expected, 0));
  }

  /** Bytes written so far. */
  get length(): number {
    return this.#length;
  }

  /** Appends a chunk, moving to a larger pooled buffer when it does not fit. */
  write(chunk: Buffer): void {
    const needed = this.#length + chunk.length;
    if (needed > this.#buffer.length) {
      const bigger = this.pool.alloc(Math.max(needed, this.#buffer.length * 2));
      this.#buffer.copy(bigger, 0, 0, this.#length);
      this.pool.recycle(this.#buffer);
      this.#buffer = bigger;
    }
    chunk.copy(this.#buffer, this.#length);
    this.#length = needed;
  }

  /** The body (a view of the pooled buffer) and how to give the buffer back. */
  finish(): { body: Buffer; recycle: () => void } {
    const storage = this.#buffer;
    let recycled = false;
    return {
      body: storage.subarray(0, this.#length),
      recycle: () => {
        if (recycled) return;
        recycled = true;
        this.pool.recycle(storage);
      },
    };
  }

  /** Gives the buffer back unused (a failed or abandoned read). */
  abandon(): void {
    this.pool.recycle(this.#buffer);
  }
}
