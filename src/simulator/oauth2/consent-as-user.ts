/**
 * A scripted person at a browser for the OAuth 2.0 dance: opens the authorize URL, logs in when
 * Jira asks, and clicks Allow or Deny on the consent page, sending the page as `Referer` as a
 * browser does. It returns where the browser was sent (the client's redirect with `code` and
 * `state`, or an error), without following it: that is the client's own listener.
 */
import { cookieBrowser, type BrowserFetch } from '../cookie-browser.js';

/** The fetch it uses: global fetch, or `sim.fetch` in-process. */
export type ConsentFetch = BrowserFetch;

/** What the person does. */
export interface ConsentOptions {
  /** The `/rest/oauth2/latest/authorize?...` URL the client opened. */
  readonly authorizeUrl: string;
  readonly username: string;
  readonly password: string;
  readonly decision?: 'allow' | 'deny';
  readonly fetch?: ConsentFetch;
}

/** Where the browser was sent, with the query parameters a client reads. */
export interface ConsentResult {
  readonly redirectedTo: string;
  readonly code?: string | undefined;
  readonly state?: string | undefined;
  /** `error` of a client redirect, or `errorName` of Jira's error page. */
  readonly error?: string | undefined;
  readonly errorDescription?: string | undefined;
}

const unescape = (s: string): string => s.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c))).replace(/&amp;/g, '&');

function result(location: string): ConsentResult {
  const q = new URL(location).searchParams;
  return {
    redirectedTo: location,
    code: q.get('code') ?? undefined,
    state: q.get('state') ?? undefined,
    error: q.get('error') ?? q.get('errorName') ?? undefined,
    errorDescription: q.get('error_description') ?? q.get('errorDescription') ?? undefined,
  };
}

/** Opens the consent page, logging in on the way if Jira sends the browser to its login page. */
async function openConsent(go: BrowserFetch, url: string, options: ConsentOptions): Promise<string> {
  let response = await go(url);
  if (response.status === 302 && /\/login\.jsp/.test(response.headers.get('location') ?? '')) {
    const loginUrl = new URL(response.headers.get('location') ?? '', url);
    const loginPage = await (await go(loginUrl.href)).text();
    const destination = unescape(/name="os_destination" value="([^"]*)"/.exec(loginPage)?.[1] ?? '');
    const body = new URLSearchParams({ os_username: options.username, os_password: options.password, os_destination: destination });
    const action = unescape(/<form[^>]*action="([^"]+)"/.exec(loginPage)?.[1] ?? loginUrl.href);
    response = await go(new URL(action, loginUrl).href, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
    if (response.status !== 302) throw new Error('login failed: wrong user name or password');
    response = await go(new URL(response.headers.get('location') ?? '', loginUrl).href);
  }
  const page = await response.text();
  if (response.status !== 200 || !page.includes('id="consent-form"')) {
    const message = /id="error-message">([^<]*)</.exec(page)?.[1];
    throw new Error(`no consent page (HTTP ${response.status}${message ? `: ${unescape(message)}` : ''})`);
  }
  return page;
}

/** Opens the authorize URL, logs in, and clicks Allow (default) or Deny on the consent page. */
export async function consentAsUser(options: ConsentOptions): Promise<ConsentResult> {
  const go = cookieBrowser(options.fetch ?? fetch);
  const first = await go(options.authorizeUrl);
  const consentUrl = new URL(first.headers.get('location') ?? '', options.authorizeUrl).href;
  // Anything but the consent page (the client's redirect with invalid_scope, or the error page) ends it.
  if (first.status !== 303 || !consentUrl.includes('/plugins/servlet/oauth2/consent')) return result(consentUrl);
  const page = await openConsent(go, consentUrl, options);
  if (options.decision === 'deny') return result(new URL(unescape(/<a href="([^"]*)" id="deny"/.exec(page)?.[1] ?? ''), consentUrl).href);
  const action = new URL(unescape(/<form[^>]*action="([^"]+)"[^>]*id="consent-form"/.exec(page)?.[1] ?? ''), consentUrl);
  for (const [, name = '', value = ''] of page.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)) {
    action.searchParams.append(unescape(name), unescape(value));
  }
  const approved = await go(action.href, { headers: { referer: consentUrl } });
  return result(new URL(approved.headers.get('location') ?? '', action).href);
}
