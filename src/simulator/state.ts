import type { KeyObject } from 'node:crypto';
import { nodeCrypto } from '../node-crypto.js';
import type { ApplicationSeed, ProjectSeed, StoredIssue } from './seed.js';

/** An application link's incoming-authentication consumer. */
export interface Consumer {
  readonly key: string;
  readonly name: string;
  readonly publicKey: KeyObject;
  /** The link's configured callback, used when a token has none. */
  readonly callback?: string | undefined;
  /** Whether 2-legged OAuth is allowed, and as which user it runs (undefined: anonymous). */
  readonly twoLeggedAllowed?: boolean | undefined;
  readonly executeAs?: string | undefined;
}

/** A simulated Jira user. */
export interface User {
  readonly name: string;
  readonly password: string;
  readonly displayName: string;
  readonly email: string;
  readonly admin: boolean;
  active: boolean;
}

/** A request or access token as the OAuth service provider keeps it (AO ServiceProviderToken). */
export interface ServiceProviderToken {
  readonly token: string;
  readonly secret: string;
  readonly consumerKey: string;
  readonly kind: 'request' | 'access';
  /** 1.0a when the request token was asked for with an oauth_callback. */
  readonly version: '1.0' | '1.0a';
  /** The token's own callback (undefined for 1.0 and for oob). */
  callback?: string | undefined;
  authorization: 'none' | 'authorized' | 'denied';
  user?: string | undefined;
  verifier?: string | undefined;
  readonly createdAt: number;
  readonly ttlMs: number;
  sessionHandle?: string | undefined;
  sessionCreatedAt?: number | undefined;
}

/** A browser session (JSESSIONID). */
export interface Session {
  readonly id: string;
  readonly user: string;
  readonly xsrfToken: string;
  /** Until when (ms) this session may use WebSudo-protected admin pages. */
  webSudoUntil?: number;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random alphanumeric string, as AO TokenFactoryImpl makes tokens and verifiers. */
export function randomAlphanumeric(length: number): string {
  let out = '';
  const { randomInt } = nodeCrypto();
  for (let i = 0; i < length; i++) out += ALNUM[randomInt(ALNUM.length)];
  return out;
}

/** Token lifetimes (AO ServiceProviderToken defaults, jira-wire.md 2.2, 2.4). */
export const REQUEST_TOKEN_TTL_MS = 600_000;
export const ACCESS_TOKEN_TTL_MS = 157_680_000_000;
export const SESSION_TTL_MS = ACCESS_TOKEN_TTL_MS + 2_592_000_000;

/** Makes a consumer from a PEM public key (or a private key, whose public half is taken). */
export function consumerFromPem(key: string, pem: string, extra: Partial<Omit<Consumer, 'key' | 'publicKey'>> = {}): Consumer {
  return { key, name: extra.name ?? key, publicKey: nodeCrypto().createPublicKey(pem), ...extra };
}

/** The simulator's mutable world: reset() rebuilds it from the seed. */
export class SimulatorState {
  readonly consumers = new Map<string, Consumer>();
  readonly users = new Map<string, User>();
  readonly tokens = new Map<string, ServiceProviderToken>();
  readonly sessions = new Map<string, Session>();
  readonly failedLogins = new Map<string, number>();
  /** Personal access tokens: token value → owner. */
  readonly pats = new Map<string, { user: string; revoked: boolean }>();
  /** Projects by key. */
  readonly projects = new Map<string, ProjectSeed & { id: string }>();
  /** Issues in creation order, and by key. */
  readonly issues: StoredIssue[] = [];
  readonly issuesByKey = new Map<string, StoredIssue>();
  /** Installed applications and their licenses. */
  readonly applications = new Map<string, ApplicationSeed>();
  /** Bumped on every change to issues, so cached search results go stale. */
  version = 0;
  /** Rate-limit buckets by user. */
  readonly buckets = new Map<string, { tokens: number; at: number }>();

  /** Empties everything (reset() then seeds again). */
  clear(): void {
    for (const map of [this.consumers, this.users, this.tokens, this.sessions, this.failedLogins, this.pats, this.projects, this.issuesByKey, this.applications, this.buckets]) {
      (map as Map<unknown, unknown>).clear();
    }
    this.issues.length = 0;
    this.version++;
  }

  /** Adds an issue to both indexes. */
  addIssue(issue: StoredIssue): void {
    this.issues.push(issue);
    this.issuesByKey.set(issue.key, issue);
    this.version++;
  }

  /** A new browser session for a user. */
  createSession(user: string): Session {
    const session = { id: randomAlphanumeric(32), user, xsrfToken: `${randomAlphanumeric(4)}-${randomAlphanumeric(4)}-${randomAlphanumeric(4)}-${randomAlphanumeric(4)}` };
    this.sessions.set(session.id, session);
    // Basic auth makes a session per request; keep the newest 10,000 so memory stays flat.
    if (this.sessions.size > 10_000) this.sessions.delete(this.sessions.keys().next().value as string);
    return session;
  }
}
