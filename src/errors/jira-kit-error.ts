import { cleanServerText } from './secrets.js';

/** Options every jirakit error accepts. */
export interface ErrorOptions {
  /** What the user can do about it; the CLI prints it after the message. */
  readonly hint?: string | undefined;
  /** The underlying failure, kept for `--verbose` and debugging. */
  readonly cause?: unknown;
  /** Masks the session's secrets (SecretMasker.mask) in every text the error holds. */
  readonly mask?: ((text: string) => string) | undefined;
}

/**
 * Text safe to keep on an error: the session's secrets masked and control characters dropped,
 * since messages carry what a server said and end up on terminals and in monitoring systems.
 */
export function safeText(text: string, mask: ((text: string) => string) | undefined): string {
  // Masked before and after cleaning: control characters inserted into a secret would hide it
  // from the mask and then be dropped, leaving it whole; a secret holding one is found before.
  if (!mask) return cleanServerText(text);
  return mask(cleanServerText(mask(text)));
}

/**
 * Base class of every error jirakit throws on purpose. Its message is one sentence without a
 * trailing period and never holds a secret; `hint` says what to do.
 */
export class JiraKitError extends Error {
  override name = 'JiraKitError';
  /** What the user can do about it. */
  readonly hint: string | undefined;

  constructor(message: string, options: ErrorOptions = {}) {
    super(safeText(message, options.mask), options.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options.hint === undefined ? undefined : safeText(options.hint, options.mask);
  }
}

/** Settings that cannot work: a missing or unreadable key, a bad URL, conflicting credentials. */
export class ConfigError extends JiraKitError {
  override name = 'ConfigError';
}

/** Why an operation stopped before finishing. */
export type AbortReason = 'interrupted' | 'signal' | 'declined' | 'timeout';

/**
 * The operation stopped before finishing: the user pressed Ctrl-C (`interrupted`), the caller's
 * AbortSignal fired (`signal`), the user declined or denied (`declined`), or a wait for the user
 * ran out (`timeout`).
 */
export class AbortedError extends JiraKitError {
  override name = 'AbortedError';
  /** Why it stopped. */
  readonly reason: AbortReason;

  constructor(message: string, options: ErrorOptions & { readonly reason: AbortReason }) {
    super(message, options);
    this.reason = options.reason;
  }
}

/**
 * Whether an error is of a class or, by name, of one of `names` (the class and its subclasses):
 * cross-realm safe, as ky does, so a second copy of jirakit (two installs, a bundle) still counts.
 */
export function isErrorOf(error: unknown, type: abstract new (...args: never[]) => Error, names: readonly string[]): boolean {
  if (error instanceof type) return true;
  const name = typeof error === 'object' && error !== null ? (error as { name?: unknown }).name : undefined;
  return typeof name === 'string' && names.includes(name) && typeof (error as { message?: unknown }).message === 'string';
}

/** The names of every jirakit error class, by the guard that matches them. */
export const ERROR_NAMES = {
  network: ['NetworkError', 'TlsError', 'TimeoutError'],
  authentication: ['AuthenticationError'],
  oauthProblem: ['OAuthProblemError'],
  oauth2: ['OAuth2Error'],
  http: ['HttpError', 'ResponseFormatError', 'OAuthProblemError', 'OAuth2Error', 'AuthenticationError', 'WebSudoError', 'RateLimitError'],
  config: ['ConfigError', 'OriginError'],
  aborted: ['AbortedError'],
  exchange: ['ProtocolError', 'ResponseTooLargeError', 'ProxyError'],
  license: ['LicenseDataError'],
} as const;

const ALL_NAMES: readonly string[] = ['JiraKitError', ...Object.values(ERROR_NAMES).flat()];

/** True for any error jirakit throws on purpose. */
export function isJiraKitError(error: unknown): error is JiraKitError {
  return isErrorOf(error, JiraKitError, ALL_NAMES);
}

/** True for a configuration error. */
export function isConfigError(error: unknown): error is ConfigError {
  return isErrorOf(error, ConfigError, ERROR_NAMES.config);
}

/** True for an operation stopped before finishing (see `reason`). */
export function isAbortedError(error: unknown): error is AbortedError {
  return isErrorOf(error, AbortedError, ERROR_NAMES.aborted);
}

/**
 * A request to a URL outside the configured server (another scheme, host, port, or a path outside
 * its context path): refused before anything is sent, so credentials never leave for another host.
 */
export class OriginError extends ConfigError {
  override name = 'OriginError';
}
