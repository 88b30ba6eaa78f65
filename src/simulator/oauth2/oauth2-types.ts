/**
 * The OAuth 2.0 provider's types, in a leaf module like ../types.ts: the seed of a client, the
 * settings (lifetimes, and a switch for every behaviour docs/oauth2-provider.md marks UNCONFIRMED),
 * and what a test can read from `sim.oauth2`.
 */

/** Jira's four OAuth 2.0 scopes, each implying the ones before it (oauth2-provider.md 1.8). */
export type OAuth2Scope = 'READ' | 'WRITE' | 'ADMIN' | 'SYSTEM_ADMIN';

/** An "External application" incoming link to register (oauth2-provider.md 1.1). */
export interface OAuth2ClientSeed {
  /** Jira makes 32 hex characters; any non-empty string works here. */
  readonly clientId: string;
  /** Jira makes 64 hex characters; any non-empty string works here. */
  readonly clientSecret: string;
  /** Redirect URLs, matched by string equality (oauth2-provider.md 1.3, 1.9). */
  readonly redirectUris: readonly string[];
  /** The most the client may ask for (default WRITE). */
  readonly scope?: OAuth2Scope;
  /** Shown on the consent page (default the client id). */
  readonly name?: string;
}

/** A registered client. */
export interface OAuth2Client {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly redirectUris: readonly string[];
  readonly scope: OAuth2Scope;
  readonly name: string;
}

/** The provider's settings; each field has a default (oauth2-provider.md 1.5, 1.9, 1.10). */
export interface OAuth2Settings {
  /** Access-token lifetime, s (`access.token.expiration.seconds`, 3600). */
  readonly accessTokenSeconds?: number;
  /** Refresh-token lifetime from that token's creation, s; sliding since a refresh makes a new one (90 days). */
  readonly refreshTokenSeconds?: number;
  /** Code lifetime, s (`max.client.delay.seconds`: the doc says 10, plugin 3.1.5's code 60; default 10). */
  readonly codeSeconds?: number;
  /** `atlassian.dev.mode`: the consent and error pages work over plain HTTP, and any http redirect registers (default false). */
  readonly devMode?: boolean;
  /** `validate.client.secret` (default true: a secret is required even with PKCE). */
  readonly validateClientSecret?: boolean;
  /** `token.via.basic.authentication`: the access token works as a Basic password (default true). */
  readonly tokenViaBasic?: boolean;
  /** `disallow.localhost.redirect`: refuse http://localhost redirects at registration (default false). */
  readonly disallowLocalhostRedirect?: boolean;
  /** What Deny on the consent page does (UNCONFIRMED, oauth2-provider.md 1.3): send `error=access_denied` to the client (default), or go to the dashboard. */
  readonly deny?: 'access-denied' | 'dashboard';
  /** Whether WebSudo-protected resources (UPM) let a token through (UNCONFIRMED, oauth2-provider.md 1.10; default 'exempt'). */
  readonly webSudo?: 'exempt' | 'required';
  /** Whether `.well-known/oauth-authorization-server` is served; the first Jira release with it is UNCONFIRMED (default true). */
  readonly wellKnown?: boolean;
  /** How a bad or expired Bearer JWT is answered: as anonymous (default), or the PAT filter's 401 (filter order UNCONFIRMED, oauth2-provider.md 1.10). */
  readonly invalidTokenAnswer?: 'anonymous' | 'unauthorized';
}

/** Settings with defaults applied. */
export type ResolvedOAuth2Settings = Required<OAuth2Settings>;

/** Successful token grants so far, per grant type; reset() zeroes them. */
export interface OAuth2Grants {
  readonly authorization_code: number;
  readonly refresh_token: number;
}
