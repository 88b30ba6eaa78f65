/**
 * Which redirect URLs Jira lets an admin save for an incoming link (RestClientValidator,
 * oauth2-provider.md 1.9): absolute, no fragment, at most 450 characters, and not plain http
 * unless the host is literally `localhost` (127.0.0.1 is refused) or dev mode is on.
 */
import type { ResolvedOAuth2Settings } from './oauth2-types.js';

/** A client Jira would not save: a bad redirect, scope or a missing field. */
export class OAuth2ClientError extends TypeError {
  override readonly name = 'OAuth2ClientError';
}

/** Throws an OAuth2ClientError unless Jira would save this redirect. */
export function checkRedirectUri(uri: string, settings: ResolvedOAuth2Settings): void {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new OAuth2ClientError(`OAuth 2.0 client redirect '${uri}' is not an absolute URL`);
  }
  if (uri.length > 450) throw new OAuth2ClientError('OAuth 2.0 client redirect is longer than 450 characters');
  if (uri.includes('#')) throw new OAuth2ClientError(`OAuth 2.0 client redirect '${uri}' has a #fragment`);
  const localhost = url.hostname.toLowerCase() === 'localhost' && !settings.disallowLocalhostRedirect;
  if (url.protocol === 'http:' && !localhost && !settings.devMode) {
    throw new OAuth2ClientError(`OAuth 2.0 client redirect '${uri}' must use https (plain http only for the host 'localhost', or in dev mode)`);
  }
}
