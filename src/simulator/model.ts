/**
 * The simulator's Jira entities as stored (types only, a leaf module): what a script creates is
 * kept in these shapes and rendered to Jira's JSON on demand by the route files.
 */

/** A comment; `visibility` restricts it to a project role or a group (jira-wire.md 4.8). */
export interface StoredComment {
  readonly id: string;
  readonly author: string;
  body: string;
  readonly created: number;
  updated: number;
  updateAuthor: string;
  visibility?: { type: 'role' | 'group'; value: string } | undefined;
  properties?: { key: string; value: unknown }[] | undefined;
}

/** One field change inside a change group (changelog `items`). */
export interface ChangeItem {
  readonly field: string;
  readonly fieldtype: 'jira' | 'custom';
  readonly from: string | null;
  readonly fromString: string | null;
  readonly to: string | null;
  readonly toString: string | null;
}

/** What one edit changed: the changelog's `histories` entries. */
export interface ChangeGroup {
  readonly id: string;
  readonly author: string;
  readonly created: number;
  readonly items: readonly ChangeItem[];
}

/** A worklog entry; times in seconds. */
export interface StoredWorklog {
  readonly id: string;
  readonly author: string;
  updateAuthor: string;
  comment: string;
  started: number;
  timeSpentSeconds: number;
  readonly created: number;
  updated: number;
}

/** An uploaded file. */
export interface StoredAttachment {
  readonly id: string;
  readonly issueId: string;
  readonly filename: string;
  readonly author: string;
  readonly created: number;
  readonly mimeType: string;
  readonly content: Uint8Array;
}

/** A link between two issues, kept once and shown on both. */
export interface StoredIssueLink {
  readonly id: string;
  readonly typeId: string;
  readonly inwardId: string;
  readonly outwardId: string;
}

/** A remote (web) link of an issue. */
export interface StoredRemoteLink {
  readonly id: string;
  readonly issueId: string;
  globalId?: string | undefined;
  application?: Record<string, unknown> | undefined;
  relationship?: string | undefined;
  object: Record<string, unknown>;
}

/** A project with what Jira keeps about it. */
export interface StoredProject {
  readonly id: string;
  key: string;
  name: string;
  description: string;
  lead: string;
  projectTypeKey: string;
  url: string;
  assigneeType: 'PROJECT_LEAD' | 'UNASSIGNED';
  archived: boolean;
  permissionScheme: string;
  notificationScheme: string;
  categoryId?: string | undefined;
  /** Role id -> actors. */
  readonly roles: Map<string, { users: Set<string>; groups: Set<string> }>;
  /** The next issue number (Jira's pcounter): keys are never reused. */
  counter: number;
}

/** A project component. */
export interface StoredComponent {
  readonly id: string;
  readonly projectKey: string;
  name: string;
  description: string;
  lead?: string | undefined;
  assigneeType: string;
}

/** A project version. */
export interface StoredVersion {
  readonly id: string;
  readonly projectKey: string;
  name: string;
  description: string;
  archived: boolean;
  released: boolean;
  releaseDate?: string | undefined;
  startDate?: string | undefined;
  /** Position in the project's ordered list. */
  sequence: number;
}

/** A user group. */
export interface StoredGroup {
  readonly name: string;
  readonly members: Set<string>;
}

/** A filter's share permission. */
export interface SharePermission {
  readonly id: string;
  readonly type: 'global' | 'project' | 'group' | 'loggedin';
  readonly projectId?: string | undefined;
  readonly group?: string | undefined;
}

/** A saved search. */
export interface StoredFilter {
  readonly id: string;
  readonly owner: string;
  name: string;
  description: string;
  jql: string;
  readonly favouredBy: Set<string>;
  readonly sharePermissions: SharePermission[];
}

/** An agile board over a filter. */
export interface StoredBoard {
  readonly id: string;
  name: string;
  readonly type: 'scrum' | 'kanban';
  readonly filterId: string;
}

/** An agile sprint. */
export interface StoredSprint {
  readonly id: string;
  name: string;
  state: 'future' | 'active' | 'closed';
  readonly originBoardId: string;
  goal: string;
  startDate?: string | undefined;
  endDate?: string | undefined;
  completeDate?: string | undefined;
}

/** A personal access token as Jira's PAT plugin keeps it (jira-wire.md 3.3). */
export interface StoredPat {
  readonly user: string;
  revoked: boolean;
  readonly id?: number | undefined;
  readonly name?: string | undefined;
  readonly createdAt?: number | undefined;
  readonly expiringAt?: number | undefined;
}
