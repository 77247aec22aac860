/** A unit's edges in both directions, in a stable order. */
import type { UnitGraph } from '../build.js';
import type { DepEdge } from '../types.js';
import { compareText } from '../../text-order.js';

const order = (a: DepEdge, b: DepEdge): number =>
  compareText(a.kind, b.kind) || compareText(a.from, b.from) || compareText(a.to, b.to) || compareText(a.origin, b.origin);

export const edgesOf = (g: UnitGraph, name: string): { out: DepEdge[]; in: DepEdge[] } => {
  if (!g.view.hasNode(name)) return { out: [], in: [] };
  return {
    out: g.view.mapOutEdges(name, (_k, e) => e).sort(order),
    in: g.view.mapInEdges(name, (_k, e) => e).sort(order),
  };
};
