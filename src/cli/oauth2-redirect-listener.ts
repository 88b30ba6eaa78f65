/**
 * The listener at the OAuth 2.0 redirect URL. Jira matches redirect URLs exactly and exempts only
 * `http://localhost` from HTTPS (oauth2-provider.md 1.9), so the URL, port included, is fixed and
 * registered by the admin: jirakit listens there on both loopback addresses, since `localhost`
 * may resolve to either. Anything but the redirect (garbage, a favicon, another path) gets a 400
 * and the wait goes on; the redirect ends the wait, whatever it says.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { AbortedError, ConfigError } from '../index.js';
import { UsageError } from './usage-error.js';

/** A listener waiting for the browser to come back. */
export interface RedirectListener {
  /** Resolves with the address the browser was sent to; rejects after the timeout. */
  wait(timeoutMs: number): Promise<string>;
  close(): Promise<void>;
}

const PAGE = (title: string, text: string): string =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body style="font-family:sans-serif;margin:3em"><h1>${title}</h1><p>${text}</p></body></html>`;

/** The loopback addresses to bind for a redirect URL's host. */
function addressesOf(url: URL): string[] {
  const host = url.hostname.toLowerCase();
  if (host === 'localhost') return ['127.0.0.1', '::1'];
  if (host === '127.0.0.1' || host === '[::1]') return [host.replace(/[[\]]/g, '')];
  throw new UsageError(`jirakit can only listen at an http://localhost redirect URL, not ${url.href}`, { hint: 'Use --no-listen and paste the address the browser is sent to' });
}

/** The page for the browser, and whether this request is the redirect. */
function answer(req: IncomingMessage, path: string, state: string): { status: number; title: string; text: string; redirect: boolean } {
  let url: URL | undefined;
  try {
    url = new URL(req.url ?? '/', 'http://localhost');
  } catch {
    url = undefined;
  }
  const q = url?.searchParams;
  if (req.method !== 'GET' || url?.pathname !== path || !q || (!q.has('code') && !q.has('error'))) {
    return { status: 400, title: 'Not the redirect jirakit is waiting for', text: 'This address expects the redirect from Jira after you click Allow.', redirect: false };
  }
  if (q.get('state') !== state) return { status: 400, title: 'Not this authorization', text: 'This redirect is not for the authorization jirakit started; jirakit has stopped. Run the dance again.', redirect: true };
  if (q.has('error')) return { status: 200, title: 'Access not granted', text: 'Jira did not grant access; jirakit has stopped and says why in the terminal.', redirect: true };
  return { status: 200, title: 'Access approved', text: 'jirakit has received the authorization. You can close this tab and return to the terminal.', redirect: true };
}

/** Binds one server on one address; a busy port is one sentence, a missing IPv6 is skipped (undefined). */
async function bind(handler: (req: IncomingMessage, res: ServerResponse) => void, host: string, port: number, redirectUri: string): Promise<Server | undefined> {
  const server = createServer(handler);
  // A client that sends garbage is dropped with a 400 by node:http; it must not end the process.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, resolve);
    });
    return server;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (host === '::1' && (code === 'EADDRNOTAVAIL' || code === 'EAFNOSUPPORT')) return undefined;
    if (code === 'EADDRINUSE') {
      throw new ConfigError(`Port ${port} on localhost is in use, so jirakit cannot receive the redirect to ${redirectUri}`, {
        hint: 'Stop what listens there, or register another http://localhost:PORT/… redirect URL in the link and pass it with --redirect-uri',
      });
    }
    throw new ConfigError(`Cannot listen at ${redirectUri} (${code ?? 'error'})`, { hint: 'Pass a redirect URL with a port above 1023 that is registered in the link, or use --no-listen' });
  }
}

/** Starts listening at the redirect URL for the redirect that carries `state`. */
export async function listenForRedirect(redirectUri: string, state: string): Promise<RedirectListener> {
  const url = new URL(redirectUri);
  if (url.protocol !== 'http:') throw new UsageError(`jirakit can only listen at an http:// redirect URL, not ${redirectUri}`, { hint: 'Use --no-listen and paste the address the browser is sent to' });
  const port = url.port === '' ? 80 : Number(url.port);
  let deliver: ((address: string) => void) | undefined;
  let received: string | undefined;
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const page = answer(req, url.pathname, state);
    res.writeHead(page.status, { 'content-type': 'text/html;charset=utf-8', 'cache-control': 'no-store' });
    res.end(PAGE(page.title, page.text));
    if (!page.redirect || received !== undefined) return;
    received = `${url.origin}${req.url ?? ''}`;
    deliver?.(received);
  };
  const servers: Server[] = [];
  try {
    for (const host of addressesOf(url)) {
      const server = await bind(handler, host, port, redirectUri);
      if (server) servers.push(server);
    }
  } catch (error) {
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
    throw error;
  }
  const close = async (): Promise<void> => {
    await Promise.all(servers.map((s) => new Promise<void>((resolve) => {
      s.close(() => resolve());
      s.closeAllConnections();
    })));
  };
  return {
    close,
    wait: (timeoutMs) =>
      new Promise<string>((resolve, reject) => {
        if (received !== undefined) return resolve(received);
        const timer = setTimeout(() => {
          reject(new AbortedError(`No redirect from the browser within ${Math.round(timeoutMs / 1000)} s`, {
            hint: `If Jira showed an error page, check that the link's Redirect URL is exactly ${redirectUri} (\`jirakit applink --oauth2\` prints it); on another machine's browser use --no-listen`,
            reason: 'timeout',
          }));
        }, timeoutMs);
        deliver = (address) => {
          clearTimeout(timer);
          resolve(address);
        };
      }),
  };
}
