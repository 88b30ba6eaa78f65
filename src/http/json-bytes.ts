/**
 * A search page read one issue at a time. JSON.parse of a whole page builds every issue at once,
 * and they stay alive while the next page is parsed, so each scavenge copies a page of objects;
 * with a page's text (a string as large as the body, in fresh large-object pages) that was most
 * of the time of a 10,000-issue search beside node start (bench/search.mjs, CPU profiles). Here
 * the top-level members are parsed as they stand, and the elements of one array member are found
 * in the bytes and parsed only when asked for, each from a small string.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

/** Not the shape this reader splits; JSON.parse of the whole text decides. */
class Unsplittable extends Error {}

class Reader {
  i = 0;
  /** Start and end offsets of the lazy array's elements, in pairs. */
  readonly ranges: number[] = [];
  found = false;

  constructor(
    private readonly b: Uint8Array,
    private readonly text: (from: number, to: number) => string,
    private readonly lazyKey: string,
  ) {}

  top(): Record<string, unknown> {
    this.ws();
    if (this.b[this.i] !== OPEN_OBJECT) throw new Unsplittable();
    const value = this.object();
    this.ws();
    if (this.i !== this.b.length || !this.found) throw new Unsplittable();
    return value;
  }

  value(): unknown {
    const start = this.i;
    this.skip();
    return JSON.parse(this.text(start, this.i)) as unknown;
  }

  /** Finds the elements of the lazy array without parsing them. */
  elements(): void {
    this.found = true;
    this.ranges.length = 0;
    this.i++;
    this.ws();
    if (this.b[this.i] === CLOSE_ARRAY) {
      this.i++;
      return;
    }
    for (;;) {
      this.ws();
      const start = this.i;
      this.skip();
      this.ranges.push(start, this.i);
      this.ws();
      const c = this.b[this.i++];
      if (c === CLOSE_ARRAY) return;
      if (c !== COMMA) throw new Unsplittable();
    }
  }

  object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.i++;
    this.ws();
    if (this.b[this.i] === CLOSE_OBJECT) {
      this.i++;
      return out;
    }
    for (;;) {
      this.ws();
      if (this.b[this.i] !== QUOTE) throw new Unsplittable();
      const start = this.i;
      this.skipString();
      const key = JSON.parse(this.text(start, this.i)) as string;
      this.ws();
      if (this.b[this.i++] !== COLON) throw new Unsplittable();
      this.ws();
      if (key === this.lazyKey && this.b[this.i] === OPEN_ARRAY) {
        this.elements();
      } else {
        if (key === this.lazyKey) this.found = false;
        // defineProperty, as JSON.parse does: a "__proto__" key is data, not the prototype.
        Object.defineProperty(out, key, { value: this.value(), writable: true, enumerable: true, configurable: true });
      }
      this.ws();
      const c = this.b[this.i++];
      if (c === CLOSE_OBJECT) return out;
      if (c !== COMMA) throw new Unsplittable();
    }
  }

  ws(): void {
    const b = this.b;
    let c = b[this.i];
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++this.i];
  }

  /** Moves past one value; JSON.parse of the piece then checks it. */
  skip(): void {
    const b = this.b;
    const n = b.length;
    const c = b[this.i];
    if (c === QUOTE) {
      this.skipString();
      return;
    }
    if (c !== OPEN_ARRAY && c !== OPEN_OBJECT) {
      // A number or literal runs to the next delimiter.
      let j = this.i;
      for (; j < n; j++) {
        const d = b[j];
        if (d === COMMA || d === CLOSE_ARRAY || d === CLOSE_OBJECT || d === 0x20 || d === 0x0a || d === 0x0d || d === 0x09) break;
      }
      if (j === this.i) throw new Unsplittable();
      this.i = j;
      return;
    }
    let depth = 0;
    for (let j = this.i; j < n; j++) {
      let d = b[j];
      if (d === QUOTE) {
        for (j++; j < n; j++) {
          d = b[j];
          if (d === BACKSLASH) j++;
          else if (d === QUOTE) break;
        }
      } else if (d === OPEN_ARRAY || d === OPEN_OBJECT) depth++;
      else if ((d === CLOSE_ARRAY || d === CLOSE_OBJECT) && --depth === 0) {
        this.i = j + 1;
        return;
      }
    }
    throw new Unsplittable();
  }

  skipString(): void {
    const b = this.b;
    const n = b.length;
    for (let j = this.i + 1; j < n; j++) {
      const d = b[j];
      if (d === BACKSLASH) j++;
      else if (d === QUOTE) {
        this.i = j + 1;
        return;
      }
    }
    throw new Unsplittable();
  }
}

/** The elements of a JSON array, parsed one at a time as they are iterated. */
export interface LazyElements<T> extends Iterable<T> {
  readonly length: number;
}

/**
 * A JSON object whose array member `key` is left in the bytes and parsed an element at a time.
 * Undefined when the bytes are not such an object (parse them whole instead); a SyntaxError for
 * bad JSON outside the array, and from the iterator for a bad element.
 */
export function parseLazyArray<T = unknown>(bytes: Buffer, key: string): { value: Record<string, unknown>; elements: LazyElements<T> } | undefined {
  // Pieces start and end at ASCII delimiters, so no UTF-8 sequence is ever cut.
  const text = (from: number, to: number): string => bytes.toString('utf8', from, to);
  const reader = new Reader(bytes, text, key);
  let value: Record<string, unknown>;
  try {
    value = reader.top();
  } catch (error) {
    if (error instanceof Unsplittable) return undefined;
    throw error;
  }
  const { ranges } = reader;
  return {
    value,
    elements: {
      length: ranges.length / 2,
      *[Symbol.iterator]() {
        for (let k = 0; k < ranges.length; k += 2) yield JSON.parse(text(ranges[k] ?? 0, ranges[k + 1] ?? 0)) as T;
      },
    },
  };
}
