/** Users as Jira DC's REST v2 renders them (jira-wire.md 4.2): by name and key, never accountId. */
import type { SimulatorState, User } from './state.js';

/** Avatar URLs of a user. */
export function userAvatars(baseUrl: string, name: string): Record<string, string> {
  const url = `${baseUrl}/secure/useravatar?ownerId=${encodeURIComponent(name)}`;
  return { '48x48': url, '24x24': `${url}&size=small`, '16x16': `${url}&size=xsmall`, '32x32': `${url}&size=medium` };
}

/**
 * The short user shape inside issues, comments and lists; null for nobody. Jira adds avatarUrls
 * here too; they are left out so a 10,000-issue `*all` search stays as small and fast as it was
 * (docs/simulator.md). The full shape (/user, /myself) has them.
 */
export function userRef(baseUrl: string, user: User | undefined, name: string | undefined): Record<string, unknown> | null {
  if (!name) return null;
  return {
    self: `${baseUrl}/rest/api/2/user?username=${encodeURIComponent(name)}`,
    name,
    key: name,
    emailAddress: user?.email ?? `${name}@example.com`,
    displayName: user?.displayName ?? name,
    active: user?.active ?? false,
    timeZone: 'UTC',
  };
}

/** A user's groups, sorted. */
export function groupsOf(state: SimulatorState, name: string): string[] {
  const out: string[] = [];
  for (const g of state.groups.values()) if (g.members.has(name)) out.push(g.name);
  return out.sort();
}

/** The full user shape of /user and /myself, with groups and application roles when expanded. */
export function userJson(state: SimulatorState, baseUrl: string, user: User, expand: string): Record<string, unknown> {
  const groups = groupsOf(state, user.name);
  const withGroups = expand.includes('groups');
  const withRoles = expand.includes('applicationRoles');
  return {
    self: `${baseUrl}/rest/api/2/user?username=${encodeURIComponent(user.name)}`,
    name: user.name,
    key: user.name,
    emailAddress: user.email,
    avatarUrls: userAvatars(baseUrl, user.name),
    displayName: user.displayName,
    active: user.active,
    timeZone: 'UTC',
    locale: 'en_US',
    deleted: false,
    groups: { size: groups.length, items: withGroups ? groups.map((name) => ({ name, self: `${baseUrl}/rest/api/2/group?groupname=${encodeURIComponent(name)}` })) : [] },
    applicationRoles: { size: state.applications.size, items: withRoles ? [...state.applications].map(([key, app]) => ({ key, name: app.name })) : [] },
    expand: 'groups,applicationRoles',
  };
}
