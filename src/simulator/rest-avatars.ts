/**
 * User and project avatars: the system set, a temporary upload (raw image bytes), its confirmation
 * with cropping, choosing one, deleting a custom one. Cropping is accepted and not applied.
 */
import { can, isAdmin, requireUser } from './access.js';
import { jiraError, json } from './responses.js';
import { api, findProject, noContent, noProject, objectBody } from './rest-util.js';
import type { Route, RouteContext } from './types.js';

type Ctx = RouteContext;
type Kind = 'user' | 'project';

const SYSTEM: Record<Kind, number[]> = {
  user: Array.from({ length: 22 }, (_, i) => 10100 + i),
  project: Array.from({ length: 18 }, (_, i) => 10300 + i),
};

function urls(ctx: Ctx, kind: Kind, id: string): Record<string, string> {
  const base = `${ctx.baseUrl}/secure/${kind === 'user' ? 'useravatar' : 'projectavatar'}?avatarId=${id}`;
  return { '16x16': `${base}&size=xsmall`, '24x24': `${base}&size=small`, '32x32': `${base}&size=medium`, '48x48': base };
}

/** The system avatars of a kind, marked as chosen for `owner` when it is. */
export function systemAvatars(ctx: Ctx, kind: Kind, owner: string | undefined): Record<string, unknown>[] {
  const chosen = owner === undefined ? undefined : ctx.sim.state.selectedAvatars.get(`${kind}:${owner}`) ?? String(SYSTEM[kind][0]);
  return SYSTEM[kind].map((n) => ({ id: String(n), isSystemAvatar: true, isSelected: String(n) === chosen, isDeletable: false, urls: urls(ctx, kind, String(n)) }));
}

function avatarList(ctx: Ctx, kind: Kind, owner: string): Response {
  const chosen = ctx.sim.state.selectedAvatars.get(`${kind}:${owner}`);
  const custom = [...ctx.sim.state.avatars].filter(([, a]) => a.type === kind && a.owner === owner && a.confirmed).map(([id]) => ({ id, owner, isSystemAvatar: false, isSelected: id === chosen, isDeletable: true, urls: urls(ctx, kind, id) }));
  return json({ system: systemAvatars(ctx, kind, owner), custom });
}

/** The avatar's owner from the request, after the permission check; an answer on refusal. */
function ownerOf(ctx: Ctx, kind: Kind): string | Response {
  const me = requireUser(ctx);
  if (me instanceof Response) return me;
  if (kind === 'user') {
    const name = ctx.url.searchParams.get('username') ?? me.name;
    if (!ctx.sim.state.users.has(name)) return jiraError(404, [`The user named '${name}' does not exist`]);
    return name === me.name || isAdmin(ctx) ? name : jiraError(403, ['You do not have permission to change the avatar of another user.']);
  }
  const ref = ctx.params['key'] ?? '';
  const p = findProject(ctx, ref);
  if (!p) return noProject(ref);
  return can(ctx, 'ADMINISTER_PROJECTS', p) || ctx.request.method === 'GET' ? p.id : jiraError(403, ['You cannot edit the configuration of this project.']);
}

function temporary(kind: Kind): (ctx: Ctx) => Response {
  return (ctx) => {
    const owner = ownerOf(ctx, kind);
    if (typeof owner !== 'string') return owner;
    const type = (ctx.request.headers.get('content-type') ?? '').split(';')[0]?.trim() ?? '';
    if (!type.startsWith('image/') || ctx.bodyBytes.length === 0) return jiraError(400, ['The avatar must be an image: send it as the body with its image content type.']);
    const id = ctx.sim.state.nextId('avatar', 10500);
    ctx.sim.state.avatars.set(id, { owner, type: kind, mimeType: type, content: ctx.bodyBytes, confirmed: false });
    return json({ cropperWidth: 120, cropperOffsetX: 0, cropperOffsetY: 0, url: `${ctx.baseUrl}/secure/temporaryavatar?cropped=false&avatarId=${id}`, needsCropping: true }, 201);
  };
}

function confirm(kind: Kind): (ctx: Ctx) => Response {
  return (ctx) => {
    const owner = ownerOf(ctx, kind);
    if (typeof owner !== 'string') return owner;
    const pending = [...ctx.sim.state.avatars].reverse().find(([, a]) => a.type === kind && a.owner === owner && !a.confirmed);
    if (!pending) return jiraError(400, ['No temporary avatar has been uploaded.']);
    pending[1].confirmed = true;
    return json({ id: pending[0], owner, isSystemAvatar: false, isSelected: false, isDeletable: true, urls: urls(ctx, kind, pending[0]) }, 201);
  };
}

function choose(kind: Kind): (ctx: Ctx) => Response {
  return (ctx) => {
    const owner = ownerOf(ctx, kind);
    if (typeof owner !== 'string') return owner;
    const id = String(objectBody(ctx)?.['id'] ?? '');
    const custom = ctx.sim.state.avatars.get(id);
    const known = SYSTEM[kind].includes(Number(id)) || (custom?.type === kind && custom.owner === owner && custom.confirmed);
    if (!known) return jiraError(404, [`Avatar with id '${id}' does not exist.`]);
    ctx.sim.state.selectedAvatars.set(`${kind}:${owner}`, id);
    return noContent();
  };
}

function remove(kind: Kind): (ctx: Ctx) => Response {
  return (ctx) => {
    const owner = ownerOf(ctx, kind);
    if (typeof owner !== 'string') return owner;
    const id = ctx.params['id'] ?? '';
    const a = ctx.sim.state.avatars.get(id);
    if (!a || a.type !== kind || a.owner !== owner) return jiraError(SYSTEM[kind].includes(Number(id)) ? 403 : 404, [`Avatar with id '${id}' cannot be deleted.`]);
    ctx.sim.state.avatars.delete(id);
    if (ctx.sim.state.selectedAvatars.get(`${kind}:${owner}`) === id) ctx.sim.state.selectedAvatars.delete(`${kind}:${owner}`);
    return noContent();
  };
}

/** The avatar routes. */
export const avatarRoutes: readonly Route[] = api(
  ['GET /user/avatars', (ctx) => {
    const owner = ownerOf(ctx, 'user');
    return typeof owner === 'string' ? avatarList(ctx, 'user', owner) : owner;
  }],
  ['POST /user/avatar/temporary', temporary('user')],
  ['POST /user/avatar', confirm('user')],
  ['PUT /user/avatar', choose('user')],
  ['DELETE /user/avatar/:id', remove('user')],
  ['GET /project/:key/avatars', (ctx) => {
    const owner = ownerOf(ctx, 'project');
    return typeof owner === 'string' ? avatarList(ctx, 'project', owner) : owner;
  }],
  ['POST /project/:key/avatar/temporary', temporary('project')],
  ['POST /project/:key/avatar', confirm('project')],
  ['PUT /project/:key/avatar', choose('project')],
  ['DELETE /project/:key/avatar/:id', remove('project')],
);
