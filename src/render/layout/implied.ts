/**
 * For the ordering view: leave out the Before edges that systemd adds by itself (origin default
 * or implicit) when a longer chain of drawn ordering edges already says the same (e.g.
 * system.slice Before sshd.service, implied by system.slice → journald → sysinit.target →
 * sshd.service). What the picture orders stays exactly what the graph orders (the transitive
 * closure is unchanged); edges from unit files and .wants links are always drawn.
 */
import type { RenderEdge } from '../types.js';
import type { Steps } from './steps.js';

const isQuiet = (e: RenderEdge): boolean => e.origin === 'default' || e.origin === 'implicit';

export const omitImpliedOrdering = (edges: readonly RenderEdge[], steps: Steps): { kept: RenderEdge[]; omitted: number } => {
  const broken = new Set(steps.broken);
  const succ = new Map<string, RenderEdge[]>();
  for (const e of edges) {
    if (e.kind !== 'Before' || e.from === e.to || broken.has(e)) continue;
    const l = succ.get(e.from) ?? [];
    l.push(e);
    succ.set(e.from, l);
  }
  const step = (n: string): number => steps.step.get(n) ?? 0;
  const dropped = new Set<RenderEdge>();
  /** Is `to` reachable from `from` without `skip` (and without edges already dropped)? */
  const reachable = (from: string, to: string, skip: RenderEdge): boolean => {
    const limit = step(to);
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length > 0) {
      const n = stack.pop() as string;
      for (const e of succ.get(n) ?? []) {
        if (e === skip || dropped.has(e)) continue;
        if (e.to === to) return true;
        // along kept edges steps grow, so nothing at or past `to`'s step can lead to it
        if (step(e.to) >= limit || seen.has(e.to)) continue;
        seen.add(e.to);
        stack.push(e.to);
      }
    }
    return false;
  };
  const candidates = edges.filter((e) => e.kind === 'Before' && isQuiet(e) && !broken.has(e) && e.from !== e.to);
  for (const e of candidates) if (reachable(e.from, e.to, e)) dropped.add(e);
  return { kept: edges.filter((e) => !dropped.has(e)), omitted: dropped.size };
};
