/**
 * Edges added and removed, in the contract's edge form {from, to, kind, origin}. Edges are
 * compared without file and line, so a directive that only moved is no change; the first
 * location of an edge is kept for the output.
 */
import type { UnitGraph } from '../build.js';
import type { DepEdge } from '../types.js';
import type { DiffEdge } from './types.js';

const key = (e: DepEdge): string => `${e.from}\u0000${e.to}\u0000${e.kind}\u0000${e.origin}`;

const contractEdges = (g: UnitGraph): Map<string, DiffEdge> => {
  const out = new Map<string, DiffEdge>();
  for (const e of g.edges) {
    if (!g.view.hasNode(e.from) || !g.view.hasNode(e.to)) continue;
    const k = key(e);
    if (out.has(k)) continue;
    out.set(k, { from: e.from, to: e.to, kind: e.kind, origin: e.origin, ...(e.file === undefined ? {} : { file: e.file }), ...(e.line === undefined ? {} : { line: e.line }) });
  }
  return out;
};

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
export const compareEdges = (a: DiffEdge, b: DiffEdge): number => cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.kind, b.kind) || cmp(a.origin, b.origin);

export const diffEdges = (oldGraph: UnitGraph, newGraph: UnitGraph): { added: DiffEdge[]; removed: DiffEdge[] } => {
  const a = contractEdges(oldGraph);
  const b = contractEdges(newGraph);
  return {
    added: [...b].filter(([k]) => !a.has(k)).map(([, e]) => e).sort(compareEdges),
    removed: [...a].filter(([k]) => !b.has(k)).map(([, e]) => e).sort(compareEdges),
  };
};
