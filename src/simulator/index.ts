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
/** The scripted user of the OAuth 2.0 consent page: log in, Allow or Deny, where the browser went. */
export { consentAsUser, type ConsentFetch, type ConsentOptions, type ConsentResult } from './oauth2/consent-as-user.js';
/** Thrown for an OAuth 2.0 client Jira would not save (redirect, scope). */
export { OAuth2ClientError } from './oauth2/redirect-rules.js';
/** `sim.oauth2`: clients, codes, tokens, and the grant counters. */
export type { OAuth2Store, StoredToken, Authorization as OAuth2Authorization } from './oauth2/store.js';
/** OAuth 2.0 client seeds, settings and scopes. */
export type { OAuth2Client, OAuth2ClientSeed, OAuth2Grants, OAuth2Scope, OAuth2Settings, ResolvedOAuth2Settings } from './oauth2/oauth2-types.js';
