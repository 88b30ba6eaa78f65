/**
 * jirakit's transport: a fetch-compatible function over node:http and node:https (Node's own
 * parser, llhttp, frames every answer) with keep-alive agents, proxies from the environment,
 * custom CAs, a response-size limit, and bodies read into reused buffers. Node 20's built-in
 * fetch costs a process ~250 ms at exit (undici's WebAssembly parser finishing compilation) and
 * its Headers/Response classes ~50 ms to load; a monitoring plugin started every few minutes pays
 * both every time, so jirakit has this instead (bench/check.mjs).
 */
import type { ClientRequest, RequestOptions } from 'node:http';
import { ConfigError } from '../errors/jira-kit-error.js';
import { FileTooLargeError, readFileBounded } from '../read-file-bounded.js';
import { ProxyError, isExchangeError } from '../errors/transport-errors.js';
import { Agents, PROXY_FAILURE, TUNNEL_SIGNAL, TunnelRefused, markProxy, type ProxyMark, type TlsSettings } from './agents.js';
import { BodyBuffers } from './body-buffers.js';
import { readIncomingBody } from './incoming-body.js';
import type { BodyLimit } from './read-body.js';
import { LightHeaders, LightResponse } from './light-response.js';
import { bareHost, proxyFor, type Proxy, type ProxyEnv } from './proxy.js';
import type { FetchLike } from './fetch-like.js';
import { USER_AGENT } from './user-agent.js';

/** The default response-size limit: 256 MiB, far above a search page of 1,000 issues with every field. */
export const DEFAULT_MAX_RESPONSE_BYTES = 256 * 2 ** 20;

/** How the transport connects. */
export interface HttpFetchOptions {
  /** A PEM file of CA certificates to trust besides Node's roots and NODE_EXTRA_CA_CERTS. */
  readonly caFile?: string | undefined;
  /** Skip certificate verification (the CLI warns). */
  readonly noVerify?: boolean | undefined;
  /**
   * HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY come from here (default process.env), and
   * NODE_EXTRA_CA_CERTS when `caFile` is given (it replaces Node's store, so the variable's file is
   * added back; without `caFile`, Node itself reads the process's variable at start-up).
   */
  readonly env?: ProxyEnv | undefined;
  /** The largest answer body accepted, decompressed, in bytes (default 256 MiB). */
  readonly maxResponseBytes?: number | undefined;
  /** Idle keep-alive connections close after this long, ms (default 4000: before servers drop them). */
  readonly keepAliveMs?: number | undefined;
}

/** Marks a failure on a reused keep-alive socket before any answer: safe to send again at once. */
export const STALE = Symbol('stale connection');

/** A system CA bundle is ~200 KiB; no CA file is near this. */
const MAX_PEM_BYTES = 8 * 2 ** 20;

