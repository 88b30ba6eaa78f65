import type { Handler, Route, RouteContext } from './types.js';

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
