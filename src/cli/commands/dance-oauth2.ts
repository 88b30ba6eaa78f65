/**
 * `jirakit dance --oauth2`: the authorization-code dance with PKCE against Jira DC's OAuth 2.0
 * provider (8.22+, oauth2-provider.md), then who the token belongs to, and with --save the
 * client, the pair, its expiry and scope in the profile (0600), from where it renews itself.
 */
import { DEFAULT_PROFILE, checkProfileSavable, createClient, createOAuth2Auth, saveProfileOrRescue, type OAuth2Tokens } from '../../index.js';
import { timeoutMs } from '../args.js';
import { println, type Io } from '../io.js';
import { runOAuth2Dance } from '../oauth2-dance-flow.js';
import { loadOAuth2Settings, parseRedirectUri, parseScope, type OAuth2CliSettings } from '../oauth2-settings.js';
import { UsageError } from '../usage-error.js';

/** The dance command's parsed flags that matter here. */
export interface OAuth2DanceValues extends Record<string, unknown> {
  readonly scope?: string | undefined;
  readonly 'redirect-uri'?: string | undefined;
  readonly 'no-listen'?: boolean | undefined;
  readonly callback?: string | undefined;
  readonly 'callback-timeout'?: string | undefined;
  readonly save?: boolean | undefined;
  readonly 'print-tokens'?: boolean | undefined;
  readonly profile?: string | undefined;
}

/** Asks Jira who the new token belongs to; undefined if that fails (the dance still succeeded). */
async function whoAmI(settings: OAuth2CliSettings, tokens: OAuth2Tokens): Promise<string | undefined> {
  const { server, fetch, timeoutMs: timeout, hooks } = settings.options;
  const jira = createClient({ baseUrl: server, auth: createOAuth2Auth({ tokens }), fetch, timeoutMs: timeout, hooks, retry: { limit: 0 } });
  return jira.myself().then((me) => me.name, () => undefined);
}

function summary(user: string | undefined, tokens: OAuth2Tokens, scope: string, saved: boolean): string {
  const who = user ? `Jira knows the token as user '${user}'` : 'tokens received';
  const minutes = tokens.expiresAt === undefined ? undefined : Math.round((tokens.expiresAt - Date.now()) / 60_000);
  const life = minutes === undefined ? '' : `; the access token lasts ${minutes} minutes${saved ? ' and is renewed from the profile when it runs out' : ''}`;
  return `OAuth 2.0 dance complete: ${who} (scope ${tokens.scope ?? scope})${life}.`;
}

/** Runs `dance --oauth2`; returns the exit code. */
export async function danceOAuth2(values: OAuth2DanceValues, io: Io): Promise<number> {
  if (values.callback !== undefined) {
    throw new UsageError('--callback is for the OAuth 1.0a dance', { hint: 'With --oauth2, jirakit listens at --redirect-uri, or asks for the address with --no-listen' });
  }
  const scope = parseScope(values.scope ?? 'WRITE');
  const redirectUri = parseRedirectUri(values['redirect-uri']);
  const waitMs = timeoutMs(values['callback-timeout'], 300, '--callback-timeout');
  const saveTo = values.save ? (values.profile ?? (io.env['JIRA_PROFILE'] || DEFAULT_PROFILE)) : undefined;
  // Before the dance: a save that cannot work must fail now, not after the user clicked Allow.
  if (saveTo !== undefined) await checkProfileSavable(saveTo, io.env);
  const settings = await loadOAuth2Settings(values, io, { profileMayBeMissing: values.save === true });
  if (!values.save && !values['print-tokens']) {
    println(io.stderr, 'jirakit: note: without --save or --print-tokens the new tokens are checked and then discarded.');
  }
  const tokens = await runOAuth2Dance(settings, io, {
    scope, redirectUri, listen: values['no-listen'] !== true, printTokens: values['print-tokens'] === true, callbackTimeoutMs: waitMs,
  });
  println(io.stdout, summary(await whoAmI(settings, tokens), tokens, scope, saveTo !== undefined));
  if (saveTo === undefined) return 0;
  const { server, clientId, clientSecret } = settings.options;
  const path = await saveProfileOrRescue(saveTo, {
    server,
    client_id: clientId,
    client_secret: clientSecret,
    access_token: tokens.accessToken,
    ...(tokens.refreshToken === undefined ? {} : { refresh_token: tokens.refreshToken }),
    ...(tokens.expiresAt === undefined ? {} : { expires_at: new Date(tokens.expiresAt).toISOString() }),
    scope: tokens.scope ?? scope,
  }, io.env);
  println(io.stdout, `Saved to profile '${saveTo}' in ${path}; use it with --profile ${saveTo}${saveTo === DEFAULT_PROFILE ? ' (or nothing)' : ''}.`);
  return 0;
}
