/**
 * The browser leg of the OAuth 2.0 dance, without network: the authorize URL (PKCE S256, a
 * `state`, a scope, which Jira requires), and reading the address Jira sent the browser back to
 * (oauth2-provider.md 1.3).
 */
import { AbortedError, ConfigError, JiraKitError } from '../errors/jira-kit-error.js';
import { OAuth2Error } from '../errors/oauth2-error.js';

/** The authorization request's parameters. */
export interface OAuth2AuthorizeRequest {
  /** Jira's base URL with context path. */
  readonly server: string;
  readonly clientId: string;
  /** Exactly as registered in the link: Jira compares the strings (oauth2-provider.md 1.9). */
  readonly redirectUri: string;
  /** Space-separated scopes within the link's, e.g. "WRITE" or "ADMIN"; Jira requires one. */
  readonly scope: string;
  /** A random value the redirect must bring back (randomState()). */
  readonly state: string;
  /** The PKCE S256 challenge (createPkce().challenge). */
  readonly codeChallenge: string;
}

/**
 * The page where the user logs in and clicks Allow.
 * @example
 * const pkce = createPkce();
 * const url = getOAuth2AuthorizeUrl({ server, clientId, redirectUri, scope: 'ADMIN', state: randomState(), codeChallenge: pkce.challenge });
 */
export function getOAuth2AuthorizeUrl(request: OAuth2AuthorizeRequest): string {
  const query = new URLSearchParams({
    client_id: request.clientId,
    redirect_uri: request.redirectUri,
    response_type: 'code',
    scope: request.scope,
    state: request.state,
    code_challenge: request.codeChallenge,
    code_challenge_method: 'S256',
  });
  return `${request.server.replace(/\/+$/, '')}/rest/oauth2/latest/authorize?${query.toString()}`;
}

/** What the redirect must match. */
export interface ExpectedRedirect {
  readonly state: string;
  readonly redirectUri: string;
  /** The scope asked for, for the invalid_scope sentence. */
  readonly scope?: string | undefined;
}

function parse(address: string, redirectUri: string): URL {
  let url: URL;
  try {
    url = new URL(address.trim());
  } catch {
    throw new ConfigError('That is not the address the browser was sent to', { hint: `Copy the whole address from the browser's address bar; it starts with ${redirectUri}` });
  }
  const expected = new URL(redirectUri);
  if (url.origin !== expected.origin || url.pathname !== expected.pathname) {
    throw new ConfigError(`That address is not the redirect URL ${redirectUri}`, { hint: "Copy the address the browser was sent to after you clicked Allow (the page will not load; its address holds the code)" });
  }
  return url;
}

/** The error a redirect's `error` parameter means. */
function redirectError(url: URL, expected: ExpectedRedirect): JiraKitError {
  const error = url.searchParams.get('error') ?? '';
  const description = url.searchParams.get('error_description') ?? undefined;
  if (error === 'access_denied') return new AbortedError('Access was denied in the browser', { hint: 'Run the dance again and click Allow', reason: 'declined' });
  const init = { status: 303, method: 'GET', url: new URL(`${url.origin}${url.pathname}`), error, errorDescription: description };
  if (error === 'invalid_scope') {
    return new OAuth2Error(`Jira's link for this client does not allow the scope ${expected.scope ?? 'asked for'}`, {
      ...init,
      hint: "Ask for a scope within the link's Permission (e.g. --scope READ), or have an administrator widen the link",
    });
  }
  return new OAuth2Error(`Jira refused the authorization request (${error.replace(/[^\w.-]/g, '').slice(0, 40)})`, { ...init, hint: 'Run with --verbose, or check the link in Jira (Administration > Applications > Application links)' });
}

/**
 * Reads the address Jira sent the browser back to: the authorization code, after checking that
 * `state` is this dance's (else it is a forged or stale redirect, RFC 6749 10.12). A denial is an
 * AbortedError ('declined'); any other `error` an OAuth2Error.
 * @example
 * const code = readOAuth2Redirect('http://localhost:8765/callback?code=…&state=…', { state, redirectUri });
 */
export function readOAuth2Redirect(address: string, expected: ExpectedRedirect): string {
  const url = parse(address, expected.redirectUri);
  const q = url.searchParams;
  if (!q.has('code') && !q.has('error')) {
    throw new ConfigError('The address holds neither an authorization code nor an error', { hint: 'Copy the whole address, query included, from the browser after clicking Allow' });
  }
  if (q.get('state') !== expected.state) {
    throw new JiraKitError("The browser came back with a state that is not this dance's, so nothing was exchanged (a stale or forged redirect)", {
      hint: 'Run the dance again and use only the authorize URL it prints',
    });
  }
  if (q.has('error')) throw redirectError(url, expected);
  const code = q.get('code') ?? '';
  if (code === '') throw new ConfigError('The address holds an empty authorization code', { hint: 'Run the dance again' });
  return code;
}
