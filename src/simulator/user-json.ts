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
  return [...state.groups.values()].filter((g) => g.members.has(name)).map((g) => g.name).sort();
}

/** The full user shape of /user and /myself, with groups and application roles when expanded. */
export function userJson(state: SimulatorState, baseUrl: string, user: User, expand: string): Record<string, unknown> {
  const groups = groupsOf(state, user.name);
  const roles = [...state.applications.entries()].map(([key, app]) => ({ key, name: app.name }));
  const groupItems = groups.map((name) => ({ name, self: `${baseUrl}/rest/api/2/group?groupname=${encodeURIComponent(name)}` }));
  return {
    ...userRef(baseUrl, user, user.name),
    avatarUrls: userAvatars(baseUrl, user.name),
    locale: 'en_US',
    deleted: false,
    groups: { size: groups.length, items: expand.includes('groups') ? groupItems : [] },
    applicationRoles: { size: roles.length, items: expand.includes('applicationRoles') ? roles : [] },
    expand: 'groups,applicationRoles',
  };
}
