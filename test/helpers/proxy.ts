// A small HTTP proxy on loopback, as companies run them: plain http requests forwarded (an
// absolute URL as the target), https through CONNECT tunnels; optional Basic credentials (407
// without them). It counts what it relays, so tests can prove traffic went through it.
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { connect as netConnect, type Socket } from 'node:net';

/** A running test proxy. */
export interface TestProxy {
  readonly url: string;
  /** CONNECT tunnels opened. */
  tunnels(): number;
  /** Plain requests forwarded. */
  forwarded(): number;
  /** Bytes relayed from the client to servers (tunnels and forwarded bodies and heads). */
  bytesUp(): number;
  /** The Proxy-Authorization values it saw. */
  credentials(): string[];
  /** The User-Agent of each CONNECT and forwarded request, in order. */
  userAgents(): (string | undefined)[];
  close(): Promise<void>;
}

/** Starts the proxy; with `auth` ('user:password') it answers 407 to anything without it. */
export async function startProxy(options: { auth?: string } = {}): Promise<TestProxy> {
  let tunnels = 0;
  let forwarded = 0;
  let bytesUp = 0;
  const credentials: string[] = [];
  const userAgents: (string | undefined)[] = [];
  const sockets = new Set<Socket>();
  const expected = options.auth ? `Basic ${Buffer.from(options.auth).toString('base64')}` : undefined;
  const allowed = (req: IncomingMessage): boolean => {
    userAgents.push(req.headers['user-agent']);
    const given = req.headers['proxy-authorization'];
    if (given) credentials.push(given);
    return expected === undefined || given === expected;
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (!allowed(req)) {
      res.writeHead(407, { 'proxy-authenticate': 'Basic realm="test"' }).end();
      return;
    }
    forwarded++;
    const target = new URL(req.url ?? '/');
    const headers = { ...req.headers };
    delete headers['proxy-authorization'];
    const upstream = httpRequest({ hostname: target.hostname, port: target.port || 80, path: `${target.pathname}${target.search}`, method: req.method, headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      // An answer cut short upstream is cut short here too, as a real proxy does.
      answer.on('aborted', () => res.destroy());
      answer.on('error', () => res.destroy());
    });
    upstream.on('error', () => (res.headersSent ? res.destroy() : res.writeHead(502).end()));
    req.on('data', (d: Buffer) => void (bytesUp += d.length));
    req.pipe(upstream);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    if (!allowed(req)) {
      socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\n\r\n');
      return;
    }
    tunnels++;
    const [host, port] = (req.url ?? '').replace(/^\[|\](?=:)/g, '').split(/:(?=\d+$)/);
    const upstream = netConnect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      socket.on('data', (d: Buffer) => void (bytesUp += d.length));
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('close', () => sockets.delete(upstream));
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    tunnels: () => tunnels,
    forwarded: () => forwarded,
    bytesUp: () => bytesUp,
    credentials: () => credentials,
    userAgents: () => userAgents,
    close: () => new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    }),
  };
}
