/** The Jira DC shapes jirakit reads (jira-wire.md 4); fields beyond these pass through untyped. */

/** GET /rest/api/2/serverInfo. */
export interface ServerInfo {
  baseUrl: string;
  version: string;
  versionNumbers: number[];
  deploymentType: string;
  buildNumber: number;
  buildDate?: string;
  serverTime?: string;
  scmInfo?: string;
  serverTitle?: string;
  [key: string]: unknown;
}

/** A user, as myself and user references show it (DC identifies users by name and key). */
export interface User {
  name: string;
  key?: string;
  displayName?: string;
  emailAddress?: string;
  active?: boolean;
  self?: string;
  [key: string]: unknown;
}

/** An issue; `fields` holds what was asked for. */
export interface Issue {
  id: string;
  key: string;
  self: string;
  fields: Record<string, unknown> & { summary?: string };
  [key: string]: unknown;
}

/** One page of GET/POST /rest/api/2/search. */
export interface SearchPage {
  startAt: number;
  maxResults: number;
  total: number;
  issues: Issue[];
  isLast?: boolean;
}

/** A created issue's reference. */
export interface CreatedIssue {
  id: string;
  key: string;
  self: string;
}

/** A comment. */
export interface Comment {
  id: string;
  body: string;
  author?: User;
  created?: string;
  [key: string]: unknown;
}

/** A workflow transition. */
export interface Transition {
  id: string;
  name: string;
  to?: { id: string; name: string };
  [key: string]: unknown;
}

/** A project. */
export interface Project {
  id: string;
  key: string;
  name: string;
  [key: string]: unknown;
}

/** GET /rest/api/2/applicationrole: seats per application (needs Administer Jira). */
export interface ApplicationRole {
  key: string;
  name: string;
  numberOfSeats: number;
  remainingSeats: number;
  userCount: number;
  hasUnlimitedSeats: boolean;
  platform?: boolean;
  [key: string]: unknown;
}

/** Seats in use for one application, from UPM's private resource (the seed's data source), checked. */
export interface LicenseUsage {
  app: string;
  /** Users counting against the license: a whole number, 0 or more. */
  activeUserCount: number;
  /** A whole number, 0 or more; -1 for an unlimited license. */
  licensedUserCount: number;
  unlimited: boolean;
}

/**
 * UPM's .../{app}/license, as Jira sent it (not checked; readLicense checks it). The dates come
 * as epoch milliseconds or as strings (jira-wire.md 4.4), and a missing one may be null.
 */
export interface LicenseDetails {
  maximumNumberOfUsers?: number;
  expiryDate?: number | string | null;
  expiryDateString?: string | null;
  maintenanceExpiryDate?: number | string | null;
  maintenanceExpiryDateString?: string | null;
  licenseType?: string;
  evaluation?: boolean;
  expired?: boolean;
  maintenanceExpired?: boolean;
  [key: string]: unknown;
}
