/**
 * The simulator's seed: users, projects, issues and licenses. Deterministic, so tests and demos
 * see the same data every run; `jirakit simulate --seed FILE` reads the same shape from JSON.
 */
import type { ChangeGroup, StoredComment, StoredWorklog } from './model.js';

/** A licensed application as UPM reports it (jira-wire.md 4.3, 4.4). */
export interface ApplicationSeed {
  readonly name: string;
  readonly version: string;
  /** Users who use a seat. */
  readonly activeUsers: number;
  /** Seats; -1 for an unlimited license. */
  readonly licensedUsers: number;
  /** License expiry, ISO date; undefined for a perpetual license. */
  readonly expiryDate?: string | undefined;
  /** Maintenance (support) expiry, ISO date. */
  readonly maintenanceExpiryDate?: string | undefined;
  readonly licenseType?: string | undefined;
  readonly evaluation?: boolean | undefined;
  /** The platform application (Jira Core): in applicationrole's `platform`. */
  readonly platform?: boolean | undefined;
}

/** A project. */
export interface ProjectSeed {
  readonly key: string;
  readonly name: string;
}

/** Installed applications by key; a key set to null is not installed. */
export type ApplicationsSeed = Readonly<Record<string, ApplicationSeed | null>>;

/** The default licenses: the seed procedure's "Using 45 of 50 license slots". */
export const DEFAULT_APPLICATIONS: ApplicationsSeed = {
  'jira-software': {
    name: 'Jira Software',
    version: '10.3.19',
    activeUsers: 45,
    licensedUsers: 50,
    expiryDate: '2027-12-31',
    maintenanceExpiryDate: '2027-12-31',
    licenseType: 'Commercial',
  },
  'jira-core': { name: 'Jira Core', version: '10.3.19', activeUsers: 45, licensedUsers: -1, licenseType: 'Commercial', platform: true },
  'jira-servicedesk': null,
};

/** The default projects. */
export const DEFAULT_PROJECTS: readonly ProjectSeed[] = [
  { key: 'PROJ', name: 'Project' },
  { key: 'OPS', name: 'Operations' },
];

/** An issue as the simulator stores it; rendered to Jira's JSON on demand. Extras are optional so a 10,000-issue seed stays small. */
export interface StoredIssue {
  readonly id: string;
  readonly key: string;
  readonly projectKey: string;
  issueTypeId: string;
  summary: string;
  description: string;
  statusId: string;
  priorityId: string;
  assignee: string | undefined;
  reporter: string;
  readonly created: number;
  updated: number;
  labels: string[];
  comments: StoredComment[];
  resolutionId?: string | undefined;
  resolutiondate?: number | undefined;
  duedate?: string | undefined;
  environment?: string | undefined;
  components?: string[] | undefined;
  fixVersions?: string[] | undefined;
  versions?: string[] | undefined;
  parentId?: string | undefined;
  watchers?: string[] | undefined;
  voters?: string[] | undefined;
  worklogs?: StoredWorklog[] | undefined;
  properties?: Map<string, unknown> | undefined;
  changelog?: ChangeGroup[] | undefined;
  /** Estimates in seconds. */
  originalEstimate?: number | undefined;
  remainingEstimate?: number | undefined;
  /** Custom field values by id (customfield_NNNNN). */
  custom?: Record<string, unknown> | undefined;
  sprintId?: string | undefined;
  /** Agile rank: lower comes first. */
  rank?: number | undefined;
}

/** Issue types: id -> name; 10004 is the sub-task type. */
export const ISSUE_TYPES: Readonly<Record<string, string>> = { '10001': 'Bug', '10002': 'Task', '10003': 'Story', '10004': 'Sub-task' };

/** The sub-task issue type's id. */
export const SUBTASK_TYPE = '10004';

/** Statuses: id -> [name, category id, category key, category name]. */
export const STATUSES: Readonly<Record<string, readonly [string, number, string, string]>> = {
  '1': ['Open', 2, 'new', 'To Do'],
  '3': ['In Progress', 4, 'indeterminate', 'In Progress'],
  '5': ['Resolved', 3, 'done', 'Done'],
  '6': ['Closed', 3, 'done', 'Done'],
  // A Jira Software project's simplified workflow adds these two (python-jira's own tests look for Done).
  '10000': ['To Do', 2, 'new', 'To Do'],
  '10001': ['Done', 3, 'done', 'Done'],
};

/** Workflow: from status id -> [transition id, name, to status id]. */
export const TRANSITIONS: Readonly<Record<string, readonly (readonly [string, string, string])[]>> = {
  '1': [['11', 'Start Progress', '3'], ['21', 'Resolve Issue', '5'], ['31', 'Close Issue', '6']],
  '3': [['301', 'Stop Progress', '1'], ['21', 'Resolve Issue', '5'], ['31', 'Close Issue', '6']],
  '5': [['3', 'Reopen Issue', '1'], ['701', 'Close Issue', '6']],
  '6': [['3', 'Reopen Issue', '1']],
  '10000': [['11', 'Start Progress', '3'], ['41', 'Done', '10001']],
  '10001': [['51', 'To Do', '10000']],
};

/** Priorities: id -> name. */
export const PRIORITIES: Readonly<Record<string, string>> = { '1': 'Highest', '2': 'High', '3': 'Medium', '4': 'Low', '5': 'Lowest' };

const WORDS = ['login', 'search', 'export', 'dashboard', 'license', 'cache', 'report', 'upgrade', 'import', 'backup', 'email', 'webhook'];
const VERBS = ['Fix', 'Improve', 'Investigate', 'Document', 'Speed up', 'Remove'];

/** 2026-01-01T00:00:00Z: seeded issues are created from here on, 37 minutes apart. */
export const SEED_EPOCH = Date.UTC(2026, 0, 1);

/** Makes `count` issues spread over the projects, the same every time. */
export function seedIssues(count: number, projects: readonly ProjectSeed[], users: readonly string[]): StoredIssue[] {
  const perProject = new Map<string, number>();
  const issues: StoredIssue[] = [];
  for (let i = 1; i <= count; i++) {
    const project = projects[(i - 1) % projects.length];
    if (!project) break;
    const n = (perProject.get(project.key) ?? 0) + 1;
    perProject.set(project.key, n);
    const created = SEED_EPOCH + i * 37 * 60_000;
    issues.push({
      id: String(10000 + i),
      key: `${project.key}-${n}`,
      projectKey: project.key,
      issueTypeId: ['10001', '10002', '10003'][i % 3] ?? '10001',
      summary: `${VERBS[i % VERBS.length]} ${WORDS[(i * 7) % WORDS.length]} (${project.key}-${n})`,
      description: `Seeded issue ${i}. Wiki *markup*, as Jira DC stores it.`,
      statusId: ['1', '1', '3', '5', '6'][i % 5] ?? '1',
      priorityId: String((i % 4) + 1),
      assignee: i % 4 === 0 ? undefined : users[i % users.length],
      reporter: users[0] ?? 'admin',
      created,
      updated: created + 3_600_000,
      labels: i % 6 === 0 ? ['seeded'] : [],
      comments: [],
    });
  }
  return issues;
}
