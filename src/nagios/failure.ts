/**
 * The plugin state of a failure (monitoring-plugins.md 1 and 8): a Jira that cannot be reached
 * at all is CRITICAL, a timeout takes -t's state, every other failure is UNKNOWN.
 */
import { isJiraKitError, isNetworkError, TimeoutError } from '../index.js';
import { adminScopeHint } from './admin-scope.js';
import type { State } from './output.js';

/** A failure as the plugin reports it: its state, one sentence, and what to do (shown with -v). */
export interface Failure {
  readonly state: State;
  readonly text: string;
  readonly hint?: string | undefined;
}

/** Collapses whitespace, so server text cannot add lines to the output. */
export function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The failure for an error, with `timeoutState` for a timeout; `authKind` adds the OAuth 2.0 scope advice to a refusal. */
export function describeFailure(error: unknown, timeoutState: State, authKind?: string): Failure {
  if (!isJiraKitError(error)) return { state: 'UNKNOWN', text: `internal error: ${oneLine(error instanceof Error ? error.message : String(error))}` };
  const advice = adminScopeHint(error, authKind) ?? error.hint;
  const hint = advice === undefined ? undefined : oneLine(advice);
  if (error instanceof TimeoutError) return { state: timeoutState, text: oneLine(error.message), hint };
  // Unreachable: the guidelines call socket and name resolution failures higher-level errors, not UNKNOWN.
  return { state: isNetworkError(error) ? 'CRITICAL' : 'UNKNOWN', text: oneLine(error.message), hint };
}
