/** A unit's edges in both directions, in a stable order. */
import type { UnitGraph } from '../build.js';
import type { DepEdge } from '../types.js';

const order = (a: DepEdge, b: DepEdge): number =>
  a.kind.localeCompare(b.kind) || a.from.localeCompare(b.from) || a.to.localeCompare(b.to) || a.origin.localeCompare(b.origin);

export const edgesOf = (g: UnitGraph, name: string): { out: DepEdge[]; in: DepEdge[] } => {
  if (!g.view.hasNode(name)) return { out: [], in: [] };
  return {
    out: g.view.mapOutEdges(name, (_k, e) => e).sort(order),
    in: g.view.mapInEdges(name, (_k, e) => e).sort(order),
  };
};
