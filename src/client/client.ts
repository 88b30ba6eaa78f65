import { credentialsOf, type Auth } from '../auth/auth.js';
import { baseStringOfHeader } from '../auth/oauth1.js';
import { AuthenticationError } from '../errors/auth-errors.js';
import { ResponseFormatError } from '../errors/http-error.js';
import { errorFromResponse, webSudoError } from '../http/response-error.js';
import { readJsonOrText, type Payload } from '../http/light-response.js';
import type { FetchLike } from '../http/send.js';
import { sendWithRetries, type TransportOptions } from '../http/transport.js';
import { readLazySearchPage, searchIssues, type LazySearchPage, type SearchOptions } from './search.js';
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

/** How to reach Jira. */
export interface ClientOptions extends Omit<TransportOptions, 'fetch'> {
  /** Jira's base URL with context path. */
  readonly baseUrl: string;
  /** The one object that signs requests; the client never asks what kind it is. */
  readonly auth: Auth;
  readonly fetch?: FetchLike | undefined;
  /** `/rest/{restPath}/{restApiVersion}` (jirashell's -r and -v; default api and 2). */
  readonly restPath?: string | undefined;
  readonly restApiVersion?: string | undefined;
}

function withQuery(url: URL, query: Query | undefined): URL {
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) url.searchParams.append(name, String(v));
  }
  return url;
}

/**
 * A Jira DC REST client. Every call is signed by `auth` once per attempt, retried on 429/503 and
 * resets when idempotent, and fails with a jirakit error that says what happened.
 * @example
 * const jira = createClient({ baseUrl: 'https://jira.example.com', auth: createTokenAuth(pat) });
 * console.log((await jira.serverInfo()).version);
 */
