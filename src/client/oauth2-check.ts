/**
 * Checks, before a browser is opened, what Jira can tell about an OAuth 2.0 link without a
 * user: that it knows the client and secret, that the scope is within the link's, and that it
 * will serve the consent page (HTTPS unless dev mode). Each failure is one sentence instead of an
 * error page in the browser and a dance that waits for nothing (oauth2-provider.md 1.3, 1.9).
 */
import { anonymousAuth } from '../auth/auth.js';
import { createPkce, randomState } from '../auth/oauth2-pkce.js';
import { HttpError, ResponseFormatError } from '../errors/http-error.js';
import { ConfigError } from '../errors/jira-kit-error.js';
import { OAuth2Error } from '../errors/oauth2-error.js';
import { sendWithRetries } from '../http/send-with-retries.js';
import { getOAuth2AuthorizeUrl, readOAuth2Redirect } from './oauth2-authorize.js';
import { checkOAuth2Client, type OAuth2ClientOptions } from './oauth2-legs.js';

/** What the check needs: the client, and the redirect and scope the dance will ask for. */
export type OAuth2LinkCheck = OAuth2ClientOptions & { readonly redirectUri: string; readonly scope: string };

const CONSENT_PATH = '/plugins/servlet/oauth2/consent';
const ERROR_PATH = '/plugins/servlet/oauth2/error';

/** One GET without following redirects: status, Location and body. */
async function get(options: OAuth2LinkCheck, url: URL): Promise<{ status: number; location: string | undefined; body: string }> {
  return sendWithRetries({ method: 'GET', url, headers: { accept: 'text/html,*/*' } }, anonymousAuth, { fetch: options.fetch, timeoutMs: options.timeoutMs, hooks: options.hooks, retry: { limit: 0 } }, async (r) => ({
    status: r.status,
    location: r.headers.get('location') ?? undefined,
    body: (await r.text()).slice(0, 4096),
  }));
}

/** The consent page anonymously: 400 is the HTTPS rule, 412 a redirect that is not a URL; a login redirect is fine. */
async function checkConsent(options: OAuth2LinkCheck, consent: URL): Promise<void> {
  const page = await get(options, consent);
  const init = { status: page.status, method: 'GET', url: consent };
  if (page.status === 400 && (new URL(options.server).protocol === 'http:' || /https/i.test(page.body))) {
    throw new ResponseFormatError(`Jira serves OAuth 2.0 authorization only over HTTPS, and ${options.server} is not`, {
      ...init,
      hint: "Use Jira's https:// base URL in --server; plain http works only on an instance in dev mode (atlassian.dev.mode)",
    });
  }
  if (page.status === 412) throw new ConfigError(`Jira finds the redirect URL ${options.redirectUri} invalid`, { hint: 'Give --redirect-uri as an absolute http://localhost:PORT/PATH URL' });
  if (page.status >= 400) throw new ResponseFormatError(`Jira answered its OAuth 2.0 consent page with HTTP ${page.status}`, { ...init, hint: 'Run with --verbose to see the answer' });
}

/**
 * Throws the first problem found, explained; resolves when Jira knows the client with this
 * secret and would show its consent page for this scope. Sends nothing that changes Jira.
 * @example
 * await checkOAuth2Link({ server, clientId, clientSecret, redirectUri: 'http://localhost:8765/callback', scope: 'ADMIN' });
 */
export async function checkOAuth2Link(options: OAuth2LinkCheck): Promise<void> {
  // A provider without /revoke (a plugin older than the one documented) still gets its dance.
  await checkOAuth2Client(options).catch((error: unknown) => {
    if (!(error instanceof HttpError && error.status === 404)) throw error;
  });
  const state = randomState();
  const url = new URL(getOAuth2AuthorizeUrl({ ...options, state, codeChallenge: createPkce().challenge }));
  const first = await get(options, url);
  if (first.status === 404) {
    throw new ResponseFormatError(`Jira has no OAuth 2.0 provider at ${url.pathname} (HTTP 404)`, { status: 404, method: 'GET', url, hint: 'OAuth 2.0 needs Jira Data Center 8.22 or later; check --server (the base URL with its context path)' });
  }
  if (first.status >= 400) {
    throw new ResponseFormatError(`Jira answered ${url.pathname} with HTTP ${first.status}`, { status: first.status, method: 'GET', url, body: first.body, hint: 'Check --server: it must be the base URL Jira itself uses' });
  }
  const location = first.location === undefined ? undefined : new URL(first.location, url);
  // Anything but a redirect (a page of its own in some version) leaves nothing to check here.
  if (first.status < 300 || !location) return;
  // The scope is checked first, its error sent to the redirect URL given (oauth2-provider.md 1.3 step 1).
  if (location.href.startsWith(options.redirectUri)) {
    readOAuth2Redirect(location.href, { state, redirectUri: options.redirectUri, scope: options.scope });
    return;
  }
  if (location.pathname.endsWith(ERROR_PATH)) {
    const name = location.searchParams.get('errorName') ?? 'invalid_request';
    throw new OAuth2Error('Jira refused the authorization request before showing the consent page', {
      status: first.status, method: 'GET', url, error: name, errorDescription: location.searchParams.get('errorDescription') ?? undefined, hint: 'Check the client ID, the redirect URL and the scope',
    });
  }
  if (location.pathname.endsWith(CONSENT_PATH)) await checkConsent(options, location);
}
