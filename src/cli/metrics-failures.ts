/**
 * What failed in a read, as the one-line sentences the CLI prints (cli.md, "Errors and exit
 * codes"): `jirakit: [target: ][application: ]what went wrong. What to do.` The exposition
 * itself only says that something failed (docs/metrics.md 2); these lines say why.
 */
import type { TargetOutcome } from '../index.js';
import { formatError } from './report.js';

/** One sentence with its hint for an error, prefixed with what it was about. */
function line(error: unknown, about: readonly string[]): string {
  const [first = ''] = formatError(error, { program: 'jirakit' });
  const prefix = about.map((a) => `${a}: `).join('');
  return first.replace(/^jirakit: /, `jirakit: ${prefix}`);
}

/** Each failure of a read, once: the target's own first, then each application's. */
export function failureLines(outcome: TargetOutcome, target?: string): string[] {
  const about = target === undefined ? [] : [target];
  const lines: string[] = [];
  if (outcome.error !== undefined) lines.push(line(outcome.error, about));
  for (const app of outcome.apps) {
    if (app.error === undefined || app.error === outcome.error) continue;
    // Seats read but not the dates: UPM's license resource is the one a PAT meets WebSudo on (jira-wire.md 5.1).
    const datesOnly = app.reading !== undefined ? ' Seats and users were read; --no-expiry leaves out the dates.' : '';
    lines.push(`${line(app.error, [...about, app.app])}${datesOnly}`);
  }
  return lines;
}
