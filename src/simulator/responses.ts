/**
 * Jira's four error shapes and the common response headers (jira-wire.md 1, 4.0), built as web
 * Responses so the simulator works in-process and over a socket alike.
 */
import { percentEncode } from '../auth/oauth1-signature.js';
import type { Param } from '../auth/oauth1-signature.js';

/** HTTP status for each oauth_problem (net.oauth OAuthServlet.PROBLEM_TO_HTTP_CODE, jira-wire.md 2.7). */
export const PROBLEM_STATUS: Readonly<Record<string, number>> = {
  version_rejected: 400,
  parameter_absent: 400,
  parameter_rejected: 400,
  timestamp_refused: 400,
  signature_method_rejected: 400,
  nonce_used: 401,
  token_used: 401,
  token_expired: 401,
  token_revoked: 401,
  token_rejected: 401,
  token_not_authorized: 401,
  signature_invalid: 401,
  consumer_key_unknown: 401,
  consumer_key_rejected: 401,
  additional_authorization_required: 401,
  permission_unknown: 401,
  permission_denied: 401,
  user_refused: 503,
  consumer_key_refused: 503,
};

/** An OAuth problem: status, parameters, and whether to send the form body (authorize sends HTML). */
export class OAuthProblem extends Error {
  readonly status: number;
  constructor(readonly problem: string, readonly extra: readonly Param[] = []) {
    super(problem);
    this.status = PROBLEM_STATUS[problem] ?? 403;
  }
}

/** The bare realm challenge the OAuth filter adds to every 401 (jira-wire.md 1). */
export function realmChallenge(baseUrl: string): string {
  return `OAuth realm="${percentEncode(baseUrl)}"`;
}

/** A form-encoded oauth_problem answer with both WWW-Authenticate lines (jira-wire.md 2.8). */
export function oauthProblemResponse(problem: OAuthProblem, baseUrl: string): Response {
  const params: Param[] = [['oauth_problem', problem.problem], ...problem.extra];
  const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' });
  if (problem.status === 401) headers.append('www-authenticate', realmChallenge(baseUrl));
  headers.append(
    'www-authenticate',
    `${realmChallenge(baseUrl)}, ${params.map(([n, v]) => `${n}="${percentEncode(v)}"`).join(', ')}`,
  );
  const body = params.map(([n, v]) => `${percentEncode(n)}=${percentEncode(v)}`).join('&');
  return new Response(body, { status: problem.status, headers });
}

/** A JSON answer with Jira's content type. */
export function json(body: unknown, status = 200, headers?: Record<string, string> | Headers): Response {
  const h = new Headers(headers);
  h.set('content-type', 'application/json;charset=UTF-8');
  return new Response(JSON.stringify(body), { status, headers: h });
}

/**
 * Encoded bodies of Responses built by `bytes()`, so the socket server writes them as they are
 * instead of reading them back through a web stream (a copy per hop: the simulator, not the
 * client, would be what a big search measures).
 */
const RAW_BODIES = new WeakMap<Response, Uint8Array>();

/** A Response over bytes already encoded; in-process readers get them through a stream made on demand. */
export function bytes(body: Uint8Array, init: ResponseInit): Response {
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      // A copy: the bytes may be a cached page, and a reader may write into what it is given.
      controller.enqueue(new Uint8Array(body));
      controller.close();
    },
    // No read ahead: a stream pulls once as it is made when its high-water mark is above 0, and
    // that copied every page the socket server then wrote from the raw bytes anyway (~5 ms a page).
  }, { highWaterMark: 0 });
  const response = new Response(stream, init);
  RAW_BODIES.set(response, body);
  return response;
}

/** The same body under new status or headers, keeping the bytes known to `rawBody()`. */
export function withHeaders(response: Response, init: ResponseInit): Response {
  const raw = RAW_BODIES.get(response);
  if (raw && !response.bodyUsed) return bytes(raw, init);
  return new Response(response.body, init);
}

/** The encoded body of an unread Response built by `bytes()`, if it is one. */
export function rawBody(response: Response): Uint8Array | undefined {
  return response.bodyUsed ? undefined : RAW_BODIES.get(response);
}

/** Jira's resource error shape: `{"errorMessages":[…],"errors":{…}}`. */
export function jiraError(status: number, errorMessages: string[], errors: Record<string, string> = {}): Response {
  return json({ errorMessages, errors }, status);
}

/** An HTML page. */
export function html(body: string, status = 200, headers?: Record<string, string> | Headers): Response {
  const h = new Headers(headers);
  h.set('content-type', 'text/html;charset=UTF-8');
  return new Response(body, { status, headers: h });
}

/** A redirect. */
export function redirect(location: string, headers?: Record<string, string> | Headers): Response {
  const h = new Headers(headers);
  h.set('location', location);
  return new Response(null, { status: 302, headers: h });
}

/** Escapes text for HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** A minimal Jira-looking page. */
export function page(title: string, content: string): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} - Jira (jirakit simulator)</title>
<style>body{font-family:sans-serif;max-width:40em;margin:3em auto;color:#172b4d}
button,input[type=submit]{padding:.4em 1.2em;margin-right:.5em}label{display:block;margin:.6em 0}
.code{font-size:2em;font-family:monospace;letter-spacing:.2em}</style></head>
<body><header><strong>Jira</strong> <small>jirakit simulator</small></header><main>
<h1>${escapeHtml(title)}</h1>
${content}
</main></body></html>`;
}
