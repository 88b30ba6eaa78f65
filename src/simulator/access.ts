/**
 * Who may do what: a simplified default permission scheme (docs/simulator.md). Anonymous callers
 * may browse nothing; every user may browse and work on issues; project administrators (the
 * Administrators role, the project lead, Jira administrators) hold the rest of a project's
 * permissions; Jira administrators hold the global ones. Admin REST writes also need WebSudo for
 * cookie sessions and PATs, as UPM's resources do (jira-wire.md 5.1).
 */
import { ADMIN_ROLE, GLOBAL_ADMIN_ONLY, PROJECT_ADMIN_ONLY, ROLES } from './catalog.js';
import type { StoredComment, StoredProject } from './model.js';
import { jiraError } from './responses.js';
import { pluginError, webSudoRequired } from './rest-license.js';
import type { User } from './state.js';
import type { RouteContext } from './types.js';

type Ctx = RouteContext;

/** Jira's 401 text for resources that need a user (jira-wire.md 4.0). */
export const NOT_AUTHENTICATED = 'You are not authenticated. Authentication required to perform this operation.';

/** Whether a user is in a group. */
export function inGroup(ctx: Ctx, user: string, group: string): boolean {
  return ctx.sim.state.groups.get(group)?.members.has(user) === true;
}

/** Whether a user is a Jira administrator (the seed flag or the jira-administrators group). */
export function isAdmin(ctx: Ctx, user: User | undefined = ctx.caller.user): boolean {
  return user !== undefined && (user.admin || inGroup(ctx, user.name, 'jira-administrators'));
}

/** Whether a user is an actor of a project role, directly or through a group. */
export function inRole(ctx: Ctx, project: StoredProject, roleId: string, user: string): boolean {
  const actors = project.roles.get(roleId);
  if (!actors) return false;
  if (actors.users.has(user)) return true;
  for (const group of actors.groups) if (inGroup(ctx, user, group)) return true;
  return false;
}

/** Whether the caller holds a permission, in a project when it is a project permission. */
export function can(ctx: Ctx, permission: string, project?: StoredProject): boolean {
  const user = ctx.caller.user;
  if (!user) return false;
  if (isAdmin(ctx, user)) return true;
  if (GLOBAL_ADMIN_ONLY.has(permission)) return false;
  if (!PROJECT_ADMIN_ONLY.has(permission)) return true;
  return project !== undefined && (project.lead === user.name || inRole(ctx, project, ADMIN_ROLE, user.name));
}

/** The caller, or Jira's 401 for an anonymous one. */
export function requireUser(ctx: Ctx): User | Response {
  return ctx.caller.user ?? jiraError(401, [NOT_AUTHENTICATED]);
}

/**
 * For administrators' writes: 401 anonymous, WebSudo's 401 for cookie sessions and PATs, 403 for
 * other users. Whether Jira's own /rest/api/2 admin resources demand WebSudo as UPM's do is
 * UNCONFIRMED; they are treated alike.
 */
export function requireAdminWrite(ctx: Ctx): Response | undefined {
  if (!ctx.caller.user) return jiraError(401, [NOT_AUTHENTICATED]);
  if (!isAdmin(ctx)) return jiraError(403, ['You do not have permission to perform this operation.']);
  if (webSudoRequired(ctx)) return pluginError(401, 'This resource requires WebSudo.');
  return undefined;
}

/** For administrators' reads: 401 anonymous, 403 other users. */
export function requireAdminRead(ctx: Ctx): Response | undefined {
  if (!ctx.caller.user) return jiraError(401, [NOT_AUTHENTICATED]);
  if (!isAdmin(ctx)) return jiraError(403, ['You are not authorized to perform this operation. Please log in.']);
  return undefined;
}

/** Whether the caller may read a comment: a restricted one only by its role's or group's members. */
export function canSeeComment(ctx: Ctx, project: StoredProject | undefined, comment: StoredComment): boolean {
  const user = ctx.caller.user;
  if (!user) return false;
  const v = comment.visibility;
  if (!v) return true;
  if (v.type === 'group') return inGroup(ctx, user.name, v.value);
  const roleId = [...(project?.roles.keys() ?? [])].find((id) => roleName(id) === v.value);
  return project !== undefined && roleId !== undefined && inRole(ctx, project, roleId, user.name);
}

/** A role's name by id. */
export function roleName(id: string): string | undefined {
  return ROLES[id]?.[0];
}
