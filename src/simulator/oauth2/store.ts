/**
 * The provider's memory: clients, authorization codes, access and refresh tokens (each pair tied
 * together and to the code it came from), the consent page's XSRF tokens per browser session, the
 * JWT secret, and the grant counters tests read.
 */
import { jwtId, newJwtSecret, randomHex, signJwt } from './jwt.js';
import type { CodeChallengeMethod } from './pkce.js';
import { OAuth2ClientError, checkRedirectUri } from './redirect-rules.js';
import { parseScope } from './scopes.js';
import type { OAuth2Client, OAuth2ClientSeed, OAuth2Grants, ResolvedOAuth2Settings } from './oauth2-types.js';

/** What an approval recorded, redeemable once for a token pair (oauth2-provider.md 1.3 step 5). */
export interface Authorization {
  readonly code: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scope: string;
  readonly user: string;
  readonly challenge?: string | undefined;
  readonly method?: CodeChallengeMethod | undefined;
  readonly createdAt: number;
}

/** An access or refresh token as the provider keeps it; the JWT carries only its id. */
export interface StoredToken {
  readonly id: string;
  readonly kind: 'access' | 'refresh';
  readonly clientId: string;
  readonly user: string;
  readonly scope: string;
  readonly createdAt: number;
  /** The other token of the pair. */
  readonly partner: string;
  /** The code the first pair came from; refreshed pairs keep it, so a replay revokes them too. */
  readonly code: string;
  readonly refreshCount: number;
}

/** A token pair as JWTs. */
export interface IssuedPair {
  readonly access: string;
  readonly refresh: string;
}

/** The provider's state, as `sim.oauth2`: tests read `grants` and `liveTokens()`, and may add clients. */
export class OAuth2Store {
  /** Registered clients by client id. */
  readonly clients = new Map<string, OAuth2Client>();
  /** Unredeemed authorization codes. */
  readonly authorizations = new Map<string, Authorization>();
  /** Live access and refresh tokens by token id. */
  readonly tokens = new Map<string, StoredToken>();
  /** The consent page's single-use `atl_token` per JSESSIONID (`atlassian.oauth2.xsrf.token`). */
  readonly consentXsrf = new Map<string, string>();
  private secret = newJwtSecret();
  private counts = { authorization_code: 0, refresh_token: 0 };

  constructor(readonly settings: ResolvedOAuth2Settings, private readonly now: () => number) {}

  /** Successful grants per grant type, e.g. `sim.oauth2.grants.refresh_token` after a client refreshed. */
  get grants(): OAuth2Grants {
    return { ...this.counts };
  }

  /** Forgets every code, token and XSRF token, zeroes the counters and registers the seed's clients. */
  reset(seeds: readonly OAuth2ClientSeed[]): void {
    for (const map of [this.clients, this.authorizations, this.tokens, this.consentXsrf]) (map as Map<string, unknown>).clear();
    this.counts = { authorization_code: 0, refresh_token: 0 };
    this.secret = newJwtSecret();
    for (const seed of seeds) this.addClient(seed);
  }

  /** Registers a client; throws an OAuth2ClientError for a redirect or scope Jira would not save. */
  addClient(seed: OAuth2ClientSeed): OAuth2Client {
    if (!seed.clientId || !seed.clientSecret) throw new OAuth2ClientError('An OAuth 2.0 client needs a client id and a client secret');
    if (!Array.isArray(seed.redirectUris) || seed.redirectUris.length === 0) throw new OAuth2ClientError(`OAuth 2.0 client '${seed.clientId}' needs a redirect URL`);
    for (const uri of seed.redirectUris) checkRedirectUri(uri, this.settings);
    const scope = parseScope(seed.scope ?? 'WRITE');
    if (scope === undefined || scope.includes(' ')) throw new OAuth2ClientError(`OAuth 2.0 client '${seed.clientId}' has scope '${seed.scope ?? ''}'; use READ, WRITE, ADMIN or SYSTEM_ADMIN`);
    const client: OAuth2Client = { clientId: seed.clientId, clientSecret: seed.clientSecret, redirectUris: [...seed.redirectUris], scope: scope as OAuth2Client['scope'], name: seed.name ?? seed.clientId };
    this.clients.set(client.clientId, client);
    return client;
  }

  /** How many access and refresh tokens are live (not revoked, rotated or expired). */
  liveTokens(): { access: number; refresh: number } {
    let access = 0;
    let refresh = 0;
    for (const token of this.tokens.values()) {
      if (this.expired(token)) continue;
      if (token.kind === 'access') access++;
      else refresh++;
    }
    return { access, refresh };
  }

  /** Whether the secret is right, or secrets are not checked (`validate.client.secret=false`). */
  secretValid(clientId: string, secret: string | undefined): boolean {
    const client = this.clients.get(clientId);
    if (!client) return false;
    return !this.settings.validateClientSecret || client.clientSecret === secret;
  }

  /** Records an approval and returns its code. */
  authorize(fields: Omit<Authorization, 'code' | 'createdAt'>): string {
    const code = randomHex();
    this.authorizations.set(code, { ...fields, code, createdAt: this.now() });
    return code;
  }

  /** The authorization for a code, unless it expired. */
  authorization(code: string): Authorization | undefined {
    const found = this.authorizations.get(code);
    return found && found.createdAt + this.settings.codeSeconds * 1000 >= this.now() ? found : undefined;
  }

  /** Whether tokens were already issued from this code (a replay). */
  codeRedeemed(code: string): boolean {
    return [...this.tokens.values()].some((t) => t.code === code);
  }

  /** Deletes every token issued from a code, refreshed ones included. */
  removeTokensByCode(code: string): void {
    for (const [id, token] of this.tokens) if (token.code === code) this.tokens.delete(id);
  }

  /** Issues a pair and counts the grant. */
  issue(grant: keyof OAuth2Grants, from: { clientId: string; user: string; scope: string; code: string; refreshCount: number }): IssuedPair {
    const access = randomHex();
    const refresh = randomHex();
    const createdAt = this.now();
    this.tokens.set(access, { ...from, id: access, kind: 'access', createdAt, partner: refresh });
    this.tokens.set(refresh, { ...from, id: refresh, kind: 'refresh', createdAt, partner: access });
    this.counts[grant]++;
    return { access: signJwt(access, this.secret), refresh: signJwt(refresh, this.secret) };
  }

  /** The stored token a JWT names, of the given kind, whether expired or not. */
  find(jwt: string, kind: StoredToken['kind']): StoredToken | undefined {
    const id = jwtId(jwt, this.secret);
    const token = id === undefined ? undefined : this.tokens.get(id);
    return token?.kind === kind ? token : undefined;
  }

  /** Whether a token is past its lifetime (`createdAt + lifetime < now`, oauth2-provider.md 1.5). */
  expired(token: StoredToken): boolean {
    const seconds = token.kind === 'access' ? this.settings.accessTokenSeconds : this.settings.refreshTokenSeconds;
    return token.createdAt + seconds * 1000 < this.now();
  }

  /** A new JWT secret: every token issued so far stops verifying (`POST .../token/jwt/reset`). */
  resetJwtSecret(): void {
    this.secret = newJwtSecret();
  }

  /** The token id inside a JWT this instance signed. */
  idOf(jwt: string): string | undefined {
    return jwtId(jwt, this.secret);
  }

  /** Deletes a token and its partner. */
  removePair(token: StoredToken): void {
    this.tokens.delete(token.id);
    this.tokens.delete(token.partner);
  }
}
