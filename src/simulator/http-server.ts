import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RESET_MID_BODY, socketRequests } from './faults.js';
import { selfSignedCertificate } from './self-signed.js';
import { rawBody } from './responses.js';
import type { ListenOptions, RunningSimulator, Simulator } from './types.js';

async function toRequest(req: IncomingMessage, scheme: string): Promise<Request> {
  // The URL as received (Host header included) is what Jira signs against (jira-wire.md 2.5).
  const url = `${scheme}://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`;
  const headers = new Headers();
  for (let i = 0; i < req.rawHeaders.length; i += 2) headers.append(req.rawHeaders[i] ?? '', req.rawHeaders[i + 1] ?? '');
  const method = req.method ?? 'GET';
  let request: Request;
  if (method === 'GET' || method === 'HEAD') request = new Request(url, { method, headers });
  else {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    request = new Request(url, { method, headers, body: Buffer.concat(chunks) });
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
    toRequest(req, tls ? 'https' : 'http')
      .then((request) => sim.fetch(request))
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