function readPem(file: string, what: string): string {
  let text: string;
  try {
    // Sync on purpose: read once, when the transport is made (fs/promises' first use costs ~4 ms).
    text = readFileBounded(file, MAX_PEM_BYTES);
  } catch (error) {
    if (error instanceof FileTooLargeError) throw new ConfigError(`The ${what} ${file} is larger than ${MAX_PEM_BYTES / 2 ** 20} MiB`, { hint: 'Give a PEM file of the CA certificates to trust' });
    throw new ConfigError(`Could not read the ${what} ${file} (${(error as NodeJS.ErrnoException).code ?? 'error'})`, { hint: 'Give a PEM file of the CA certificates to trust' });
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError(`${file} holds no PEM certificate`, { hint: 'Give a PEM file of the CA certificates to trust' });
  return text;
}

/**
 * TLS trust from the options. A custom CA adds to the usual roots rather than replacing them:
 * giving `ca` replaces Node's whole store, NODE_EXTRA_CA_CERTS included, so both go back in
 * (https://nodejs.org/api/cli.html#node_extra_ca_certsfile).
 */
function tlsSettings(options: HttpFetchOptions, env: ProxyEnv): TlsSettings {
  const rejectUnauthorized = options.noVerify !== true;
  if (!options.caFile) return { rejectUnauthorized };
  const ca = readPem(options.caFile, 'CA file');
  const extraFile = env['NODE_EXTRA_CA_CERTS'];
  let extra: string | undefined;
  try {
    extra = extraFile ? readFileBounded(extraFile, MAX_PEM_BYTES) : undefined;
  } catch {
    extra = undefined;
  }
  return { ca: [...process.getBuiltinModule('node:tls').rootCertificates, ...(extra ? [extra] : []), ca], rejectUnauthorized };
}

function plainHeaders(init: RequestInit['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  if (!init) return out;
  // Not `instanceof Headers`: touching the Headers global loads what this module avoids.
  const isHeaders = typeof (init as Headers).get === 'function' && typeof (init as Headers).entries === 'function';
  const pairs = Array.isArray(init) ? (init as [string, string][]) : isHeaders ? [...(init as Headers).entries()] : Object.entries(init as Record<string, string>);
  for (const [name, value] of pairs) out[name.toLowerCase()] = String(value);
  return out;
}

/**
 * A request body as bytes, from what fetch takes and jirakit sends: text, bytes, or form
 * parameters (with their content type, as fetch sets it). Streams and Blobs are refused rather
 * than sent as "[object Blob]".
 */
function requestBody(body: RequestInit['body']): { bytes: Buffer | undefined; type?: string } {
  if (body === undefined || body === null) return { bytes: undefined };
  if (typeof body === 'string') return { bytes: Buffer.from(body) };
  if (body instanceof ArrayBuffer) return { bytes: Buffer.from(body) };
  if (ArrayBuffer.isView(body)) return { bytes: Buffer.from(body.buffer, body.byteOffset, body.byteLength) };
  if (body instanceof URLSearchParams) return { bytes: Buffer.from(body.toString()), type: 'application/x-www-form-urlencoded;charset=UTF-8' };
  throw new TypeError('jirakit\'s fetch sends a string, bytes or URLSearchParams as a body, not a stream, Blob or FormData');
}

/** What one request needs to know about its route and limits. */
interface Exchange extends BodyLimit {
  readonly proxy: Proxy | undefined;
}

function proxyRefused(exchange: Exchange, proxy: Proxy, status: number, statusText: string, tunnel: boolean): ProxyError {
  const what = status === 407 ? 'asks for credentials (HTTP 407 Proxy Authentication Required)' : `${tunnel ? 'would not open a tunnel to' : 'could not reach'} ${exchange.url.host} (HTTP ${status}${statusText ? ` ${statusText}` : ''})`;
  return new ProxyError(`The proxy ${proxy.url.host} (from ${proxy.variable}) ${what}`, {
    method: exchange.method,
    url: exchange.url,
    status,
    proxy: proxy.url.href,
    hint: status === 407
      ? `Put the proxy's user and password in ${proxy.variable} (http://user:password@host:port)`
      : `Check that the proxy may reach ${exchange.url.host}, or exempt it with NO_PROXY`,
  });
}

/** Where and how a request goes: direct, forwarded by an HTTP proxy, or tunnelled. */
function route(agents: Agents, exchange: Exchange, headers: Record<string, string>): { module: typeof import('node:http'); options: RequestOptions } {
  const { url, proxy } = exchange;
  const secure = url.protocol === 'https:';
  const http = process.getBuiltinModule(secure ? 'node:https' : 'node:http') as typeof import('node:http');
  const target = { hostname: bareHost(url), port: url.port || (secure ? 443 : 80), path: `${url.pathname}${url.search}` };
  if (!proxy) return { module: http, options: { ...target, agent: agents.direct(secure) } };
  if (secure) return { module: http, options: { ...target, agent: agents.tunnel(proxy) } };
  // Plain http through a proxy: the absolute URL as the target (RFC 9112 3.2.2).
  const viaHttps = proxy.url.protocol === 'https:';
  return {
    module: process.getBuiltinModule(viaHttps ? 'node:https' : 'node:http') as typeof import('node:http'),
    options: {
      hostname: bareHost(proxy.url),
      port: proxy.url.port || (viaHttps ? 443 : 80),
      path: url.href,
      agent: agents.forward(proxy),
      headers: { ...headers, host: url.host, ...(proxy.authorization ? { 'proxy-authorization': proxy.authorization } : {}) },
    },
  };
}

/**
 * A failure as fetch reports one, `TypeError('fetch failed')` with the cause, marked when it is
 * the proxy's (every connection error of a forwarded request, the CONNECT of a tunnel) or a
 * reused socket's that closed before answering.
 */
function failure(error: unknown, request: ClientRequest | undefined, exchange: Exchange, answered: boolean): TypeError {
  const wrapped = new TypeError('fetch failed', { cause: error });
  const cause = error as { code?: string; [PROXY_FAILURE]?: ProxyMark } | undefined;
  if (!answered && request?.reusedSocket && (cause?.code === 'ECONNRESET' || cause?.code === 'EPIPE')) Object.defineProperty(wrapped, STALE, { value: true });
  const { proxy } = exchange;
  if (proxy && (cause?.[PROXY_FAILURE] || (!answered && exchange.url.protocol === 'http:'))) markProxy(wrapped, proxy);
  return wrapped;
}

/**
 * Makes jirakit's transport: a fetch for node:http(s) with keep-alive, proxies, TLS settings and
 * a response-size limit. Answers are small Responses over the whole body (light-response.ts).
 * @example
 * const jira = createClient({ baseUrl, auth, fetch: createHttpFetch({ caFile: 'company-ca.pem' }) });
 */
export function createHttpFetch(options: HttpFetchOptions = {}): FetchLike {
  const env = options.env ?? process.env;
  const agents = new Agents(tlsSettings(options, env), options.keepAliveMs ?? 4000);
  const pool = new BodyBuffers();
  const limit = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  return async (input, init = {}) => {
    const url = new URL(typeof input === 'object' && !(input instanceof URL) ? input.url : String(input));
    const method = (init.method ?? 'GET').toUpperCase();
    const { bytes: body, type } = requestBody(init.body);
    const exchange: Exchange = { method, url, proxy: proxyFor(url, env), maxBytes: limit };
    const given = plainHeaders(init.headers);
    const headers = { 'accept-encoding': 'gzip, deflate', 'user-agent': USER_AGENT, ...(type && !given['content-type'] ? { 'content-type': type } : {}), ...given, ...(body ? { 'content-length': String(body.length) } : {}) };
    const { module, options: requestOptions } = route(agents, exchange, headers);
    const signal = init.signal ?? undefined;
    return new Promise<Response>((resolve, reject) => {
      let request: ClientRequest | undefined;
      try {
        request = module.request({ headers, ...requestOptions, method, ...(signal ? { signal, [TUNNEL_SIGNAL]: signal } : {}) });
      } catch (error) {
        // node:http refuses a bad method or header (CR/LF, a space in a name) before sending.
        reject(error);
        return;
      }
      let answered = false;
      request.on('error', (error) => {
        if (error instanceof TunnelRefused && exchange.proxy) reject(proxyRefused(exchange, exchange.proxy, error.status, error.statusText, true));
        else reject(failure(error, request, exchange, answered));
      });
      request.on('response', (response) => {
        answered = true;
        if (exchange.proxy && !url.protocol.startsWith('https') && response.statusCode === 407) {
          response.destroy();
          reject(proxyRefused(exchange, exchange.proxy, 407, response.statusMessage ?? '', false));
          return;
        }
        const status = response.statusCode ?? 0;
        const lightHeaders = new LightHeaders(response.rawHeaders);
        const empty = method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200);
        if (empty) {
          response.resume();
          resolve(new LightResponse(status, response.statusMessage ?? '', lightHeaders, url.href, null) as unknown as Response);
          return;
        }
        readIncomingBody(response, pool, exchange, signal).then(
          ({ body: content, recycle }) => resolve(new LightResponse(status, response.statusMessage ?? '', lightHeaders, url.href, content, recycle) as unknown as Response),
          (error: unknown) => reject(isExchangeError(error) ? error : failure(error, request, exchange, true)),
        );
      });
      request.end(body);
    });
  };
}
