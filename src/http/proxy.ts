/**
 * Which proxy a request goes through, from the environment as curl and Python's requests read
 * it: HTTPS_PROXY for https targets, HTTP_PROXY for http ones, ALL_PROXY for both, NO_PROXY to
 * exempt hosts; upper or lower case; a proxy given without a scheme is http://.
 */
import { ConfigError } from '../errors/jira-kit-error.js';

/** Environment variables, as process.env. */
export type ProxyEnv = Readonly<Record<string, string | undefined>>;

/** A proxy to send a request through. */
export interface Proxy {
  /** The proxy's URL without user-info, for messages. */
  readonly url: URL;
  /** The variable that named it (HTTPS_PROXY, http_proxy, …), for messages. */
  readonly variable: string;
  /** `Basic …` for a proxy URL with `user:password@`, else undefined. */
  readonly authorization: string | undefined;
}

/** A URL's host name as sockets take it: an IPv6 address without its brackets. */
export function bareHost(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1');
}

/**
 * A NO_PROXY entry's host part and port: `host`, `host:8080`, `[::1]:8080`, `[fd00::]/8`, a bare
 * IPv6 address or block.
 */
function splitEntry(entry: string): { host: string; port: string | undefined } {
  // A bare IPv6 address (`::1`, `fd00::/8`) has colons but no port.
  if (entry.split(':').length > 2 && !entry.startsWith('[')) return { host: entry, port: undefined };
  const m = /^(?:\[([^\]]+)\](\/\d+)?|([^:]+))(?::(\d+))?$/.exec(entry);
  return m ? { host: m[1] !== undefined ? `${m[1]}${m[2] ?? ''}` : (m[3] ?? ''), port: m[4] } : { host: entry, port: undefined };
}

/**
 * Whether an address is the entry's address or lies in its block (`10.0.0.0/8`, `fd00::/8`), as
 * curl reads IP entries (https://curl.se/libcurl/c/CURLOPT_NOPROXY.html): compared as addresses,
 * so `0:0::1` is `::1`. An entry of the other family, or with a prefix that is not 0 to 32 (128),
 * matches nothing.
 */
function inAddressEntry(address: string, family: 4 | 6, entry: string): boolean {
  const slash = entry.indexOf('/');
  const network = slash < 0 ? entry : entry.slice(0, slash);
  const net = process.getBuiltinModule('node:net');
  if (net.isIP(network) !== family) return false;
  const max = family === 4 ? 32 : 128;
  const bits = slash < 0 ? max : /^\d{1,3}$/.test(entry.slice(slash + 1)) ? Number(entry.slice(slash + 1)) : -1;
  if (bits < 0 || bits > max) return false;
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const block = new net.BlockList();
  block.addSubnet(network, bits, type);
  return block.check(address, type);
}

/**
 * Whether NO_PROXY exempts this host: a comma list of hosts, `.domain` suffixes, `*`, IP
 * addresses and CIDR blocks, optional ports.
 */
export function bypassesProxy(target: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  // A trailing dot (a fully qualified name) names the same host.
  const hostname = bareHost(target).toLowerCase().replace(/\.$/, '');
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  // URL writes every IPv4 form (`0x7f.1`) as a dotted quad, and only an IPv6 address holds a colon.
  const family = hostname.includes(':') ? 6 : /^\d+\.\d+\.\d+\.\d+$/.test(hostname) ? 4 : 0;
  return noProxy.split(/[\s,]+/).map((s) => s.trim().toLowerCase()).filter(Boolean).some((entry) => {
    if (entry === '*') return true;
    const { host, port: entryPort } = splitEntry(entry);
    if (entryPort !== undefined && entryPort !== port) return false;
    // An address matches as an address or a block, never as a name's suffix (`0.0.1`).
    if (family !== 0) return inAddressEntry(hostname, family, host);
    const bare = host.replace(/^\*?\./, '').replace(/\.$/, '');
    return hostname === bare || hostname.endsWith(`.${bare}`);
  });
}

/** A variable's value and name: the lower-case name first, as curl, wget and Python's requests read them. */
function variable(env: ProxyEnv, name: string): [string, string] | undefined {
  // Under CGI, HTTP_PROXY is the client's `Proxy:` header (httpoxy): only the lower-case name counts there.
  const names = name === 'HTTP_PROXY' && env['REQUEST_METHOD'] ? [name.toLowerCase()] : [name.toLowerCase(), name];
  for (const n of names) {
    const value = env[n]?.trim();
    if (value) return [n, value];
  }
  return undefined;
}

/** Parses a proxy setting; `proxy:3128` means http://proxy:3128, as curl reads it. */
export function parseProxy(value: string, name: string): Proxy {
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
  } catch {
    throw new ConfigError(`${name} is not a proxy URL`, { hint: `Set ${name} to http://HOST:PORT (user:password@ allowed)` });
  }
  // `http://bob:12/etPASSWORD@proxy:3128` parses as host bob with the password in the path.
  if (`${url.pathname}${url.search}${url.hash}`.includes('@') || url.pathname.length > 1) {
    throw new ConfigError(`${name} is not a proxy URL of the form http://[user:password@]HOST:PORT`, {
      hint: `Percent-encode special characters of the password in ${name} (%40 for @, %2F for /, %3A for :)`,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(`${name} names a ${url.protocol.replace(':', '')} proxy; jirakit speaks to http and https proxies only`, {
      hint: `Set ${name} to http://HOST:PORT`,
    });
  }
  let user: string;
  let password: string;
  try {
    user = decodeURIComponent(url.username);
    password = decodeURIComponent(url.password);
  } catch {
    // A literal '%' in the password (`50%off`): the value cannot be decoded.
    throw new ConfigError(`${name} holds a '%' that is not percent-encoding in its user or password`, { hint: `Write '%' as %25 in ${name}` });
  }
  const authorization = user || password ? `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}` : undefined;
  url.username = '';
  url.password = '';
  return { url, variable: name, authorization };
}

/** The proxy for a target URL, if the environment names one and NO_PROXY does not exempt it. */
export function proxyFor(target: URL, env: ProxyEnv): Proxy | undefined {
  const noProxy = variable(env, 'NO_PROXY');
  if (bypassesProxy(target, noProxy?.[1])) return undefined;
  const found = variable(env, target.protocol === 'https:' ? 'HTTPS_PROXY' : 'HTTP_PROXY') ?? variable(env, 'ALL_PROXY');
  return found ? parseProxy(found[1], found[0]) : undefined;
}
