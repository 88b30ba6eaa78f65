/** Options every jirakit error accepts. */
export interface ErrorOptions {
  /** What the user can do about it; the CLI prints it after the message. */
  readonly hint?: string | undefined;
  /** The underlying failure, kept for `--verbose` and debugging. */
  readonly cause?: unknown;
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
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options.hint;
  }
}

/** Settings that cannot work: a missing or unreadable key, a bad URL, conflicting credentials. */
export class ConfigError extends JiraKitError {
  override name = 'ConfigError';
}

/** The user stopped the operation (declined a prompt, pressed Ctrl-C, denied access). */
export class AbortedError extends JiraKitError {
  override name = 'AbortedError';
}

// Cross-realm safe, as ky does: a duplicated install must still be recognised.
const isNamed = (error: unknown, name: string): boolean =>
  typeof error === 'object' && error !== null && (error as { name?: unknown }).name === name;

/** True for any error jirakit throws on purpose. */
export function isJiraKitError(error: unknown): error is JiraKitError {
  return error instanceof JiraKitError;
}

/** True for a configuration error. */
export function isConfigError(error: unknown): error is ConfigError {
  return error instanceof ConfigError || isNamed(error, 'ConfigError');
}
