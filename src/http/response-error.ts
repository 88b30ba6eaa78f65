/**
 * Turns a non-2xx REST answer into the right error, reading Jira's four error shapes in one
 * place (jira-wire.md 4.0): errorMessages/errors JSON, the plugin {"message"} JSON, HTML pages,
 * and OAuth's form-encoded oauth_problem.
 */
import { credentialsOf } from '../auth/auth.js';
import { baseStringOfHeader } from '../auth/oauth1.js';
import { AuthenticationError, RateLimitError, WebSudoError } from '../errors/auth-errors.js';
import { HttpError, ResponseFormatError, type HttpErrorInit } from '../errors/http-error.js';
import type { SentRequest } from './hooks.js';
import { oauthFailure, oauthProblemOf } from './oauth-response.js';

/** What the request was. */
export interface Exchange {
  /** The attempt the answer belongs to, as sent (its Authorization gives the signed base string). */
  readonly sent: Pick<SentRequest, 'method' | 'url' | 'headers' | 'body'>;
  /** The auth strategy's kind, for advice. */
  readonly authKind: string;
  /** Masks the session's secrets in everything the error keeps (a server may echo them). */
  readonly mask?: ((text: string) => string) | undefined;
}

/** Jira's messages from a JSON error body, whichever shape it has. */
export function jiraMessages(body: string): { errorMessages: string[]; errors: Record<string, string> } {
  try {
    const parsed = JSON.parse(body) as { errorMessages?: unknown; errors?: unknown; message?: unknown };
    const errorMessages = Array.isArray(parsed.errorMessages) ? parsed.errorMessages.map(String) : [];
    if (typeof parsed.message === 'string') errorMessages.push(parsed.message);
    const errors: Record<string, string> = {};
    if (parsed.errors && typeof parsed.errors === 'object') {
      for (const [k, v] of Object.entries(parsed.errors as Record<string, unknown>)) errors[k] = String(v);
    }
    return { errorMessages, errors };
  } catch {
    return { errorMessages: [], errors: {} };
  }
}

const isWebSudoLocation = (location: string | null): boolean => location !== null && /WebSudoAuthenticate/i.test(location);

/** The error for a WebSudo demand, whichever form it took. */
export function webSudoError(init: HttpErrorInit): WebSudoError {
  const path = new URL(String(init.url)).pathname;
  // /secure/admin pages need a browser session that re-entered the password; REST admin resources
  // let OAuth 1.0a and Basic through but not PATs or sessions (jira-wire.md 5.1).
  const hint = /\/rest\//.test(path)
    ? 'Personal access tokens and browser sessions must pass WebSudo here; use OAuth or Basic credentials, or the documented /rest/api/2/applicationrole resource'
    : 'OAuth and access tokens cannot pass WebSudo; use a REST resource instead of /secure/admin pages (e.g. /rest/plugins/applications/1.0/installed/jira-software for license seats)';
  return new WebSudoError(`Jira demands WebSudo (a password re-entered in a browser session) for ${init.method} ${path}`, { ...init, hint });
}

/**
 * The error a non-2xx answer means, with a message and a hint: Jira's four error shapes, OAuth
 * problems (with the base string this attempt signed, for a signature_invalid diff), WebSudo,
 * CAPTCHA lockouts, rate limits. Public so scripts using `client.fetch` get the same errors.
 */
export function errorFromResponse(response: Response, body: string, exchange: Exchange): HttpError {
  const { method, url, headers } = exchange.sent;
  const { mask } = exchange;
  const { errorMessages, errors } = jiraMessages(body);
  const init: HttpErrorInit = { status: response.status, method, url, body, errorMessages, errors: Object.keys(errors).length ? errors : undefined, mask };
  const where = `${method} ${url.pathname}`;
  if (oauthProblemOf(response, body)) {
    const localBaseString = baseStringOfHeader(headers['authorization'], { method, url, contentType: headers['content-type'], body: exchange.sent.body });
    return oauthFailure(response, body, { method, url, localBaseString, mask });
  }
  if (isWebSudoLocation(response.headers.get('location')) || errorMessages.includes('This resource requires WebSudo.')) return webSudoError(init);
  const denied = response.headers.get('x-authentication-denied-reason');
  if (denied) {
    return new AuthenticationError(`Jira locked the login behind a CAPTCHA (${denied.split(';')[0]})`, {
      ...init,
      hint: 'Log in once in a browser and solve the CAPTCHA; retrying only extends the lockout',
    });
  }
  const sent = credentialsOf(exchange.authKind);
  const detail = [...errorMessages, ...Object.entries(errors).map(([k, v]) => `${k}: ${v}`)].join('; ');
  const said = detail ? `: ${detail}` : '';
  switch (response.status) {
    case 401:
      return new AuthenticationError(`Jira answered ${where} with HTTP 401${said}`, {
        ...init,
        hint: exchange.authKind === 'anonymous'
          ? 'This needs credentials: pass --token, --username, or OAuth settings (or --profile)'
          : `Jira did not accept ${sent.words}${response.headers.get('x-seraph-loginreason') ? ` (${response.headers.get('x-seraph-loginreason')})` : ''}; check ${sent.plural ? 'them' : 'it'}, or whether that kind of login is allowed`,
      });
    case 403:
      return new HttpError(`Jira answered ${where} with HTTP 403${said || (body.startsWith('XSRF') ? ': XSRF check failed' : '')}`, {
        ...init,
        hint: body.startsWith('XSRF') ? 'Send the header X-Atlassian-Token: no-check with form or multipart bodies' : 'The user lacks the permission for this (an administrator?)',
      });
    case 406:
      return new HttpError(`Jira answered ${where} with HTTP 406 Not Acceptable`, { ...init, hint: 'This resource does not serve application/json; send Accept: */*' });
    case 429:
      return new RateLimitError(`Jira's rate limit refused ${where} (HTTP 429)`, {
        ...init,
        hint: `Slow down; Jira says to retry after ${response.headers.get('retry-after') ?? '?'} s`,
      });
  }
  if (/html/i.test(response.headers.get('content-type') ?? '') && !detail) {
    return new ResponseFormatError(`Jira answered ${where} with an HTML page (HTTP ${response.status})`, {
      ...init,
      hint: response.status === 404 ? 'Check the path and the context path in --server' : 'Check --server; a proxy or login page may be in the way',
    });
  }
  return new HttpError(`Jira answered ${where} with HTTP ${response.status}${said}`, { ...init, hint: response.status >= 500 ? 'Jira had a problem; try again later' : 'Check the request' });
}
