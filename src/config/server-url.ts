import { ConfigError } from '../errors/jira-kit-error.js';
import { urlWithoutUserInfo } from '../errors/redact.js';

/**
 * Normalises a Jira base URL: http(s) only, context path kept, trailing slash, query and fragment
 * dropped. The result is what gets signed, so it must be the URL Jira itself sees.
 */
export function parseServerUrl(value: string): string {
  const trimmed = value.trim();
  // Messages echo the value without user-info, query or fragment (a base URL needs none of them).
  const shown = urlWithoutUserInfo(trimmed).replace(/[?#][^]*$/, '');
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new ConfigError(`'${shown}' is not a URL`, { hint: 'Give the Jira base URL with its context path, e.g. --server https://jira.example.com/jira' });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`'${shown}' is not an http or https URL`, { hint: 'Give the Jira base URL, e.g. --server https://jira.example.com' });
  }
  // Any '@': 'https://bob:123/etPASSWORD@jira' parses as host bob, port 123, and a password in the path.
  if (url.username || url.password || trimmed.includes('@')) {
    throw new ConfigError("The server URL must not contain a user name or password (or any '@')", { hint: 'Pass credentials with --username/--password or a token, not in the URL' });
  }
  if (url.search || url.hash) {
    throw new ConfigError(`The server URL '${url.origin}${url.pathname}' must not have a query or fragment`, { hint: 'Give only the base URL and context path' });
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}
