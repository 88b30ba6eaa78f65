/**
 * Jira's fixed configuration as a fresh Jira DC install has it: resolutions, link types, project
 * roles, the default schemes, custom fields and the permission keys. Ids follow a default install
 * where known; where not, they are UNCONFIRMED and listed in docs/simulator.md.
 */

/** Resolutions: id -> [name, description]. */
export const RESOLUTIONS: Readonly<Record<string, readonly [string, string]>> = {
  '1': ['Fixed', 'A fix for this issue is checked into the tree and tested.'],
  '2': ["Won't Fix", 'The problem described is an issue which will never be fixed.'],
  '3': ['Duplicate', 'The problem is a duplicate of an existing issue.'],
  '4': ['Incomplete', 'The problem is not completely described.'],
  '5': ['Cannot Reproduce', 'All attempts at reproducing this issue failed.'],
  '10000': ['Done', 'Work has been completed on this issue.'],
};

/** Issue link types: id -> [name, inward, outward]. */
export const LINK_TYPES: Readonly<Record<string, readonly [string, string, string]>> = {
  '10000': ['Blocks', 'is blocked by', 'blocks'],
  '10001': ['Cloners', 'is cloned by', 'clones'],
  '10002': ['Duplicate', 'is duplicated by', 'duplicates'],
  '10003': ['Relates', 'relates to', 'relates to'],
};

/** Project roles: id -> [name, description, default group]. */
export const ROLES: Readonly<Record<string, readonly [string, string, string]>> = {
  '10002': ['Administrators', 'A project role that represents administrators in a project', 'jira-administrators'],
  '10001': ['Developers', 'A project role that represents developers in a project', 'jira-developers'],
  '10000': ['Users', 'A project role that represents users in a project', 'jira-software-users'],
};

/** The id of the Administrators project role. */
export const ADMIN_ROLE = '10002';

/** Groups a fresh install has; every user is in jira-software-users, administrators also in jira-administrators. */
export const DEFAULT_GROUPS = ['jira-administrators', 'jira-developers', 'jira-software-users'] as const;

/** The default permission scheme is id 0. */
export const PERMISSION_SCHEME = { id: '0', name: 'Default Permission Scheme', description: 'This is the default Permission Scheme. Any new projects that are created will be assigned this scheme.' };
/** The default notification scheme is 10000 (python-jira's create_project default). */
export const NOTIFICATION_SCHEME = { id: '10000', name: 'Default Notification Scheme', description: '' };

/** Status categories: id -> [key, name, colour]. */
export const STATUS_CATEGORIES: Readonly<Record<string, readonly [string, string, string]>> = {
  '1': ['undefined', 'No Category', 'medium-gray'],
  '2': ['new', 'To Do', 'blue-gray'],
  '4': ['indeterminate', 'In Progress', 'yellow'],
  '3': ['done', 'Done', 'green'],
};

/** Custom fields: id -> [name, custom type key, schema type, items]. Sprint and Rank are Jira Software's. */
export const CUSTOM_FIELDS: Readonly<Record<string, readonly [string, string, string, string?]>> = {
  customfield_10100: ['Sprint', 'com.pyxis.greenhopper.jira:gh-sprint', 'array', 'string'],
  customfield_10101: ['Rank', 'com.pyxis.greenhopper.jira:gh-lexo-rank', 'any'],
  customfield_10102: ['Story Points', 'com.atlassian.jira.plugin.system.customfieldtypes:float', 'number'],
  customfield_10103: ['Severity', 'com.atlassian.jira.plugin.system.customfieldtypes:select', 'option'],
  customfield_10104: ['Epic Link', 'com.pyxis.greenhopper.jira:gh-epic-link', 'any'],
};

/** The Sprint custom field id. */
export const SPRINT_FIELD = 'customfield_10100';
/** The Rank custom field id. */
export const RANK_FIELD = 'customfield_10101';

/** Options of select custom fields: option id -> [field id, value]. */
export const FIELD_OPTIONS: Readonly<Record<string, readonly [string, string]>> = {
  '10200': ['customfield_10103', 'Critical'],
  '10201': ['customfield_10103', 'Major'],
  '10202': ['customfield_10103', 'Minor'],
};

