/**
 * Out-edges of a node as a plain array. The hot walks of the plan and the checks (closure over
 * pull-in edges, hard requirements, the Before adjacency) visit every out-edge of thousands of
 * nodes several times per phase; graphology's per-node iterators on a multigraph (an object of
 * neighbours, each a linked list) cost several times more per edge than an array. buildGraph
 * registers each node's out-edges, grouped as it deduplicated them, and `outEdges` returns them
 * in exactly graphology's order (neighbours in the order their first edge
 * was added, the edges of one pair newest first), so every result is the same as walking the
 * graph. A graph that was not built here, or has changed since (its node or edge count differs),
 * is walked through graphology as before.
 */
import type { DepEdge, DepGraph } from '../types.js';

/** from → to → the edge, or the edges in insertion order when more than one. */
export type PairMap = ReadonlyMap<string, ReadonlyMap<string, DepEdge | readonly DepEdge[]>>;

interface Index {
  /** Every node's out-edges in graphology's order (a node without any: absent). */
  readonly out: ReadonlyMap<string, readonly DepEdge[]>;
  /** Every inserted edge, in insertion order (graphology's forEachEdge order). */
  readonly all: readonly DepEdge[];
  readonly order: number;
  readonly size: number;
}

const indexes = new WeakMap<DepGraph, Index>();

/**
 * The out-edges of every node `has` keeps, from buildGraph's dedup map, in graphology's order:
 * targets in the order their first edge was added, the edges of one pair newest first. Made
 * before the dedup map is let go (one array per node is far smaller than the map of maps).
 */
export const groupOutEdges = (pairs: PairMap, has: (name: string) => boolean): Map<string, readonly DepEdge[]> => {
  const out = new Map<string, readonly DepEdge[]>();
  for (const [from, byTo] of pairs) {
    if (!has(from)) continue;
    const list: DepEdge[] = [];
    for (const [to, v] of byTo) {
      if (!has(to)) continue;
      if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) list.push(v[i] as DepEdge);
      else list.push(v as DepEdge);
    }
    if (list.length > 0) out.set(from, list);
  }
  return out;
};

/** Called by buildGraph once the graph is complete, with groupOutEdges' lists and the edges it inserted. */
export const registerEdgeIndex = (graph: DepGraph, out: ReadonlyMap<string, readonly DepEdge[]>, all: readonly DepEdge[]): void => {
  indexes.set(graph, { out, all, order: graph.order, size: graph.size });
};

const current = (graph: DepGraph): Index | undefined => {
  const ix = indexes.get(graph);
  return ix !== undefined && ix.order === graph.order && ix.size === graph.size ? ix : undefined;
};

const NONE: readonly DepEdge[] = [];

/** The out-edges of `name` in graphology's forEachOutEdge order (none for an unknown node). */
export const outEdges = (graph: DepGraph, name: string): readonly DepEdge[] => {
  const ix = current(graph);
  if (ix !== undefined) return ix.out.get(name) ?? NONE;
  if (!graph.hasNode(name)) return NONE;
  const list: DepEdge[] = [];
  graph.forEachOutEdge(name, (_k, e) => void list.push(e));
  return list;
};

/** Every edge of the graph, in graphology's forEachEdge order. */
export const allEdges = (graph: DepGraph): readonly DepEdge[] => {
  const ix = current(graph);
  if (ix !== undefined) return ix.all;
  const list: DepEdge[] = [];
  graph.forEachEdge((_k, e) => void list.push(e));
  return list;
};
