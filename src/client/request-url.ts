/**
 * The URLs a client may send its credentials to: the configured server's origin (scheme, host,
 * port) and path (the context path). Relative paths go below the base; an absolute URL must stay
 * on it (Jira's own `self` links do); anything else is refused before a byte is sent.
 */
import { OriginError } from '../errors/jira-kit-error.js';
import { redactUrl } from '../errors/redact.js';
import type { Query } from './jira-client.js';

/** Appends query parameters; arrays repeat the name. */
export function withQuery(url: URL, query: Query | undefined): URL {
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(v));
  }
  return url;
}

/**
 * Whether a path could leave the directory it names once a servlet container reads it: a dot
 * segment hidden from the URL parser (`..;x`, `%2e%2e`) or an encoded slash. Tomcat, which Jira
 * runs on, drops `;params` and decodes before it maps a request, so `/jira/..;/other/` reaches
 * the `other` webapp on the same origin.
 */
function escapesPath(pathname: string): boolean {
  return pathname.split('/').some((segment) => {
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      return true;
    }
    // Parameters dropped before decoding (Tomcat) and after (other servers and proxies).
    const names = [decodeURIComponentSafe(segment.split(';')[0] ?? ''), decoded.split(';')[0] ?? ''];
    return names.some((name) => name === '.' || name === '..') || /[/\\]/.test(decoded);
  });
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Whether `url` is on the server at `base`: same origin, and a path at or below the base path. */
export function isOnServer(url: URL, base: URL): boolean {
  if (url.origin !== base.origin || escapesPath(url.pathname)) return false;
  const root = base.pathname.replace(/\/+$/, '');
  return root === '' || url.pathname === root || url.pathname.startsWith(`${root}/`);
}

/** The refusal of a URL outside the server. */
export function originError(url: string | URL, baseUrl: string): OriginError {
  return new OriginError(`Refused to send a request to ${redactUrl(url)}: it is not on the server ${baseUrl}, and the credentials are for that server only`, {
    hint: 'Give a path on the server (e.g. /rest/api/2/myself), or point --server at the other Jira',
  });
}

/** The refusal of a redirect off the server: the credentials would follow it. */
export function redirectError(method: string, from: URL, to: URL, baseUrl: string): OriginError {
  const where = to.origin === from.origin ? `${to.pathname}, outside ${baseUrl}` : `another host (${to.host})`;
  return new OriginError(`Jira redirected ${method} ${from.pathname} to ${where}; jirakit does not send credentials off the server`, {
    hint: 'Check --server: use the URL Jira itself uses (https? another host name or context path?)',
  });
}

/** Resolves a path (or a URL on the server) against the base URL; other URLs are refused. */
export function resolveOnServer(baseUrl: string, path: string, query?: Query): URL {
  const base = new URL(baseUrl);
  let url: URL;
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith('//')) {
    try {
      url = new URL(path);
    } catch {
      throw originError(path, baseUrl);
    }
    if (!isOnServer(url, base)) throw originError(url, baseUrl);
  } else {
    url = new URL(`${baseUrl}${path.startsWith('/') ? '' : '/'}${path}`);
    // A path that climbs out of the context path (/../other) is outside the server too.
    if (!isOnServer(url, base)) throw originError(url, baseUrl);
  }
  return withQuery(url, query);
}
