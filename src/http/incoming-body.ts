/**
 * An answer's body as node:http delivers it, read whole into a pooled buffer: decompressed when
 * gzip or deflate, refused past the response-size limit (counted after decompression, so a gzip
 * bomb stops at the limit), and failed as a network error when the connection closes early.
 */
import type { IncomingMessage } from 'node:http';
import type { Transform } from 'node:stream';
import { ProtocolError } from '../errors/transport-errors.js';
import { BodyBuffers, BodyWriter } from './body-buffers.js';
import { BIG_BODY_BYTES, keepHeapForBigBodies } from './keep-heap.js';
import { tooLarge, type BodyLimit } from './read-body.js';

/** The first buffer is at most this large, whatever Content-Length announces; it grows as bytes arrive. */
const FIRST_ALLOCATION = 8 * 2 ** 20;

/**
 * A decompressor for the encoding, or undefined for none. `deflate` is zlib-wrapped by the
 * standard, but some servers send raw deflate: the first byte tells (RFC 1950 2.2: CM 8, so the
 * low nibble of a zlib header is 8), as browsers decide it.
 */
function decoder(encoding: string, first: Buffer): Transform | undefined {
  const zlib = process.getBuiltinModule('node:zlib');
  if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.createGunzip();
  if (encoding === 'deflate') return ((first[0] ?? 0) & 0x0f) === 8 ? zlib.createInflate() : zlib.createInflateRaw();
  return undefined;
}

/** Reads the whole body within `limit.maxBytes`; `signal` tells an abort from a reset. */
export function readIncomingBody(response: IncomingMessage, pool: BodyBuffers, limit: BodyLimit, signal: AbortSignal | undefined): Promise<{ body: Buffer; recycle: () => void }> {
  const length = Number(response.headers['content-length']);
  const encoding = (response.headers['content-encoding'] ?? '').trim().toLowerCase();
  const compressed = ['gzip', 'x-gzip', 'deflate'].includes(encoding);
  if (!compressed && length > limit.maxBytes) return Promise.reject(tooLarge(limit));
  const writer = new BodyWriter(pool, !compressed && Number.isFinite(length) ? Math.min(length, FIRST_ALLOCATION) : 16 * 1024);
  return new Promise((resolve, reject) => {
    let done = false;
    let inflate: Transform | undefined;
    const fail = (error: unknown): void => {
      if (done) return;
      done = true;
      writer.abandon();
      inflate?.destroy();
      response.destroy();
      reject(error);
    };
    const take = (chunk: Buffer): void => {
      if (done) return;
      if (writer.length + chunk.length > limit.maxBytes) return fail(tooLarge(limit));
      writer.write(chunk);
      if (writer.length > BIG_BODY_BYTES) keepHeapForBigBodies();
    };
    const end = (): void => {
      if (done) return;
      done = true;
      resolve(writer.finish());
    };
    response.on('data', (chunk: Buffer) => {
      if (!compressed) return take(chunk);
      if (!inflate) {
        inflate = decoder(encoding, chunk);
        inflate?.on('data', take).on('end', end).on('error', (error) => fail(new ProtocolError(`The answer to ${limit.method} ${limit.url.pathname} is not valid ${encoding}`, {
          method: limit.method, url: limit.url, code: (error as NodeJS.ErrnoException).code, cause: error, hint: 'A proxy or server is sending a damaged compressed body; try again, or check --server',
        })));
      }
      inflate?.write(chunk);
    });
    response.on('end', () => (inflate ? inflate.end() : end()));
    response.on('error', fail);
    // A connection that closes before the body is complete (a reset, an abort) fails the read.
    response.on('close', () => {
      if (response.complete) return;
      fail(signal?.aborted ? signal.reason : Object.assign(new Error('the connection closed before the answer was complete'), { code: 'ECONNRESET' }));
    });
  });
}
