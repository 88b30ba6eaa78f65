/** What a route handler gets: the request, its body text, path parameters, and the simulator. */
export interface RouteContext<S> {
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
  readonly sim: S;
}

/** A handler answers a request, or returns undefined to pass it to the next matching route. */
export type Handler<S> = (ctx: RouteContext<S>) => Response | undefined | Promise<Response | undefined>;

/** One "METHOD /path/:param" entry; METHOD may be `*`, and a path may end in `/*`. */
export interface Route<S> {
  readonly method: string;
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly handler: Handler<S>;
}

/** Builds a route from `"GET /rest/api/2/issue/:key"`. */
export function route<S>(spec: string, handler: Handler<S>): Route<S> {
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
export async function dispatch<S>(routes: readonly Route<S>[], ctx: Omit<RouteContext<S>, 'params'>): Promise<Response | undefined> {
  for (const r of routes) {
    if (r.method !== '*' && r.method !== ctx.request.method) continue;
    const match = r.pattern.exec(ctx.path);
    if (!match) continue;
    const params: Record<string, string> = {};
    r.names.forEach((name, i) => {
      params[name] = decodeURIComponent(match[i + 1] ?? '');
    });
    const response = await r.handler({ ...ctx, params });
    if (response) return response;
  }
  return undefined;
}
