import { AbortedError, type AccessToken, cleanServerText, type DanceOptions, getAccessToken, getAuthorizeUrl, getRequestToken } from '../index.js';
import { openBrowser } from './browser.js';
import { println, type Io } from './io.js';
import { startCallbackListener, type CallbackListener } from './loopback-callback.js';
import { lineReaderFor } from './prompt.js';

/** How the user approves: jirashell's y/n (OAuth 1.0), an oob code, or a loopback callback. */
export type DanceMode = 'none' | 'oob' | 'loopback';

/** Runs the three legs, talking to the user on the terminal; returns the access token. */
export async function runDance(options: DanceOptions, io: Io, flow: { mode: DanceMode; printTokens: boolean; callbackTimeoutMs: number; keepInput?: boolean }): Promise<AccessToken> {
  const reader = lineReaderFor(io);
  let listener: CallbackListener | undefined;
  try {
    if (flow.mode === 'loopback') listener = await startCallbackListener();
    const callback = flow.mode === 'oob' ? 'oob' : listener?.url;
    const requestToken = await getRequestToken({ ...options, callback });
    if (flow.printTokens) {
      println(io.rawStdout, 'Request tokens received.');
      println(io.rawStdout, `    Request token:        ${cleanServerText(requestToken.token)}`);
      println(io.rawStdout, `    Request token secret: ${cleanServerText(requestToken.tokenSecret)}`);
    }
    const url = getAuthorizeUrl(options.server, requestToken.token);
    println(io.stderr, 'Please visit this URL to authorize the OAuth request:');
    println(io.stderr, `    ${url}`);
    if (await openBrowser(url, io)) println(io.stderr, 'Your browser is opening the OAuth authorization for this client session.');
    let verifier: string | undefined;
    if (flow.mode === 'none') {
      const answer = await reader.ask(`Have you authorized this program to connect on your behalf to ${options.server}? (y/n) `);
      if (answer?.trim().toLowerCase() !== 'y') {
        throw new AbortedError('Abandoned the OAuth dance: the authorization was not confirmed', { hint: 'Run it again and answer y after clicking Allow', reason: 'declined' });
      }
    } else if (flow.mode === 'oob') {
      verifier = (await reader.ask('Enter the verification code Jira showed after you clicked Allow: '))?.trim();
      if (!verifier) throw new AbortedError('Abandoned the OAuth dance: no verification code was entered', { hint: 'Run it again and paste the code Jira shows', reason: 'declined' });
    } else if (listener) {
      println(io.stderr, `Waiting for Jira to send the browser back to ${listener.url} (Ctrl-C to stop)...`);
      verifier = (await listener.wait(requestToken.token, flow.callbackTimeoutMs)).verifier;
      if (verifier === 'denied') throw new AbortedError('Access was denied in the browser', { hint: 'Run the dance again and click Allow', reason: 'declined' });
    }
    const access = await getAccessToken({ ...options, requestToken: requestToken.token, verifier });
    if (flow.printTokens) {
      println(io.rawStdout, 'Access tokens received.');
      println(io.rawStdout, `    Access token:        ${cleanServerText(access.token)}`);
      println(io.rawStdout, `    Access token secret: ${cleanServerText(access.tokenSecret)}`);
    }
    // From here on they are the session's secrets, masked in anything printed.
    io.secrets.add(requestToken.token, requestToken.tokenSecret, access.token, access.tokenSecret);
    return access;
  } finally {
    // jirashell goes on reading the same input in its shell; everyone else lets the process end.
    if (!flow.keepInput || io.interactive) reader.close();
    await listener?.close();
  }
}
