import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AbortedError } from '../index.js';

/** What Jira sent the browser back with. */
export interface CallbackResult {
  readonly token: string;
  readonly verifier: string;
}

/** A one-shot listener on 127.0.0.1 that receives the OAuth 1.0a callback. */
export interface CallbackListener {
  /** The oauth_callback URL to send to Jira. */
  readonly url: string;
  /** Resolves on the first callback for `requestToken`; rejects after the timeout. */
  wait(requestToken: string, timeoutMs: number): Promise<CallbackResult>;
  close(): Promise<void>;
}

const PAGE = (title: string, text: string): string =>
  `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head>` +
  `<body style="font-family:sans-serif;margin:3em"><h1>${title}</h1><p>${text}</p></body></html>`;

/** Starts listening on a random loopback port. */
export async function startCallbackListener(host = '127.0.0.1'): Promise<CallbackListener> {
  let expected: string | undefined;
  let deliver: ((result: CallbackResult) => void) | undefined;
  const server = createServer((req, res) => {
    const send = (status: number, title: string, text: string): void => {
      res.writeHead(status, { 'content-type': 'text/html;charset=utf-8', 'cache-control': 'no-store' });
      res.end(PAGE(title, text));
    };
    // Any local process can reach this port: anything but the callback for this request token
    // is answered 400 and the wait goes on (a malformed target like `http://[` must not throw).
    let url: URL | undefined;
    try {
      url = new URL(req.url ?? '/', 'http://loopback');
    } catch {
      url = undefined;
    }
    const token = url?.searchParams.get('oauth_token');
    const verifier = url?.searchParams.get('oauth_verifier');
    if (req.method !== 'GET' || url?.pathname !== '/jirakit-callback' || !token || !verifier || expected === undefined || token !== expected) {
      send(400, 'Not the callback jirakit is waiting for', 'This page expects the redirect from Jira after you click Allow.');
      return;
    }
    if (verifier === 'denied') send(200, 'Access denied', 'You denied access. You can close this tab; jirakit has stopped.');
    else send(200, 'Access approved', 'jirakit has received the authorization. You can close this tab and return to the terminal.');
    deliver?.({ token, verifier });
  });
  // A client that sends garbage is dropped with a 400 by node:http; it must not end the process.
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const close = (): Promise<void> =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return {
    url: `http://${host}:${port}/jirakit-callback`,
    close,
    wait(requestToken, timeoutMs) {
      expected = requestToken;
      return new Promise<CallbackResult>((resolve, reject) => {
        const timer = setTimeout(() => {
          reject(new AbortedError(`No callback from the browser within ${Math.round(timeoutMs / 1000)} s`, {
            hint: 'Open the authorize URL in a browser on this machine and click Allow, or use --callback oob on a remote host',
            reason: 'timeout',
          }));
        }, timeoutMs);
        deliver = (result) => {
          clearTimeout(timer);
          resolve(result);
        };
      });
    },
  };
}
