/**
 * The simulator's shared types, in a leaf module so that no file of the simulator imports another
 * in a circle (the route table needs the simulator, the simulator needs the route table).
 */
import type { Server } from 'node:http';
import type { NonceStore } from './nonce-store.js';
import type { OAuth2ClientSeed, OAuth2Settings, ResolvedOAuth2Settings } from './oauth2/oauth2-types.js';
import type { OAuth2Store } from './oauth2/store.js';
import type { ValidateContext } from './oauth-message.js';
import type { ApplicationsSeed, ProjectSeed } from './seed.js';
import type { SelfSigned } from './self-signed.js';
import type { Consumer, SimulatorState, User } from './state.js';

/** A consumer to register: an application link with incoming authentication. */
export interface ConsumerSeed {
  readonly key: string;
  /** PEM of the public key (a private key works too: its public half is used). */
  readonly publicKeyPem: string;
  readonly name?: string;
  readonly callback?: string;
  readonly twoLeggedAllowed?: boolean;
  readonly executeAs?: string;
}

/** A user to create. */
export interface UserSeed {
  readonly name: string;
  readonly password: string;
  readonly displayName?: string;
  readonly admin?: boolean;
}

/** How the simulator behaves; every field has a default. */
export interface SimulatorOptions {
  /** The context path, e.g. "/jira" ("" for none). */
  readonly contextPath?: string;
  /** Clock in ms; inject one to test expiry and timestamp windows. */
  readonly now?: () => number;
  readonly consumers?: readonly ConsumerSeed[];
  /** Users; the first is a Jira administrator. Default admin:admin and jdoe:jdoe. */
  readonly users?: readonly UserSeed[];
  /** Personal access tokens: [user, token]. */
  readonly pats?: readonly (readonly [user: string, token: string])[];
  readonly projects?: readonly ProjectSeed[];
  /** How many issues to seed (default 100). */
  readonly issues?: number;
  /** Installed applications and licenses (default: Jira Software 45 of 50 seats, Jira Core). */
  readonly applications?: ApplicationsSeed;
  readonly serverTitle?: string;
  readonly version?: string;
  readonly buildNumber?: number;
  /** Failed Basic logins before the CAPTCHA lockout (default 3). */
  readonly captchaAfterFailures?: number;
  /** The OAuth timestamp window, ms (Jira: 300000). */
  readonly timestampWindowMs?: number;
  /** DC rate limiting; off unless given. */
  readonly rateLimit?: RateLimitOptions | undefined;
  /** Delay before every answer, ms. */
  readonly latencyMs?: number;
  /** UPM answers 406 to `Accept: application/json` (default true: the trap clients must avoid). */
  readonly upmRejectsJson?: boolean;
  /** PAT requests skip WebSudo on REST admin resources (the `is.pats.enabled` session flag; default false). */
  readonly patBypassesWebSudo?: boolean;
  /** serverInfo answers 401 to anonymous callers, as on locked-down sites (default false). */
  readonly serverInfoRequiresAuth?: boolean;
  /** serverInfo shows serverTime to anonymous callers too (UNCONFIRMED; default false). */
  readonly serverTimeForAnonymous?: boolean;
  /** How an unknown or revoked PAT is answered: 401, or served as anonymous (UNCONFIRMED; default 401). */
  readonly invalidPatAnswer?: 'unauthorized' | 'anonymous';
  /** The most issues a search page holds (UNCONFIRMED Jira default 1000). */
  readonly maxResultsCap?: number;
  /** OAuth 2.0 incoming links (External applications) to register. */
  readonly oauth2Clients?: readonly OAuth2ClientSeed[];
  /** The OAuth 2.0 provider's lifetimes and switches (docs/oauth2-provider.md 1.5). */
  readonly oauth2?: OAuth2Settings;
  /** The largest request body, bytes; bigger ones get Tomcat's 413 unread (default 2 MiB). */
  readonly maxBodyBytes?: number;
  /** The largest attachment or avatar upload, bytes (default 10 MiB, Jira's attachment limit). */
  readonly maxAttachmentBytes?: number;
}

