/** Watchers, votes and issue properties of an issue. */
import { can } from './access.js';
import { userOf } from './issue-json.js';
import { jiraError, json } from './responses.js';
import { api, issueParam, jsonBody, noContent, projectOf, touch } from './rest-util.js';
import type { Route, RouteContext } from './types.js';

type Ctx = RouteContext;

function watchers(ctx: Ctx): Response {
  const issue = issueParam(ctx);
  if (issue instanceof Response) return issue;
  const list = issue.watchers ?? [];
  const me = ctx.caller.user?.name ?? '';
  const visible = can(ctx, 'VIEW_VOTERS_AND_WATCHERS', projectOf(ctx, issue));
  return json({ self: `${ctx.baseUrl}/rest/api/2/issue/${issue.key}/watchers`, isWatching: list.includes(me), watchCount: list.length, watchers: visible ? list.map((u) => userOf(ctx, u)) : [] });
}

function addWatcher(ctx: Ctx): Response {
  const issue = issueParam(ctx);
  if (issue instanceof Response) return issue;
  const me = ctx.caller.user?.name ?? '';
  // The body is a JSON string; an empty body means the caller.
  const body = ctx.body.trim() === '' ? me : jsonBody(ctx);
  if (typeof body !== 'string') return jiraError(400, ['The body must be a JSON string naming the user.']);
  if (!ctx.sim.state.users.has(body)) return jiraError(404, [`The user "${body}" does not have permission to view this issue. This user will not be added to the watch list.`]);
  if (body !== me && !can(ctx, 'MANAGE_WATCHERS', projectOf(ctx, issue))) return jiraError(401, [`User '${me}' is not allowed to add watchers to issue '${issue.key}'`]);
  if (!issue.watchers?.includes(body)) issue.watchers = [...(issue.watchers ?? []), body];
  touch(ctx, issue);
  return noContent();
}

function removeWatcher(ctx: Ctx): Response {
  const issue = issueParam(ctx);
  if (issue instanceof Response) return issue;
  const me = ctx.caller.user?.name ?? '';
  const name = ctx.url.searchParams.get('username') ?? '';
  if (name === '') return jiraError(400, ['The username query parameter was not provided']);
  if (name !== me && !can(ctx, 'MANAGE_WATCHERS', projectOf(ctx, issue))) return jiraError(401, [`User '${me}' is not allowed to remove watchers from issue '${issue.key}'`]);
  issue.watchers = (issue.watchers ?? []).filter((w) => w !== name);
  touch(ctx, issue);
  return noContent();
}

function votes(ctx: Ctx): Response {
  const issue = issueParam(ctx);
  if (issue instanceof Response) return issue;
  const list = issue.voters ?? [];
  return json({ self: `${ctx.baseUrl}/rest/api/2/issue/${issue.key}/votes`, votes: list.length, hasVoted: list.includes(ctx.caller.user?.name ?? ''), voters: list.map((u) => userOf(ctx, u)) });
}

function vote(add: boolean): (ctx: Ctx) => Response {
  return (ctx) => {
    const issue = issueParam(ctx);
    if (issue instanceof Response) return issue;
    const me = ctx.caller.user?.name ?? '';
    // Jira refuses a vote by the reporter (UNCONFIRMED status: 404 as for other refusals here).
    if (add && issue.reporter === me) return jiraError(404, ['You cannot vote for an issue you have reported.']);
    const list = issue.voters ?? [];
    issue.voters = add ? (list.includes(me) ? list : [...list, me]) : list.filter((v) => v !== me);
    touch(ctx, issue);
    return noContent();
  };
}

function properties(ctx: Ctx): Response {
  const issue = issueParam(ctx);
  if (issue instanceof Response) return issue;
  const keys = [...(issue.properties?.keys() ?? [])].map((key) => ({ self: `${ctx.baseUrl}/rest/api/2/issue/${issue.id}/properties/${encodeURIComponent(key)}`, key }));
  return json({ keys });
}

function property(ctx: Ctx): Response {
  const issue = issueParam(ctx);
  if (issue instanceof Response) return issue;
  const key = ctx.params['prop'] ?? '';
  if (!issue.properties?.has(key)) return jiraError(404, [`The property with key '${key}' does not exist.`]);
  return json({ key, value: issue.properties.get(key) });
}

function setProperty(ctx: Ctx): Response {
  const issue = issueParam(ctx);
  if (issue instanceof Response) return issue;
  if (!can(ctx, 'EDIT_ISSUES', projectOf(ctx, issue))) return jiraError(403, ['You do not have permission to edit this issue.']);
  const key = ctx.params['prop'] ?? '';
  if (key.length > 255) return jiraError(400, ['The property key is too long: at most 255 characters.']);
  const value = jsonBody(ctx);
  if (value === undefined) return jiraError(400, ['The property value must be valid JSON.']);
  const existed = issue.properties?.has(key) === true;
  issue.properties ??= new Map();
  issue.properties.set(key, value);
  return new Response(null, { status: existed ? 200 : 201 });
}

function deleteProperty(ctx: Ctx): Response {
  const issue = issueParam(ctx);
  if (issue instanceof Response) return issue;
  const key = ctx.params['prop'] ?? '';
  if (!issue.properties?.delete(key)) return jiraError(404, [`The property with key '${key}' does not exist.`]);
  return noContent();
}

/** The watcher, vote and property routes. */
export const watcherRoutes: readonly Route[] = api(
  ['GET /issue/:key/watchers', watchers],
  ['POST /issue/:key/watchers', addWatcher],
  ['DELETE /issue/:key/watchers', removeWatcher],
  ['GET /issue/:key/votes', votes],
  ['POST /issue/:key/votes', vote(true)],
  ['DELETE /issue/:key/votes', vote(false)],
  ['GET /issue/:key/properties', properties],
  ['GET /issue/:key/properties/:prop', property],
  ['PUT /issue/:key/properties/:prop', setProperty],
  ['DELETE /issue/:key/properties/:prop', deleteProperty],
);
