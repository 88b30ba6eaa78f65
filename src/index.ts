// jirakit's public API: re-exports only.
export type { Auth, SignableRequest, RenewRequest } from './auth/auth.js';
export { anonymousAuth, secretsOf, withSecrets, addSecrets, watchSecrets } from './auth/auth.js';
export { createBasicAuth, type BasicCredentials } from './auth/basic.js';
export { createTokenAuth } from './auth/token.js';
export { createCloudAuth } from './auth/cloud.js';
export { createOAuth1Auth, signOAuth1, randomNonce, type OAuth1Options, type OAuth1Signature } from './auth/oauth1.js';
export { createOAuth2Auth, type OAuth2Auth, type OAuth2AuthOptions, type OAuth2Tokens } from './auth/oauth2.js';
export { createPkce, randomState, type Pkce } from './auth/oauth2-pkce.js';
export { getOAuth2AuthorizeUrl, readOAuth2Redirect, type OAuth2AuthorizeRequest, type ExpectedRedirect } from './client/oauth2-authorize.js';
export { exchangeOAuth2Code, refreshOAuth2Token, revokeOAuth2Token, checkOAuth2Client, type OAuth2ClientOptions } from './client/oauth2-legs.js';
export { checkOAuth2Link, type OAuth2LinkCheck } from './client/oauth2-check.js';
export { memoryTokenStore, type OAuth2TokenStore } from './client/oauth2-token-store.js';
export { profileTokenStore, tokensOfProfile, profileWithTokens } from './client/oauth2-profile-store.js';
export { createOAuth2Refresher, type OAuth2RefresherOptions } from './client/oauth2-refresher.js';
export {
  getRequestToken,
  getAuthorizeUrl,
  getAccessToken,
  type DanceOptions,
  type RequestToken,
  type AccessToken,
} from './client/oauth1-dance.js';
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
export { loadPrivateKey, parsePrivateKey, publicKeyPem, pemBody, generateRsaKeyPair } from './auth/private-key.js';
export { baseStringOfHeader } from './auth/oauth1.js';
export {
  getConfig,
  resolveConfig,
  normalizeJirashellArgs,
  CONNECTION_OPTIONS,
  flagsFromValues,
  type JiraConfig,
  type AuthSettings,
  type OAuth2Settings,
  type ResolveConfigOptions,
} from './config/get-config.js';
export { MAX_TIMEOUT_SECONDS, timeoutSecondsToMs } from './config/timeout.js';
export { writeFileSet, refuseExisting } from './config/new-files.js';
export { readFileBounded, FileTooLargeError } from './read-file-bounded.js';
export { connect, authFromSettings, type ConnectOptions, type AuthContext } from './client/connect.js';
export { createClient } from './client/client.js';
export type {
  JiraClient,
  ClientOptions,
  CallOptions,
  RequestOptions,
  FetchOptions,
  IssueOptions,
  SearchPageOptions,
  TransitionOptions,
  PythonSearchOptions,
  Query,
} from './client/jira-client.js';
export type { SearchOptions } from './client/search.js';
export type * from './client/types.js';
export { createHttpFetch, DEFAULT_MAX_RESPONSE_BYTES, type HttpFetchOptions } from './http/http-fetch.js';
export type { FetchLike } from './http/fetch-like.js';
export { mergeHooks, type Hooks, type SentRequest, type ReceivedResponse, type RetryInfo, type BeforeRequestHook, type AfterResponseHook, type BeforeRetryHook } from './http/hooks.js';
export { errorFromResponse, type Exchange } from './http/response-error.js';
export { DEFAULT_RETRY, parseRetryAfter, retryDelayMs, type RetryPolicy } from './http/retry.js';
export { resolveConnection, type ResolvedConnection, type ConnectionFlags, type AuthKind } from './config/resolve.js';
export {
  readProfile,
  saveProfile,
  updateProfile,
  withProfileLock,
  checkProfileSavable,
  permissionWarning,
  DEFAULT_PROFILE,
  type Profile,
} from './config/profiles.js';
export type { LockOptions } from './config/file-lock.js';
export { saveProfileOrRescue, rescueProfile } from './config/profile-rescue.js';
export { parseIni, iniBoolean, stringifyIni } from './config/ini.js';
export { parseServerUrl } from './config/server-url.js';
export { configDir, stateDir, profilesPath, type Env } from './config/paths.js';
export { redactUrl, redactHeaders, redactAuthorization, redactOAuthValues, urlWithoutUserInfo, REDACTED } from './errors/redact.js';
export { SecretMasker, cleanServerText, secretVariants } from './errors/secrets.js';
export {
  JiraKitError,
  ConfigError,
  OriginError,
  AbortedError,
  isJiraKitError,
  isConfigError,
  isAbortedError,
  type AbortReason,
} from './errors/jira-kit-error.js';
export { HttpError, ResponseFormatError, isHttpError } from './errors/http-error.js';
export { OAuthProblemError, isOAuthProblemError } from './errors/oauth-problem-error.js';
export { OAuth2Error, isOAuth2Error } from './errors/oauth2-error.js';
export { NetworkError, TlsError, TimeoutError, isNetworkError } from './errors/network-error.js';
export { ProtocolError, ResponseTooLargeError, ProxyError, isExchangeError } from './errors/transport-errors.js';
export { AuthenticationError, WebSudoError, RateLimitError, isAuthenticationError } from './errors/auth-errors.js';
export { readLicense, listApplicationKeys, isApplicationKey, type LicenseReading, type LicenseSource, type ReadLicenseOptions } from './license/read-license.js';
export { LicenseDataError, isLicenseDataError, type LicenseResource } from './license/license-data-error.js';
export { parseLicenseDate, type LicenseDates } from './license/license-dates.js';
export type { SeatCount } from './license/seat-count.js';
export { VERSION } from './version.js';
export { formatExposition, escapeLabelValue, formatValue, CONTENT_TYPES, type ExpositionFormat, type GaugeFamily, type Sample } from './metrics/exposition.js';
export { licenseFamilies, targetSucceeded, type ApplicationOutcome, type TargetOutcome, type LabelledOutcome } from './metrics/license-metrics.js';
export { collectLicense, type CollectOptions } from './metrics/collect.js';
export { negotiateFormat } from './metrics/negotiate.js';
export { ReadCache, type ReadCacheOptions, type ReadCacheStats } from './metrics/read-cache.js';
