/**
 * The issue fields the simulator knows, with the metadata /field, `expand=names,schema`, editmeta
 * and createmeta report (jira-wire.md 4.5, 7.3: python-jira maps JQL names through `clauseNames`).
 */
import { CUSTOM_FIELDS } from './catalog.js';

/** One field's metadata. */
export interface FieldDef {
  readonly id: string;
  readonly name: string;
  readonly schema: Record<string, unknown>;
  readonly clauseNames: readonly string[];
  readonly operations: readonly string[];
  /** Settable through create and edit. */
  readonly editable: boolean;
  readonly orderable: boolean;
  readonly navigable: boolean;
}

const sys = (id: string, name: string, type: string, clauses: string[], ops: string[], editable = true, items?: string): FieldDef => ({
  id,
  name,
  schema: { type, ...(items ? { items } : {}), system: id },
  clauseNames: clauses,
  operations: ops,
  editable,
  orderable: editable,
  navigable: true,
});

const SET = ['set'];
const MULTI = ['add', 'set', 'remove'];

/** System fields in Jira's order. */
export const SYSTEM_FIELDS: readonly FieldDef[] = [
  sys('summary', 'Summary', 'string', ['summary'], SET),
  sys('issuetype', 'Issue Type', 'issuetype', ['issuetype', 'type'], SET),
  sys('project', 'Project', 'project', ['project'], SET, false),
  sys('status', 'Status', 'status', ['status'], [], false),
  sys('priority', 'Priority', 'priority', ['priority'], SET),
  sys('resolution', 'Resolution', 'resolution', ['resolution'], SET, false),
  sys('resolutiondate', 'Resolved', 'datetime', ['resolutiondate', 'resolved'], [], false),
  sys('assignee', 'Assignee', 'user', ['assignee'], SET),
  sys('reporter', 'Reporter', 'user', ['reporter'], SET),
  sys('creator', 'Creator', 'user', ['creator'], [], false),
  sys('created', 'Created', 'datetime', ['created', 'createdDate'], [], false),
  sys('updated', 'Updated', 'datetime', ['updated', 'updatedDate'], [], false),
  sys('duedate', 'Due Date', 'date', ['due', 'duedate'], SET),
  sys('description', 'Description', 'string', ['description'], SET),
  sys('environment', 'Environment', 'string', ['environment'], SET),
  sys('labels', 'Labels', 'array', ['labels'], MULTI, true, 'string'),
  sys('components', 'Component/s', 'array', ['component'], MULTI, true, 'component'),
  sys('fixVersions', 'Fix Version/s', 'array', ['fixVersion'], MULTI, true, 'version'),
  sys('versions', 'Affects Version/s', 'array', ['affectedVersion'], MULTI, true, 'version'),
  sys('parent', 'Parent', 'issuelinks', ['parent'], SET),
  sys('timetracking', 'Time tracking', 'timetracking', [], ['set', 'edit']),
  sys('timeoriginalestimate', 'Original Estimate', 'number', ['originalEstimate', 'timeoriginalestimate'], [], false),
  sys('timeestimate', 'Remaining Estimate', 'number', ['remainingEstimate', 'timeestimate'], [], false),
  sys('timespent', 'Time Spent', 'number', ['timespent'], [], false),
  sys('comment', 'Comment', 'comments-page', ['comment'], ['add', 'edit', 'remove']),
  sys('worklog', 'Log Work', 'array', [], ['add'], true, 'worklog'),
  sys('attachment', 'Attachment', 'array', ['attachments'], [], false, 'attachment'),
  sys('issuelinks', 'Linked Issues', 'array', ['issueLink'], ['add'], true, 'issuelinks'),
  sys('subtasks', 'Sub-Tasks', 'array', ['subtasks'], [], false, 'issuelinks'),
  sys('watches', 'Watchers', 'watches', ['watcher'], [], false),
  sys('votes', 'Votes', 'votes', ['votes'], [], false),
];

/** Custom fields with Jira's `custom`/`customId` schema. */
export const CUSTOM_FIELD_DEFS: readonly FieldDef[] = Object.entries(CUSTOM_FIELDS).map(([id, [name, custom, type, items]]) => ({
  id,
  name,
  schema: { type, ...(items ? { items } : {}), custom, customId: Number(id.slice('customfield_'.length)) },
  clauseNames: [`cf[${id.slice('customfield_'.length)}]`, name],
  operations: type === 'array' ? MULTI : SET,
  editable: true,
  orderable: true,
  navigable: true,
}));

/** Every field, by id. */
export const FIELDS: ReadonlyMap<string, FieldDef> = new Map([...SYSTEM_FIELDS, ...CUSTOM_FIELD_DEFS].map((f) => [f.id, f]));

/** The /field JSON of one field. */
export function fieldJson(f: FieldDef): Record<string, unknown> {
  return { id: f.id, name: f.name, custom: f.id.startsWith('customfield_'), orderable: f.orderable, navigable: f.navigable, searchable: f.clauseNames.length > 0, clauseNames: f.clauseNames, schema: f.schema };
}

/** The editmeta/createmeta JSON of one field. */
export function fieldMeta(f: FieldDef, required: boolean, allowedValues?: unknown[]): Record<string, unknown> {
  return { required, schema: f.schema, name: f.name, key: f.id, hasDefaultValue: false, operations: f.operations, ...(allowedValues ? { allowedValues } : {}) };
}
