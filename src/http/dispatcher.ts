/**
 * TLS and proxy settings for fetch: a custom CA file, no verification, HTTPS_PROXY/NO_PROXY.
 * Direct connections go through node:http(s) (see http-fetch.ts); undici 7.x is loaded only for
 * a proxy, which Node's own fetch cannot use.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError } from '../errors/jira-kit-error.js';
import { createHttpFetch } from './http-fetch.js';
import type { FetchLike } from './send.js';

/** What changes how connections are made. */
export interface ConnectionOptions {
  /** PEM file of CAs to trust in addition to Node's roots and NODE_EXTRA_CA_CERTS. */
  readonly caFile?: string | undefined;
  /** Skip certificate verification (the CLI warns). */
  readonly noVerify?: boolean | undefined;
  /** Environment, for HTTPS_PROXY, HTTP_PROXY and NO_PROXY (either case) and NODE_EXTRA_CA_CERTS. */
  readonly env?: Readonly<Record<string, string | undefined>> | undefined;
}

/** Whether NO_PROXY exempts this host (comma list of hosts, domain suffixes, `*`). */
export function bypassesProxy(host: string, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const hostname = host.replace(/:\d+$/, '').toLowerCase();
  return noProxy.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean).some((entry) => {
    if (entry === '*') return true;
    const bare = entry.replace(/:\d+$/, '').replace(/^\*?\./, '');
    return hostname === bare || hostname.endsWith(`.${bare}`);
  });
}

/** The proxy URL for a target, if the environment names one. */
export function proxyFor(target: URL, env: ConnectionOptions['env'] = {}): string | undefined {
  const get = (name: string): string | undefined => env?.[name] || env?.[name.toLowerCase()] || undefined;
  if (bypassesProxy(target.host, get('NO_PROXY'))) return undefined;
  return target.protocol === 'https:' ? get('HTTPS_PROXY') ?? get('ALL_PROXY') : get('HTTP_PROXY') ?? get('ALL_PROXY');
}

/**
 * A fetch for this server honouring the options: node:http(s) directly (fast to start and to
 * exit), or undici when a proxy is in play.
 */
export async function createFetch(server: URL, options: ConnectionOptions): Promise<FetchLike> {
  const proxy = proxyFor(server, options.env);
  let ca: string | undefined;
  if (options.caFile) {
    ca = await readFile(options.caFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new ConfigError(`Could not read the CA file ${options.caFile} (${error.code ?? 'error'})`, { hint: 'Give a PEM file of the CA certificates to trust' });
    });
    if (!ca.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError(`${options.caFile} holds no PEM certificate`, { hint: 'Give a PEM file of the CA certificates to trust' });
  }
  // A custom CA adds to the usual roots rather than replacing them. Giving `ca` replaces the
  // whole store, NODE_EXTRA_CA_CERTS included, so that file goes back in too (node reads it only
  // into its default store; https://nodejs.org/api/cli.html#node_extra_ca_certsfile).
  const roots = ca ? (await import('node:tls')).rootCertificates : [];
  const extraFile = options.env?.['NODE_EXTRA_CA_CERTS'];
  const extra = ca && extraFile ? await readFile(extraFile, 'utf8').catch(() => undefined) : undefined;
  const tls = { ...(ca ? { ca: [...roots, ...(extra ? [extra] : []), ca] } : {}), ...(options.noVerify ? { rejectUnauthorized: false } : {}) };
  if (!proxy) return createHttpFetch(tls);
  const undici = await import('undici');
  const dispatcher = new undici.ProxyAgent({ uri: proxy, requestTls: tls });
  return (input, init) => undici.fetch(input as string, { ...(init as object), dispatcher } as Parameters<typeof undici.fetch>[1]) as unknown as Promise<Response>;
}
