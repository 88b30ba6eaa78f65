import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RESET_MID_BODY, socketRequests } from './faults.js';
import { badRequest, bodyLimit, declaredTooLarge, payloadTooLarge } from './body-limit.js';
import { selfSignedCertificate } from './self-signed.js';
import { rawBody } from './responses.js';
import type { ListenOptions, RunningSimulator, Simulator } from './types.js';

/** host[:port], a name or a bracketed IPv6 address: anything else in Host is Tomcat's 400. */
const HOST = /^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._~-]+)(:\d{1,5})?$/;

/** The URL as received, or undefined when the Host header or the target makes none. */
function requestUrl(req: IncomingMessage, scheme: string): URL | undefined {
  const target = req.url ?? '/';
  const host = req.headers.host ?? 'localhost';
  if (!target.startsWith('/') || !HOST.test(host)) return undefined;
  try {
    return new URL(`${scheme}://${host}${target}`);
  } catch {
    return undefined;
  }
}

/**
 * Reads the body up to the limit: a Content-Length over it is refused unread, a longer stream is
 * paused (not destroyed, so the 413 can still be written; it closes the connection).
 */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  if (declaredTooLarge(req.headers['content-length'], limit)) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.pause();
      resolve(undefined);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });
}

async function toRequest(sim: Simulator, req: IncomingMessage, scheme: string): Promise<Request | Response> {
  // The URL as received (Host header included) is what Jira signs against (jira-wire.md 2.5).
  const url = requestUrl(req, scheme);
  if (!url) return badRequest();
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i] ?? '', req.rawHeaders[i + 1] ?? '');
  const method = req.method ?? 'GET';
  let request: Request;
  if (method === 'GET' || method === 'HEAD') request = new Request(url, { method, headers });
  else {
    const body = await readBody(req, bodyLimit(sim, url.pathname));
    if (!body) return payloadTooLarge();
    request = new Request(url, { method, headers, body });
  }
  socketRequests.add(request);
  return request;
}

async function writeResponse(res: ServerResponse, response: Response, method: string): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  const raw = rawBody(response);
  const body = method === 'HEAD' || response.body === null ? undefined : raw ?? new Uint8Array(await response.arrayBuffer());
  if (body) headers['content-length'] = String(body.length);
  const cut = headers[RESET_MID_BODY] !== undefined;
  delete headers[RESET_MID_BODY];
  res.writeHead(response.status, response.statusText || undefined, headers);
  if (cut && body) {
    // A connection reset halfway through the body (a fault).
    res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
    return;
  }
  res.end(body);
}

/** Serves a simulator over node:http. */
export async function listenSimulator(sim: Simulator, options: ListenOptions = {}): Promise<RunningSimulator> {
  const tls = options.https === true ? selfSignedCertificate() : options.https || undefined;
  const listener: RequestListener = (req, res) => {
    toRequest(sim, req, tls ? 'https' : 'http')
      .then((request) => (request instanceof Response ? request : sim.fetch(request)))
      .then((response) => writeResponse(res, response, req.method ?? 'GET'))
      .catch((error: unknown) => {
        // A dropped-connection fault: the in-process fetch rejects, so the socket just closes.
        if ((error as { cause?: { code?: string } }).cause?.code === 'ECONNRESET') {
          res.destroy();
          return;
        }
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`simulator error: ${error instanceof Error ? error.message : String(error)}`);
      });
  };
  // Loaded here, not at the top: the package root exports the simulator, and node:https (with
  // node:tls) would otherwise add ~10 ms to every script's start that only wants a client.
  const server: Server = tls
    ? (await import('node:https')).createServer({ key: tls.keyPem, cert: tls.certPem }, listener)
    : (await import('node:http')).createServer(listener);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve);
  });
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(':') ? `[${address}]` : address;
  return {
    url: `${tls ? 'https' : 'http'}://${host}:${port}${sim.options.contextPath}`,
    port,
    server,
    certPem: tls?.certPem,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
