/**
 * Reading an answer's body within the response-size limit, whatever fetch produced it: the
 * transport's small Response (already bounded as it arrived) or a web Response from an injected
 * fetch (read as a stream and stopped at the limit).
 */
import { ResponseTooLargeError } from '../errors/transport-errors.js';
import { LightResponse } from './light-response.js';

/** The request an answer belongs to, and the limit its body must keep within. */
export interface BodyLimit {
  readonly method: string;
  readonly url: URL;
  /** Bytes. */
  readonly maxBytes: number;
}

/** The error for an answer over the limit, the limit in words (`4 MiB`, `512 KiB`, `100 bytes`). */
export function tooLarge(limit: BodyLimit): ResponseTooLargeError {
  const { maxBytes } = limit;
  const size = maxBytes >= 2 ** 20 ? `${Number((maxBytes / 2 ** 20).toFixed(1))} MiB` : maxBytes >= 1024 ? `${Number((maxBytes / 1024).toFixed(1))} KiB` : `${maxBytes} byte`;
  return new ResponseTooLargeError(`The answer to ${limit.method} ${limit.url.pathname} is larger than the ${size} response limit`, {
    method: limit.method,
    url: limit.url,
    limit: limit.maxBytes,
    hint: 'Ask for less (fewer fields, smaller pages), or raise the limit (maxResponseBytes)',
  });
}

/** The body's bytes and how to give their memory back once nothing reads them. */
export async function readBytes(response: Response, limit: BodyLimit): Promise<{ bytes: Buffer; release: () => void }> {
  if (response instanceof LightResponse) {
    const taken = response.takeBytes();
    if (taken.bytes.length > limit.maxBytes) {
      taken.release();
      throw tooLarge(limit);
    }
    return taken;
  }
  const length = Number(response.headers.get('content-length'));
  if (length > limit.maxBytes) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge(limit);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  const reader = response.body?.getReader();
  for (;;) {
    const next = reader ? await reader.read() : { done: true as const, value: undefined };
    if (next.done) break;
    total += next.value.byteLength;
    if (total > limit.maxBytes) {
      await reader?.cancel().catch(() => undefined);
      throw tooLarge(limit);
    }
    chunks.push(next.value);
  }
  return { bytes: Buffer.concat(chunks, total), release: () => undefined };
}

/** The body as UTF-8 text. */
export async function readText(response: Response, limit: BodyLimit): Promise<string> {
  const { bytes, release } = await readBytes(response, limit);
  try {
    return bytes.toString('utf8');
  } finally {
    release();
  }
}
