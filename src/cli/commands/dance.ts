import { DEFAULT_PROFILE, checkProfileSavable, createClient, createOAuth1Auth, saveProfileOrRescue, type DanceOptions } from '../../index.js';
import { CONNECTION_OPTIONS, oauthConnectionHelp, connectionFlags, parseCommandArgs, timeoutMs } from '../args.js';
import type { Command } from '../command.js';
import { runDance, type DanceMode } from '../dance-flow.js';
import { println } from '../io.js';
import { loadOAuthSettings } from '../oauth-settings.js';
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
  const jira = createClient({ baseUrl: options.server, auth: createOAuth1Auth({ ...options, token }), fetch: options.fetch, timeoutMs: options.timeoutMs, hooks: options.hooks, retry: { limit: 0 } });
  return jira.myself().then((me) => me.name, () => undefined);
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
${oauthConnectionHelp(false)}
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
    const waitMs = timeoutMs(values['callback-timeout'], 300, '--callback-timeout');
    const saveTo = values.save ? (values.profile ?? (io.env['JIRA_PROFILE'] || DEFAULT_PROFILE)) : undefined;
    // Before the dance: a save that cannot work must fail now, not after the user approved a token.
    if (saveTo !== undefined) await checkProfileSavable(saveTo, io.env);
    const settings = await loadOAuthSettings(connectionFlags(values), io, {
      requireServer: true,
      passphraseEnv: values['key-passphrase-env'],
      profileMayBeMissing: values.save === true,
      noVerify: values['no-verify'] === true,
    });
    const server = settings.server ?? '';
    const options = settings.dance(server);
    if (!values.save && !values['print-tokens']) {
      println(io.stderr, 'jirakit: note: without --save or --print-tokens the new access token is checked and then discarded.');
    }
    const access = await runDance(options, io, { mode: mode as DanceMode, printTokens: values['print-tokens'] === true, callbackTimeoutMs: waitMs });
    const user = await whoAmI(options, access.token);
    const days = access.expiresIn === undefined ? undefined : Math.round(access.expiresIn / 86400);
    println(io.stdout, `OAuth dance complete: ${user ? `Jira knows the token as user '${user}'` : 'access token received'}${days ? `; it expires in ${days} days` : ''}.`);
    if (saveTo !== undefined) {
      const path = await saveProfileOrRescue(saveTo, {
        server,
        consumer_key: settings.consumerKey,
        key_cert: settings.keyCert,
        access_token: access.token,
        access_token_secret: access.tokenSecret,
      }, io.env);
      println(io.stdout, `Saved to profile '${saveTo}' in ${path}; use it with --profile ${saveTo}${saveTo === DEFAULT_PROFILE ? ' (or nothing)' : ''}.`);
    }
    return 0;
  },
};
