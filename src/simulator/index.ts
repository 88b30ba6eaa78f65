// The `jirakit/simulator` entry: the Jira Data Center simulator as a library. Re-exports only.
export { createSimulator } from './simulator.js';
export { route } from './router.js';
export { faults } from './faults.js';
export { loadSeedFile } from './seed-file.js';
export { DEFAULT_APPLICATIONS, type ApplicationSeed, type ApplicationsSeed, type ProjectSeed } from './seed.js';
export { approveAsUser, type ApproveOptions, type ApproveResult } from './scripted-user.js';
export type {
  Simulator,
  SimulatorOptions,
  ResolvedSimulatorOptions,
  ConsumerSeed,
  UserSeed,
  Route,
  RouteContext,
  Handler,
  Caller,
  AuthenticatedBy,
  RateLimitOptions,
  RunningSimulator,
  ListenOptions,
} from './types.js';
