/**
 * A scripted person at a browser: logs in to Jira, opens the authorize page and clicks Allow or
 * Deny by posting the page's own form (XSRF token included). The demo and the tests use it to
 * approve a dance the way a user would, over a socket or in-process.
 */
import type { FetchLike } from '../http/fetch-like.js';
import { cookieBrowser } from './cookie-browser.js';

/** What the person does. */
export interface ApproveOptions {
  /** The authorize URL the dance printed. */
  readonly authorizeUrl: string;
  readonly username: string;
  readonly password: string;
  readonly decision?: 'allow' | 'deny';
  readonly fetch?: FetchLike;
}

/** Where the person ended up. */
export interface ApproveResult {
  /** The callback the browser was sent to (1.0a with a callback), if any. */
  readonly redirectedTo?: string | undefined;
  /** The verification code shown on the page (oob), if any. */
  readonly verifier?: string | undefined;
  /** The final page's title. */
  readonly title: string;
}

const field = (htmlText: string, name: string): string | undefined =>
  new RegExp(`name="${name}" value="([^"]*)"`).exec(htmlText)?.[1]?.replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c)));

/** Logs in, opens the authorize page and decides. Throws if a page is not what Jira shows. */
export async function approveAsUser(options: ApproveOptions): Promise<ApproveResult> {
  const go = cookieBrowser(options.fetch ?? fetch);
  const form = (data: Record<string, string>): RequestInit => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(data).toString(),
  });

  let response = await go(options.authorizeUrl);
  if (response.status === 302) {
    const loginUrl = new URL(response.headers.get('location') ?? '', options.authorizeUrl);
    const loginPage = await (await go(loginUrl.href)).text();
    const destination = field(loginPage, 'os_destination') ?? '';
    const action = /<form[^>]*action="([^"]+)"/.exec(loginPage)?.[1] ?? loginUrl.href;
    response = await go(new URL(action, loginUrl).href, form({ os_username: options.username, os_password: options.password, os_destination: destination }));
    if (response.status !== 302) throw new Error('login failed: wrong user name or password');
    response = await go(new URL(response.headers.get('location') ?? '', loginUrl).href);
  }
  const page = await response.text();
  if (response.status !== 200 || !page.includes('Request for Access')) throw new Error(`no authorize page (HTTP ${response.status})`);
  const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1] ?? options.authorizeUrl;
  const decision = options.decision === 'deny' ? { deny: 'Deny' } : { approve: 'Allow' };
  response = await go(new URL(action, options.authorizeUrl).href, form({
    oauth_token: field(page, 'oauth_token') ?? '',
    atl_token: field(page, 'atl_token') ?? '',
    ...decision,
  }));
  if (response.status === 302) return { redirectedTo: response.headers.get('location') ?? '', title: 'redirect' };
  const done = await response.text();
  return {
    verifier: /id="verifier">([^<]+)</.exec(done)?.[1],
    title: /<h1>([^<]*)<\/h1>/.exec(done)?.[1] ?? '',
  };
}
