/**
 * `jirashell`: Python jirashell's command line in jirakit, so both commands of the seed
 * procedure run unchanged, plus --token for PATs and --profile.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_PROFILE, checkProfileSavable, normalizeJirashellArgs, saveProfileOrRescue } from '../index.js';
import { VERSION } from '../version.js';
import { CONNECTION_OPTIONS, connectionFlags, timeoutMs } from './args.js';
import { connectFromFlags } from './connect-cli.js';
import { runDance } from './dance-flow.js';
import { println, type Io } from './io.js';
import { loadOAuthSettings } from './oauth-settings.js';
import { askHidden } from './prompt.js';
import { EXIT, exitCodeFor, formatError } from './report.js';
import { runShell } from './shell.js';
import { ShellRequests } from './shell-requests.js';
import { UsageError } from './usage-error.js';

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  'auth-url': { type: 'string' },
  'prompt-for-password': { type: 'boolean' },
  'oauth-dance': { type: 'boolean' },
  'print-tokens': { type: 'boolean' },
  save: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

const HELP = `usage: jirashell [-h] [-s SERVER] [-r REST_PATH] [-v REST_API_VERSION] [--no-verify]
                 [-u USERNAME] [-p PASSWORD] [-P] [-od] [-ck CONSUMER_KEY] [-k KEY_CERT]
                 [-pt] [-at ACCESS_TOKEN] [-ats ACCESS_TOKEN_SECRET] [--token PAT] [--profile NAME]

Start an interactive Jira shell with the REST API (jirakit's jirashell, compatible with
Python jirashell's flags).

  -s, --server SERVER          the Jira instance, including context path
  -r, --rest-path REST_PATH    the root path of the REST API (default api)
  -v, --rest-api-version V     the version of the API (default 2)
  --no-verify                  do not verify the TLS certificate
  -u, --username USERNAME      Basic auth user
  -p, --password PASSWORD      Basic auth password
  -P, --prompt-for-password    ask for the password
  -od, --oauth-dance           do the OAuth dance, then open the shell with the new token
  -ck, --consumer-key KEY      OAuth consumer key
  -k, --key-cert FILE          OAuth private key (the pair of the link's public key)
  -pt, --print-tokens          print the OAuth tokens as they are received
  -at, --access-token TOKEN    OAuth access token
  -ats, --access-token-secret  OAuth access token secret
  --token PAT                  personal access token (jirakit addition)
  --profile NAME               saved jirakit profile (jirakit addition); with -od --save, saved to it
Example:
  BROWSER='echo %s' jirashell --server https://jira.example.com --consumer-key monitor-jira-license --key-cert rsa.pem --oauth-dance`;

/** Runs jirashell; returns the exit code. */
export async function jirashellMain(argv: readonly string[], io: Io): Promise<number> {
  try {
    let parsed;
    try {
      parsed = parseArgs({ args: normalizeJirashellArgs(argv, { '-v': '--rest-api-version' }), options: OPTIONS, strict: true, allowPositionals: false });
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message.replace(/\.$/, '') : String(error), { hint: 'See jirashell --help' });
    }
    const values: Record<string, unknown> = { ...parsed.values };
    if (typeof values['timeout'] === 'string') timeoutMs(values['timeout']);
    if (values['help']) {
      println(io.stdout, HELP);
      return EXIT.ok;
    }
    if (values['version']) {
      println(io.stdout, VERSION);
      return EXIT.ok;
    }
    if (values['prompt-for-password']) {
      values['password'] = await askHidden(io, `Password for ${String(values['username'] ?? 'the user')}: `);
    }
    if (values['oauth-dance']) {
      // Python's dance: OAuth 1.0 style, y/n prompt, tokens printed with -pt; then the shell opens.
      // The dance reads the OAuth and connection settings only (any access token is about to be replaced).
      const flags = connectionFlags(values, ['access-token', 'access-token-secret', 'username', 'password', 'token', 'email', 'api-token']);
      // As jirakit dance: the profile the settings were read from, and checked before the dance.
      const saveTo = values['save'] ? ((values['profile'] as string | undefined) ?? (io.env['JIRA_PROFILE'] || DEFAULT_PROFILE)) : undefined;
      if (saveTo !== undefined) await checkProfileSavable(saveTo, io.env);
      const settings = await loadOAuthSettings(flags, io, {
        requireServer: true,
        passphraseEnv: values['key-passphrase-env'] as string | undefined,
        profileMayBeMissing: true,
        noVerify: values['no-verify'] === true,
      });
      const access = await runDance(settings.dance(settings.server ?? ''), io, { mode: 'none', printTokens: values['print-tokens'] === true, callbackTimeoutMs: timeoutMs(undefined, 300), keepInput: true });
      if (saveTo !== undefined) {
        // The shell still opens with the new token; the error says where the tokens were kept.
        const saved = await saveProfileOrRescue(saveTo, { server: settings.server ?? '', consumer_key: settings.consumerKey, key_cert: settings.keyCert, access_token: access.token, access_token_secret: access.tokenSecret }, io.env)
          .then(() => true, (error: unknown) => {
            for (const line of formatError(error, { program: 'jirashell', verbose: io.verbose === true })) println(io.stderr, line);
            return false;
          });
        if (saved) println(io.stderr, `Saved to profile '${saveTo}'.`);
      }
      values['access-token'] = access.token;
      values['access-token-secret'] = access.tokenSecret;
    }
    const requests = new ShellRequests();
    const { client, config } = await connectFromFlags(values, io, { hooks: requests.hooks, signal: requests.signal });
    return await runShell(client, io, { server: config.server, requests });
  } catch (error) {
    for (const line of formatError(error, { program: 'jirashell', verbose: io.verbose === true, debug: io.env['JIRAKIT_DEBUG'] === '1' })) println(io.stderr, line);
    return exitCodeFor(error);
  }
}
