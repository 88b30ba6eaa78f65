import { createOAuth1Auth } from '../../src/auth/oauth1.js';
import { getAccessToken, getAuthorizeUrl, getRequestToken } from '../../src/client/oauth1-dance.js';
import { approveAsUser } from '../../src/simulator/index.js';
import type { Simulator } from '../../src/simulator/index.js';
import { CONSUMER, testPrivateKey } from './keys.js';

/** Runs the dance in-process as `user` and returns the access token. */
export async function oauthToken(sim: Simulator, server: string, user: string, password = user): Promise<string> {
  // Sign with the simulator's clock, which a test may have fixed.
  const options = { server, consumerKey: CONSUMER, privateKey: testPrivateKey, fetch: sim.fetch, now: sim.now };
  const rt = await getRequestToken(options);
  await approveAsUser({ authorizeUrl: getAuthorizeUrl(server, rt.token), username: user, password, fetch: sim.fetch });
  return (await getAccessToken({ ...options, requestToken: rt.token })).token;
}

/** Runs the dance in-process as `user` and returns a fetch that signs every request with the token. */
export async function oauthFetch(sim: Simulator, server: string, user: string, password = user) {
  const token = await oauthToken(sim, server, user, password);
  const auth = createOAuth1Auth({ consumerKey: CONSUMER, privateKey: testPrivateKey, token, now: sim.now });
  return async (path: string, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(`${server}${path}`);
    const headers = new Headers(init.headers);
    const contentType = headers.get('content-type') ?? undefined;
    const body = typeof init.body === 'string' ? init.body : undefined;
    headers.set('authorization', (await auth.sign({ method: init.method ?? 'GET', url, contentType, body })) ?? '');
    return sim.fetch(url, { ...init, headers });
  };
}

/** Basic auth header value. */
export const basic = (user: string, password: string): string => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
