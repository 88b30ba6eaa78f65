import { handle } from './handle.js';
import { listenSimulator } from './http-server.js';
import { NonceStore } from './nonce-store.js';
import { resolveOAuth2Settings } from './oauth2/settings.js';
import { OAuth2Store } from './oauth2/store.js';
import { DEFAULT_APPLICATIONS, DEFAULT_PROJECTS } from './seed.js';
import { seedWorld } from './seed-world.js';
import { SimulatorState, consumerFromPem } from './state.js';
import type { ResolvedSimulatorOptions, Route, Simulator, SimulatorOptions } from './types.js';

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
    oauth2Clients: options.oauth2Clients ?? [],
    oauth2: resolveOAuth2Settings(options.oauth2),
    maxBodyBytes: options.maxBodyBytes ?? 2 * 2 ** 20,
    maxAttachmentBytes: options.maxAttachmentBytes ?? 10 * 2 ** 20,
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
  const oauth2 = new OAuth2Store(resolved.oauth2, now);
  let overrides: Route[] = [];

  const sim: Simulator = {
    options: resolved,
    state,
    nonces,
    oauth2,
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
      for (const seed of resolved.consumers) sim.addConsumer(seed);
      seedWorld(state, resolved);
      oauth2.reset(resolved.oauth2Clients);
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
