/**
 * Renewal of an OAuth 2.0 pair for createOAuth2Auth: inside the token store's critical section,
 * use the pair another process stored meanwhile, or refresh and store the new pair before it is
 * used (rotation, oauth2-provider.md 1.6). Ten monitoring checks that start together with an
 * expired token thus make one refresh between them.
 */
import type { OAuth2Tokens } from '../auth/oauth2.js';
import { ConfigError } from '../errors/jira-kit-error.js';
import { refreshOAuth2Token, type OAuth2ClientOptions } from './oauth2-legs.js';
import { memoryTokenStore, type OAuth2TokenStore } from './oauth2-token-store.js';

/** What renewing needs: the client (its secret may be missing until a refresh needs it) and a store. */
export interface OAuth2RefresherOptions extends Omit<OAuth2ClientOptions, 'clientId' | 'clientSecret'> {
  readonly clientId?: string | undefined;
  readonly clientSecret?: string | undefined;
  /** Where the pair lives (default: this process's memory only, so a refreshed pair is lost at exit). */
  readonly store?: OAuth2TokenStore | undefined;
}

/** The ConfigError for a refresh that cannot be made; `what` names the missing piece. */
function cannotRefresh(what: string): ConfigError {
  return new ConfigError(`The OAuth 2.0 access token has expired and cannot be renewed: ${what}`, {
    hint: 'Run `jirakit dance --oauth2 --save` again (or give the client with --client-id and --client-secret / JIRA_CLIENT_SECRET)',
  });
}

/**
 * The `refresh` function of createOAuth2Auth, backed by a store.
 * @example
 * const refresh = createOAuth2Refresher({ server, clientId, clientSecret, store: profileTokenStore('default') });
 */
export function createOAuth2Refresher(options: OAuth2RefresherOptions): (stale: OAuth2Tokens) => Promise<OAuth2Tokens> {
  const store = options.store ?? memoryTokenStore();
  return async (stale) => {
    let result: OAuth2Tokens | undefined;
    await store.update(async (stored) => {
      // Another process (or call) refreshed since this pair was read: its pair is the live one.
      if (stored && stored.accessToken !== stale.accessToken) {
        result = stored;
        return undefined;
      }
      const refreshToken = stored?.refreshToken ?? stale.refreshToken;
      if (!refreshToken) throw cannotRefresh('there is no refresh token');
      if (!options.clientId || !options.clientSecret) throw cannotRefresh(options.clientId ? 'the client secret is not set' : 'the client ID is not set');
      result = await refreshOAuth2Token({ ...options, clientId: options.clientId, clientSecret: options.clientSecret, refreshToken });
      // An answer without a new refresh token or scope keeps the old ones (RFC 6749 6); Jira sends both.
      result = { ...result, refreshToken: result.refreshToken ?? refreshToken, scope: result.scope ?? stored?.scope ?? stale.scope };
      return result;
    });
    if (!result) throw cannotRefresh('the token store gave nothing back');
    return result;
  };
}
