/**
 * The OAuth 2.0 half of `jirakit demo`: an External application link on an in-process simulator
 * (dev mode, so plain http on loopback is allowed), the PKCE dance with a scripted user, Bearer
 * calls, and a renewal after the simulator's clock passes the access token's hour, with the
 * rotated-out refresh token refused (oauth2-provider.md 1.4, 1.6).
 */
import {
  createClient, createOAuth2Auth, createOAuth2Refresher, createPkce, exchangeOAuth2Code, getOAuth2AuthorizeUrl, isOAuth2Error, memoryTokenStore, randomState,
  readOAuth2Redirect, refreshOAuth2Token,
} from '../../index.js';
import { consentAsUser, createSimulator } from '../../simulator/index.js';
import { DEFAULT_REDIRECT_URI } from '../oauth2-settings.js';

const CLIENT = { clientId: '3f1c0d2e4b5a69788796a5b4c3d2e1f0', clientSecret: 'demo-secret-not-for-production', redirectUris: [DEFAULT_REDIRECT_URI], scope: 'ADMIN', name: 'jirakit' } as const;

/** Runs the OAuth 2.0 part, writing the transcript with `out`. */
export async function demoOAuth2(out: (text?: string) => void): Promise<void> {
  const clock = { offsetMs: 0 };
  const sim = createSimulator({ contextPath: '/jira', now: () => Date.now() + clock.offsetMs, oauth2Clients: [CLIENT], oauth2: { devMode: true } });
  const running = await sim.listen({ port: 0 });
  try {
    const server = running.url;
    out('# OAuth 2.0 (Jira Data Center 8.22+): an External application link instead of a consumer key and RSA key.');
    out(`# A second simulator, with OAuth 2.0, is listening on ${server}.`);
    out('$ jirakit applink --oauth2 --scope ADMIN');
    out(`Redirect URL:  ${DEFAULT_REDIRECT_URI}`);
    out('Permission:    ADMIN');
    out(`# (the administrator creates the link; Jira shows client ID ${CLIENT.clientId} and a secret)`);
    out();
    out(`$ BROWSER='echo %s' JIRA_CLIENT_SECRET=… jirakit dance --oauth2 --server ${server} --client-id ${CLIENT.clientId} --scope ADMIN --save --print-tokens`);
    const options = { server, clientId: CLIENT.clientId, clientSecret: CLIENT.clientSecret, now: () => Date.now() + clock.offsetMs };
    const pkce = createPkce();
    const state = randomState();
    const url = getOAuth2AuthorizeUrl({ server, clientId: CLIENT.clientId, redirectUri: DEFAULT_REDIRECT_URI, scope: 'ADMIN', state, codeChallenge: pkce.challenge });
    out('Please visit this URL to authorize jirakit with Jira (log in, then click Allow):');
    out(`    ${url}`);
    const { redirectedTo } = await consentAsUser({ authorizeUrl: url, username: 'admin', password: 'admin' });
    out(`# (admin logs in and clicks Allow; the browser goes to ${DEFAULT_REDIRECT_URI}?code=…&state=…, where jirakit listens and checks state)`);
    const code = readOAuth2Redirect(redirectedTo, { state, redirectUri: DEFAULT_REDIRECT_URI });
    const tokens = await exchangeOAuth2Code({ ...options, code, redirectUri: DEFAULT_REDIRECT_URI, codeVerifier: pkce.verifier });
    out('OAuth 2.0 tokens received.');
    out(`    Access token:  ${tokens.accessToken}`);
    out(`    Refresh token: ${tokens.refreshToken ?? ''}`);
    out(`    Scope:         ${tokens.scope ?? ''}`);
    const store = memoryTokenStore(tokens);
    const auth = createOAuth2Auth({ tokens, refresh: createOAuth2Refresher({ ...options, store }), now: options.now });
    const jira = createClient({ baseUrl: server, auth });
    out(`OAuth 2.0 dance complete: Jira knows the token as user '${(await jira.myself()).name}' (scope ${tokens.scope ?? 'ADMIN'}).`);
    const usage = await jira.license('jira-software');
    out(`# check_jira_license with this profile (Authorization: Bearer …, ADMIN scope): Using ${usage.activeUserCount} of ${usage.licensedUserCount} license slots`);
    out();
    clock.offsetMs = 3_601_000;
    out('# An hour later (the simulator\'s clock moves on): the access token has expired. The next call');
    out('# refreshes first, under the token store\'s lock (a saved profile\'s), and stores the new pair before using it:');
    out(`$ jirakit request GET /rest/api/2/myself   ->   '${(await jira.myself()).name}'`);
    out(`# Jira's grants so far: ${JSON.stringify(sim.oauth2.grants)}; the pair was rotated: ${auth.tokens.refreshToken !== tokens.refreshToken}`);
    const old = await refreshOAuth2Token({ ...options, refreshToken: tokens.refreshToken ?? '' }).catch((e: unknown) => e);
    out(`# The old refresh token is dead: ${isOAuth2Error(old) ? `${old.message} (${old.error})` : 'accepted?!'}`);
  } finally {
    await running.close();
  }
}
