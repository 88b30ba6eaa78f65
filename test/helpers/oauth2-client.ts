// Helpers for the OAuth 2.0 client tests: jirakit's own legs against the in-process simulator
// (test/helpers/oauth2.ts's clients and clock).
import { createPkce, exchangeOAuth2Code, getOAuth2AuthorizeUrl, randomState, readOAuth2Redirect, type OAuth2Tokens } from '../../src/index.js';
import type { Simulator } from '../../src/simulator/index.js';
import { ADMIN_CLIENT, BASE, REDIRECT, consent } from './oauth2.js';

/** The client options of ADMIN_CLIENT on the in-process simulator, its clock included. */
export function clientOptions(sim: Simulator & { clock: { ms: number } }, client: { clientId: string; clientSecret: string } = ADMIN_CLIENT) {
  return { server: BASE, clientId: client.clientId, clientSecret: client.clientSecret, fetch: sim.fetch, now: () => sim.clock.ms };
}

/** jirakit's dance in-process: authorize URL, the scripted user's Allow, the redirect read, the code exchanged. */
export async function danceInProcess(sim: Simulator & { clock: { ms: number } }, scope = 'ADMIN', user = 'admin', client: { clientId: string; clientSecret: string } = ADMIN_CLIENT): Promise<OAuth2Tokens> {
  const pkce = createPkce();
  const state = randomState();
  const url = getOAuth2AuthorizeUrl({ server: BASE, clientId: client.clientId, redirectUri: REDIRECT, scope, state, codeChallenge: pkce.challenge });
  const { redirectedTo } = await consent(sim, url, user);
  const code = readOAuth2Redirect(redirectedTo, { state, redirectUri: REDIRECT, scope });
  return exchangeOAuth2Code({ ...clientOptions(sim, client), code, redirectUri: REDIRECT, codeVerifier: pkce.verifier });
}

/** The error a promise rejects with; a promise that resolves fails the test. */
export async function rejection<E = Error>(promise: Promise<unknown>): Promise<E> {
  try {
    await promise;
  } catch (error) {
    return error as E;
  }
  throw new Error('expected a rejection');
}
