/**
 * Ordering cycles among the jobs of the target's transaction, classified the way the
 * `ordering-cycle` and `default-deps-cycle` checks need them. systemd finds these in
 * transaction_verify_order_one() (src/core/transaction.c) and breaks a cycle by deleting the start
 * job of a unit on it that does not "matter to the anchor" (one not required by the target
 * through Requires=/BindsTo=/Requisite=); if every job matters, the whole transaction fails.
 */
import type { UnitGraph } from '../build.js';
import { HARD_KINDS, type DepEdge } from '../types.js';
import type { Phase } from '../plan.js';
import { beforeAdjacency, closure, cyclicComponents, shortestCycle, type Adjacency } from './ordering.js';

export interface CycleInfo {
  /** All units of the strongly connected component. */
  readonly component: readonly string[];
  /** One shortest cycle, as its edges. */
  readonly cycle: readonly DepEdge[];
  /** True when the cycle disappears without edges added by DefaultDependencies=yes. */
  readonly onlyByDefaults: boolean;
  /** Units whose DefaultDependencies=no alone would break every cycle of the component. */
  readonly defaultCulprits: readonly string[];
  /** Units on the cycle whose start job systemd may delete; empty: the transaction fails. */
  readonly deletable: readonly string[];
}

const restrict = (adj: Adjacency, keep: (e: DepEdge) => boolean): Adjacency => {
  const out: Adjacency = new Map();
  for (const [k, list] of adj) out.set(k, list.filter(keep));
  return out;
};

const memo = new WeakMap<Phase, CycleInfo[]>();

/**
 * Cycles among the jobs of a phase: a unit that is absent (not found, an instance of a missing
 * template), masked or refused (bad setting) gets no job ("Cannot add dependency job"), nor does a
 * perpetual one, whose start job transaction_drop_redundant() removes; a cycle through them never
 * forms.
 */
export const findCycles = (g: UnitGraph, phase: Phase): CycleInfo[] => {
  const cached = memo.get(phase);
  if (cached !== undefined) return cached;
  const jobs = phase.jobs;
  // whether there is a cycle does not depend on the order of the edges: the sorted adjacency
  // (for a deterministic order of components and cycles) is made only when there is one
  if (cyclicComponents(jobs, beforeAdjacency(g.view, jobs, undefined, false)).length === 0) {
    memo.set(phase, []);
    return [];
  }
  const adj = beforeAdjacency(g.view, jobs);
  const matters = closure(g.view, phase.target, HARD_KINDS);
  const result: CycleInfo[] = [];
  for (const component of cyclicComponents(jobs, adj)) {
    const inside = new Set(component);
    const local = restrict(adj, (e) => inside.has(e.from) && inside.has(e.to));
    const noDefaults = restrict(local, (e) => e.origin !== 'default');
    const onlyByDefaults = cyclicComponents(component, noDefaults).length === 0;
    const owners = new Set<string>();
    for (const list of local.values()) for (const e of list) if (e.origin === 'default' && e.owner !== undefined) owners.add(e.owner);
    const defaultCulprits = onlyByDefaults
      ? [...owners].sort().filter((o) => cyclicComponents(component, restrict(local, (e) => !(e.origin === 'default' && e.owner === o))).length === 0)
      : [];
    const cycle = shortestCycle(component, onlyByDefaults ? local : noDefaults);
    const onCycle = cycle.map((e) => e.from);
    result.push({ component, cycle, onlyByDefaults, defaultCulprits, deletable: onCycle.filter((u) => !matters.has(u)).sort() });
  }
  memo.set(phase, result);
  return result;
};
