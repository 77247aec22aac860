/**
 * `why A B`: the shortest chain of edges that orders A before B (Before edges, which include
 * every After= in its forward form) through units that get a job (systemd orders jobs: a unit
 * without one in between orders nothing, and the drawings leave it out), and the shortest chain
 * by which A pulls in B
 * (Wants/Requires/Requisite/BindsTo/Upholds). Each chain keeps the edges' origins and file:line.
 */
import type { UnitGraph } from '../build.js';
import { jobsByUnit } from '../plan.js';
import { PULL_KINDS, type DepEdge } from '../types.js';
import { compareText } from '../../text-order.js';

export const shortestPath = (
  g: UnitGraph,
  from: string,
  to: string,
  keep: (e: DepEdge) => boolean,
  through: (unit: string) => boolean = () => true,
): DepEdge[] | undefined => {
  if (!g.view.hasNode(from) || !g.view.hasNode(to) || from === to) return undefined;
  const prev = new Map<string, DepEdge>();
  const queue = [from];
  const seen = new Set([from]);
  for (let i = 0; i < queue.length; i++) {
    const n = queue[i] as string;
    const out = g.view.mapOutEdges(n, (_k, e) => e).filter(keep);
    // prefer explicit edges, then stable by name, so the answer is the one a person wrote
    out.sort((a, b) => Number(a.origin === 'default') - Number(b.origin === 'default') || compareText(a.to, b.to));
    for (const e of out) {
      if (seen.has(e.to)) continue;
      seen.add(e.to);
      prev.set(e.to, e);
      if (e.to === to) {
        const path: DepEdge[] = [];
        for (let m = to; m !== from; ) {
          const pe = prev.get(m) as DepEdge;
          path.unshift(pe);
          m = pe.from;
        }
        return path;
      }
      if (through(e.to)) queue.push(e.to);
    }
  }
  return undefined;
};

export interface WhyAnswer {
  readonly a: string;
  readonly b: string;
  readonly orderedBefore?: DepEdge[];
  readonly orderedAfter?: DepEdge[];
  readonly pulls?: DepEdge[];
  readonly pulledBy?: DepEdge[];
}

export const explainWhy = (g: UnitGraph, a: string, b: string): WhyAnswer => {
  const before = (e: DepEdge): boolean => e.kind === 'Before';
  const pull = (e: DepEdge): boolean => PULL_KINDS.has(e.kind);
  const jobs = jobsByUnit(g.plan);
  const job = (n: string): boolean => jobs.has(n);
  const r = {
    orderedBefore: shortestPath(g, a, b, before, job),
    orderedAfter: shortestPath(g, b, a, before, job),
    pulls: shortestPath(g, a, b, pull),
    pulledBy: shortestPath(g, b, a, pull),
  };
  return {
    a,
    b,
    ...(r.orderedBefore ? { orderedBefore: r.orderedBefore } : {}),
    ...(r.orderedAfter ? { orderedAfter: r.orderedAfter } : {}),
    ...(r.pulls ? { pulls: r.pulls } : {}),
    ...(r.pulledBy ? { pulledBy: r.pulledBy } : {}),
  };
};
