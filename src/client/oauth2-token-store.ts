/**
 * Where OAuth 2.0 tokens live between uses. Jira rotates the pair on every refresh and the old
 * one dies at once (oauth2-provider.md 1.6), so whoever refreshes must do it exclusively and store
 * the new pair before using it: a store's `update` is that critical section. jirakit's profile
 * store does it across processes; scripts can keep tokens anywhere by implementing this.
 */
import type { OAuth2Tokens } from '../auth/oauth2.js';

/** A place that holds one OAuth 2.0 token pair. */
export interface OAuth2TokenStore {
  /**
   * Runs `change` exclusively (across processes, for a store they share) with the pair stored
   * now, and stores what it returns before resolving (undefined keeps what is stored). Resolves
   * to the pair stored afterwards.
   */
  update(change: (stored: OAuth2Tokens | undefined) => Promise<OAuth2Tokens | undefined>): Promise<OAuth2Tokens | undefined>;
}

/**
 * A store in this process's memory, serialised by a promise chain: for scripts that get their
 * tokens some other way, and for tests.
 * @example
 * const store = memoryTokenStore(tokens);
 * const auth = createOAuth2Auth({ tokens, refresh: createOAuth2Refresher({ server, clientId, clientSecret, store }) });
 */
export function memoryTokenStore(initial?: OAuth2Tokens): OAuth2TokenStore & { readonly tokens: OAuth2Tokens | undefined } {
  let tokens = initial;
  let queue: Promise<unknown> = Promise.resolve();
  return {
    get tokens() {
      return tokens;
    },
    update(change) {
      const next = queue.then(async () => {
        const changed = await change(tokens);
        if (changed !== undefined) tokens = changed;
        return tokens;
      });
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
