import type { Caller } from './authenticate.js';
import type { Simulator } from './simulator.js';

/** What a route handler gets: the request, its body text, path parameters, the caller, the simulator. */
export interface RouteContext {
  readonly request: Request;
  /** The URL as received (the context path included). */
  readonly url: URL;
  /** The path below the context path, e.g. /rest/api/2/myself. */
  readonly path: string;
  /** The base URL: origin plus context path. */
  readonly baseUrl: string;
  /** The body as text ('' when there is none). */
  readonly body: string;
  /** Values of :name segments. */
  readonly params: Readonly<Record<string, string>>;
  /** Who is calling (resolved once per request for /rest; anonymous elsewhere). */
  readonly caller: Caller;
  readonly sim: Simulator;
}

/** A handler answers a request, or returns undefined to pass it to the next matching route. */
export type Handler = (ctx: RouteContext) => Response | undefined | Promise<Response | undefined>;

/** One "METHOD /path/:param" entry; METHOD may be `*`, and a path may end in `/*`. */
export interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly handler: Handler;
}

/**
 * Builds a route from `"GET /rest/api/2/issue/:key"` (the path below the context path).
 * @example
 * sim.use(route('GET /rest/api/2/myself', () => new Response(null, { status: 503, headers: { 'retry-after': '1' } })));
 */
export function route(spec: string, handler: Handler): Route {
  const [method = '*', path = '/'] = spec.trim().split(/\s+/, 2);
  const names: string[] = [];
  const source = path
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*';
      if (segment.startsWith(':')) {
        names.push(segment.slice(1));
        return '([^/]+)';
      }
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return { method: method.toUpperCase(), pattern: new RegExp(`^${source}/?$`), names, handler };
}

/** Finds the first route that matches and answers; overrides come first (msw's use()). */
export async function dispatch(routes: readonly Route[], ctx: Omit<RouteContext, 'params'>): Promise<Response | undefined> {
  for (const r of routes) {
    // Jersey answers HEAD for every GET resource (the GET's status and headers, no body).
    const method = ctx.request.method === 'HEAD' && r.method === 'GET' ? 'GET' : ctx.request.method;
    if (r.method !== '*' && r.method !== method) continue;
    const match = r.pattern.exec(ctx.path);
    if (!match) continue;
    const params: Record<string, string> = {};
    r.names.forEach((name, i) => {
      try {
        params[name] = decodeURIComponent(match[i + 1] ?? '');
      } catch {
        params[name] = match[i + 1] ?? '';
      }
    });
    const response = await r.handler({ ...ctx, params });
    if (response) return response;
  }
  return undefined;
}
