/**
 * A fetch on node:http and node:https for short-lived processes. Node 20's built-in fetch compiles
 * undici's WebAssembly HTTP parser on first use, and the process then waits ~250 ms at exit for
 * that compilation; a monitoring plugin started every few minutes pays it every time (measured
 * in bench/check.mjs). This speaks the same contract as fetch for what jirakit uses: method,
 * headers, a string body, redirect 'manual', an abort signal, errors as `TypeError('fetch failed')`
 * with the socket error as `cause`, and TLS trust settings.
 */
import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { Agent as HttpsAgent, request as HttpsRequest } from 'node:https';
import { LightHeaders, LightResponse } from './light-response.js';
import type { FetchLike } from './send.js';

/** TLS settings for https URLs. */
export interface HttpFetchOptions {
  /** CA certificates to trust (PEM), replacing Node's defaults; add the roots yourself if needed. */
  readonly ca?: string | readonly string[] | undefined;
  readonly rejectUnauthorized?: boolean | undefined;
}

function failed(cause: unknown): TypeError {
  return Object.assign(new TypeError('fetch failed'), { cause });
}

/** Request headers from a plain object, an array of pairs, or a Headers, without loading Headers. */
function plainHeaders(init: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!init) return out;
  const isHeaders = typeof (init as Headers).get === 'function' && typeof (init as Headers).entries === 'function';
  const pairs = Array.isArray(init) ? (init as [string, string][]) : isHeaders ? [...(init as Headers).entries()] : Object.entries(init as Record<string, string>);
  for (const [name, value] of pairs) out[name.toLowerCase()] = String(value);
  return out;
}

/** Makes a fetch-compatible function on node:http(s). */
export function createHttpFetch(options: HttpFetchOptions = {}): FetchLike {
  let https: typeof HttpsRequest | undefined;
  let httpsAgent: HttpsAgent | undefined;
  // Keep-alive reuses connections across a search's pages (a TLS handshake each would cost more
  // than the request); idle sockets do not keep the process alive.
  const httpAgent = new HttpAgent({ keepAlive: true });
  return async (input, init = {}) => {
    // node:https (and with it node:tls) loads only for an https URL.
    if (https === undefined && /^https:/i.test(typeof input === 'object' && !(input instanceof URL) ? input.url : String(input))) {
      const mod = await import('node:https');
      https = mod.request;
      httpsAgent = new mod.Agent({ keepAlive: true, ca: options.ca as string[] | undefined, rejectUnauthorized: options.rejectUnauthorized ?? true });
    }
    return new Promise<Response>((resolve, reject) => {
      // Not `instanceof Request`: touching the Request global loads what this module avoids.
      const url = new URL(typeof input === 'object' && !(input instanceof URL) ? input.url : String(input));
      const signal = init.signal ?? undefined;
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const headers = plainHeaders(init.headers);
      const body = init.body === undefined || init.body === null ? undefined : String(init.body);
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const secure = url.protocol === 'https:';
      const send = secure && https ? https : httpRequest;
      const req = send(url, { method: init.method ?? 'GET', headers, agent: secure ? httpsAgent : httpAgent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (error) => reject(failed(error)));
        res.on('aborted', () => reject(failed(Object.assign(new Error('other side closed'), { code: 'ECONNRESET' }))));
        res.on('end', () => {
          if (!res.complete) {
            reject(failed(Object.assign(new Error('other side closed'), { code: 'ECONNRESET' })));
            return;
          }
          const status = res.statusCode ?? 0;
          const nullBody = status === 204 || status === 304 || (init.method ?? 'GET').toUpperCase() === 'HEAD';
          const response = new LightResponse(status, res.statusMessage ?? '', new LightHeaders(res.rawHeaders), url.href, nullBody ? null : Buffer.concat(chunks));
          // The members jirakit and scripts use; a real Response on demand (see light-response.ts).
          resolve(response as unknown as Response);
        });
      });
      const abort = (): void => {
        req.destroy();
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', abort, { once: true });
      req.on('close', () => signal?.removeEventListener('abort', abort));
      req.on('error', (error) => reject(failed(error)));
      req.end(body);
    });
  };
}
