/**
 * Masks secrets in URLs and headers when an error or a log line is built, so that whatever
 * prints it later is safe by construction (Octokit RequestError does the same).
 */

const SECRET_QUERY_NAMES = new Set([
  'oauth_token',
  'oauth_verifier',
  'oauth_signature',
  'oauth_token_secret',
  'oauth_session_handle',
  'os_password',
  'password',
  'token',
  'access_token',
  'refresh_token',
  'client_secret',
  'code_verifier',
  'api_token',
]);

/** The placeholder that replaces a secret. */
export const REDACTED = '[REDACTED]';

/**
 * A URL as a message may show it: everything between the scheme and the last '@' is replaced,
 * parseable or not, since a password may hold '/', '@', ':', '%' or '#' and then no URL parser
 * finds the user-info. It may hide more than the user-info (an '@' in a path), never less.
 */
export function urlWithoutUserInfo(value: string): string {
  const at = value.lastIndexOf('@');
  if (at < 0) return value;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(value)?.[0] ?? '';
  return `${scheme}[REDACTED]@${value.slice(at + 1)}`;
}

/** Returns the URL with credentials in the userinfo and secret query values masked. */
export function redactUrl(input: string | URL): string {
  let text = String(input);
  // Before any parsing: `https://bob:12/etPASSWORD@host/x` parses as host bob, port 12, with the
  // password in the path; an '@' before the query means user-info, whatever the parser thinks.
  const query = text.search(/[?#]/);
  const head = query < 0 ? text : text.slice(0, query);
  if (head.includes('@')) text = urlWithoutUserInfo(head) + text.slice(head.length);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return text.replace(/([?&](?:oauth_[a-z_]+|password|token)=)[^&#]*/gi, `$1${REDACTED}`);
  }
  if (url.username || url.password) {
    url.username = REDACTED;
    url.password = '';
  }
  if (url.search) {
    // Rewrite the raw query text so the rest of it stays byte-for-byte as sent.
    url.search = url.search.slice(1).split('&').map((pair) => {
      const raw = (pair.split('=')[0] ?? '').replace(/\+/g, ' ');
      let name = raw;
      try {
        name = decodeURIComponent(raw);
      } catch {
        // A stray '%' (`?%zz=1`): the name as it stands.
      }
      return SECRET_QUERY_NAMES.has(name.toLowerCase()) ? `${pair.split('=')[0]}=${REDACTED}` : pair;
    }).join('&');
  }
  return url.href.replace(/%5BREDACTED%5D/g, REDACTED);
}

/** Reduces an Authorization header to its scheme: `OAuth [REDACTED]`. */
export function redactAuthorization(value: string): string {
  const scheme = /^\S+/.exec(value.trim())?.[0];
  return scheme ? `${scheme} ${REDACTED}` : REDACTED;
}

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);

/** Copies headers with Authorization, cookies and the like masked. */
export function redactHeaders(headers: Iterable<[string, string]>): [string, string][] {
  return [...headers].map(([name, value]) => {
    const lower = name.toLowerCase();
    if (lower === 'authorization' || lower === 'proxy-authorization') return [name, redactAuthorization(value)];
    if (SECRET_HEADERS.has(lower)) return [name, REDACTED];
    // Jira's OAuth challenge echoes the signature base string, access token inside (jira-wire.md 2.8).
    if (lower === 'www-authenticate') return [name, redactOAuthValues(value)];
    return [name, value];
  });
}

/**
 * Masks the token, verifier and session handle wherever they sit in OAuth text: a form body
 * (`oauth_token=V&`), a signature base string (`oauth_token%3DV%26`), or a base string inside a
 * form body (`oauth_token%253DV%2526`). Jira's signature_invalid answer is the last kind.
 */
export function redactOAuthValues(text: string): string {
  return (
    text
      // A quoted header parameter: oauth_token="V".
      .replace(/(oauth_(?:token|verifier|session_handle)=")[^"]*(")/gi, `$1${REDACTED}$2`)
      // Each encoding turns '%' into '%25': '=' is '=', '%3D', '%253D', …; '&' likewise.
      .replace(/(oauth_(?:token|verifier|session_handle)(?:%(?:25)*3D|=))(?!")(.*?)(?=%(?:25)*26|&|"|$)/gim, `$1${REDACTED}`)
  );
}
