/**
 * The client's two ways to talk to Jira: a JSON call that follows same-server redirects and
 * turns every unwanted answer into a jirakit error, and the raw call that returns the answer.
 */
import { credentialsOf, type Auth } from '../auth/auth.js';
import { AuthenticationError } from '../errors/auth-errors.js';
import { ResponseFormatError } from '../errors/http-error.js';
import type { SentRequest } from '../http/hooks.js';
import { LightHeaders, LightResponse, payloadOf, type Payload } from '../http/light-response.js';
import { readBytes, readText, type BodyLimit } from '../http/read-body.js';
import { errorFromResponse, webSudoError } from '../http/response-error.js';
import { sendWithRetries, type TransportOptions } from '../http/send-with-retries.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from '../http/http-fetch.js';
import type { FetchOptions, RequestOptions } from './jira-client.js';
import { isOnServer, redirectError, resolveOnServer } from './request-url.js';

/** Reads a successful JSON answer's body (the search reads its issues lazily). */
export type BodyReader = (response: Response, limit: BodyLimit) => Promise<Payload>;

/** What the calls share. */
export interface CallContext {
  readonly baseUrl: string;
  readonly auth: Auth;
  readonly transport: TransportOptions;
  readonly maxResponseBytes: number | undefined;
  /** The client-wide signal for a new call, if any. */
  readonly clientSignal: () => AbortSignal | undefined;
  /** Masks the credentials' secrets in errors: a server may echo the request's headers back. */
  readonly mask: (text: string) => string;
}

/** A JSON body as text. */
export const readJson: BodyReader = async (response, limit) => payloadOf(await readText(response, limit));

function combine(a: AbortSignal | undefined, b: AbortSignal | undefined): AbortSignal | undefined {
  return a && b ? AbortSignal.any([a, b]) : (a ?? b);
}

function limitFor(ctx: CallContext, method: string, url: URL): BodyLimit {
  return { method, url, maxBytes: ctx.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES };
}

/** Follows a redirect when it stays on the server; refuses it (or WebSudo's) otherwise. */
function nextHop(ctx: CallContext, response: Response, method: string, url: URL, hops: number): URL | undefined {
  const location = response.headers.get('location');
  if (response.status < 300 || response.status >= 400 || !location) return undefined;
  if (/WebSudoAuthenticate/i.test(location)) throw webSudoError({ status: response.status, method, url });
  let next: URL;
  try {
    next = new URL(location, url);
  } catch {
    throw new ResponseFormatError(`Jira redirected ${method} ${url.pathname} to something that is not a URL`, { status: response.status, method, url, hint: 'Check --server: a proxy or load balancer may be answering' });
  }
  // Credentials never follow a redirect off the server.
  if (!isOnServer(next, new URL(ctx.baseUrl))) throw redirectError(method, url, next, ctx.baseUrl);
  if (hops >= 3) {
    throw new ResponseFormatError(`Jira redirected ${method} ${url.pathname} more than 3 times`, { status: response.status, method, url, hint: 'Check --server: use the URL Jira itself uses' });
  }
  // 307 and 308 keep the method and body (RFC 9110 15.4); after 301, 302 or 303 a client would
  // send a GET without the body, which for a write is not the request the caller made.
  if (![307, 308].includes(response.status) && !['GET', 'HEAD'].includes(method)) {
    throw new ResponseFormatError(`Jira redirected ${method} ${url.pathname} with HTTP ${response.status}, which does not carry a ${method} over`, {
      status: response.status, method, url, hint: `Send it to the address Jira redirects to: ${next.pathname}`,
    });
  }
  return next;
}

/** The answer of a JSON call as a value, or the error it means. */
function settle<T>(ctx: CallContext, response: Response, payload: Payload, sent: SentRequest): T {
  const { method, url } = sent;
  if (!response.ok) throw errorFromResponse(response, 'text' in payload ? payload.text : '', { sent, authKind: ctx.auth.kind, mask: ctx.mask });
  // Jira serves a request whose credentials it ignored as anonymous (jira-wire.md 10.2).
  if (ctx.auth.kind !== 'anonymous' && response.headers.get('x-ausername') === 'anonymous') {
    const { words, plural } = credentialsOf(ctx.auth.kind);
    throw new AuthenticationError(`Jira answered ${method} ${url.pathname} as anonymous although ${words} ${plural ? 'were' : 'was'} sent`, {
      status: response.status, method, url, hint: 'The credentials were not accepted (revoked token? incomplete OAuth settings?); run the dance again or check the token',
    });
  }
  if ('json' in payload) return payload.json as T;
  if (payload.text.trim() === '') return undefined as T;
  throw new ResponseFormatError(`Jira answered ${method} ${url.pathname} with something that is not JSON${/^\s*</.test(payload.text) ? ' (an HTML page)' : ''}`, {
    status: response.status, method, url, body: payload.text, mask: ctx.mask, hint: 'Check --server: a proxy or login page may be answering instead of Jira',
  });
}

/** A JSON call: signed, retried, redirected on the server only, and explained when it fails. */
export async function callJson<T>(ctx: CallContext, method: string, path: string, opts: RequestOptions, accept: string, read: BodyReader = readJson): Promise<T> {
  const json = opts.body !== undefined && typeof opts.body !== 'string';
  const body = opts.body === undefined ? undefined : json ? JSON.stringify(opts.body) : String(opts.body);
  const headers: Record<string, string> = {
    accept,
    'x-atlassian-token': 'no-check',
    ...(json ? { 'content-type': 'application/json' } : {}),
    ...opts.headers,
  };
  const signal = combine(opts.signal, ctx.clientSignal());
  let url = resolveOnServer(ctx.baseUrl, path, opts.query);
  for (let hops = 0; ; hops++) {
    const { response, payload, sent } = await sendWithRetries({ method, url, headers, body, signal }, ctx.auth, ctx.transport, async (r, s) => ({
      response: r,
      sent: s,
      // The body is read inside the attempt, so one cut halfway is retried too.
      payload: r.ok ? await read(r, limitFor(ctx, method, url)) : { text: await readText(r, limitFor(ctx, method, url)) },
    }));
    const next = nextHop(ctx, response, method, url, hops);
    if (next) {
      url = next;
      continue;
    }
    return settle<T>(ctx, response, payload, sent);
  }
}

/** The raw call: the answer whatever its status, its body read within the limit. */
export async function callRaw(ctx: CallContext, path: string, init: FetchOptions): Promise<Response> {
  const method = (init.method ?? 'GET').toUpperCase();
  const url = resolveOnServer(ctx.baseUrl, path, init.query);
  const signal = combine(init.signal, ctx.clientSignal());
  return sendWithRetries({ method, url, headers: { accept: '*/*', ...init.headers }, body: init.body, signal }, ctx.auth, ctx.transport, async (response) => {
    if (response instanceof LightResponse) {
      // Already bounded by the transport; still refuse one over the client's own limit.
      const { bytes, release } = await readBytes(response, limitFor(ctx, method, url));
      return new LightResponse(response.status, response.statusText, response.headers, response.url, bytes, release) as unknown as Response;
    }
    const { bytes } = await readBytes(response, limitFor(ctx, method, url));
    const raw = [...response.headers].flat();
    return new LightResponse(response.status, response.statusText, new LightHeaders(raw), response.url || url.href, bytes) as unknown as Response;
  });
}
