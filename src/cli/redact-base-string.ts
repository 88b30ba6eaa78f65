import { REDACTED } from '../errors/redact.js';

/**
 * Masks the token and verifier inside a signature base string, where they appear double-encoded
 * (`oauth_token%3DVALUE%26`), so base strings can be printed and diffed without leaking them.
 */
export function redactBaseString(baseString: string): string {
  return baseString.replace(/(oauth_(?:token|verifier|session_handle)%3D)(.*?)(%26|$)/g, `$1${REDACTED}$3`);
}
