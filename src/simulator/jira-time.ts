/** Jira's timestamp format, e.g. 2026-11-29T10:00:00.000+0000. */
export function jiraTime(ms: number): string {
  return new Date(ms).toISOString().replace('Z', '+0000');
}
