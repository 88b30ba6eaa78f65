import { ERROR_NAMES, isErrorOf, safeText } from './jira-kit-error.js';
import { HttpError, type HttpErrorInit } from './http-error.js';
import { redactOAuthValues } from './redact.js';

/** What the OAuth problem error carries beyond an HTTP error. */
export interface OAuthProblemInit extends HttpErrorInit {
  /** The `oauth_problem` code, e.g. `signature_invalid`. */
  readonly problem: string;
  /** Every other `oauth_*` parameter of the problem (acceptable timestamps, base string…). */
  readonly parameters: Readonly<Record<string, string>>;
  /** Seconds this machine's clock is ahead (+) or behind (−) the server's Date header. */
  readonly clockSkewSeconds?: number | undefined;
  /** The base string jirakit signed, so it can be diffed against Jira's. */
  readonly localBaseString?: string | undefined;
  /** The consumer key in use, named in advice. */
  readonly consumerKey?: string | undefined;
}

/**
 * Jira's OAuth provider refused the request with an `oauth_problem` (jira-wire.md 2.7, 2.8).
 * The message names the problem in words; `hint` says what to do about it.
 */
export class OAuthProblemError extends HttpError {
  override name = 'OAuthProblemError';
  /** The `oauth_problem` code. */
  readonly problem: string;
  /** The other oauth_* parameters Jira sent with it. */
  readonly parameters: Readonly<Record<string, string>>;
  /** Jira's own signature base string (signature_invalid only). */
  readonly serverBaseString: string | undefined;
  /** The base string jirakit signed (signature_invalid only). */
  readonly localBaseString: string | undefined;
  /** Clock skew from the server's Date header, in seconds (timestamp_refused only). */
  readonly clockSkewSeconds: number | undefined;

  constructor(init: OAuthProblemInit) {
    const { message, hint } = describeProblem(init);
    // Base strings carry the token: mask it here, so whatever logs this error is safe.
    const parameters = Object.fromEntries(Object.entries(init.parameters).map(([k, v]) => [k, safeText(redactOAuthValues(v), init.mask)]));
    super(message, { ...init, hint, body: init.body === undefined ? undefined : redactOAuthValues(init.body) });
    this.problem = safeText(init.problem, init.mask);
    this.parameters = parameters;
    this.serverBaseString = parameters['oauth_signature_base_string'];
    this.localBaseString = init.localBaseString === undefined ? undefined : safeText(redactOAuthValues(init.localBaseString), init.mask);
    this.clockSkewSeconds = init.clockSkewSeconds;
  }
}

/** True for an OAuth problem answer. */
export function isOAuthProblemError(error: unknown): error is OAuthProblemError {
  return isErrorOf(error, OAuthProblemError, ERROR_NAMES.oauthProblem);
}

type Description = { message: string; hint: string };

/** Each problem in words, and what to do about it (jira-wire.md 2.7). */
const PROBLEMS: Readonly<Record<string, (init: OAuthProblemInit, p: Readonly<Record<string, string>>) => Description>> = {
  consumer_key_unknown: (init) => ({
    message: `Jira has no application link with ${init.consumerKey === undefined ? 'this consumer key' : `consumer key '${init.consumerKey}'`}`,
    hint: 'Create the incoming link first: `jirakit applink` prints the values to paste into Jira',
  }),
  signature_invalid: () => ({
    message: 'Jira could not verify the request signature (signature_invalid)',
    hint:
      'Check that the application link holds the public key of --key-cert, and that --server is the URL Jira itself uses ' +
      '(scheme, host, port and context path; a proxy in between changes it). Compare the two base strings with --verbose',
  }),
  timestamp_refused: (init, p) => {
    const skew = init.clockSkewSeconds;
    const measured = skew === undefined ? '' : ` (this machine is ${Math.abs(Math.round(skew))} s ${skew > 0 ? 'ahead of' : 'behind'} Jira)`;
    return {
      message: `Jira refused the request timestamp${measured}; it accepts ${p['oauth_acceptable_timestamps'] ?? 'only ±300 s'}`,
      hint: "Set this machine's clock right (enable NTP), then try again",
    };
  },
  nonce_used: () => ({ message: 'Jira has seen this request nonce before (nonce_used)', hint: 'Try again; every attempt gets a fresh nonce' }),
  signature_method_rejected: () => ({
    message: 'Jira rejected the signature method; Jira accepts only RSA-SHA1',
    hint: 'Sign with RSA-SHA1 and the private key whose public half is in the application link',
  }),
  token_rejected: () => ({
    message: 'Jira does not accept this OAuth token (token_rejected)',
    hint: 'It may have been revoked, already exchanged, or issued to another consumer: run `jirakit dance` again',
  }),
  token_expired: () => ({ message: 'The OAuth token has expired (token_expired)', hint: 'Request tokens last 10 minutes: run `jirakit dance` again and approve sooner' }),
  permission_unknown: () => ({
    message: 'The request token has not been approved yet (permission_unknown)',
    hint: 'Open the authorize URL, log in and click Allow before answering the prompt',
  }),
  permission_denied: () => ({
    message: 'Access was denied (permission_denied)',
    hint: 'Click Allow, not Deny, on the authorize page; if you did, check that the application link allows this kind of OAuth',
  }),
  parameter_absent: (_init, p) => {
    const absent = p['oauth_parameters_absent'] ?? 'an OAuth parameter';
    return absent.includes('oauth_verifier')
      ? { message: 'Jira wants the verification code for this OAuth 1.0a token (parameter_absent: oauth_verifier)', hint: 'Use `--callback oob` and type the code Jira shows after you click Allow' }
      : { message: `Jira found ${absent} missing from the request (parameter_absent)`, hint: 'This is a bug in the client; report it with --verbose output' };
  },
  parameter_rejected: (_init, p) => ({
    message: `Jira rejected ${p['oauth_parameters_rejected'] ?? 'a parameter'} (parameter_rejected)`,
    hint: p['oauth_problem_advice'] ?? 'A callback must be an absolute http(s) URL or "oob"',
  }),
  version_rejected: (_init, p) => ({ message: 'Jira rejected the OAuth version (version_rejected)', hint: `Jira accepts ${p['oauth_acceptable_versions'] ?? '1.0'}` }),
};

function describeProblem(init: OAuthProblemInit): Description {
  const describe = Object.hasOwn(PROBLEMS, init.problem) ? PROBLEMS[init.problem] : undefined;
  return describe
    ? describe(init, init.parameters)
    : { message: `Jira refused the OAuth request (${init.problem})`, hint: init.parameters['oauth_problem_advice'] ?? 'Run with --verbose to see the full answer' };
}
