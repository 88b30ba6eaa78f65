/**
 * UPM's private license resources, as the seed's check reads them (jira-wire.md 4.4): admin only,
 * WebSudo for cookie sessions, and 406 for `Accept: application/json` (the real trap).
 */
import { json } from './responses.js';
import { route } from './router.js';
import type { ApplicationSeed } from './seed.js';
import type { Route, RouteContext } from './types.js';

type Ctx = RouteContext;

/** The plugin-level error shape of atlassian-rest: {"message", "status-code"}. */
export function pluginError(status: number, message: string): Response {
  return json({ message, 'status-code': status }, status);
}

/** Whether an Accept header admits UPM's vendor media types. */
export function acceptsUpm(accept: string | null): boolean {
  if (accept === null || accept.trim() === '') return true;
  return accept.split(',').some((range) => {
    const type = (range.split(';')[0] ?? '').trim().toLowerCase();
    return type === '*/*' || type === 'application/*' || type.startsWith('application/vnd.atl.plugins');
  });
}

/** WebSudo applies to cookie sessions, and to PATs unless the session flag is set (jira-wire.md 5.1). */
export function webSudoRequired(ctx: Ctx): boolean {
  return ctx.caller.by === 'session' || (ctx.caller.by === 'pat' && !ctx.sim.options.patBypassesWebSudo);
}

function guard(ctx: Ctx): Response | ApplicationSeed {
  if (!ctx.caller.user) return pluginError(401, 'Client must be authenticated to access this resource.');
  if (webSudoRequired(ctx)) return pluginError(401, 'This resource requires WebSudo.');
  if (!ctx.caller.user.admin) return pluginError(401, 'Must have permission to access this resource.');
  if (ctx.sim.options.upmRejectsJson && !acceptsUpm(ctx.request.headers.get('accept'))) {
    return new Response('', { status: 406, headers: { 'content-type': 'text/html;charset=UTF-8' } });
  }
  const app = ctx.sim.state.applications.get(ctx.params['app'] ?? '');
  if (!app) return pluginError(404, `Application '${ctx.params['app'] ?? ''}' is not installed.`);
  return app;
}

const UPM_TYPE = 'application/vnd.atl.plugins.application+json';

function upm(body: unknown): Response {
  return new Response(JSON.stringify(body), { status: 200, headers: { 'content-type': UPM_TYPE } });
}

function installed(ctx: Ctx): Response {
  const app = guard(ctx);
  if (app instanceof Response) return app;
  const key = ctx.params['app'] ?? '';
  const self = `${ctx.baseUrl}/rest/plugins/applications/1.0/installed/${key}`;
  return upm({
    key,
    name: app.name,
    version: app.version,
    platform: app.platform === true,
    accessDetails: {
      activeUserCount: app.activeUsers,
      licensedUserCount: app.licensedUsers,
      unlimited: app.licensedUsers < 0,
    },
    links: { self, license: `${self}/license` },
  });
}

function dateString(ms: number): string {
  const d = new Date(ms);
  const month = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()];
  return `${String(d.getUTCDate()).padStart(2, '0')}/${month}/${String(d.getUTCFullYear()).slice(2)}`;
}

function license(ctx: Ctx): Response {
  const app = guard(ctx);
  if (app instanceof Response) return app;
  const expiry = app.expiryDate === undefined ? undefined : Date.parse(`${app.expiryDate}T00:00:00Z`);
  const maintenance = app.maintenanceExpiryDate === undefined ? undefined : Date.parse(`${app.maintenanceExpiryDate}T00:00:00Z`);
  const now = ctx.sim.now();
  return upm({
    valid: expiry === undefined || expiry > now,
    evaluation: app.evaluation === true,
    maximumNumberOfUsers: app.licensedUsers,
    licenseType: app.licenseType ?? 'Commercial',
    creationDateString: '01/Jan/26',
    ...(expiry === undefined ? {} : { expiryDate: expiry, expiryDateString: dateString(expiry) }),
    ...(maintenance === undefined ? {} : { maintenanceExpiryDate: maintenance, maintenanceExpiryDateString: dateString(maintenance) }),
    organizationName: 'Example Corp',
    dataCenter: true,
    subscription: false,
    rawLicense: 'AAAB-simulated-license',
    expired: expiry !== undefined && expiry <= now,
    maintenanceExpired: maintenance !== undefined && maintenance <= now,
    enterprise: false,
    active: true,
    autoRenewal: false,
    supportEntitlementNumber: 'SEN-L00000000',
  });
}

/** The UPM application and license resources. */
export const licenseRoutes: readonly Route[] = [
  route('GET /rest/plugins/applications/1.0/installed/:app', installed),
  route('GET /rest/plugins/applications/1.0/installed/:app/license', license),
];
