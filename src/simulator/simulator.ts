import { handle } from './handle.js';
import { listenSimulator, type ListenOptions, type RunningSimulator } from './http-server.js';
import { NonceStore } from './nonce-store.js';
import type { ValidateContext } from './oauth-message.js';
import type { RateLimitOptions } from './rate-limit.js';
import type { Route } from './router.js';
import { DEFAULT_APPLICATIONS, DEFAULT_PROJECTS, seedIssues, type ApplicationsSeed, type ProjectSeed } from './seed.js';
import { SimulatorState, consumerFromPem, type Consumer } from './state.js';

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
}

/** Options with defaults applied. */
export type ResolvedSimulatorOptions = Required<Omit<SimulatorOptions, 'now' | 'rateLimit'>> & { readonly rateLimit: RateLimitOptions | undefined };

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
}

function resolveOptions(options: SimulatorOptions): ResolvedSimulatorOptions {
  const contextPath = (options.contextPath ?? '').replace(/\/+$/, '');
  if (contextPath && !contextPath.startsWith('/')) throw new TypeError('contextPath must start with "/"');
  return {
    contextPath,
    consumers: options.consumers ?? [],
    users: options.users ?? [
      { name: 'admin', password: 'admin', displayName: 'Administrator', admin: true },
      { name: 'jdoe', password: 'jdoe', displayName: 'Jane Doe' },
    ],
    pats: options.pats ?? [],
    projects: options.projects ?? DEFAULT_PROJECTS,
    issues: options.issues ?? 100,
    applications: options.applications ?? DEFAULT_APPLICATIONS,
    serverTitle: options.serverTitle ?? 'jirakit simulator',
    version: options.version ?? '10.3.19',
    buildNumber: options.buildNumber ?? 10030019,
    captchaAfterFailures: options.captchaAfterFailures ?? 3,
    timestampWindowMs: options.timestampWindowMs ?? 300_000,
    rateLimit: options.rateLimit,
    latencyMs: options.latencyMs ?? 0,
    upmRejectsJson: options.upmRejectsJson ?? true,
    patBypassesWebSudo: options.patBypassesWebSudo ?? false,
    serverInfoRequiresAuth: options.serverInfoRequiresAuth ?? false,
    serverTimeForAnonymous: options.serverTimeForAnonymous ?? false,
    invalidPatAnswer: options.invalidPatAnswer ?? 'unauthorized',
    maxResultsCap: options.maxResultsCap ?? 1000,
  };
}

/**
 * Creates a Jira Data Center simulator that verifies OAuth 1.0a signatures for real.
 * @example
 * const sim = createSimulator({ consumers: [{ key: 'monitor-jira-license', publicKeyPem }] });
 * const res = await sim.fetch('http://jira.test/rest/api/2/serverInfo');
 */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const resolved = resolveOptions(options);
  const now = options.now ?? Date.now;
  const state = new SimulatorState();
  const nonces = new NonceStore(resolved.timestampWindowMs);
  let overrides: Route[] = [];

  const sim: Simulator = {
    options: resolved,
    state,
    nonces,
    now,
    get overrides() {
      return overrides;
    },
    validation: () => ({ nowMs: now(), nonces, windowMs: resolved.timestampWindowMs }),
    addConsumer(seed) {
      const consumer = consumerFromPem(seed.key, seed.publicKeyPem, seed);
      state.consumers.set(consumer.key, consumer);
      return consumer;
    },
    use(...routes) {
      overrides = [...routes, ...overrides];
    },
    reset() {
      overrides = [];
      nonces.clear();
      state.clear();
      resolved.users.forEach((u, i) => {
        state.users.set(u.name, {
          name: u.name,
          password: u.password,
          displayName: u.displayName ?? u.name,
          email: `${u.name}@example.com`,
          admin: u.admin ?? i === 0,
          active: true,
        });
      });
      for (const [user, token] of resolved.pats) state.pats.set(token, { user, revoked: false });
      for (const seed of resolved.consumers) sim.addConsumer(seed);
      resolved.projects.forEach((p, i) => state.projects.set(p.key, { ...p, id: String(10000 + i) }));
      for (const issue of seedIssues(resolved.issues, resolved.projects, resolved.users.map((u) => u.name))) state.addIssue(issue);
      for (const [key, app] of Object.entries(resolved.applications)) if (app) state.applications.set(key, app);
    },
    async fetch(input, init) {
      const request = input instanceof Request && init === undefined ? input : new Request(input, init);
      const { signal } = request;
      if (signal.aborted) throw signal.reason;
      // Honour the caller's abort signal (timeouts) as a real fetch does.
      return new Promise<Response>((resolve, reject) => {
        const abort = (): void => reject(signal.reason);
        signal.addEventListener('abort', abort, { once: true });
        handle(sim, request).then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
      });
    },
    listen: (listenOptions) => listenSimulator(sim, listenOptions),
  };
  sim.reset();
  return sim;
}
