/** A multipart/form-data reader for uploads: the parts' names, file names, types and bytes. */

/** One part of a multipart body. */
export interface Part {
  readonly name: string;
  readonly filename: string | undefined;
  readonly contentType: string;
  readonly data: Uint8Array;
}

/** The boundary of a multipart Content-Type, if it is one. */
export function boundaryOf(contentType: string | null): string | undefined {
  if (!contentType || !/^multipart\/form-data/i.test(contentType)) return undefined;
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return m?.[1] ?? m?.[2];
}

function header(head: string, name: string): string | undefined {
  const line = head.split('\r\n').find((l) => l.toLowerCase().startsWith(`${name}:`));
  return line?.slice(name.length + 1).trim();
}

function param(value: string | undefined, name: string): string | undefined {
  if (!value) return undefined;
  const star = new RegExp(`${name}\\*=(?:UTF-8|utf-8)''([^;]+)`).exec(value);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      return star[1];
    }
  }
  const m = new RegExp(`(?:^|;)\\s*${name}="((?:[^"\\\\]|\\\\.)*)"`).exec(value) ?? new RegExp(`(?:^|;)\\s*${name}=([^;]+)`).exec(value);
  return m?.[1]?.replace(/\\(.)/g, '$1');
}

/** Splits a multipart body into parts; undefined when it is not well formed. */
export function parseMultipart(body: Uint8Array, boundary: string): Part[] | undefined {
  const buf = Buffer.from(body.buffer, body.byteOffset, body.length);
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let at = buf.indexOf(delimiter);
  if (at < 0) return undefined;
  for (;;) {
    const start = at + delimiter.length;
    if (buf.subarray(start, start + 2).toString() === '--') return parts;
    const headEnd = buf.indexOf('\r\n\r\n', start);
    if (headEnd < 0) return undefined;
    const next = buf.indexOf(Buffer.from(`\r\n--${boundary}`), headEnd + 4);
    if (next < 0) return undefined;
    const head = buf.subarray(start + 2, headEnd).toString('utf8');
    const disposition = header(head, 'content-disposition');
    parts.push({
      name: param(disposition, 'name') ?? '',
      filename: param(disposition, 'filename'),
      contentType: header(head, 'content-type') ?? 'application/octet-stream',
      data: new Uint8Array(buf.subarray(headEnd + 4, next)),
    });
    at = next + 2;
  }
}
