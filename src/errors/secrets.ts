/**
 * The session's own secrets, masked wherever they appear in text jirakit prints, logs, or puts
 * on an error: a server, proxy or debug page that echoes the request's headers back (in an error
 * body, a signature base string, an HTML page) would otherwise get them printed. jirakit knows
 * which values are secret, so it looks for each in every encoding it may take on the way back.
 */
import { REDACTED } from './redact.js';

/** Shorter values are not masked: a 1-3 character "secret" would blank ordinary words. */
const MIN_LENGTH = 4;

/** RFC 3986 percent-encoding (OAuth's, jira-wire.md 2.5): everything but unreserved characters. */
function percent(value: string): string {
  return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The secret in Base64, alone and inside a longer encoded text (`Bearer <PAT>` or a header dump
 * encoded whole): at each of the three byte alignments, the groups of four characters that only
 * the secret's bytes determine, whatever comes before or after it.
 */
function base64(value: string): string[] {
  const bytes = Buffer.from(value, 'utf8');
  const standard = bytes.toString('base64');
  const out = [standard, standard.replace(/=+$/, ''), bytes.toString('base64url')];
  for (let offset = 0; offset < 3; offset++) {
    const first = Math.ceil(offset / 3);
    const last = Math.floor((offset + bytes.length) / 3);
    // Shorter runs match ordinary text by chance.
    if (last - first < 3) continue;
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64').slice(first * 4, last * 4);
    out.push(encoded, encoded.replace(/\+/g, '-').replace(/\//g, '_'));
  }
  return out;
}

/** Every form a secret may take in text that comes back: as sent, URL- and form-encoded (once and twice), Base64, JSON- and HTML-escaped. */
export function secretVariants(secret: string): string[] {
  const once = [secret, encodeURIComponent(secret), percent(secret), encodeURIComponent(secret).replace(/%20/g, '+')];
  const twice = once.flatMap((v) => [encodeURIComponent(v), percent(v)]);
  const json = JSON.stringify(secret).slice(1, -1);
  const html = secret.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  return [...new Set([...once, ...twice, ...base64(secret), json, html])].filter((v) => v.length >= MIN_LENGTH);
}

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** One hex digit of a percent escape, in either case. */
const hexDigit = (c: string): string => (/[A-Fa-f]/.test(c) ? `[${c.toUpperCase()}${c.toLowerCase()}]` : c);

/**
 * A variant as a pattern: in whatever looks like a percent escape, each hex digit matches in
 * either case (RFC 3986 2.1: %2f is %2F), which keeps matching the text as written too (a raw
 * secret may hold `%Aa`).
 */
function pattern(variant: string): string {
  return variant.split(/(%[0-9A-Fa-f]{2})/).map((part) => (/^%[0-9A-Fa-f]{2}$/.test(part) ? `%${hexDigit(part[1] ?? '')}${hexDigit(part[2] ?? '')}` : escapeRegExp(part))).join('');
}

/**
 * A set of secret values and the one function that masks them (and their encodings) in text.
 * @example
 * const secrets = new SecretMasker().add(pat, password);
 * console.error(secrets.mask(error.message));
 */
export class SecretMasker {
  readonly #secrets = new Set<string>();
  #regex: RegExp | undefined;

  /** Adds values to mask (empty and very short ones are ignored); returns the masker. */
  add(...values: readonly (string | undefined | null)[]): this {
    for (const value of values) {
      if (typeof value !== 'string' || value.length < MIN_LENGTH || this.#secrets.has(value)) continue;
      this.#secrets.add(value);
      this.#regex = undefined;
    }
    return this;
  }

  /** Stops masking values (a renewed token's predecessor, long dead); returns the masker. */
  delete(...values: readonly string[]): this {
    for (const value of values) if (this.#secrets.delete(value)) this.#regex = undefined;
    return this;
  }

  /** Adds Basic credentials: each part, and `user:password` as Basic sends it (Base64 too). */
  addBasic(user: string, password: string | undefined): this {
    if (password === undefined) return this;
    return this.add(password, `${user}:${password}`);
  }

  /** How many secrets it holds. */
  get size(): number {
    return this.#secrets.size;
  }

  /** The text with every occurrence of every secret, in any of its encodings, replaced by [REDACTED]. */
  mask(text: string): string {
    if (this.#secrets.size === 0 || text === '') return text;
    if (!this.#regex) {
      // Longest first, so a secret inside another (a password inside `user:password`) never leaves part of the longer one.
      const variants = [...new Set([...this.#secrets].flatMap(secretVariants))].sort((a, b) => b.length - a.length);
      this.#regex = new RegExp(variants.map(pattern).join('|'), 'g');
    }
    return text.replace(this.#regex, REDACTED);
  }
}

/**
 * Text from a server made safe for a terminal or a monitoring system: control characters (ESC
 * and CSI sequences that set window titles, write the clipboard with OSC 52, clear the screen;
 * NUL, BEL, DEL, C1 controls) are dropped, newlines and tabs kept.
 */
export function cleanServerText(text: string): string {
  return text
    // Whole escape sequences first (OSC ... BEL/ST, CSI ... final byte), then any control left.
    .replace(/\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g, '')
    .replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '')
    // Bidirectional overrides reorder what a terminal shows (the "Trojan Source" trick).
    .replace(/[\u202a-\u202e\u2066-\u2069]/g, '');
}