/** Permission keys with their type and name, as /mypermissions lists them. */
export const PERMISSIONS: Readonly<Record<string, readonly ['GLOBAL' | 'PROJECT', string]>> = {
  ADMINISTER: ['GLOBAL', 'Administer Jira'],
  SYSTEM_ADMIN: ['GLOBAL', 'Jira System Administrators'],
  USER_PICKER: ['GLOBAL', 'Browse Users'],
  CREATE_SHARED_OBJECTS: ['GLOBAL', 'Create Shared Objects'],
  BULK_CHANGE: ['GLOBAL', 'Make bulk changes'],
  ADMINISTER_PROJECTS: ['PROJECT', 'Administer Projects'],
  BROWSE_PROJECTS: ['PROJECT', 'Browse Projects'],
  CREATE_ISSUES: ['PROJECT', 'Create Issues'],
  EDIT_ISSUES: ['PROJECT', 'Edit Issues'],
  ASSIGN_ISSUES: ['PROJECT', 'Assign Issues'],
  ASSIGNABLE_USER: ['PROJECT', 'Assignable User'],
  RESOLVE_ISSUES: ['PROJECT', 'Resolve Issues'],
  CLOSE_ISSUES: ['PROJECT', 'Close Issues'],
  TRANSITION_ISSUES: ['PROJECT', 'Transition Issues'],
  DELETE_ISSUES: ['PROJECT', 'Delete Issues'],
  LINK_ISSUES: ['PROJECT', 'Link Issues'],
  MODIFY_REPORTER: ['PROJECT', 'Modify Reporter'],
  SCHEDULE_ISSUES: ['PROJECT', 'Schedule Issues'],
  MOVE_ISSUES: ['PROJECT', 'Move Issues'],
  ADD_COMMENTS: ['PROJECT', 'Add Comments'],
  EDIT_ALL_COMMENTS: ['PROJECT', 'Edit All Comments'],
  EDIT_OWN_COMMENTS: ['PROJECT', 'Edit Own Comments'],
  DELETE_ALL_COMMENTS: ['PROJECT', 'Delete All Comments'],
  DELETE_OWN_COMMENTS: ['PROJECT', 'Delete Own Comments'],
  CREATE_ATTACHMENTS: ['PROJECT', 'Create Attachments'],
  DELETE_ALL_ATTACHMENTS: ['PROJECT', 'Delete All Attachments'],
  DELETE_OWN_ATTACHMENTS: ['PROJECT', 'Delete Own Attachments'],
  WORK_ON_ISSUES: ['PROJECT', 'Work On Issues'],
  EDIT_OWN_WORKLOGS: ['PROJECT', 'Edit Own Worklogs'],
  EDIT_ALL_WORKLOGS: ['PROJECT', 'Edit All Worklogs'],
  DELETE_OWN_WORKLOGS: ['PROJECT', 'Delete Own Worklogs'],
  DELETE_ALL_WORKLOGS: ['PROJECT', 'Delete All Worklogs'],
  VIEW_VOTERS_AND_WATCHERS: ['PROJECT', 'View Voters and Watchers'],
  MANAGE_WATCHERS: ['PROJECT', 'Manage Watchers'],
  MANAGE_SPRINTS_PERMISSION: ['PROJECT', 'Manage Sprints'],
};

/** What only project administrators (the Administrators role, the lead, Jira administrators) hold. */
export const PROJECT_ADMIN_ONLY = new Set([
  'ADMINISTER_PROJECTS', 'DELETE_ISSUES', 'MODIFY_REPORTER', 'EDIT_ALL_COMMENTS', 'DELETE_ALL_COMMENTS', 'DELETE_ALL_ATTACHMENTS',
  'EDIT_ALL_WORKLOGS', 'DELETE_ALL_WORKLOGS', 'MANAGE_WATCHERS', 'MANAGE_SPRINTS_PERMISSION',
]);

/** What only Jira administrators hold. */
export const GLOBAL_ADMIN_ONLY = new Set(['ADMINISTER', 'SYSTEM_ADMIN']);
