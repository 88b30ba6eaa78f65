import { secretsOf } from '../auth/auth.js';
import { ResponseFormatError } from '../errors/http-error.js';
import { SecretMasker } from '../errors/secrets.js';
import { createHttpFetch } from '../http/http-fetch.js';
import { seatsFromUpm } from '../license/seat-count.js';
import { callJson, callRaw, type CallContext } from './call.js';
import type { CallOptions, ClientOptions, JiraClient, PythonSearchOptions, TransitionOptions } from './jira-client.js';
import { resolveOnServer } from './request-url.js';
import { readLazySearchPage, searchIssues, type LazySearchPage } from './search.js';
import type { ApplicationRole, Issue, LicenseUsage, Transition } from './types.js';

const JSON_TYPE = 'application/json';

/** The context every call shares, from the options. */
function contextOf(options: ClientOptions): CallContext {
  const { signal } = options;
  // Remade when the strategy's secrets change: a renewing strategy (OAuth 2.0) learns new ones and lets old ones go.
  let secrets = new SecretMasker();
  let known = '';
  const current = (): SecretMasker => {
    const values = secretsOf(options.auth);
    const key = values.join('\u0000');
    if (key !== known) [secrets, known] = [new SecretMasker().add(...values), key];
    return secrets;
  };
  // A client given no transport but its own size limit gets a transport with that limit.
  const fetch = options.fetch ?? (options.maxResponseBytes === undefined ? undefined : createHttpFetch({ maxResponseBytes: options.maxResponseBytes }));
  return {
    baseUrl: options.baseUrl.replace(/\/+$/, ''),
    auth: options.auth,
    transport: { ...options, fetch },
    maxResponseBytes: options.maxResponseBytes,
    clientSignal: typeof signal === 'function' ? signal : () => signal,
    mask: (text) => current().mask(text),
  };
}

/**
 * Seats in use for an application from UPM's answer (Accept: *\/*, since UPM answers 406 to JSON),
 * every count checked: a null, a string or a negative count is a LicenseDataError, never 0.
 */
async function license(ctx: CallContext, app: string, opts: CallOptions): Promise<LicenseUsage> {
  const path = `/rest/plugins/applications/1.0/installed/${encodeURIComponent(app)}`;
  const count = seatsFromUpm(await callJson<unknown>(ctx, 'GET', path, opts, '*/*'), app);
  return { app, activeUserCount: count.users, licensedUserCount: count.seats ?? -1, unlimited: count.unlimited };
}

/** Moves an issue by transition id, or by name as python-jira does (looked up, case ignored). */
async function transitionIssue(ctx: CallContext, api: string, key: string, transition: string, opts: TransitionOptions): Promise<void> {
  const path = `${api}/issue/${encodeURIComponent(key)}/transitions`;
  let id = transition;
  if (!/^\d+$/.test(transition)) {
    const { transitions } = await callJson<{ transitions: Transition[] }>(ctx, 'GET', path, { signal: opts.signal }, JSON_TYPE);
    const found = transitions.find((t) => t.name.toLowerCase() === transition.toLowerCase());
    if (!found) throw new ResponseFormatError(`Issue ${key} has no transition named '${transition}'`, { status: 400, method: 'POST', url: resolveOnServer(ctx.baseUrl, path), hint: 'List them with transitions(key)' });
    id = found.id;
  }
  const update = opts.comment ? { update: { comment: [{ add: { body: opts.comment } }] } } : {};
  await callJson(ctx, 'POST', path, { body: { transition: { id }, ...(opts.fields ? { fields: opts.fields } : {}), ...update }, signal: opts.signal }, JSON_TYPE);
}

/** python-jira's search_issues: maxResults=False (or 0) means every issue; the default is 50. */
async function pythonSearch(client: Pick<JiraClient, 'searchIssues'>, jql: string, opts: PythonSearchOptions): Promise<Issue[]> {
  const out: Issue[] = [];
  const limit = opts.maxResults === false || opts.maxResults === 0 ? Infinity : (opts.maxResults ?? 50);
  for await (const issue of client.searchIssues(jql, { fields: opts.fields, signal: opts.signal, limit })) out.push(issue);
  return out;
}

