import { parseForm, parseOAuthHeader } from '../auth/oauth1-signature.js';
import { HttpError, ResponseFormatError } from '../errors/http-error.js';
import { OAuthProblemError } from '../errors/oauth-problem-error.js';
import { readText } from './read-body.js';

/** What the reader needs to explain a failure. */
export interface OAuthExchange {
  readonly method: string;
  readonly url: URL;
  readonly consumerKey?: string | undefined;
  /** The base string that was signed, for signature_invalid diffs. */
  readonly localBaseString?: string | undefined;
  /** This machine's clock in ms when the answer arrived. */
  readonly nowMs?: number | undefined;
  /** Masks the session's secrets in what the error keeps. */
  readonly mask?: ((text: string) => string) | undefined;
}

/** Parses the oauth_problem of a response from its body or its WWW-Authenticate header. */
export function oauthProblemOf(response: Response, body: string): Record<string, string> | undefined {
  const params: Record<string, string> = {};
  const contentType = response.headers.get('content-type') ?? '';
  if (!/html/i.test(contentType) && body.includes('oauth_problem=')) {
    for (const [n, v] of parseForm(body)) params[n] ??= v;
  }
  if (params['oauth_problem'] === undefined) {
    for (const [n, v] of parseOAuthHeader(response.headers.get('www-authenticate') ?? '') ?? []) {
      if (n.startsWith('oauth_')) params[n] ??= v;
    }
  }
  return params['oauth_problem'] === undefined ? undefined : params;
}

/** Seconds this machine is ahead of the server: from the Date header, else the accepted window. */
export function clockSkewSeconds(response: Response, params: Record<string, string>, nowMs: number): number | undefined {
  const date = Date.parse(response.headers.get('date') ?? '');
  if (!Number.isNaN(date)) return Math.round((nowMs - date) / 1000);
  const [min, max] = (params['oauth_acceptable_timestamps'] ?? '').split('-').map(Number);
  if (min === undefined || max === undefined || Number.isNaN(min) || Number.isNaN(max)) return undefined;
  return Math.round(nowMs / 1000 - (min + max) / 2);
}

/** Turns a non-2xx answer into an OAuthProblemError, a ResponseFormatError or an HttpError. */
export function oauthFailure(response: Response, body: string, exchange: OAuthExchange): HttpError {
  const base = { status: response.status, method: exchange.method, url: exchange.url, body, mask: exchange.mask };
  const problem = oauthProblemOf(response, body);
  if (problem) {
    const { oauth_problem: code = 'unknown', ...parameters } = problem;
    return new OAuthProblemError({
      ...base,
      problem: code,
      parameters,
      consumerKey: exchange.consumerKey,
      localBaseString: exchange.localBaseString,
      clockSkewSeconds: code === 'timestamp_refused' ? clockSkewSeconds(response, parameters, exchange.nowMs ?? Date.now()) : undefined,
    });
  }
  if (response.status >= 300 && response.status < 400) {
    const location = response.headers.get('location') ?? '';
    const toHttps = exchange.url.protocol === 'http:' && location.startsWith('https:');
    return new ResponseFormatError(`Jira redirected ${exchange.method} ${exchange.url.pathname} to another address`, {
      ...base,
      hint: toHttps ? 'Use the https:// URL in --server' : 'Check --server: it must be the base URL Jira itself uses (with its context path)',
    });
  }
  if (/html/i.test(response.headers.get('content-type') ?? '') || /^\s*</.test(body)) {
    return new ResponseFormatError(`The server answered ${exchange.url.pathname} with an HTML page (HTTP ${response.status}) instead of an OAuth response`, {
      ...base,
      hint: 'Check --server: it must be the Jira base URL with its context path, not a login or proxy page',
    });
  }
  return new HttpError(`Jira answered ${exchange.method} ${exchange.url.pathname} with HTTP ${response.status}`, {
    ...base,
    hint: 'Run with --verbose to see the answer',
  });
}

/** Reads a form-encoded token answer, or throws the failure explained. */
export async function readOAuthForm(response: Response, exchange: OAuthExchange): Promise<Map<string, string>> {
  // A token answer is a line of form parameters: 1 MiB is far above it, and bounds an injected fetch's body too.
  const body = await readText(response, { method: exchange.method, url: exchange.url, maxBytes: 2 ** 20 });
  if (response.status !== 200) throw oauthFailure(response, body, exchange);
  const params = new Map(parseForm(body));
  if (params.has('oauth_problem')) throw oauthFailure(response, body, exchange);
  if (!params.get('oauth_token') || !params.has('oauth_token_secret')) {
    if (/^\s*</.test(body)) throw oauthFailure(response, body, exchange);
    throw new ResponseFormatError(`Jira's answer to ${exchange.url.pathname} holds no OAuth token`, {
      status: response.status,
      method: exchange.method,
      url: exchange.url,
      body: body.length > 0 ? '(non-empty, not shown: it may hold secrets)' : '(empty)',
      hint: body.length === 0 ? 'Jira answers an empty 200 to GET; the token endpoints need POST' : 'Check --server points at Jira',
    });
  }
  return params;
}
