/**
 * Maps a failed exchange to the error that says what happened, by its cause: a network error
 * code (NetworkError, TlsError), Node's HTTP parser refusing the answer (ProtocolError), or a
 * proxy's part in it (named, with the variable that set it). A failure with no such cause is
 * a bug, not a network problem, and is passed on untouched.
 */
import { JiraKitError } from '../errors/jira-kit-error.js';
import { NetworkError, TlsError } from '../errors/network-error.js';
import { ProtocolError } from '../errors/transport-errors.js';
import { PROXY_FAILURE, type ProxyMark } from './agents.js';

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);

/** System error codes that mean the network failed (connect, resolve, reset, route). */
const NETWORK_CODES = new Set([
  'ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED',
  'EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN', 'EADDRNOTAVAIL', 'EPROTO',
  // undici's, for a fetch a user injected (Node's own fetch).
  'UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'UND_ERR_CONNECT_TIMEOUT',
]);

interface Cause {
  readonly code?: unknown;
  readonly message?: unknown;
  readonly reason?: unknown;
  readonly cause?: unknown;
  readonly errors?: unknown[];
  readonly [PROXY_FAILURE]?: ProxyMark;
}

/** The most specific error code in a cause chain (fetch wraps socket errors; AggregateError for several addresses). */
function codeOf(error: unknown): { code: string | undefined; message: string } {
  let current = error as Cause | undefined;
  let code: string | undefined;
  let message = '';
  for (let depth = 0; depth < 5 && current; depth++) {
    // undici's UND_ERR_SOCKET is generic: a system code further down says more.
    if (typeof current.code === 'string' && (code === undefined || code === 'UND_ERR_SOCKET')) code = current.code;
    if (typeof current.message === 'string' && current.message) message = current.message;
    current = (current.cause ?? current.errors?.[0]) as Cause | undefined;
  }
  return { code, message };
}

/** Where the failure happened, for messages. */
export interface FailedExchange {
  readonly method: string;
  readonly url: URL;
}

function tlsFailure(code: string, exchange: FailedExchange, cause: unknown): TlsError {
  const { url } = exchange;
  const wrongProtocol = code === 'ERR_SSL_WRONG_VERSION_NUMBER';
  const what =
    code === 'CERT_HAS_EXPIRED' ? 'its certificate has expired'
    : code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? 'its certificate is for another host name'
    : wrongProtocol ? 'it does not speak TLS on that port'
    : 'its certificate is not trusted here';
  return new TlsError(`Could not make a secure connection to ${url.host}: ${what} (${code})`, {
    method: exchange.method,
    url,
    code,
    cause,
    hint: wrongProtocol ? 'Use http:// for a plain-HTTP server, or the port where Jira serves HTTPS' : 'Trust the company CA with --ca-file /path/ca.pem, or check --server',
  });
}

function networkFailure(code: string, exchange: FailedExchange, proxy: ProxyMark | undefined, cause: unknown): NetworkError {
  const init = { method: exchange.method, url: exchange.url, code, cause, proxy: proxy?.url.href };
  // A failure on the way to the proxy is the proxy's, and the user needs to know which setting named it.
  const peer = proxy ? `the proxy ${proxy.url.host} (from ${proxy.variable})` : exchange.url.host;
  const host = proxy ? proxy.url.hostname : exchange.url.hostname;
  const fix = proxy ? `Check ${proxy.variable} (or exempt the server with NO_PROXY)` : 'Check --server and that Jira is running';
  switch (code) {
    case 'ECONNREFUSED':
      return new NetworkError(`Could not connect to ${peer}: connection refused`, { ...init, hint: fix });
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_FAIL':
      return new NetworkError(`Could not resolve the host name ${host}${proxy ? ` of the proxy (from ${proxy.variable})` : ''}`, { ...init, hint: proxy ? fix : 'Check the host in --server, and DNS' });
    case 'ECONNRESET':
    case 'EPIPE':
    case 'ECONNABORTED':
    case 'UND_ERR_SOCKET':
    case 'UND_ERR_CLOSED':
      return new NetworkError(`The connection to ${peer} was closed before the answer was complete`, { ...init, hint: 'Try again; a proxy or load balancer may be dropping connections' });
    default:
      return new NetworkError(`Could not reach ${peer} (${code})`, { ...init, hint: proxy ? fix : 'Check --server and the network' });
  }
}

/**
 * The jirakit error for a failed exchange, or the original error when the failure is not the
 * network's, the server's framing, or TLS (a bug is reported as one).
 */
export function transportError(error: unknown, exchange: FailedExchange): unknown {
  if (error instanceof JiraKitError) return error;
  const { code, message } = codeOf(error);
  if (code === undefined) return error;
  if (code.startsWith('HPE_')) {
    const detail = code === 'HPE_HEADER_OVERFLOW' ? 'headers larger than Node allows (16 KiB)' : message.replace(/^Parse Error:\s*/i, '') || code;
    return new ProtocolError(`${exchange.url.host} answered ${exchange.method} ${exchange.url.pathname} with something that is not valid HTTP: ${detail}`, {
      method: exchange.method,
      url: exchange.url,
      code,
      cause: error,
      hint: 'Something other than Jira may be answering (check --server and any proxy); the connection was closed',
    });
  }
  // OpenSSL reports a plain-HTTP answer to a TLS hello as EPROTO "wrong version number".
  if (code === 'EPROTO' && /wrong version number|packet length too long|unknown protocol/i.test(message)) return tlsFailure('ERR_SSL_WRONG_VERSION_NUMBER', exchange, error);
  if (TLS_CODES.has(code)) return tlsFailure(code, exchange, error);
  if (!NETWORK_CODES.has(code)) return error;
  return networkFailure(code, exchange, (error as Cause | undefined)?.[PROXY_FAILURE], error);
}
