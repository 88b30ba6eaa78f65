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

/** Why the client asks a strategy to renew: Jira ignored the credentials an attempt carried. */
export interface RenewRequest {
  /** The Authorization header the ignored attempt carried (a strategy tells a stale one from its current one). */
  readonly authorization: string;
  /** `anonymous`: Jira served the request as anonymous (X-AUSERNAME); `unauthorized`: it answered 401. */
  readonly reason: 'anonymous' | 'unauthorized';
}

/**
 * An authentication strategy: one object that signs a request. The client calls `sign` once per
 * attempt and never asks what kind of strategy it holds; `kind` is only for display.
 */
export interface Auth {
  /** A short label for banners and logs, e.g. "oauth1", "basic", "pat", "oauth2", "anonymous". */
  readonly kind: string;
  /** The Authorization header value for this request, or undefined to send none. */
  sign(request: SignableRequest): Promise<string | undefined>;
  /**
   * Optional: renews the credentials after Jira ignored them (an OAuth 2.0 token that expired or
   * was rotated by another process). True when the next `sign` sends different credentials, so
   * the client may re-send an idempotent request; it asks at most once per request.
   */
  renew?(request: RenewRequest): Promise<boolean>;
}

/** Told what a strategy's secrets became: values learnt (a renewed token) and old ones let go. */
export type SecretsWatcher = (added: readonly string[], dropped: readonly string[]) => void;

interface SecretRecord {
  /** The values the strategy was made with, kept for its life. */
  readonly initial: string[];
  /** Values learnt later, newest last, at most RENEWED_KEPT. */
  readonly renewed: string[];
  readonly watchers: Set<SecretsWatcher>;
}

/**
 * Renewed values kept: the current pair and the one before (an error about a request signed just
 * before a renewal still gets masked). Older ones are dead (Jira rotates on refresh) and a
 * long-running exporter renews every hour, so keeping them all would grow the masks forever.
 */
const RENEWED_KEPT = 4;

const SECRETS = new WeakMap<Auth, SecretRecord>();

const clean = (values: readonly (string | undefined)[]): string[] => values.filter((s): s is string => typeof s === 'string' && s !== '');

function recordOf(auth: Auth): SecretRecord {
  let record = SECRETS.get(auth);
  if (!record) SECRETS.set(auth, (record = { initial: [], renewed: [], watchers: new Set() }));
  return record;
}

/** Records the secret values a strategy sends (for masking them wherever they come back); returns the strategy. */
export function withSecrets<T extends Auth>(auth: T, secrets: readonly (string | undefined)[]): T {
  recordOf(auth).initial.splice(0, Infinity, ...clean(secrets));
  return auth;
}

/** Adds secret values a strategy learnt after it was made (a renewed token), lets the oldest learnt ones go, and tells every watcher. */
export function addSecrets(auth: Auth, secrets: readonly (string | undefined)[]): void {
  const record = recordOf(auth);
  const added = clean(secrets).filter((s) => !record.initial.includes(s) && !record.renewed.includes(s));
  if (added.length === 0) return;
  record.renewed.push(...added);
  const dropped = record.renewed.splice(0, Math.max(0, record.renewed.length - RENEWED_KEPT));
  for (const watcher of record.watchers) watcher(added, dropped);
}

/** Calls `watcher` with the secret values a strategy learns, and lets go, from now on (a client or a CLI keeps masking what is current). */
export function watchSecrets(auth: Auth, watcher: SecretsWatcher): void {
  recordOf(auth).watchers.add(watcher);
}

/** The secret values a strategy sends: a client masks them in every error it builds. */
export function secretsOf(auth: Auth): readonly string[] {
  const record = SECRETS.get(auth);
  return record ? [...record.initial, ...record.renewed] : [];
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
  oauth2: 'OAuth 2.0 access token',
};

/** What a strategy sends, in words for messages: "the personal access token", "the OAuth credentials". */
export function credentialsOf(kind: string): { readonly words: string; readonly plural: boolean } {
  const words = CREDENTIALS[kind] ?? `${kind} credentials`;
  return { words: `the ${words}`, plural: kind !== 'pat' && kind !== 'oauth2' };
}
