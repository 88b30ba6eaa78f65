import type { KeyObject } from 'node:crypto';
import { nodeCrypto } from '../node-crypto.js';
import type {
  StoredAttachment,
  StoredBoard,
  StoredComponent,
  StoredFilter,
  StoredGroup,
  StoredIssueLink,
  StoredPat,
  StoredProject,
  StoredRemoteLink,
  StoredSprint,
  StoredVersion,
} from './model.js';
import type { ApplicationSeed, StoredIssue } from './seed.js';

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
  password: string;
  displayName: string;
  email: string;
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
  /** Personal access tokens: token value -> owner. */
  readonly pats = new Map<string, StoredPat>();
  /** Projects by key. */
  readonly projects = new Map<string, StoredProject>();
  /** Issues in creation order, by key and by id. */
  readonly issues: StoredIssue[] = [];
  readonly issuesByKey = new Map<string, StoredIssue>();
  readonly issuesById = new Map<string, StoredIssue>();
  /** Installed applications and their licenses. */
  readonly applications = new Map<string, ApplicationSeed>();
  readonly groups = new Map<string, StoredGroup>();
  readonly components = new Map<string, StoredComponent>();
  readonly versions = new Map<string, StoredVersion>();
  readonly links = new Map<string, StoredIssueLink>();
  readonly remoteLinks = new Map<string, StoredRemoteLink>();
  readonly attachments = new Map<string, StoredAttachment>();
  readonly filters = new Map<string, StoredFilter>();
  readonly boards = new Map<string, StoredBoard>();
  readonly sprints = new Map<string, StoredSprint>();
  /** Uploaded avatars by id, and each owner's chosen avatar ("user:name" or "project:id" -> avatar id). */
  readonly avatars = new Map<string, { owner: string; type: 'user' | 'project'; mimeType: string; content: Uint8Array; confirmed: boolean }>();
  readonly selectedAvatars = new Map<string, string>();
  /** Application properties an administrator changed (key -> value). */
  readonly appProperties = new Map<string, string>();
  /** Bumped on every change to issues, so cached search results go stale. */
  version = 0;
  /** Rate-limit buckets by user. */
  readonly buckets = new Map<string, { tokens: number; at: number }>();
  /** Id sequences per kind of entity, as Jira's per-table sequences: ids are never reused. */
  readonly #sequences = new Map<string, number>();

  /** Empties everything (reset() then seeds again). */
  clear(): void {
    const maps: Map<unknown, unknown>[] = [this.consumers, this.users, this.tokens, this.sessions, this.failedLogins, this.pats, this.projects, this.issuesByKey, this.issuesById];
    maps.push(this.applications, this.buckets, this.groups, this.components, this.versions, this.links, this.remoteLinks, this.attachments);
    maps.push(this.filters, this.boards, this.sprints, this.appProperties, this.avatars, this.selectedAvatars, this.#sequences);
    for (const map of maps) map.clear();
    this.issues.length = 0;
    this.version++;
  }

  /** The next id of a kind: `start` first, then one more each time, unique across the instance. */
  nextId(kind: string, start: number): string {
    const next = Math.max(this.#sequences.get(kind) ?? start, start);
    this.#sequences.set(kind, next + 1);
    return String(next);
  }

  /** Adds an issue to the indexes. */
  addIssue(issue: StoredIssue): void {
    this.issues.push(issue);
    this.issuesByKey.set(issue.key, issue);
    this.issuesById.set(issue.id, issue);
    this.version++;
  }

  /** Removes an issue from the indexes (its links and attachments go with it). */
  removeIssue(issue: StoredIssue): void {
    const at = this.issues.indexOf(issue);
    if (at >= 0) this.issues.splice(at, 1);
    this.issuesByKey.delete(issue.key);
    this.issuesById.delete(issue.id);
    for (const [id, link] of this.links) if (link.inwardId === issue.id || link.outwardId === issue.id) this.links.delete(id);
    for (const [id, link] of this.remoteLinks) if (link.issueId === issue.id) this.remoteLinks.delete(id);
    for (const [id, file] of this.attachments) if (file.issueId === issue.id) this.attachments.delete(id);
    this.version++;
  }

  /** Counts a failed Basic login; names are attacker-chosen, so only the newest 10,000 are kept. */
  failedLogin(name: string): void {
    const failures = (this.failedLogins.get(name) ?? 0) + 1;
    this.failedLogins.delete(name);
    this.failedLogins.set(name, failures);
    if (this.failedLogins.size > 10_000) this.failedLogins.delete(this.failedLogins.keys().next().value as string);
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
