/**
 * OAuth 2.0 access tokens of Jira Data Center's provider (8.22+), sent as `Authorization: Bearer`.
 * The strategy stays pure: renewing is an injected `refresh` (the client's createOAuth2Refresher
 * does the network and the token store), called shortly before expiry and when Jira served a
 * request as anonymous, which is how it answers a dead token (oauth2-provider.md 1.10).
 */
import { addSecrets, withSecrets, type Auth, type RenewRequest } from './auth.js';

/** An OAuth 2.0 token pair as jirakit keeps it (oauth2-provider.md 1.4). */
export interface OAuth2Tokens {
  /** The access token, sent as `Authorization: Bearer …`; opaque (a JWT holding only an id). */
  readonly accessToken: string;
  /** The refresh token; Jira rotates it on every refresh and the old one dies (oauth2-provider.md 1.6). */
  readonly refreshToken?: string | undefined;
  /** When the access token expires, ms since the epoch: issue time plus `expires_in` (the token itself holds no expiry). */
  readonly expiresAt?: number | undefined;
  /** The granted scope, space-separated: READ, WRITE, ADMIN or SYSTEM_ADMIN (oauth2-provider.md 1.8). */
  readonly scope?: string | undefined;
}

/** How the strategy gets and renews its tokens. */
export interface OAuth2AuthOptions {
  /** The pair to start with (from a dance, a profile, a script's own store). */
  readonly tokens: OAuth2Tokens;
  /**
   * Returns a newer pair for a stale one: createOAuth2Refresher's function refreshes under the
   * token store's lock, or adopts a pair another process stored. Without it the strategy never renews.
   */
  readonly refresh?: ((stale: OAuth2Tokens) => Promise<OAuth2Tokens>) | undefined;
  /** Clock in ms; injected by tests. */
  readonly now?: (() => number) | undefined;
  /**
   * Renew when less than this is left of the access token's life (default 10 s, as XSOAR's DC
   * client does, oauth2-provider.md 1.14), or less than half of what was left when this process
   * got the pair, if that is shorter: a token that lives a few seconds is not renewed at every call.
   */
  readonly renewBeforeMs?: number | undefined;
}

/** The OAuth 2.0 strategy, with the pair it sends now. */
export interface OAuth2Auth extends Auth {
  readonly kind: 'oauth2';
  /** The pair in use (after any renewal). */
  readonly tokens: OAuth2Tokens;
  renew(request: RenewRequest): Promise<boolean>;
}

function checked(tokens: OAuth2Tokens, renewable: boolean): OAuth2Tokens {
  const access = tokens.accessToken.trim();
  if (access === '' && !(renewable && tokens.refreshToken)) throw new TypeError('createOAuth2Auth needs an access token (or a refresh token and a refresh function)');
  return { ...tokens, accessToken: access };
}

/**
 * Bearer authentication with an OAuth 2.0 access token, renewed through `refresh` shortly
 * before it expires and once when Jira ignores it. The scheme is written `Bearer`: Jira's filter
 * compares it case-sensitively, whatever the lowercase `token_type` says (oauth2-provider.md 1.10).
 * @example
 * const auth = createOAuth2Auth({ tokens: { accessToken, refreshToken, expiresAt }, refresh: createOAuth2Refresher({ server, clientId, clientSecret, store }) });
 */
export function createOAuth2Auth(options: OAuth2AuthOptions): OAuth2Auth {
  const renewable = options.refresh !== undefined;
  let tokens = checked(options.tokens, renewable);
  let pending: Promise<boolean> | undefined;
  const now = options.now ?? Date.now;
  let obtainedAt = now();
  const early = options.renewBeforeMs ?? 10_000;
  const header = (): string => `Bearer ${tokens.accessToken}`;
  // One renewal at a time: the calls that find the same pair stale all wait for it.
  const renewFrom = (stale: OAuth2Tokens): Promise<boolean> => {
    if (!options.refresh) return Promise.resolve(false);
    pending ??= options.refresh(stale).then((next) => {
      tokens = checked(next, false);
      obtainedAt = now();
      addSecrets(auth, [tokens.accessToken, tokens.refreshToken]);
      return tokens.accessToken !== stale.accessToken;
    }).finally(() => {
      pending = undefined;
    });
    return pending;
  };
  const stale = (): boolean => {
    if (tokens.accessToken === '') return true;
    if (tokens.expiresAt === undefined) return false;
    const margin = Math.min(early, Math.max(0, (tokens.expiresAt - obtainedAt) / 2));
    return now() >= tokens.expiresAt - margin;
  };
  const auth: OAuth2Auth = {
    kind: 'oauth2',
    get tokens() {
      return tokens;
    },
    async sign() {
      if (pending) await pending;
      // Renewed at most once per attempt: a pair another process stored is used even if it, too, is close to its end.
      else if (renewable && stale()) await renewFrom(tokens);
      return header();
    },
    async renew(request) {
      if (pending) await pending;
      // Renewed since that attempt was signed (by a concurrent call): just send it again.
      if (request.authorization !== header()) return true;
      return renewFrom(tokens);
    },
  };
  return withSecrets(auth, [tokens.accessToken, tokens.refreshToken]);
}