/** Options with defaults applied. */
export type ResolvedSimulatorOptions = Required<Omit<SimulatorOptions, 'now' | 'rateLimit' | 'oauth2'>> & {
  readonly rateLimit: RateLimitOptions | undefined;
  readonly oauth2: ResolvedOAuth2Settings;
};

/** A Jira Data Center simulator: a fetch function first, a server second. */
export interface Simulator {
  readonly options: ResolvedSimulatorOptions;
  readonly state: SimulatorState;
  readonly nonces: NonceStore;
  /** The simulator's clock, ms. */
  now(): number;
  /** Answers a request in-process, exactly as over a socket. */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** Serves over HTTP (or HTTPS) on loopback; port 0 picks a free one. */
  listen(options?: ListenOptions): Promise<RunningSimulator>;
  /** Adds routes that win over the built-in ones until reset() (faults, specific answers). */
  use(...routes: Route[]): void;
  /** Restores the seed: users, consumers, issues, licenses; no tokens, sessions, nonces or overrides. */
  reset(): void;
  /** Registers an application link consumer. */
  addConsumer(seed: ConsumerSeed): Consumer;
  /** The validation settings for OAuth messages now. */
  validation(): ValidateContext;
  /** The override routes in force. */
  readonly overrides: readonly Route[];
  /** The OAuth 2.0 provider: clients, and how many grants of each type were made. */
  readonly oauth2: OAuth2Store;
}

/** How a request authenticated. */
export type AuthenticatedBy = 'oauth' | 'oauth-2lo' | 'oauth2' | 'basic' | 'pat' | 'session' | 'anonymous';

/** The caller of a request; user is undefined for anonymous. */
export interface Caller {
  readonly user: User | undefined;
  readonly by: AuthenticatedBy;
  /** An OAuth 2.0 token's scope string, e.g. "WRITE" (by 'oauth2' only). */
  readonly scope?: string;
}

/** What a route handler gets: the request, its body text, path parameters, the caller, the simulator. */
export interface RouteContext {
  readonly request: Request;
  /** The URL as received (the context path included). */
  readonly url: URL;
  /** The path below the context path, e.g. /rest/api/2/myself. */
  readonly path: string;
  /** The base URL: origin plus context path. */
  readonly baseUrl: string;
  /** The body as text ('' when there is none). */
  readonly body: string;
  /** The body as bytes (uploads are binary). */
  readonly bodyBytes: Uint8Array;
  /** Values of :name segments. */
  readonly params: Readonly<Record<string, string>>;
  /** Who is calling (resolved once per request for /rest; anonymous elsewhere). */
  readonly caller: Caller;
  readonly sim: Simulator;
}

/** A handler answers a request, or returns undefined to pass it to the next matching route. */
export type Handler = (ctx: RouteContext) => Response | undefined | Promise<Response | undefined>;

/** One "METHOD /path/:param" entry; METHOD may be `*`, and a path may end in `/*`. */
export interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly handler: Handler;
}

/** Bucket settings: `fillRate` tokens every `intervalSeconds`, at most `max`. */
export interface RateLimitOptions {
  readonly fillRate: number;
  readonly intervalSeconds: number;
  readonly max: number;
  /** Which auth kinds are limited (Jira: external REST clients; OAuth 1.0a is UNCONFIRMED). */
  readonly kinds?: readonly string[];
}

/** Where to listen. Loopback unless told otherwise. */
export interface ListenOptions {
  readonly port?: number;
  readonly host?: string;
  /** Serve HTTPS: true makes a self-signed certificate for localhost, 127.0.0.1 and ::1. */
  readonly https?: boolean | SelfSigned;
}

/** A simulator serving on a socket. */
export interface RunningSimulator {
  /** The base URL, context path included, e.g. http://127.0.0.1:41234/jira. */
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  /** The certificate in use (HTTPS only), for clients' --ca-file. */
  readonly certPem?: string | undefined;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}
