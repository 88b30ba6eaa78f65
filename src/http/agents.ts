/**
 * Keep-alive agents for node:http and node:https: one per way of reaching a server (direct, an
 * HTTP proxy forwarding plain requests, or an HTTPS proxy tunnel opened with CONNECT). Node's
 * own HTTP parser (llhttp) frames every answer; idle sockets never keep the process alive.
 */
import type { Agent as HttpAgent, ClientRequest, IncomingMessage } from 'node:http';
import type { Agent as HttpsAgent, AgentOptions as HttpsAgentOptions, RequestOptions as HttpsRequestOptions } from 'node:https';
import type { NetConnectOpts, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { bareHost, type Proxy } from './proxy.js';
import { USER_AGENT } from './user-agent.js';

/** TLS trust settings for https servers (and https proxies). */
export interface TlsSettings {
  /** CA certificates to trust; undefined keeps Node's defaults (with NODE_EXTRA_CA_CERTS). */
  readonly ca?: readonly string[] | undefined;
  readonly rejectUnauthorized: boolean;
}

/** Marks an error that happened between jirakit and a proxy, or a proxy's refusal. */
export const PROXY_FAILURE = Symbol('proxy failure');

/** The request option that carries a request's signal to the tunnel (node:http passes other keys on to the agent). */
export const TUNNEL_SIGNAL = 'jirakitTunnelSignal';

/** What a failure says about the proxy: where it is and which variable named it, never its credentials. */
export interface ProxyMark {
  readonly url: URL;
  readonly variable: string;
}

/** A proxy's refusal to open a tunnel (any answer to CONNECT but 200). */
export class TunnelRefused extends Error {
  override name = 'TunnelRefused';
  constructor(
    readonly status: number,
    readonly statusText: string,
  ) {
    super(`the proxy answered CONNECT with HTTP ${status} ${statusText}`);
  }
}

const http = (): typeof import('node:http') => process.getBuiltinModule('node:http');
const https = (): typeof import('node:https') => process.getBuiltinModule('node:https');

/** What a plain connection reads into at a time: libuv's suggested read size. */
const READ_BUFFER = 64 * 1024;

/**
 * A plain-http agent whose sockets each read into one buffer of their own (net.connect's
 * `onread`) instead of a fresh 64 KiB allocation per read. node:http's parser copies every body
 * part out of what it is given, so nothing keeps the buffer past the read; what goes away is half
 * the memory a big answer churns through (a 10,000-issue search reads 22 MB in ~350 reads), and
 * with it ~10% of the search (bench/search.mjs). node:http still reads the socket through its
 * 'data' event, so the callback hands each read on as one. TLS sockets have no such option.
 */
function plainAgent(options: HttpsAgentOptions): HttpAgent {
  class ReusedBufferAgent extends http().Agent {
    override createConnection(connect: NetConnectOpts): Socket {
      const socket: Socket = process.getBuiltinModule('node:net').createConnection({
        ...connect,
        // true: keep reading, also on an idle socket with no listener, so its close is seen at once.
        onread: { buffer: Buffer.allocUnsafe(READ_BUFFER), callback: (length: number, buffer: Uint8Array) => socket.emit('data', buffer.subarray(0, length)) || true },
      });
      return socket;
    }
  }
  return new ReusedBufferAgent(options);
}

/** Marks an error as the proxy's: non-enumerable, and without the proxy's credentials, so no log of the error shows them. */
export function markProxy(error: unknown, proxy: Proxy): unknown {
  if (error && typeof error === 'object') {
    const mark: ProxyMark = { url: proxy.url, variable: proxy.variable };
    Object.defineProperty(error, PROXY_FAILURE, { value: mark, enumerable: false, configurable: true });
  }
  return error;
}

type Callback = (error: Error | null, socket: Duplex) => void;

/**
 * Opens a CONNECT tunnel through the proxy, then TLS to the server over it (RFC 9110 9.3.6). The
 * request's signal (deadline or caller) stops a proxy that never answers: until the tunnel is up
 * node:http has no socket to destroy, so nothing else would.
 */
function tunnel(proxy: Proxy, tls: TlsSettings, options: HttpsRequestOptions & { [TUNNEL_SIGNAL]?: AbortSignal }, callback: Callback): void {
  const host = String(options.host ?? 'localhost');
  const signal = options[TUNNEL_SIGNAL];
  const authority = `${host.includes(':') ? `[${host}]` : host}:${options.port ?? 443}`;
  const connectModule = proxy.url.protocol === 'https:' ? https() : http();
  const connect: ClientRequest = connectModule.request({
    host: bareHost(proxy.url),
    port: proxy.url.port || (proxy.url.protocol === 'https:' ? 443 : 80),
    method: 'CONNECT',
    path: authority,
    // The proxy sees only this request of an https exchange: it names jirakit too, as curl's does.
    headers: { host: authority, 'user-agent': USER_AGENT, ...(proxy.authorization ? { 'proxy-authorization': proxy.authorization } : {}) },
    agent: false,
    ...(proxy.url.protocol === 'https:' ? { ...(tls.ca ? { ca: [...tls.ca] } : {}), rejectUnauthorized: tls.rejectUnauthorized } : {}),
  });
  const stop = (): void => void connect.destroy(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
  if (signal?.aborted) stop();
  else signal?.addEventListener('abort', stop, { once: true });
  connect.once('close', () => signal?.removeEventListener('abort', stop));
  connect.once('connect', (response: IncomingMessage, socket: Socket, head: Buffer) => {
    signal?.removeEventListener('abort', stop);
    if (response.statusCode !== 200) {
      socket.destroy();
      callback(markProxy(new TunnelRefused(response.statusCode ?? 0, response.statusMessage ?? ''), proxy) as Error, socket);
      return;
    }
    if (head.length > 0) socket.unshift(head);
    const { isIP } = process.getBuiltinModule('node:net');
    const secure = process.getBuiltinModule('node:tls').connect({
      socket,
      // The certificate is checked against `host` (an IP target too); without it, node checks the
      // proxy's name, and anyone with a certificate for the proxy could read the traffic.
      host,
      // SNI takes host names only (RFC 6066 3).
      ...(isIP(host) ? {} : { servername: options.servername ?? host }),
      ALPNProtocols: ['http/1.1'],
      ...(tls.ca ? { ca: [...tls.ca] } : {}),
      rejectUnauthorized: tls.rejectUnauthorized,
    });
    callback(null, secure);
  });
  connect.once('error', (error) => callback(markProxy(error, proxy) as Error, connect.socket as Socket));
  connect.end();
}

/** The agents of one transport, made on first use and shared by its requests. */
export class Agents {
  readonly #agents = new Map<string, HttpAgent | HttpsAgent>();

  constructor(
    private readonly tls: TlsSettings,
    private readonly keepAliveMs: number,
  ) {}

  /** The agent for a direct request to an http or https server. */
  direct(secure: boolean): HttpAgent | HttpsAgent {
    return this.#get(secure ? 'https' : 'http', () => (secure ? new (https().Agent)(this.#options()) : plainAgent(this.#options())));
  }

  /** The agent for plain requests forwarded by an HTTP proxy (absolute-form targets). */
  forward(proxy: Proxy): HttpAgent | HttpsAgent {
    const secure = proxy.url.protocol === 'https:';
    return this.#get(`forward ${proxy.url.href}`, () => (secure ? new (https().Agent)(this.#options()) : plainAgent(this.#options())));
  }

  /** The agent for https servers behind a proxy: each connection a CONNECT tunnel. */
  tunnel(proxy: Proxy): HttpsAgent {
    return this.#get(`tunnel ${proxy.url.href}`, () => {
      const tls = this.tls;
      // createConnection may hand its socket to the callback later (node:http Agent docs).
      class TunnelAgent extends https().Agent {
        override createConnection(options: HttpsRequestOptions, callback?: Callback): undefined {
          if (callback) tunnel(proxy, tls, options, callback);
          return undefined;
        }
      }
      return new TunnelAgent(this.#options()) as HttpsAgent;
    }) as HttpsAgent;
  }

  #options(): HttpsAgentOptions {
    return {
      keepAlive: true,
      keepAliveMsecs: 1000,
      // Reuse the most recently used socket: the one least likely to have been closed idle.
      scheduling: 'lifo',
      ...(this.tls.ca ? { ca: [...this.tls.ca] } : {}),
      rejectUnauthorized: this.tls.rejectUnauthorized,
      // node:http destroys a socket that idles this long in the free list (and only there).
      ...(this.keepAliveMs > 0 ? { timeout: this.keepAliveMs } : {}),
    };
  }

  #get<T extends HttpAgent | HttpsAgent>(key: string, make: () => T): T {
    let agent = this.#agents.get(key) as T | undefined;
    if (!agent) {
      agent = make();
      this.#agents.set(key, agent);
    }
    return agent;
  }
}
