/**
 * `jirakit logout`: revokes a profile's OAuth 2.0 tokens at Jira (`/rest/oauth2/latest/revoke`;
 * revoking the refresh token takes its access token with it, oauth2-provider.md 1.7) and removes
 * them from the profile, keeping the server and client so a dance can log in again. OAuth 1.0a
 * has no revocation endpoint: its tokens are removed and the user is told where Jira revokes them
 * (jira-wire.md 2.1).
 */
import { ConfigError, DEFAULT_PROFILE, JiraKitError, profilesPath, readProfile, revokeOAuth2Token, updateProfile, type Profile } from '../../index.js';
import { CONNECTION_OPTIONS, OAUTH2_CONNECTION_HELP, parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { println, type Io } from '../io.js';
import { loadOAuth2Settings } from '../oauth2-settings.js';

const OAUTH2_FIELDS = ['access_token', 'refresh_token', 'expires_at', 'scope'] as const;
const OAUTH1_FIELDS = ['access_token', 'access_token_secret'] as const;

/** Removes fields from a profile under its lock. */
async function removeFields(name: string, fields: readonly (keyof Profile)[], io: Io): Promise<void> {
  await updateProfile(name, (current) => {
    if (!current) return current;
    const next: Profile = { ...current };
    for (const field of fields) delete next[field];
    return next;
  }, io.env);
}

/** OAuth 2.0: revoke at Jira, then forget; a failed revocation keeps the tokens, so logout can be run again. */
async function logoutOAuth2(name: string, profile: Profile, values: Record<string, unknown>, io: Io): Promise<void> {
  const settings = await loadOAuth2Settings({ ...values, profile: name }, io);
  const token = profile.refresh_token ?? profile.access_token ?? '';
  try {
    await revokeOAuth2Token({ ...settings.options, token, tokenTypeHint: profile.refresh_token ? 'refresh_token' : 'access_token' });
  } catch (error) {
    if (!(error instanceof JiraKitError)) throw error;
    const hint = `${error.hint ? `${error.hint.replace(/\.$/, '')}; ` : ''}the tokens stay in profile '${name}' until logout succeeds`;
    throw new JiraKitError(error.message, { hint: `${hint.charAt(0).toUpperCase()}${hint.slice(1)}`, cause: error });
  }
  await removeFields(name, OAUTH2_FIELDS, io);
  println(io.stdout, `Revoked the OAuth 2.0 tokens of profile '${name}' at ${settings.options.server} and removed them from ${profilesPath(io.env)}; \`jirakit dance --oauth2 --save${name === DEFAULT_PROFILE ? '' : ` --profile ${name}`}\` logs in again.`);
}

/** `jirakit logout`. */
export const logout: Command = {
  summary: "revoke a profile's OAuth 2.0 tokens at Jira and remove them (OAuth 1.0a: remove them)",
  help: `Usage: jirakit logout [--profile NAME] [connection]

Revokes the OAuth 2.0 tokens of a profile at Jira and removes them from the
profile; the server, client ID and client secret stay, so
\`jirakit dance --oauth2 --save\` logs in again. If Jira cannot be reached the
tokens are kept, so logout can be run again.

For an OAuth 1.0a profile it removes the access token and secret and says where
in Jira to revoke them (Jira has no revocation endpoint for OAuth 1.0a).

${OAUTH2_CONNECTION_HELP}

Example:
  jirakit logout --profile monitoring`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, CONNECTION_OPTIONS);
    const name = values.profile ?? (io.env['JIRA_PROFILE'] || DEFAULT_PROFILE);
    const profile = await readProfile(name, io.env);
    if (!profile) throw new ConfigError(`There is no profile named '${name}'`, { hint: 'Check --profile / JIRA_PROFILE' });
    io.secrets.add(profile.access_token, profile.refresh_token, profile.access_token_secret, profile.client_secret);
    if (profile.refresh_token !== undefined || (profile.client_id !== undefined && profile.access_token !== undefined && profile.access_token_secret === undefined)) {
      await logoutOAuth2(name, profile, values, io);
      return 0;
    }
    if (profile.access_token === undefined && profile.access_token_secret === undefined) {
      println(io.stdout, `Profile '${name}' holds no OAuth tokens; there is nothing to log out.`);
      return 0;
    }
    await removeFields(name, OAUTH1_FIELDS, io);
    const page = profile.server ? ` (${profile.server}/plugins/servlet/oauth/users/access-tokens)` : '';
    println(io.stdout, `Removed the OAuth 1.0a access token of profile '${name}' from ${profilesPath(io.env)}. Jira has no way to revoke it from here: revoke it in Jira under your profile's Tools > View OAuth Access Tokens${page}, or have an administrator remove the application link.`);
    return 0;
  },
};
