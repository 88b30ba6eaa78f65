/**
 * The browser of the simulator's scripted users (scripted-user.ts for OAuth 1.0a, oauth2/
 * consent-as-user.ts for OAuth 2.0): it keeps the cookies Jira sets (the login session, the XSRF
 * token) and sends them back, and does not follow redirects, so each step sees where Jira sends it.
 */

/** Any fetch that takes a URL string: global fetch, `sim.fetch`, or jirakit's transport. */
export type BrowserFetch = (input: string, init?: RequestInit) => Promise<Response>;

/** A cookie-keeping browser over `doFetch`. */
export function cookieBrowser(doFetch: BrowserFetch): BrowserFetch {
  const cookies = new Map<string, string>();
  return async (url, init = {}) => {
    const headers = new Headers(init.headers);
    if (cookies.size > 0) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    const response = await doFetch(url, { ...init, headers, redirect: 'manual' });
    for (const line of response.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      if (eq > 0) cookies.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
    }
    return response;
  };
}
