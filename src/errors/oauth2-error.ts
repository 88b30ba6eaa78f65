import { ERROR_NAMES, isErrorOf } from './jira-kit-error.js';
import { HttpError, type HttpErrorInit } from './http-error.js';

/**
 * Jira's OAuth 2.0 provider refused a request: a token, refresh or revoke answer
 * `{"error","error_description"}`, or an authorization that came back to the redirect with an
 * `error` (oauth2-provider.md 1.7). Match on `error`: Jira's English descriptions are unconfirmed.
 */
export class OAuth2Error extends HttpError {
  override name = 'OAuth2Error';
  /** The OAuth 2.0 error code: invalid_grant, invalid_client, invalid_request, invalid_scope, access_denied, ... */
  readonly error: string;
  /** Jira's error_description, if it sent one (masked and cleaned like any server text). */
  readonly errorDescription: string | undefined;

  constructor(message: string, init: HttpErrorInit & { readonly error: string; readonly errorDescription?: string | undefined }) {
    super(message, { ...init, errorMessages: init.errorDescription ? [init.errorDescription] : init.errorMessages });
    this.error = init.error;
    this.errorDescription = init.errorDescription ? this.errorMessages[0] : undefined;
  }
}

/** True for a refusal by Jira's OAuth 2.0 provider (see `error`). */
export function isOAuth2Error(error: unknown): error is OAuth2Error {
  return isErrorOf(error, OAuth2Error, ERROR_NAMES.oauth2);
}