/**
 * A Jira DC REST client. Every call is signed by `auth` once per attempt, retried on 429/503 and
 * resets when idempotent, sent only to `baseUrl`'s server, and fails with a jirakit error that
 * says what happened. Without `fetch` it uses jirakit's transport (node:http, keep-alive,
 * proxies from the environment).
 * @example
 * const jira = createClient({ baseUrl: 'https://jira.example.com', auth: createTokenAuth(pat) });
 * console.log((await jira.serverInfo()).version);
 */
export function createClient(options: ClientOptions): JiraClient {
  const ctx = contextOf(options);
  const api = `/rest/${options.restPath ?? 'api'}/${options.restApiVersion ?? '2'}`;
  const get = <T>(path: string, opts: CallOptions & { query?: Record<string, string | number | boolean | readonly string[] | undefined> } = {}, accept = JSON_TYPE): Promise<T> =>
    callJson<T>(ctx, 'GET', path, opts, accept);
  const issuePath = (key: string): string => `${api}/issue/${encodeURIComponent(key)}`;
  const client: JiraClient = {
    baseUrl: ctx.baseUrl,
    auth: ctx.auth,
    request: (method, path, opts = {}) => callJson(ctx, method.toUpperCase(), path, opts, JSON_TYPE),
    fetch: (path, init = {}) => callRaw(ctx, path, init),
    serverInfo: (opts = {}) => get(`${api}/serverInfo`, opts),
    myself: (opts = {}) => get(`${api}/myself`, opts),
    issue: (key, opts = {}) => get(issuePath(key), { query: { fields: opts.fields, expand: opts.expand }, signal: opts.signal }),
    searchPage: (jql, opts = {}) =>
      get(`${api}/search`, { query: { jql, startAt: opts.startAt ?? 0, maxResults: opts.maxResults ?? 50, fields: opts.fields, expand: opts.expand }, signal: opts.signal }),
    searchIssues: (jql, opts = {}) =>
      searchIssues(
        {
          searchPage: (q, o) =>
            callJson<LazySearchPage>(ctx, 'GET', `${api}/search`, { query: { jql: q, startAt: o.startAt, maxResults: o.maxResults, fields: o.fields, expand: o.expand }, signal: o.signal }, JSON_TYPE, readLazySearchPage),
        },
        jql,
        opts,
      ),
    createIssue: (fields, opts = {}) => callJson(ctx, 'POST', `${api}/issue`, { body: { fields }, signal: opts.signal }, JSON_TYPE),
    addComment: (key, body, opts = {}) => callJson(ctx, 'POST', `${issuePath(key)}/comment`, { body: { body }, signal: opts.signal }, JSON_TYPE),
    transitions: async (key, opts = {}) => (await get<{ transitions: Transition[] }>(`${issuePath(key)}/transitions`, opts)).transitions,
    transitionIssue: (key, transition, opts = {}) => transitionIssue(ctx, api, key, transition, opts),
    projects: (opts = {}) => get(`${api}/project`, opts),
    applicationRoles: (opts = {}) => get<ApplicationRole[]>(`${api}/applicationrole`, opts),
    license: (app = 'jira-software', opts = {}) => license(ctx, app, opts),
    licenseDetails: (app = 'jira-software', opts = {}) => get(`/rest/plugins/applications/1.0/installed/${encodeURIComponent(app)}/license`, opts, '*/*'),
    // python-jira's names, for people coming from jirashell.
    server_info: (opts) => client.serverInfo(opts),
    create_issue: (fields, opts) => client.createIssue(fields, opts),
    add_comment: (key, body, opts) => client.addComment(key, body, opts),
    transition_issue: (key, transition, opts) => client.transitionIssue(key, transition, opts),
    application_roles: (opts) => client.applicationRoles(opts),
    search_issues: (jql, opts = {}) => pythonSearch(client, jql, opts),
  };
  return client;
}
