/**
 * The OAuth 2.0 dance on a terminal: check the link, listen at the redirect URL (or ask for the
 * address the browser was sent to), open the authorize URL, check `state`, exchange the code.
 */
import {
  AbortedError, checkOAuth2Link, createPkce, exchangeOAuth2Code, getOAuth2AuthorizeUrl, randomState, readOAuth2Redirect, type OAuth2Tokens,
} from '../index.js';
import { openBrowser } from './browser.js';
import { println, type Io } from './io.js';
import { listenForRedirect, type RedirectListener } from './oauth2-redirect-listener.js';
import type { OAuth2CliSettings } from './oauth2-settings.js';
import { lineReaderFor } from './prompt.js';

/** How the dance runs. */
export interface OAuth2Flow {
  readonly scope: string;
  readonly redirectUri: string;
  /** Listen at the redirect URL (default); false asks for the address instead (a browser on another machine). */
  readonly listen: boolean;
  readonly printTokens: boolean;
  readonly callbackTimeoutMs: number;
}

/** The address the browser was sent to: from the listener, or pasted by the user. */
async function redirectAddress(io: Io, flow: OAuth2Flow, listener: RedirectListener | undefined): Promise<string> {
  if (listener) {
    println(io.stderr, `Waiting for Jira to send the browser back to ${flow.redirectUri} (Ctrl-C to stop)...`);
    return listener.wait(flow.callbackTimeoutMs);
  }
  const reader = lineReaderFor(io);
  try {
    const address = (await reader.ask(`After Allow, the browser goes to ${flow.redirectUri}?code=… and that page does not load.\nPaste the address it was sent to: `))?.trim();
    if (!address) throw new AbortedError('Abandoned the OAuth 2.0 dance: no address was entered', { hint: 'Run it again and paste the whole address from the browser', reason: 'declined' });
    return address;
  } finally {
    reader.close();
  }
}

function printTokens(io: Io, tokens: OAuth2Tokens): void {
  println(io.rawStdout, 'OAuth 2.0 tokens received.');
  println(io.rawStdout, `    Access token:  ${tokens.accessToken}`);
  println(io.rawStdout, `    Refresh token: ${tokens.refreshToken ?? '(none)'}`);
  if (tokens.expiresAt !== undefined) println(io.rawStdout, `    Expires at:    ${new Date(tokens.expiresAt).toISOString()}`);
  println(io.rawStdout, `    Scope:         ${tokens.scope ?? '(not said)'}`);
}

/** Runs the dance; returns the tokens (registered as the session's secrets). */
export async function runOAuth2Dance(settings: OAuth2CliSettings, io: Io, flow: OAuth2Flow): Promise<OAuth2Tokens> {
  const { options } = settings;
  const pkce = createPkce();
  const state = randomState();
  // Listen first: a busy port must fail before the user is sent anywhere.
  const listener = flow.listen ? await listenForRedirect(flow.redirectUri, state) : undefined;
  try {
    await checkOAuth2Link({ ...options, redirectUri: flow.redirectUri, scope: flow.scope });
    const url = getOAuth2AuthorizeUrl({ server: options.server, clientId: options.clientId, redirectUri: flow.redirectUri, scope: flow.scope, state, codeChallenge: pkce.challenge });
    println(io.stderr, 'Please visit this URL to authorize jirakit with Jira (log in, then click Allow):');
    println(io.stderr, `    ${url}`);
    if (await openBrowser(url, io)) println(io.stderr, 'Your browser is opening the authorization page.');
    const address = await redirectAddress(io, flow, listener);
    const code = readOAuth2Redirect(address, { state, redirectUri: flow.redirectUri, scope: flow.scope });
    io.secrets.add(code);
    const tokens = await exchangeOAuth2Code({ ...options, code, redirectUri: flow.redirectUri, codeVerifier: pkce.verifier });
    if (flow.printTokens) printTokens(io, tokens);
    io.secrets.add(tokens.accessToken, tokens.refreshToken);
    return tokens;
  } finally {
    await listener?.close();
  }
}
