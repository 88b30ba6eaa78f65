// jirakit's public API: re-exports only.
export type { Auth, SignableRequest } from './auth/auth.js';
export { anonymousAuth } from './auth/auth.js';
export { createOAuth1Auth, signOAuth1, randomNonce, type OAuth1Options, type OAuth1Signature } from './auth/oauth1.js';
export {
  getRequestToken,
  getAuthorizeUrl,
  getAccessToken,
  type DanceOptions,
  type RequestToken,
  type AccessToken,
} from './auth/oauth1-dance.js';
export {
  percentEncode,
  signatureBaseString,
  normalizeParameters,
  baseStringUri,
  authorizationHeader,
  parseOAuthHeader,
  signRsaSha1,
  verifyRsaSha1,
  type Param,
} from './auth/oauth1-signature.js';
export { loadPrivateKey, parsePrivateKey, publicKeyPem, pemBody } from './auth/private-key.js';
export { resolveConnection, type ResolvedConnection, type ConnectionFlags, type AuthKind } from './config/resolve.js';
export { readProfile, saveProfile, type Profile } from './config/profiles.js';
export { parseIni, iniBoolean, stringifyIni } from './config/ini.js';
export { parseServerUrl } from './config/server-url.js';
export { JiraKitError, ConfigError, AbortedError, isJiraKitError, isConfigError } from './errors/jira-kit-error.js';
export { HttpError, ResponseFormatError, isHttpError } from './errors/http-error.js';
export { OAuthProblemError, isOAuthProblemError } from './errors/oauth-problem-error.js';
export { NetworkError, TlsError, TimeoutError, isNetworkError } from './errors/network-error.js';
export { createSimulator, type Simulator, type SimulatorOptions, type ConsumerSeed, type UserSeed } from './simulator/simulator.js';
export { route, type Route, type RouteContext, type Handler } from './simulator/router.js';
export { faults } from './simulator/faults.js';
export { loadSeedFile } from './simulator/seed-file.js';
export type { RunningSimulator, ListenOptions } from './simulator/http-server.js';
export { approveAsUser, type ApproveOptions, type ApproveResult } from './simulator/scripted-user.js';
export { VERSION } from './version.js';
