/** Who may see a filter: its owner, and whoever its share permissions reach. */
import type { StoredFilter } from './model.js';
import type { SimulatorState } from './state.js';

/** Whether a user (undefined: anonymous) may see a filter. */
export function filterVisible(state: SimulatorState, me: string | undefined, filter: StoredFilter): boolean {
  if (me === filter.owner) return true;
  return filter.sharePermissions.some((p) => {
    if (p.type === 'global') return true;
    if (!me) return false;
    if (p.type === 'loggedin' || p.type === 'project') return true;
    return p.type === 'group' && p.group !== undefined && state.groups.get(p.group)?.members.has(me) === true;
  });
}

/** A visible filter by id or name. */
export function findFilter(state: SimulatorState, me: string | undefined, ref: string): StoredFilter | undefined {
  const byId = state.filters.get(ref);
  if (byId && filterVisible(state, me, byId)) return byId;
  for (const f of state.filters.values()) if (f.name.toLowerCase() === ref.toLowerCase() && filterVisible(state, me, f)) return f;
  return undefined;
}
