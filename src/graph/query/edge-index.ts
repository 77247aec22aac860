/**
 * Out-edges of a node as a plain array. The hot walks of the plan and the checks (closure over
 * pull-in edges, hard requirements, the Before adjacency) visit every out-edge of thousands of
 * nodes several times per phase; graphology's per-node iterators on a multigraph (an object of
 * neighbours, each a linked list) cost several times more per edge than an array. buildGraph
 * registers the edges it inserted, grouped by source and target as it deduplicated them, and
 * `outEdges` returns them in exactly graphology's order (neighbours in the order their first edge
 * was added, the edges of one pair newest first), so every result is the same as walking the
 * graph. A graph that was not built here, or has changed since (its node or edge count differs),
 * is walked through graphology as before.
 */
import type { DepEdge, DepGraph } from '../types.js';

/** from → to → the edge, or the edges in insertion order when more than one. */
export type PairMap = ReadonlyMap<string, ReadonlyMap<string, DepEdge | readonly DepEdge[]>>;

interface Index {
  readonly pairs: PairMap;
  /** Every inserted edge, in insertion order (graphology's forEachEdge order). */
  readonly all: readonly DepEdge[];
  readonly order: number;
  readonly size: number;
  readonly out: Map<string, readonly DepEdge[]>;
}

const indexes = new WeakMap<DepGraph, Index>();

/** Called by buildGraph once the graph is complete. */
export const registerEdgeIndex = (graph: DepGraph, pairs: PairMap, all: readonly DepEdge[]): void => {
  indexes.set(graph, { pairs, all, order: graph.order, size: graph.size, out: new Map() });
};

const current = (graph: DepGraph): Index | undefined => {
  const ix = indexes.get(graph);
  return ix !== undefined && ix.order === graph.order && ix.size === graph.size ? ix : undefined;
};

const NONE: readonly DepEdge[] = [];

/** The out-edges of `name` in graphology's forEachOutEdge order (none for an unknown node). */
export const outEdges = (graph: DepGraph, name: string): readonly DepEdge[] => {
  const ix = current(graph);
  if (ix === undefined) {
    if (!graph.hasNode(name)) return NONE;
    const list: DepEdge[] = [];
    graph.forEachOutEdge(name, (_k, e) => void list.push(e));
    return list;
  }
  const cached = ix.out.get(name);
  if (cached !== undefined) return cached;
  const byTo = ix.pairs.get(name);
  let list: DepEdge[] | readonly DepEdge[] = NONE;
  if (byTo !== undefined && graph.hasNode(name)) {
    const l: DepEdge[] = [];
    for (const [to, v] of byTo) {
      if (!graph.hasNode(to)) continue;
      if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) l.push(v[i] as DepEdge);
      else l.push(v as DepEdge);
    }
    list = l;
  }
  ix.out.set(name, list);
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
