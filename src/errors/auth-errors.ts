import { ERROR_NAMES, isErrorOf } from './jira-kit-error.js';
import { HttpError } from './http-error.js';

/** Jira did not accept the credentials: 401, a CAPTCHA lockout, or a silent anonymous answer. */
export class AuthenticationError extends HttpError {
  override name = 'AuthenticationError';
}

/** Jira demands WebSudo (re-entering the password in a browser session), which OAuth and PATs cannot pass. */
export class WebSudoError extends HttpError {
  override name = 'WebSudoError';
}

/** Jira's rate limit refused the request, after the retries allowed. */
export class RateLimitError extends HttpError {
  override name = 'RateLimitError';
}

/** True for an authentication failure. */
export function isAuthenticationError(error: unknown): error is AuthenticationError {
  return isErrorOf(error, AuthenticationError, ERROR_NAMES.authentication);
}
