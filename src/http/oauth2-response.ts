/**
 * Reading the answers of Jira's OAuth 2.0 token and revoke endpoints (oauth2-provider.md 1.4,
 * 1.7): a token as JSON, or `{"error","error_description"}` explained in one sentence per error
 * and grant. A token answer's body is never kept on an error: it holds tokens.
 */
import { HttpError, ResponseFormatError } from '../errors/http-error.js';
import { OAuth2Error } from '../errors/oauth2-error.js';
import { jiraMessages } from './response-error.js';

/** Which request it was, for the sentence. */
export type OAuth2Operation = 'authorization_code' | 'refresh_token' | 'revoke' | 'probe';

/** What the reader needs to explain a failure. */
export interface OAuth2Exchange {
  readonly operation: OAuth2Operation;
  readonly url: URL;
  readonly clientId: string;
  /** Masks the session's secrets in what the error keeps. */
  readonly mask?: ((text: string) => string) | undefined;
}

/** A token answer's fields as Jira sends them (RestToken). */
export interface TokenAnswer {
  readonly access_token: string;
  readonly token_type?: string | undefined;
  readonly expires_in?: number | undefined;
  readonly refresh_token?: string | undefined;
  readonly scope?: string | undefined;
}

/** The longest `expires_in` taken as meant: ten years. */
const MAX_LIFETIME_SECONDS = 10 * 366 * 86_400;

const REDO = 'Run `jirakit dance --oauth2 --save` again to get new tokens';

/** The sentence and hint for an OAuth 2.0 error code. */
function explain(error: string, exchange: OAuth2Exchange): { message: string; hint: string } {
  const { operation, clientId } = exchange;
  if (error === 'invalid_client') {
    return {
      message: `Jira did not accept OAuth 2.0 client ID '${clientId}' with this client secret`,
      hint: "Check the client ID and secret against Jira's External application link (Administration > Applications > Application links); the secret can be viewed there",
    };
  }
  if (error === 'invalid_grant' && operation === 'refresh_token') {
    return { message: 'Jira refused the OAuth 2.0 refresh token: it has expired, was revoked, or was already used', hint: REDO };
  }
  if ((error === 'invalid_grant' || error === 'invalid_request') && operation === 'authorization_code') {
    return {
      message: 'Jira refused the authorization code: it expired, was already used, or its redirect URL or PKCE verifier does not match',
      hint: 'Run the dance again and let it finish within a minute of clicking Allow',
    };
  }
  if (error === 'unsupported_token_type') return { message: 'Jira does not revoke that kind of token', hint: 'Revoke the refresh token or the access token' };
  return { message: `Jira's OAuth 2.0 provider refused the ${operation === 'revoke' ? 'revocation' : 'token request'} (${error})`, hint: 'Run with --verbose to see what Jira said' };
}

/** The error for a non-2xx answer of the token or revoke endpoint. */
export function oauth2Failure(response: Response, body: string, exchange: OAuth2Exchange): HttpError {
  const base = { status: response.status, method: 'POST', url: exchange.url, mask: exchange.mask };
  let parsed: { error?: unknown; error_description?: unknown } = {};
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    // Not JSON: an HTML page or a proxy's answer, below.
  }
  if (typeof parsed.error === 'string' && parsed.error !== '') {
    const description = typeof parsed.error_description === 'string' ? parsed.error_description : undefined;
    const { message, hint } = explain(parsed.error, exchange);
    return new OAuth2Error(message, { ...base, hint, body, error: parsed.error, errorDescription: description });
  }
  if (response.status === 404 || /html/i.test(response.headers.get('content-type') ?? '')) {
    return new ResponseFormatError(`Jira has no OAuth 2.0 provider at ${exchange.url.pathname} (HTTP ${response.status})`, {
      ...base,
      body,
      hint: 'OAuth 2.0 needs Jira Data Center 8.22 or later; check --server (the base URL with its context path)',
    });
  }
  const { errorMessages } = jiraMessages(body);
  const said = errorMessages.length > 0 ? `: ${errorMessages.join('; ')}` : '';
  return new HttpError(`Jira answered POST ${exchange.url.pathname} with HTTP ${response.status}${said}`, { ...base, body, errorMessages, hint: 'Run with --verbose to see the answer' });
}

function malformed(response: Response, exchange: OAuth2Exchange, what: string): ResponseFormatError {
  return new ResponseFormatError(`Jira's answer to ${exchange.url.pathname} ${what}`, {
    status: response.status,
    method: 'POST',
    url: exchange.url,
    body: '(not shown: it may hold tokens)',
    hint: 'Check --server points at Jira Data Center 8.22 or later',
  });
}

/** Reads a token answer (200 JSON with `access_token`), or throws the failure explained. */
export async function readTokenAnswer(response: Response, exchange: OAuth2Exchange): Promise<TokenAnswer> {
  const body = await response.text();
  if (response.status !== 200) throw oauth2Failure(response, body, exchange);
  let parsed: Partial<Record<keyof TokenAnswer, unknown>>;
  try {
    parsed = JSON.parse(body) as typeof parsed;
  } catch {
    throw malformed(response, exchange, 'is not JSON');
  }
  const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);
  const accessToken = text(parsed?.access_token);
  if (!accessToken) throw malformed(response, exchange, 'holds no access token');
  // A token goes into a header and a profile line: visible ASCII only (RFC 6750 2.1 is stricter still).
  const refreshToken = text(parsed.refresh_token);
  if (![accessToken, refreshToken].every((t) => t === undefined || /^[\x21-\x7e]+$/.test(t))) throw malformed(response, exchange, 'holds a token with characters a header cannot carry');
  // Jira writes "bearer"; the header is sent as "Bearer" whatever it says (oauth2-provider.md 1.10).
  const type = text(parsed.token_type);
  if (type !== undefined && type.toLowerCase() !== 'bearer') throw malformed(response, exchange, `holds a '${type.slice(0, 20)}' token, not a bearer token`);
  const seconds = typeof parsed.expires_in === 'string' ? Number(parsed.expires_in) : parsed.expires_in;
  return {
    access_token: accessToken,
    token_type: type,
    // Beyond ten years is no lifetime a provider means (and no date a profile can hold): unknown.
    expires_in: typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 && seconds <= MAX_LIFETIME_SECONDS ? seconds : undefined,
    refresh_token: refreshToken,
    scope: text(parsed.scope),
  };
}
