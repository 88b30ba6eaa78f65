import { ERROR_NAMES, JiraKitError, isErrorOf, safeText, type ErrorOptions } from './jira-kit-error.js';
import { redactUrl } from './redact.js';

/** What an HTTP error knows about the exchange; the URL is redacted when the error is built. */
export interface HttpErrorInit extends ErrorOptions {
  readonly status: number;
  readonly method: string;
  readonly url: string | URL;
  /** Jira's `errorMessages`, or a plugin error's `message`. */
  readonly errorMessages?: readonly string[] | undefined;
  /** Jira's field errors (`errors`). */
  readonly errors?: Readonly<Record<string, string>> | undefined;
  /** The start of the response body, for `--verbose`. */
  readonly body?: string | undefined;
}

/** Jira answered with a status the caller did not expect. */
export class HttpError extends JiraKitError {
  override name = 'HttpError';
  /** HTTP status code. */
  readonly status: number;
  /** Request method. */
  readonly method: string;
  /** Request URL with secrets masked. */
  readonly url: string;
  /** Jira's error messages, if the body had any. */
  readonly errorMessages: readonly string[];
  /** Jira's field errors, if the body had any. */
  readonly errors: Readonly<Record<string, string>>;
  /** The start of the response body (at most 2 KiB). */
  readonly body: string | undefined;

  constructor(message: string, init: HttpErrorInit) {
    super(message, init);
    this.status = init.status;
    this.method = init.method.toUpperCase();
    this.url = redactUrl(init.url);
    // Jira's words are the server's text: secrets it echoed are masked, escapes dropped.
    this.errorMessages = (init.errorMessages ?? []).map((m) => safeText(m, init.mask));
    this.errors = Object.fromEntries(Object.entries(init.errors ?? {}).map(([k, v]) => [safeText(k, init.mask), safeText(v, init.mask)]));
    this.body = init.body === undefined ? undefined : safeText(init.body, init.mask).slice(0, 2048);
  }
}

/** The server answered, but not in the shape the protocol calls for (HTML, empty, truncated). */
export class ResponseFormatError extends HttpError {
  override name = 'ResponseFormatError';
}

/** True for an HTTP error (any status, including OAuth problems). */
export function isHttpError(error: unknown): error is HttpError {
  return isErrorOf(error, HttpError, ERROR_NAMES.http);
}
