/**
 * How Jira reads and validates an OAuth 1.0a message: parameters from the header, the query and
 * a form body (net.oauth HttpRequestMessage), then AO OAuthValidatorImpl / SimpleOAuthValidator
 * checks in their order (jira-wire.md 2.6).
 */
import {
  parseForm,
  parseOAuthHeader,
  signatureBaseString,
  verifyRsaSha1,
  type Param,
} from '../auth/oauth1-signature.js';
import { isFormContentType } from '../auth/oauth1.js';
import type { NonceStore } from './nonce-store.js';
import { OAuthProblem } from './responses.js';
import type { Consumer } from './state.js';

/** An incoming request reduced to what OAuth looks at. */
export interface OAuthMessage {
  readonly method: string;
  /** The URL as received: scheme, Host header, context path, raw query. */
  readonly url: URL;
  /** Every parameter (header, query, form), in order. */
  readonly params: readonly Param[];
  /** The oauth_* parameters only, from any of the three places. */
  readonly oauth: ReadonlyMap<string, string>;
  /** Form body parameters (they are part of the signature). */
  readonly formParams: readonly Param[];
  /** Header parameters, for the base string (all but realm and oauth_signature). */
  readonly headerParams: readonly Param[];
}

/** Reads the OAuth parameters of a request; the body must already be read as text. */
export function readOAuthMessage(request: Request, url: URL, body: string): OAuthMessage {
  const headerParams = (parseOAuthHeader(request.headers.get('authorization') ?? '') ?? []).filter(([n]) => n !== 'realm');
  const formParams = isFormContentType(request.headers.get('content-type') ?? undefined) ? parseForm(body) : [];
  const params = [...headerParams, ...parseForm(url.search), ...formParams];
  const oauth = new Map<string, string>();
  for (const [name, value] of params) if (name.startsWith('oauth_') && !oauth.has(name)) oauth.set(name, value);
  return { method: request.method, url, params, oauth, formParams, headerParams };
}

/** The six parameters whose presence makes a request an OAuth attempt (AO OAuthRequestUtils). */
export const OAUTH_ATTEMPT_PARAMS = [
  'oauth_consumer_key',
  'oauth_token',
  'oauth_signature_method',
  'oauth_signature',
  'oauth_timestamp',
  'oauth_nonce',
] as const;

const SINGLE_VALUED = new Set([
  'oauth_consumer_key',
  'oauth_token',
  'oauth_token_secret',
  'oauth_callback',
  'oauth_signature_method',
  'oauth_signature',
  'oauth_timestamp',
  'oauth_nonce',
  'oauth_version',
]);

/** Settings the validator needs. */
export interface ValidateContext {
  readonly nowMs: number;
  readonly nonces: NonceStore;
  /** Allowed timestamp skew, ms (net.oauth SimpleOAuthValidator: 300000). */
  readonly windowMs: number;
}

/** Throws the OAuthProblem Jira would answer, in Jira's order; returns when the message is good. */
export function validateMessage(message: OAuthMessage, consumer: Consumer, ctx: ValidateContext): void {
  const o = message.oauth;
  for (const name of ['oauth_signature_method', 'oauth_consumer_key']) {
    if (!o.has(name)) throw new OAuthProblem('parameter_absent', [['oauth_parameters_absent', name]]);
  }
  if (o.get('oauth_signature_method') !== 'RSA-SHA1') throw new OAuthProblem('signature_method_rejected');
  const counts = new Map<string, number>();
  for (const [name] of message.params) if (SINGLE_VALUED.has(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
  const repeated = [...counts].filter(([, n]) => n > 1).map(([name]) => name);
  if (repeated.length > 0) throw new OAuthProblem('parameter_rejected', [['oauth_parameters_rejected', repeated.join('&')]]);
  const version = o.get('oauth_version');
  if (version !== undefined && version !== '1.0') {
    throw new OAuthProblem('version_rejected', [['oauth_acceptable_versions', '1.0-1.0']]);
  }
  for (const name of ['oauth_timestamp', 'oauth_nonce']) {
    if (!o.has(name)) throw new OAuthProblem('parameter_absent', [['oauth_parameters_absent', name]]);
  }
  const min = Math.floor((ctx.nowMs - ctx.windowMs + 500) / 1000);
  const max = Math.floor((ctx.nowMs + ctx.windowMs + 500) / 1000);
  const timestamp = Number(o.get('oauth_timestamp'));
  if (!Number.isInteger(timestamp) || timestamp < min || timestamp > max) {
    throw new OAuthProblem('timestamp_refused', [['oauth_acceptable_timestamps', `${min}-${max}`]]);
  }
  if (!ctx.nonces.use(consumer.key, o.get('oauth_nonce') ?? '', ctx.nowMs)) throw new OAuthProblem('nonce_used');
  const signature = o.get('oauth_signature');
  if (signature === undefined) throw new OAuthProblem('parameter_absent', [['oauth_parameters_absent', 'oauth_signature']]);
  // The base string takes oauth_* parameters from wherever they came, minus the signature itself.
  const oauthParams = [...message.headerParams, ...message.formParams.filter(([n]) => n.startsWith('oauth_'))].filter(
    ([n]) => n !== 'oauth_signature',
  );
  // oauth_signature may also have come in the query (RFC 5849 3.5.3); it is never signed.
  const url = new URL(message.url);
  url.search = new URLSearchParams(parseForm(url.search).filter(([n]) => n !== 'oauth_signature').map(([n, v]) => [n, v] as [string, string])).toString();
  const baseString = signatureBaseString({
    method: message.method,
    url,
    oauthParams,
    formParams: message.formParams.filter(([n]) => !n.startsWith('oauth_')),
  });
  if (!verifyRsaSha1(baseString, signature, consumer.publicKey)) {
    throw new OAuthProblem('signature_invalid', [
      ['oauth_signature', signature],
      ['oauth_signature_base_string', baseString],
      ['oauth_signature_method', 'RSA-SHA1'],
    ]);
  }
}
