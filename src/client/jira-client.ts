/** The client's declared shape and its options. */
import type { Auth } from '../auth/auth.js';
import type { TransportOptions } from '../http/send-with-retries.js';
import type { SearchOptions } from './search.js';
import type {
  ApplicationRole, Comment, CreatedIssue, Issue, LicenseDetails, LicenseUsage, Project, SearchPage, ServerInfo, Transition, User,
} from './types.js';

/** Query parameters; arrays repeat the name (`fields=a&fields=b`). */
export type Query = Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;

/** What every call takes: a signal that stops it (an AbortedError), retries and waits included. */
export interface CallOptions {
  readonly signal?: AbortSignal | undefined;
}

/** Options of `request`. */
export interface RequestOptions extends CallOptions {
  readonly query?: Query | undefined;
  /** A JSON body (serialised), or a string sent as is. */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/** Options of `fetch`, the raw call. */
export interface FetchOptions extends CallOptions {
  readonly method?: string | undefined;
  readonly headers?: Readonly<Record<string, string>> | undefined;
  readonly body?: string | undefined;
  readonly query?: Query | undefined;
}

/** How to reach Jira. */
export interface ClientOptions extends TransportOptions {
  /** Jira's base URL with context path; requests go to this origin and path only. */
  readonly baseUrl: string;
  /** The one object that signs requests; the client never asks what kind it is. */
  readonly auth: Auth;
  /** `/rest/{restPath}/{restApiVersion}` (jirashell's -r and -v; default api and 2). */
  readonly restPath?: string | undefined;
  readonly restApiVersion?: string | undefined;
  /** The largest answer body accepted, in bytes (default 256 MiB). */
  readonly maxResponseBytes?: number | undefined;
  /**
   * Stops every call of this client: a signal, or a function giving the signal for each new
   * call (the shell hands out a new one after Ctrl-C has stopped the calls in flight).
   */
  readonly signal?: AbortSignal | (() => AbortSignal | undefined) | undefined;
}

/** Options of `issue`. */
export interface IssueOptions extends CallOptions {
  readonly fields?: string | readonly string[] | undefined;
  readonly expand?: string | undefined;
}

/** Options of `searchPage`. */
export interface SearchPageOptions extends CallOptions {
  readonly startAt?: number | undefined;
  readonly maxResults?: number | undefined;
  readonly fields?: readonly string[] | string | undefined;
  readonly expand?: string | undefined;
}

/** Options of `transitionIssue`. */
export interface TransitionOptions extends CallOptions {
  readonly fields?: Record<string, unknown> | undefined;
  readonly comment?: string | undefined;
}

/** Options of python-jira's `search_issues`. */
export interface PythonSearchOptions extends CallOptions {
  /** python-jira's default 50; `false` or 0 for every issue. */
  readonly maxResults?: number | false | undefined;
  readonly fields?: string | readonly string[] | undefined;
}

/**
 * A Jira Data Center REST client: typed calls for what scripts use most, `request` for any JSON
 * resource, `fetch` for the raw answer. Every call is signed once per attempt and takes a signal.
 */
export interface JiraClient {
  /** The base URL, context path included, no trailing slash. */
  readonly baseUrl: string;
  /** The strategy that signs every request. */
  readonly auth: Auth;
  /** A typed JSON call: `request('GET', '/rest/api/2/myself')`; throws a jirakit error for a non-2xx answer. */
  request<T = unknown>(method: string, path: string, options?: RequestOptions): Promise<T>;
  /** The raw signed answer of any endpoint on the server (Accept defaults to `*\/*`); never throws on a status. */
  fetch(path: string, init?: FetchOptions): Promise<Response>;
  /** GET serverInfo. */
  serverInfo(options?: CallOptions): Promise<ServerInfo>;
  /** The user the credentials belong to. */
  myself(options?: CallOptions): Promise<User>;
  /** One issue by key or id. */
  issue(key: string, options?: IssueOptions): Promise<Issue>;
  /** One page of a search. */
  searchPage(jql: string, options?: SearchPageOptions): Promise<SearchPage>;
  /** Every issue of a search, page by page with bounded read-ahead, each parsed only when reached. */
  searchIssues(jql: string, options?: SearchOptions): AsyncGenerator<Issue>;
  /** Creates an issue: `createIssue({ project: { key: 'PROJ' }, issuetype: { name: 'Task' }, summary: '…' })`. */
  createIssue(fields: Record<string, unknown>, options?: CallOptions): Promise<CreatedIssue>;
  /** Adds a comment. */
  addComment(key: string, body: string, options?: CallOptions): Promise<Comment>;
  /** The transitions available now. */
  transitions(key: string, options?: CallOptions): Promise<Transition[]>;
  /** Moves an issue by transition id or name (names matched without case, as python-jira does). */
  transitionIssue(key: string, transition: string, options?: TransitionOptions): Promise<void>;
  /** All projects (a plain array on Data Center). */
  projects(options?: CallOptions): Promise<Project[]>;
  /** Seats per application (needs Administer Jira). */
  applicationRoles(options?: CallOptions): Promise<ApplicationRole[]>;
  /** Seats in use for an application, from UPM (the seed's resource). */
  license(app?: string, options?: CallOptions): Promise<LicenseUsage>;
  /** UPM's license details for an application (expiry, type). */
  licenseDetails(app?: string, options?: CallOptions): Promise<LicenseDetails>;
  /** python-jira's name of serverInfo. */
  server_info(options?: CallOptions): Promise<ServerInfo>;
  /** python-jira's name of createIssue. */
  create_issue(fields: Record<string, unknown>, options?: CallOptions): Promise<CreatedIssue>;
  /** python-jira's name of addComment. */
  add_comment(key: string, body: string, options?: CallOptions): Promise<Comment>;
  /** python-jira's name of transitionIssue. */
  transition_issue(key: string, transition: string, options?: TransitionOptions): Promise<void>;
  /** python-jira's name of applicationRoles. */
  application_roles(options?: CallOptions): Promise<ApplicationRole[]>;
  /** python-jira's search_issues: a list, 50 by default, every issue with `maxResults: false`. */
  search_issues(jql: string, options?: PythonSearchOptions): Promise<Issue[]>;
}
