import { AbortedError, cleanServerText, HttpError, JiraKitError, OAuthProblemError, OriginError } from '../index.js';
import { UsageError } from './usage-error.js';

/** Exit codes of jirakit and jirashell (cli.md). */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** The one-line report of an error, plus detail lines with --verbose; never a stack unless debugging. */
export function formatError(error: unknown, options: { program: string; verbose?: boolean; debug?: boolean }): string[] {
  const { program } = options;
  if (error instanceof JiraKitError) {
    const lines = [`${program}: ${sentence(error.message)}${error.hint ? ` ${sentence(error.hint)}` : ''}`];
    if (options.verbose && error instanceof HttpError) {
      lines.push(`  ${error.method} ${error.url} -> HTTP ${error.status}`);
      if (error instanceof OAuthProblemError) {
        for (const [name, value] of Object.entries(error.parameters)) {
          if (name === 'oauth_signature_base_string' || name === 'oauth_signature') continue;
          lines.push(`  ${name}: ${value}`);
        }
        if (error.serverBaseString !== undefined) lines.push(`  Jira's base string:    ${error.serverBaseString}`);
        if (error.localBaseString !== undefined) lines.push(`  jirakit's base string: ${error.localBaseString}`);
      }
    }
    if (options.debug && error.stack) lines.push(error.stack);
    return lines;
  }
  const message = error instanceof Error ? error.message : String(error);
  const lines = [`${program}: internal error: ${sentence(cleanServerText(message))} Please report it; JIRAKIT_DEBUG=1 shows details.`];
  if (options.debug && error instanceof Error && error.stack) lines.push(error.stack);
  return lines;
}

/** The exit code for an error. */
export function exitCodeFor(error: unknown): number {
  // A URL off the server is a bad argument, not a failure of the server.
  if (error instanceof UsageError || error instanceof OriginError) return EXIT.usage;
  if (error instanceof AbortedError && error.reason === 'interrupted') return EXIT.interrupted;
  return EXIT.failure;
}
