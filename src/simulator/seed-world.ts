/**
 * Builds the seeded world from resolved options: users and their groups, projects with their
 * roles, issues, a component and a version, and the agile board Jira Software makes for a
 * project (a filter and a scrum board). The same every run.
 */
import { DEFAULT_GROUPS, NOTIFICATION_SCHEME, PERMISSION_SCHEME, ROLES } from './catalog.js';
import type { StoredProject } from './model.js';
import { seedIssues } from './seed.js';
import type { SimulatorState } from './state.js';
import type { ResolvedSimulatorOptions } from './types.js';

/** A new project's role actors: each role gets its default group (Jira's default scheme). */
export function defaultRoles(): StoredProject['roles'] {
  return new Map(Object.entries(ROLES).map(([id, [, , group]]) => [id, { users: new Set<string>(), groups: new Set([group]) }]));
}

function seedUsers(state: SimulatorState, o: ResolvedSimulatorOptions): void {
  for (const name of DEFAULT_GROUPS) state.groups.set(name, { name, members: new Set() });
  o.users.forEach((u, i) => {
    const admin = u.admin ?? i === 0;
    state.users.set(u.name, { name: u.name, password: u.password, displayName: u.displayName ?? u.name, email: `${u.name}@example.com`, admin, active: true });
    state.groups.get('jira-software-users')?.members.add(u.name);
    if (admin) {
      state.groups.get('jira-administrators')?.members.add(u.name);
      state.groups.get('jira-developers')?.members.add(u.name);
    }
  });
}

function seedProjects(state: SimulatorState, o: ResolvedSimulatorOptions): void {
  const lead = o.users[0]?.name ?? 'admin';
  o.projects.forEach((p, i) => {
    state.projects.set(p.key, {
      id: String(10000 + i),
      key: p.key,
      name: p.name,
      description: '',
      lead,
      projectTypeKey: 'software',
      url: '',
      assigneeType: 'UNASSIGNED',
      archived: false,
      permissionScheme: PERMISSION_SCHEME.id,
      notificationScheme: NOTIFICATION_SCHEME.id,
      roles: defaultRoles(),
      counter: 1,
    });
  });
  state.nextId('project', 10000 + o.projects.length);
}

function seedAgile(state: SimulatorState, o: ResolvedSimulatorOptions): void {
  const first = o.projects[0];
  const owner = o.users[0]?.name ?? 'admin';
  if (!first) return;
  const filterId = state.nextId('filter', 10000);
  state.filters.set(filterId, { id: filterId, owner, name: `Filter for ${first.key} board`, description: '', jql: `project = ${first.key} ORDER BY Rank ASC`, favouredBy: new Set([owner]), sharePermissions: [{ id: state.nextId('sharepermission', 10000), type: 'project', projectId: state.projects.get(first.key)?.id }] });
  const boardId = state.nextId('board', 1);
  state.boards.set(boardId, { id: boardId, name: `${first.key} board`, type: 'scrum', filterId });
  const componentId = state.nextId('component', 10000);
  state.components.set(componentId, { id: componentId, projectKey: first.key, name: 'Backend', description: 'Server side', assigneeType: 'PROJECT_DEFAULT' });
  const versionId = state.nextId('version', 10000);
  state.versions.set(versionId, { id: versionId, projectKey: first.key, name: '1.0', description: 'First release', archived: false, released: false, sequence: 1 });
}

/** Fills an empty state with the seed. */
export function seedWorld(state: SimulatorState, o: ResolvedSimulatorOptions): void {
  seedUsers(state, o);
  for (const [user, token] of o.pats) state.pats.set(token, { user, revoked: false });
  seedProjects(state, o);
  for (const issue of seedIssues(o.issues, o.projects, o.users.map((u) => u.name))) {
    state.addIssue(issue);
    const project = state.projects.get(issue.projectKey);
    if (project) project.counter++;
  }
  state.nextId('issue', 10000 + o.issues);
  seedAgile(state, o);
  for (const [key, app] of Object.entries(o.applications)) if (app) state.applications.set(key, app);
}
