import { ERROR_NAMES, JiraKitError, isErrorOf, type ErrorOptions } from './jira-kit-error.js';
import { redactUrl } from './redact.js';

/** Where a transport failure happened. */
export interface NetworkErrorInit extends ErrorOptions {
  readonly method: string;
  readonly url: string | URL;
  /** The system or TLS error code, e.g. ECONNREFUSED, ENOTFOUND, DEPTH_ZERO_SELF_SIGNED_CERT. */
  readonly code?: string | undefined;
  /** The proxy the request went through, when the failure was on the way to it (no user-info). */
  readonly proxy?: string | undefined;
}

/** No HTTP answer: connection refused or reset, DNS failure. */
export class NetworkError extends JiraKitError {
  override name = 'NetworkError';
  /** Request method. */
  readonly method: string;
  /** Request URL with secrets masked. */
  readonly url: string;
  /** The system error code, if known. */
  readonly code: string | undefined;
  /** The proxy, when the failure was on the way to it. */
  readonly proxy: string | undefined;

  constructor(message: string, init: NetworkErrorInit) {
    super(message, init);
    this.method = init.method.toUpperCase();
    this.url = redactUrl(init.url);
    this.code = init.code;
    this.proxy = init.proxy;
  }
}

/** The TLS handshake failed: untrusted or self-signed certificate, wrong host name, expired. */
export class TlsError extends NetworkError {
  override name = 'TlsError';
}

/** No answer within the timeout. */
export class TimeoutError extends NetworkError {
  override name = 'TimeoutError';
}

/** True for a transport failure (including TLS errors and timeouts). */
export function isNetworkError(error: unknown): error is NetworkError {
  return isErrorOf(error, NetworkError, ERROR_NAMES.network);
}
