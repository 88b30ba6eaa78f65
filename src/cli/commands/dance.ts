import { DEFAULT_PROFILE, checkProfileSavable, createClient, createOAuth1Auth, saveProfileOrRescue, type DanceOptions } from '../../index.js';
import { CONNECTION_OPTIONS, OAUTH2_CONNECTION_HELP, oauthConnectionHelp, connectionFlags, parseCommandArgs, timeoutMs } from '../args.js';
import type { Command } from '../command.js';
import { runDance, type DanceMode } from '../dance-flow.js';
import { println } from '../io.js';
import { loadOAuthSettings } from '../oauth-settings.js';
import { UsageError } from '../usage-error.js';
import { danceOAuth2 } from './dance-oauth2.js';

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  callback: { type: 'string' },
  'print-tokens': { type: 'boolean' },
  save: { type: 'boolean' },
  'callback-timeout': { type: 'string' },
  oauth2: { type: 'boolean' },
  scope: { type: 'string' },
  'redirect-uri': { type: 'string' },
  'no-listen': { type: 'boolean' },
} as const;

const OAUTH2_ONLY = ['scope', 'redirect-uri', 'no-listen'] as const;

/** Asks Jira who the new token belongs to; undefined if that fails (the dance still succeeded). */
async function whoAmI(options: DanceOptions, token: string): Promise<string | undefined> {
  const jira = createClient({ baseUrl: options.server, auth: createOAuth1Auth({ ...options, token }), fetch: options.fetch, timeoutMs: options.timeoutMs, hooks: options.hooks, retry: { limit: 0 } });
  return jira.myself().then((me) => me.name, () => undefined);
}

/** `jirakit dance`: request token, user approval, access token; optionally saved as a profile. */
export const dance: Command = {
  summary: 'the OAuth dance (1.0a, or 2.0 with --oauth2): get tokens; --save keeps them in a profile',
  help: `Usage: jirakit dance --server URL --consumer-key KEY --key-cert rsa.pem [options]
       jirakit dance --oauth2 --server URL --client-id ID [--scope S] [options]

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

OAuth 2.0 (--oauth2; Jira Data Center 8.22+, an External application link):
  the authorization-code dance with PKCE. jirakit listens at the redirect URL,
  checks the state, exchanges the code (with the client secret, which Jira
  requires) and, with --save, stores client, tokens, expiry and scope; the
  profile's access token then renews itself before it runs out.
  --scope S                   READ, WRITE (default), ADMIN or SYSTEM_ADMIN;
                              check_jira_license needs ADMIN
  --redirect-uri URL          the link's Redirect URL, exactly (default
                              http://localhost:8765/callback)
  --no-listen                 for a browser on another machine: paste the
                              address it was sent to (the page will not load)
  --callback-timeout SECONDS  how long to wait for the redirect (default 300)
  --print-tokens, --save, --profile NAME as above
${OAUTH2_CONNECTION_HELP}
A profile saved this way works for every command, the shell and the plugin.

The browser opens when one is available; BROWSER works as in Python ('echo %s'
just prints the URL). Prompts read standard input, so answers can be piped.

Example:
  jirakit dance --server https://jira.example.com --consumer-key monitor-jira-license --key-cert rsa.pem --save
Or, for OAuth 2.0:
  JIRA_CLIENT_SECRET=… jirakit dance --oauth2 --server https://jira.example.com --client-id 3f1c… --scope ADMIN --save`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, OPTIONS);
    if (values.oauth2) return danceOAuth2(values, io);
    const stray = OAUTH2_ONLY.find((name) => values[name] !== undefined);
    if (stray) throw new UsageError(`--${stray} goes with --oauth2`, { hint: 'Add --oauth2 for the OAuth 2.0 dance' });
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
