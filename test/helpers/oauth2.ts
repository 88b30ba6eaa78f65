// Helpers for the OAuth 2.0 provider tests: a simulator with clients, a PKCE pair, the consent
// dance through the scripted user, and form posts to the token and revoke endpoints.
import { createHash } from 'node:crypto';
import { consentAsUser, createSimulator, type ConsentResult, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';

/** An https base in-process: the consent page needs HTTPS unless dev mode is on. */
export const BASE = 'https://jira.test/jira';
export const REDIRECT = 'http://localhost:8765/callback';
export const ADMIN_CLIENT = { clientId: 'a1b2c3d4e5f60718293a4b5c6d7e8f90', clientSecret: 'ADMINSECRETMARKER-9f8e7d', redirectUris: [REDIRECT], scope: 'ADMIN', name: 'License Monitor' } as const;
export const READ_CLIENT = { clientId: 'reader', clientSecret: 'read-secret', redirectUris: [REDIRECT, 'https://app.example/cb'], scope: 'READ' } as const;
export const WRITE_CLIENT = { clientId: 'writer', clientSecret: 'write-secret', redirectUris: [REDIRECT], scope: 'WRITE' } as const;

/** A simulator at BASE with the three clients and a settable clock. */
export function oauth2Sim(extra: SimulatorOptions = {}): Simulator & { clock: { ms: number } } {
  const clock = { ms: Date.UTC(2026, 0, 5, 12) };
  const sim = createSimulator({ contextPath: '/jira', now: () => clock.ms, oauth2Clients: [ADMIN_CLIENT, READ_CLIENT, WRITE_CLIENT], ...extra });
  return Object.assign(sim, { clock });
}

/** A fixed verifier (44 characters of RFC 7636 4.1's alphabet; not the RFC's Appendix B example) and its S256 challenge. */
export const VERIFIER = 'dBjftJeZ4CVP-mJ0IiZRH5lF1Dm_sP_8NX0xm0yGJ0cR';
export const CHALLENGE = createHash('sha256').update(VERIFIER).digest('base64url');

/** The authorize URL for a client, with PKCE S256 and a state unless overridden. */
export function authorizeUrl(params: Record<string, string | undefined> = {}, base = BASE): string {
  const all: Record<string, string | undefined> = { client_id: ADMIN_CLIENT.clientId, redirect_uri: REDIRECT, response_type: 'code', scope: 'ADMIN', state: 'st-1', code_challenge: CHALLENGE, code_challenge_method: 'S256', ...params };
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(all)) if (v !== undefined) q.set(k, v);
  return `${base}/rest/oauth2/latest/authorize?${q.toString()}`;
}

/** Logs in as `user` and clicks Allow (or Deny) in-process. */
export function consent(sim: Simulator, url: string, user = 'admin', decision: 'allow' | 'deny' = 'allow'): Promise<ConsentResult> {
  return consentAsUser({ authorizeUrl: url, username: user, password: user, decision, fetch: sim.fetch });
}

/** POSTs a form to a provider endpoint (`token` or `revoke`). */
export function post(sim: Simulator, endpoint: 'token' | 'revoke', fields: Record<string, string | undefined>, base = BASE): Promise<Response> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) body.set(k, v);
  return sim.fetch(`${base}/rest/oauth2/latest/${endpoint}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: body.toString() });
}

/** The token response body. */
export interface TokenBody {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token: string;
  scope: string;
}

/** Runs the whole dance for a client and user and returns the token body. */
export async function tokens(sim: Simulator, client: { clientId: string; clientSecret: string; scope: string } = ADMIN_CLIENT, user = 'admin'): Promise<TokenBody> {
  const { code } = await consent(sim, authorizeUrl({ client_id: client.clientId, scope: client.scope }), user);
  const res = await post(sim, 'token', { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, client_id: client.clientId, client_secret: client.clientSecret, code_verifier: VERIFIER });
  if (res.status !== 200) throw new Error(`token exchange: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as TokenBody;
}

/** GET (or another method) with a Bearer token. */
export function withBearer(sim: Simulator, path: string, token: string, init: RequestInit = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return sim.fetch(`${BASE}${path}`, { ...init, headers });
}
