/** The OAuth 2.0 provider's defaults: Jira's system-property defaults (oauth2-provider.md 1.5). */
import type { OAuth2Settings, ResolvedOAuth2Settings } from './oauth2-types.js';

function seconds(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!Number.isFinite(value) || value < 0) throw new TypeError(`oauth2.${name} must be a number of seconds >= 0`);
  return value;
}

/** Applies the defaults. */
export function resolveOAuth2Settings(settings: OAuth2Settings = {}): ResolvedOAuth2Settings {
  return {
    accessTokenSeconds: seconds(settings.accessTokenSeconds, 3600, 'accessTokenSeconds'),
    refreshTokenSeconds: seconds(settings.refreshTokenSeconds, 7_776_000, 'refreshTokenSeconds'),
    codeSeconds: seconds(settings.codeSeconds, 10, 'codeSeconds'),
    devMode: settings.devMode ?? false,
    validateClientSecret: settings.validateClientSecret ?? true,
    tokenViaBasic: settings.tokenViaBasic ?? true,
    disallowLocalhostRedirect: settings.disallowLocalhostRedirect ?? false,
    deny: settings.deny ?? 'access-denied',
    webSudo: settings.webSudo ?? 'exempt',
    wellKnown: settings.wellKnown ?? true,
    invalidTokenAnswer: settings.invalidTokenAnswer ?? 'anonymous',
  };
}
