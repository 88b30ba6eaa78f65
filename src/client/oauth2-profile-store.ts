/**
 * A jirakit profile as an OAuth 2.0 token store: `access_token`, `refresh_token`, `expires_at`
 * and `scope` in the profile file, changed under the profile file's cross-process lock (the same
 * read-modify-write every save uses), so refreshes of one profile are serialised and the new pair
 * is written atomically before it is used (oauth2-provider.md 1.6).
 */
import type { OAuth2Tokens } from '../auth/oauth2.js';
import type { LockOptions } from '../config/file-lock.js';
import type { Env } from '../config/paths.js';
import { rescueProfile } from '../config/profile-rescue.js';
import { updateProfile, type Profile } from '../config/profiles.js';
import { ConfigError } from '../errors/jira-kit-error.js';
import type { OAuth2TokenStore } from './oauth2-token-store.js';

/** The pair a profile holds; undefined when it holds no access token. */
export function tokensOfProfile(profile: Profile | undefined): OAuth2Tokens | undefined {
  if (!profile?.access_token && !profile?.refresh_token) return undefined;
  const expiresAt = profile.expires_at === undefined ? Number.NaN : Date.parse(profile.expires_at);
  return {
    accessToken: profile.access_token ?? '',
    refreshToken: profile.refresh_token,
    // An unreadable time is no time: the token is then renewed when Jira ignores it.
    expiresAt: Number.isNaN(expiresAt) ? undefined : expiresAt,
    scope: profile.scope,
  };
}

/** The profile with this pair in place of the one it held (the expiry as an ISO 8601 UTC time); the other fields kept. */
export function profileWithTokens(profile: Profile | undefined, tokens: OAuth2Tokens): Profile {
  const fields = {
    access_token: tokens.accessToken,
    refresh_token: tokens.refreshToken,
    expires_at: tokens.expiresAt === undefined ? undefined : new Date(tokens.expiresAt).toISOString(),
    scope: tokens.scope,
  } as const;
  const out: Profile = { ...profile };
  for (const [name, value] of Object.entries(fields) as [keyof typeof fields, string | undefined][]) {
    if (value === undefined) delete out[name];
    else out[name] = value;
  }
  return out;
}

/**
 * The named profile as a token store. A pair that was refreshed but could not be written (the
 * old one is dead by then) goes to a new 0600 rescue file, and the error says where.
 * @example
 * const store = profileTokenStore('default');
 */
export function profileTokenStore(name: string, env: Env = process.env, lock: LockOptions = {}): OAuth2TokenStore {
  return {
    async update(change) {
      let written: Profile | undefined;
      try {
        const after = await updateProfile(name, async (current) => {
          const next = await change(tokensOfProfile(current));
          if (next === undefined) return current;
          written = profileWithTokens(current, next);
          return written;
        }, env, lock);
        return tokensOfProfile(after);
      } catch (error) {
        if (written === undefined) throw error;
        const rescued = await rescueProfile(name, written, env);
        throw new ConfigError(`Could not save the renewed OAuth 2.0 tokens to profile '${name}'`, {
          cause: error,
          hint: rescued
            ? `They are in ${rescued} (mode 0600): copy its [${name}] section into the profile file, then delete it`
            : 'They could not be written anywhere else either: run `jirakit dance --oauth2 --save` again once the profile file can be written',
        });
      }
    },
  };
}
