/** Projects, components and versions as Jira DC's REST v2 renders them (jira-wire.md 4.7). */
import { ROLES } from './catalog.js';
import { issueTypeJson, userOf } from './issue-json.js';
import type { StoredComponent, StoredProject, StoredVersion } from './model.js';
import { ISSUE_TYPES } from './seed.js';
import type { RouteContext } from './types.js';

type Ctx = RouteContext;

/** A project's avatar URLs. */
export function projectAvatars(baseUrl: string, id: string): Record<string, string> {
  const url = `${baseUrl}/secure/projectavatar?pid=${id}&avatarId=10324`;
  return { '48x48': url, '24x24': `${url}&size=small`, '16x16': `${url}&size=xsmall`, '32x32': `${url}&size=medium` };
}

/** The short project shape of the /project list. */
export function projectListJson(ctx: Ctx, p: StoredProject, expand: ReadonlySet<string>): Record<string, unknown> {
  return {
    expand: 'description,lead,url,projectKeys',
    self: `${ctx.baseUrl}/rest/api/2/project/${p.id}`,
    id: p.id,
    key: p.key,
    name: p.name,
    avatarUrls: projectAvatars(ctx.baseUrl, p.id),
    projectTypeKey: p.projectTypeKey,
    archived: p.archived,
    ...(expand.has('description') ? { description: p.description } : {}),
    ...(expand.has('lead') ? { lead: userOf(ctx, p.lead) } : {}),
    ...(expand.has('url') ? { url: p.url } : {}),
    ...(expand.has('projectKeys') ? { projectKeys: [p.key] } : {}),
    ...(expand.has('issueTypes') ? { issueTypes: Object.keys(ISSUE_TYPES).map((id) => issueTypeJson(ctx.baseUrl, id)) } : {}),
  };
}

/** The full project shape of /project/{key}; projectKeys only when expanded, as Jira does. */
export function projectJson(ctx: Ctx, p: StoredProject, expand: ReadonlySet<string> = new Set()): Record<string, unknown> {
  const { state } = ctx.sim;
  return {
    expand: 'description,lead,url,projectKeys',
    self: `${ctx.baseUrl}/rest/api/2/project/${p.id}`,
    id: p.id,
    key: p.key,
    description: p.description,
    lead: userOf(ctx, p.lead),
    components: [...state.components.values()].filter((c) => c.projectKey === p.key).map((c) => componentJson(ctx, c)),
    issueTypes: Object.keys(ISSUE_TYPES).map((id) => issueTypeJson(ctx.baseUrl, id)),
    url: p.url,
    assigneeType: p.assigneeType,
    versions: projectVersions(ctx, p).map((v) => versionJson(ctx, v)),
    name: p.name,
    roles: Object.fromEntries(Object.entries(ROLES).map(([id, [name]]) => [name, `${ctx.baseUrl}/rest/api/2/project/${p.id}/role/${id}`])),
    avatarUrls: projectAvatars(ctx.baseUrl, p.id),
    ...(expand.has('projectKeys') ? { projectKeys: [p.key] } : {}),
    projectTypeKey: p.projectTypeKey,
    archived: p.archived,
  };
}

/** A project's versions in their order. */
export function projectVersions(ctx: Ctx, p: StoredProject): StoredVersion[] {
  return [...ctx.sim.state.versions.values()].filter((v) => v.projectKey === p.key).sort((a, b) => a.sequence - b.sequence);
}

/** A component's JSON. */
export function componentJson(ctx: Ctx, c: StoredComponent): Record<string, unknown> {
  const project = ctx.sim.state.projects.get(c.projectKey);
  const realAssignee = c.assigneeType === 'COMPONENT_LEAD' ? c.lead : c.assigneeType === 'PROJECT_LEAD' ? project?.lead : undefined;
  return {
    self: `${ctx.baseUrl}/rest/api/2/component/${c.id}`,
    id: c.id,
    name: c.name,
    description: c.description,
    ...(c.lead ? { lead: userOf(ctx, c.lead), leadUserName: c.lead } : {}),
    assigneeType: c.assigneeType,
    ...(realAssignee ? { realAssignee: userOf(ctx, realAssignee) } : {}),
    realAssigneeType: c.assigneeType === 'PROJECT_DEFAULT' ? 'UNASSIGNED' : c.assigneeType,
    // The component lead as assignee is not valid while there is no lead.
    isAssigneeTypeValid: !(c.assigneeType === 'COMPONENT_LEAD' && !c.lead),
    project: c.projectKey,
    projectId: Number(project?.id ?? 0),
  };
}

/** A version's JSON. */
export function versionJson(ctx: Ctx, v: StoredVersion): Record<string, unknown> {
  const project = ctx.sim.state.projects.get(v.projectKey);
  return {
    self: `${ctx.baseUrl}/rest/api/2/version/${v.id}`,
    id: v.id,
    description: v.description,
    name: v.name,
    archived: v.archived,
    released: v.released,
    ...(v.startDate ? { startDate: v.startDate } : {}),
    ...(v.releaseDate ? { releaseDate: v.releaseDate, overdue: !v.released && Date.parse(v.releaseDate) < ctx.sim.now() } : {}),
    projectId: Number(project?.id ?? 0),
  };
}
