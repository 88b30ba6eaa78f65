/** The parts of an outgoing request a strategy may sign: exactly what goes on the wire. */
export interface SignableRequest {
  /** Upper-case HTTP method. */
  readonly method: string;
  /** The URL as sent, query included; nothing may change it after signing. */
  readonly url: URL;
  /** Content-Type of the body, if any; OAuth signs form bodies, never JSON. */
  readonly contentType?: string | undefined;
  /** The body as sent, if it is text. */
  readonly body?: string | undefined;
}

/**
 * An authentication strategy: one object that signs a request. The client calls `sign` once per
 * attempt and never asks what kind of strategy it holds; `kind` is only for display.
 */
export interface Auth {
  /** A short label for banners and logs, e.g. "oauth1", "basic", "pat", "anonymous". */
  readonly kind: string;
  /** The Authorization header value for this request, or undefined to send none. */
  sign(request: SignableRequest): Promise<string | undefined>;
}

const SECRETS = new WeakMap<Auth, readonly string[]>();

/** Records the secret values a strategy sends (for masking them wherever they come back); returns the strategy. */
export function withSecrets<T extends Auth>(auth: T, secrets: readonly (string | undefined)[]): T {
  SECRETS.set(auth, secrets.filter((s): s is string => typeof s === 'string' && s !== ''));
  return auth;
}

/** The secret values a strategy sends: a client masks them in every error it builds. */
export function secretsOf(auth: Auth): readonly string[] {
  return SECRETS.get(auth) ?? [];
}

/** The strategy for requests without credentials. */
export const anonymousAuth: Auth = Object.freeze({
  kind: 'anonymous',
  sign: async () => undefined,
});

const CREDENTIALS: Readonly<Record<string, string>> = {
  oauth1: 'OAuth credentials',
  'oauth1-2lo': '2-legged OAuth credentials',
  basic: 'username and password',
  pat: 'personal access token',
  cloud: 'email and API token',
};

/** What a strategy sends, in words for messages: "the personal access token", "the OAuth credentials". */
export function credentialsOf(kind: string): { readonly words: string; readonly plural: boolean } {
  const words = CREDENTIALS[kind] ?? `${kind} credentials`;
  return { words: `the ${words}`, plural: kind !== 'pat' };
}