export function createClient(options: ClientOptions) {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const { auth } = options;
  const api = `/rest/${options.restPath ?? 'api'}/${options.restApiVersion ?? '2'}`;
  const resolve = (path: string): URL => (/^https?:\/\//i.test(path) ? new URL(path) : new URL(`${baseUrl}${path.startsWith('/') ? '' : '/'}${path}`));

  async function call<T>(method: string, path: string, opts: RequestOptions, accept: string, read: (response: Response) => Promise<Payload> = readJsonOrText): Promise<T> {
    const json = opts.body !== undefined && typeof opts.body !== 'string';
    const body = opts.body === undefined ? undefined : json ? JSON.stringify(opts.body) : String(opts.body);
    const headers: Record<string, string> = {
      accept,
      'x-atlassian-token': 'no-check',
      ...(json ? { 'content-type': 'application/json' } : {}),
      ...opts.headers,
    };
    let url = withQuery(resolve(path), opts.query);
    for (let hops = 0; ; hops++) {
      const outcome = await sendWithRetries({ method, url, headers, body, signal: opts.signal }, auth, { ...options, fetch: options.fetch }, async (response, sent) => ({
        response,
        sent,
        // A body is read whole inside the retry loop, so one cut halfway is retried too.
        payload: response.ok ? await read(response) : { text: await response.text() },
      }));
      const { response, payload, sent } = outcome;
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        const next = new URL(location, url);
        if (/WebSudoAuthenticate/i.test(location)) throw webSudoError({ status: response.status, method, url });
        // Credentials never follow a redirect to another origin.
        if (next.origin !== url.origin || hops >= 3) {
          throw new ResponseFormatError(`Jira redirected ${method} ${url.pathname} to ${next.origin === url.origin ? next.pathname : `another host (${next.host})`}`, {
            status: response.status, method, url, hint: 'Check --server: use the URL Jira redirects to (https? another host name?)',
          });
        }
        url = next;
        continue;
      }
      if (!response.ok) {
        const localBaseString = baseStringOfHeader(sent.authorization, { method, url, contentType: headers['content-type'], body });
        throw errorFromResponse(response, 'text' in payload ? payload.text : '', { method, url, authKind: auth.kind, localBaseString });
      }
      // Jira serves a request whose credentials it ignored as anonymous (jira-wire.md 10.2).
      if (auth.kind !== 'anonymous' && response.headers.get('x-ausername') === 'anonymous') {
        throw new AuthenticationError(`Jira answered ${method} ${url.pathname} as anonymous although ${credentialsOf(auth.kind).words} ${credentialsOf(auth.kind).plural ? 'were' : 'was'} sent`, {
          status: response.status, method, url, hint: 'The credentials were not accepted (revoked token? incomplete OAuth settings?); run the dance again or check the token',
        });
      }
      if ('json' in payload) return payload.json as T;
      const { text } = payload;
      if (text.trim() === '') return undefined as T;
      throw new ResponseFormatError(`Jira answered ${method} ${url.pathname} with something that is not JSON${/^\s*</.test(text) ? ' (an HTML page)' : ''}`, {
        status: response.status, method, url, body: text, hint: 'Check --server: a proxy or login page may be answering instead of Jira',
      });
    }
  }

  const client = {
    baseUrl,
    auth,
    /** A typed JSON call: `request('GET', '/rest/api/2/myself')`. */
    request: <T = unknown>(method: string, path: string, opts: RequestOptions = {}): Promise<T> => call<T>(method.toUpperCase(), path, opts, 'application/json'),
    /** The raw signed Response of any endpoint; never throws on a status. Accept defaults to *&#47;*. */
    fetch: async (path: string, init: { method?: string; headers?: Record<string, string>; body?: string; query?: Query; signal?: AbortSignal } = {}): Promise<Response> => {
      const method = (init.method ?? 'GET').toUpperCase();
      const url = withQuery(resolve(path), init.query);
      return sendWithRetries({ method, url, headers: { accept: '*/*', ...init.headers }, body: init.body, signal: init.signal }, auth, options, async (r) => r);
    },
    /** GET serverInfo. */
    serverInfo: (opts: CallOptions = {}) => call<ServerInfo>('GET', `${api}/serverInfo`, opts, 'application/json'),
    /** The user the credentials belong to. */
    myself: (opts: CallOptions = {}) => call<User>('GET', `${api}/myself`, opts, 'application/json'),
    /** One issue by key or id. */
    issue: (key: string, opts: CallOptions & { fields?: string | readonly string[]; expand?: string } = {}) =>
      call<Issue>('GET', `${api}/issue/${encodeURIComponent(key)}`, { query: { fields: opts.fields, expand: opts.expand }, signal: opts.signal }, 'application/json'),
    /** One page of a search. */
    searchPage: (jql: string, opts: CallOptions & { startAt?: number; maxResults?: number; fields?: readonly string[] | string; expand?: string } = {}) =>
      call<SearchPage>('GET', `${api}/search`, { query: { jql, startAt: opts.startAt ?? 0, maxResults: opts.maxResults ?? 50, fields: opts.fields, expand: opts.expand }, signal: opts.signal }, 'application/json'),
    /** Every issue of a search, page by page with bounded read-ahead. */
    searchIssues: (jql: string, opts: SearchOptions = {}): AsyncGenerator<Issue> =>
      searchIssues(
        {
          searchPage: (q, o) =>
            call<LazySearchPage>('GET', `${api}/search`, { query: { jql: q, startAt: o.startAt, maxResults: o.maxResults, fields: o.fields, expand: o.expand }, signal: o.signal }, 'application/json', readLazySearchPage),
        },
        jql,
        opts,
      ),
    /** Creates an issue: `createIssue({ project: { key: 'PROJ' }, issuetype: { name: 'Task' }, summary: '…' })`. */
    createIssue: (fields: Record<string, unknown>, opts: CallOptions = {}) => call<CreatedIssue>('POST', `${api}/issue`, { body: { fields }, signal: opts.signal }, 'application/json'),
    /** Adds a comment. */
    addComment: (key: string, body: string, opts: CallOptions = {}) => call<Comment>('POST', `${api}/issue/${encodeURIComponent(key)}/comment`, { body: { body }, signal: opts.signal }, 'application/json'),
    /** The transitions available now. */
    transitions: async (key: string, opts: CallOptions = {}) => (await call<{ transitions: Transition[] }>('GET', `${api}/issue/${encodeURIComponent(key)}/transitions`, opts, 'application/json')).transitions,
    /** Moves an issue by transition id or name (names are matched without case, as python-jira does). */
    transitionIssue: async (key: string, transition: string, opts: CallOptions & { fields?: Record<string, unknown>; comment?: string } = {}): Promise<void> => {
      let id = transition;
      if (!/^\d+$/.test(transition)) {
        const found = (await client.transitions(key, { signal: opts.signal })).find((t) => t.name.toLowerCase() === transition.toLowerCase());
        if (!found) throw new ResponseFormatError(`Issue ${key} has no transition named '${transition}'`, { status: 400, method: 'POST', url: resolve(`${api}/issue/${key}/transitions`), hint: 'List them with transitions(key)' });
        id = found.id;
      }
      await call('POST', `${api}/issue/${encodeURIComponent(key)}/transitions`, {
        body: { transition: { id }, ...(opts.fields ? { fields: opts.fields } : {}), ...(opts.comment ? { update: { comment: [{ add: { body: opts.comment } }] } } : {}) },
        signal: opts.signal,
      }, 'application/json');
    },
    /** All projects (a plain array on DC). */
    projects: (opts: CallOptions = {}) => call<Project[]>('GET', `${api}/project`, opts, 'application/json'),
    /** Seats per application (needs Administer Jira). */
    applicationRoles: (opts: CallOptions = {}) => call<ApplicationRole[]>('GET', `${api}/applicationrole`, opts, 'application/json'),
    /** Seats in use for an application, from UPM (Accept: *&#47;*, since UPM answers 406 to JSON). */
    license: async (app = 'jira-software', opts: CallOptions = {}): Promise<LicenseUsage> => {
      const data = await call<{ accessDetails?: { activeUserCount?: number; licensedUserCount?: number } }>('GET', `/rest/plugins/applications/1.0/installed/${encodeURIComponent(app)}`, opts, '*/*');
      const active = Number(data?.accessDetails?.activeUserCount);
      const licensed = Number(data?.accessDetails?.licensedUserCount);
      if (!Number.isFinite(active) || !Number.isFinite(licensed)) {
        throw new ResponseFormatError(`UPM's answer for ${app} has no accessDetails`, { status: 200, method: 'GET', url: resolve(`/rest/plugins/applications/1.0/installed/${app}`), hint: 'Use applicationRoles() (the documented /rest/api/2/applicationrole) instead' });
      }
      return { app, activeUserCount: active, licensedUserCount: licensed, unlimited: licensed < 0 };
    },
    /** UPM's license details for an application (expiry, type). */
    licenseDetails: (app = 'jira-software', opts: CallOptions = {}) => call<LicenseDetails>('GET', `/rest/plugins/applications/1.0/installed/${encodeURIComponent(app)}/license`, opts, '*/*'),
  };
  // python-jira's names, for people coming from jirashell.
  return Object.assign(client, {
    server_info: client.serverInfo,
    create_issue: client.createIssue,
    add_comment: client.addComment,
    transition_issue: client.transitionIssue,
    application_roles: client.applicationRoles,
    search_issues: async (jql: string, opts: CallOptions & { maxResults?: number | false; fields?: string | readonly string[] } = {}): Promise<Issue[]> => {
      const out: Issue[] = [];
      // python-jira: maxResults=False (or 0) means every issue; the default is 50.
      const limit = opts.maxResults === false || opts.maxResults === 0 ? Infinity : (opts.maxResults ?? 50);
      for await (const issue of client.searchIssues(jql, { fields: opts.fields, signal: opts.signal, limit })) out.push(issue);
      return out;
    },
  });
}

/** The client `createClient` returns. */
export type JiraClient = ReturnType<typeof createClient>;
