/**
 * The default workflow: transitions by status, with the resolution set on the way into a done
 * status and cleared on the way out (Jira's default workflow post-functions; the Resolve screen's
 * default of "Fixed" when none is given is the simulator's choice, docs/simulator.md).
 */
import { RESOLUTIONS } from './catalog.js';
import { fieldMeta, FIELDS } from './fields.js';
import { resolutionJson, statusJson } from './issue-json.js';
import { STATUSES, TRANSITIONS, type StoredIssue } from './seed.js';

/** A transition: [id, name, to status]. */
export type Transition = readonly [string, string, string];

/** Whether a status is in the Done category. */
export function isDone(statusId: string): boolean {
  return STATUSES[statusId]?.[2] === 'done';
}

/** Transitions available from the issue's status. */
export function availableTransitions(issue: StoredIssue): readonly Transition[] {
  return TRANSITIONS[issue.statusId] ?? [];
}

/** A transition's JSON; with `fields` (expand=transitions.fields) the resolution for done targets. */
export function transitionJson(baseUrl: string, [id, name, to]: Transition, withFields: boolean): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const resolution = FIELDS.get('resolution');
  if (isDone(to) && resolution) fields['resolution'] = fieldMeta(resolution, true, Object.keys(RESOLUTIONS).map((r) => resolutionJson(baseUrl, r)));
  return {
    id,
    name,
    to: statusJson(baseUrl, to),
    hasScreen: isDone(to),
    isGlobal: false,
    isInitial: false,
    isConditional: false,
    ...(withFields ? { fields } : {}),
  };
}

/** Moves an issue to the transition's status, setting or clearing the resolution. */
export function moveTo(issue: StoredIssue, to: string, resolutionId: string | undefined, now: number): void {
  issue.statusId = to;
  if (isDone(to)) {
    issue.resolutionId = resolutionId ?? issue.resolutionId ?? '1';
    issue.resolutiondate ??= now;
  } else {
    issue.resolutionId = undefined;
    issue.resolutiondate = undefined;
  }
}
