import { ERROR_NAMES, JiraKitError, isErrorOf, type ErrorOptions } from './jira-kit-error.js';
import { redactUrl } from './redact.js';

/** Where a failure of the exchange itself (not an HTTP status) happened. */
export interface ExchangeInit extends ErrorOptions {
  readonly method: string;
  readonly url: string | URL;
}

/** A failure of the exchange, with the request it belongs to (URL redacted). */
abstract class ExchangeError extends JiraKitError {
  /** Request method. */
  readonly method: string;
  /** Request URL with secrets masked. */
  readonly url: string;

  constructor(message: string, init: ExchangeInit) {
    super(message, init);
    this.method = init.method.toUpperCase();
    this.url = redactUrl(init.url);
  }
}

/** The server's answer is not valid HTTP/1.1 (Node's parser refused it): broken framing, bad headers. */
export class ProtocolError extends ExchangeError {
  override name = 'ProtocolError';
  /** llhttp's error code, e.g. HPE_UNEXPECTED_CONTENT_LENGTH, HPE_HEADER_OVERFLOW. */
  readonly code: string | undefined;

  constructor(message: string, init: ExchangeInit & { readonly code?: string | undefined }) {
    super(message, init);
    this.code = init.code;
  }
}

/** An answer larger than the response-size limit; the connection was closed before reading more. */
export class ResponseTooLargeError extends ExchangeError {
  override name = 'ResponseTooLargeError';
  /** The limit, in bytes. */
  readonly limit: number;

  constructor(message: string, init: ExchangeInit & { readonly limit: number }) {
    super(message, init);
    this.limit = init.limit;
  }
}

/** A proxy refused the request: 407 (credentials), or no tunnel to the server. */
export class ProxyError extends ExchangeError {
  override name = 'ProxyError';
  /** The proxy's status answer. */
  readonly status: number;
  /** The proxy, without user-info (e.g. http://proxy.example.com:3128/). */
  readonly proxy: string;

  constructor(message: string, init: ExchangeInit & { readonly status: number; readonly proxy: string }) {
    super(message, init);
    this.status = init.status;
    this.proxy = init.proxy;
  }
}

/** True for a failure of the exchange itself: invalid HTTP, an answer over the size limit, a proxy's refusal. */
export function isExchangeError(error: unknown): error is ProtocolError | ResponseTooLargeError | ProxyError {
  return isErrorOf(error, ExchangeError, ERROR_NAMES.exchange);
}
