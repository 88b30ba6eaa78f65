import { getAccessToken, getAuthorizeUrl, getRequestToken, type DanceOptions } from '../../auth/oauth1-dance.js';
import { createOAuth1Auth } from '../../auth/oauth1.js';
import { DEFAULT_PROFILE, saveProfile } from '../../config/profiles.js';
import { AbortedError } from '../../errors/jira-kit-error.js';
import { send } from '../../http/send.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS, connectionFlags, parseCommandArgs, timeoutMs } from '../args.js';
import { openBrowser } from '../browser.js';
import type { Command } from '../command.js';
import { println, type Io } from '../io.js';
import { startCallbackListener, type CallbackListener } from '../loopback-callback.js';
import { loadOAuthSettings } from '../oauth-settings.js';
import { LineReader } from '../prompt.js';
import { UsageError } from '../usage-error.js';

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  callback: { type: 'string' },
  'print-tokens': { type: 'boolean' },
  save: { type: 'boolean' },
  'callback-timeout': { type: 'string' },
} as const;

/** Asks Jira who the new token belongs to; undefined if that fails (the dance still succeeded). */
async function whoAmI(options: DanceOptions, token: string): Promise<string | undefined> {
  try {
    const url = new URL(`${options.server}/rest/api/2/myself`);
    const auth = createOAuth1Auth({ ...options, token });
    const response = await send({ method: 'GET', url, headers: { authorization: (await auth.sign({ method: 'GET', url })) ?? '', accept: 'application/json' } }, options);
    if (!response.ok) return undefined;
    return ((await response.json()) as { name?: string }).name;
  } catch {
    return undefined;
  }
}

async function authorize(io: Io, url: string, announce: boolean): Promise<void> {
  println(io.stderr, 'Please visit this URL to authorize the OAuth request:');
  println(io.stderr, `    ${url}`);
  if (announce && (await openBrowser(url, io))) println(io.stderr, 'Your browser is opening the OAuth authorization for this client session.');
}

/** `jirakit dance`: request token, user approval, access token; optionally saved as a profile. */
export const dance: Command = {
  summary: 'the OAuth 1.0a dance: get an access token; --save keeps it in a profile',
  help: `Usage: jirakit dance --server URL --consumer-key KEY --key-cert rsa.pem [options]

Runs the OAuth dance with Jira's application link: gets a request token, has you
approve it in a browser, and exchanges it for an access token (signed RSA-SHA1).

Modes:
  (default)             OAuth 1.0 as Python's jirashell does it: approve in the
                        browser, then answer y at the prompt
  --callback oob        OAuth 1.0a: type the verification code Jira shows
  --callback loopback   OAuth 1.0a: Jira sends the browser back to a one-shot
                        listener on 127.0.0.1 and the dance continues by itself

Options:
  --print-tokens              print request and access tokens and secrets
  --save                      save server, consumer key, key path and token to
                              the profile (--profile NAME, default "default")
  --callback-timeout SECONDS  how long loopback mode waits (default 300)
${CONNECTION_HELP}
The browser opens when one is available; BROWSER works as in Python ('echo %s'
just prints the URL). Prompts read standard input, so answers can be piped.

Example:
  jirakit dance --server https://jira.example.com --consumer-key monitor-jira-license --key-cert rsa.pem --save`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, OPTIONS);
    const mode = values.callback ?? 'none';
    if (!['none', 'oob', 'loopback'].includes(mode)) {
      throw new UsageError(`--callback takes oob or loopback, not '${mode}'`, { hint: 'Leave it out for the OAuth 1.0 flow jirashell uses' });
    }
    const waitMs = timeoutMs(values['callback-timeout'], 300);
    const settings = await loadOAuthSettings(connectionFlags(values), io, { requireServer: true, passphraseEnv: values['key-passphrase-env'], profileMayBeMissing: values.save === true });
    const server = settings.server ?? '';
    const options: DanceOptions = { server, consumerKey: settings.consumerKey, privateKey: settings.privateKey, timeoutMs: settings.timeoutMs };
    if (!values.save && !values['print-tokens']) {
      println(io.stderr, 'jirakit: note: without --save or --print-tokens the new access token is checked and then discarded.');
    }
    const reader = new LineReader(io);
    let listener: CallbackListener | undefined;
    try {
      if (mode === 'loopback') listener = await startCallbackListener();
      const callback = mode === 'oob' ? 'oob' : listener?.url;
      const requestToken = await getRequestToken({ ...options, callback });
      if (values['print-tokens']) {
        println(io.stdout, 'Request tokens received.');
        println(io.stdout, `    Request token:        ${requestToken.token}`);
        println(io.stdout, `    Request token secret: ${requestToken.tokenSecret}`);
      }
      const url = getAuthorizeUrl(server, requestToken.token);
      await authorize(io, url, true);
      let verifier: string | undefined;
      if (mode === 'none') {
        const answer = await reader.ask(`Have you authorized this program to connect on your behalf to ${server}? (y/n) `);
        if (answer?.trim().toLowerCase() !== 'y') {
          throw new AbortedError('Abandoned the OAuth dance: the authorization was not confirmed', { hint: 'Run it again and answer y after clicking Allow' });
        }
      } else if (mode === 'oob') {
        verifier = (await reader.ask('Enter the verification code Jira showed after you clicked Allow: '))?.trim();
        if (!verifier) throw new AbortedError('Abandoned the OAuth dance: no verification code was entered', { hint: 'Run it again and paste the code Jira shows' });
      } else if (listener) {
        println(io.stderr, `Waiting for Jira to send the browser back to ${listener.url} (Ctrl-C to stop)...`);
        verifier = (await listener.wait(requestToken.token, waitMs)).verifier;
        if (verifier === 'denied') throw new AbortedError('Access was denied in the browser', { hint: 'Run the dance again and click Allow' });
      }
      const access = await getAccessToken({ ...options, requestToken: requestToken.token, verifier });
      if (values['print-tokens']) {
        println(io.stdout, 'Access tokens received.');
        println(io.stdout, `    Access token:        ${access.token}`);
        println(io.stdout, `    Access token secret: ${access.tokenSecret}`);
      }
      const user = await whoAmI(options, access.token);
      const days = access.expiresIn === undefined ? undefined : Math.round(access.expiresIn / 86400);
      println(io.stdout, `OAuth dance complete: ${user ? `Jira knows the token as user '${user}'` : 'access token received'}${days ? `; it expires in ${days} days` : ''}.`);
      if (values.save) {
        const profile = values.profile ?? (io.env['JIRA_PROFILE'] || DEFAULT_PROFILE);
        const path = await saveProfile(profile, {
          server,
          consumer_key: settings.consumerKey,
          key_cert: settings.keyCert,
          access_token: access.token,
          access_token_secret: access.tokenSecret,
        }, io.env);
        println(io.stdout, `Saved to profile '${profile}' in ${path}; use it with --profile ${profile}${profile === DEFAULT_PROFILE ? ' (or nothing)' : ''}.`);
      }
      return 0;
    } finally {
      reader.close();
      await listener?.close();
    }
  },
};
