import type { FetchLike } from './fetch-like.js';
import { createHttpFetch } from './http-fetch.js';

let shared: FetchLike | undefined;

/**
 * The transport for clients and dance legs given no fetch: jirakit's own over node:http(s), with
 * proxies and NODE_EXTRA_CA_CERTS from process.env, made on first use and shared.
 */
export function defaultFetch(): FetchLike {
  shared ??= createHttpFetch();
  return shared;
}
