import { authorizeRoutes } from './authorize.js';
import { listenSimulator, type ListenOptions, type RunningSimulator } from './http-server.js';
import { loginRoutes } from './login.js';
import { NonceStore } from './nonce-store.js';
import type { ValidateContext } from './oauth-message.js';
import { oauthTokenRoutes } from './oauth-provider.js';
import { html, jiraError, page } from './responses.js';
import { restCoreRoutes } from './rest-core.js';
import { dispatch, type Route } from './router.js';
import { SimulatorState, consumerFromPem, randomAlphanumeric, type Consumer } from './state.js';

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
  readonly serverTitle?: string;
  readonly version?: string;
  readonly buildNumber?: number;
  /** Failed Basic logins before the CAPTCHA lockout. */
  readonly captchaAfterFailures?: number;
  /** The OAuth timestamp window, ms (Jira: 300000). */
  readonly timestampWindowMs?: number;
}

/** Options with defaults applied. */
export type ResolvedSimulatorOptions = Required<Omit<SimulatorOptions, 'now'>>;

/** A Jira Data Center simulator: a fetch function first, a server second. */
export interface Simulator {
  readonly options: ResolvedSimulatorOptions;
  readonly state: SimulatorState;
  readonly nonces: NonceStore;
  /** The simulator's clock, ms. */
  now(): number;
  /** Answers a request in-process, exactly as over a socket. */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /** Serves over HTTP on loopback (port 0 picks a free one). */
  listen(options?: ListenOptions): Promise<RunningSimulator>;
  /** Adds routes that win over the built-in ones until reset() (faults, specific answers). */
  use(...routes: Route<Simulator>[]): void;
  /** Restores the seed: users, consumers, no tokens, sessions, nonces or overrides. */
  reset(): void;
  /** Registers an application link consumer. */
  addConsumer(seed: ConsumerSeed): Consumer;
  /** The validation settings for OAuth messages now. */
  validation(): ValidateContext;
}

const BUILT_IN: readonly Route<Simulator>[] = [...oauthTokenRoutes, ...authorizeRoutes, ...loginRoutes, ...restCoreRoutes];

/**
 * Creates a Jira Data Center simulator that verifies OAuth 1.0a signatures for real.
 * @example
 * const sim = createSimulator({ consumers: [{ key: 'monitor-jira-license', publicKeyPem }] });
 * const res = await sim.fetch('http://jira.test/rest/api/2/serverInfo');
 */
export function createSimulator(options: SimulatorOptions = {}): Simulator {
  const contextPath = (options.contextPath ?? '').replace(/\/+$/, '');
  if (contextPath && !contextPath.startsWith('/')) throw new TypeError('contextPath must start with "/"');
  const resolved: ResolvedSimulatorOptions = {
    contextPath,
    consumers: options.consumers ?? [],
    users: options.users ?? [
      { name: 'admin', password: 'admin', displayName: 'Administrator', admin: true },
      { name: 'jdoe', password: 'jdoe', displayName: 'Jane Doe' },
    ],
    pats: options.pats ?? [],
    serverTitle: options.serverTitle ?? 'jirakit simulator',
    version: options.version ?? '10.3.19',
    buildNumber: options.buildNumber ?? 10030019,
    captchaAfterFailures: options.captchaAfterFailures ?? 3,
    timestampWindowMs: options.timestampWindowMs ?? 300_000,
  };
  const now = options.now ?? Date.now;
  const state = new SimulatorState();
  const nonces = new NonceStore(resolved.timestampWindowMs);
  let overrides: Route<Simulator>[] = [];

  const sim: Simulator = {
    options: resolved,
    state,
    nonces,
    now,
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
      for (const map of [state.consumers, state.users, state.tokens, state.sessions, state.failedLogins, state.pats]) map.clear();
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
    },
    async fetch(input, init) {
      const request = input instanceof Request && init === undefined ? input : new Request(input, init);
      return handle(sim, request, () => [...overrides, ...BUILT_IN]);
    },
    listen: (listenOptions) => listenSimulator(sim, listenOptions),
  };
  sim.reset();
  return sim;
}

async function handle(sim: Simulator, request: Request, routes: () => readonly Route<Simulator>[]): Promise<Response> {
  const url = new URL(request.url);
  const { contextPath } = sim.options;
  const baseUrl = `${url.origin}${contextPath}`;
  const inside = url.pathname === contextPath || url.pathname.startsWith(`${contextPath}/`);
  const path = inside ? url.pathname.slice(contextPath.length) || '/' : url.pathname;
  const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
  let response = inside ? await dispatch(routes(), { request, url, path, baseUrl, body, sim }) : undefined;
  if (!response) {
    response = path.startsWith('/rest/')
      ? jiraError(404, [`null for uri: ${url.href}`])
      : html(page('Page not found', '<p>The page you are looking for does not exist.</p>'), 404);
  }
  // Headers Jira puts on every answer (jira-wire.md 1); responses from Response.redirect are immutable.
  const headers = new Headers(response.headers);
  headers.set('x-arequestid', `${Math.floor(sim.now() / 60000) % 1440}x${randomAlphanumeric(6)}x1`);
  headers.set('x-anodeid', 'node1');
  if (!headers.has('x-ausername')) headers.set('x-ausername', 'anonymous');
  headers.set('cache-control', 'no-cache, no-store, no-transform');
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
}
