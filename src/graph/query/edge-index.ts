/**
 * The edge store: the graph as the pipeline itself queries it, and the source of the graphology
 * graph that `UnitGraph.graph` builds the first time something asks for it.
 *
 * graphology stays the graph users and the drawings query, but a check never needs it: building
 * it costs an EdgeData object, an attributes link, a key string and four adjacency-object entries
 * per edge (at 5,000 units about a quarter of `check`'s time with its garbage collection; at
 * 100,000 units several hundred MB). The store keeps what buildGraph already made: the nodes in
 * insertion order, each node's out-edges as one array, every edge in insertion order, and the
 * in-edges grouped the same way the first time an in-edge is asked for.
 *
 * `DepView` is the part of graphology's API the pipeline uses; the store and a graphology graph
 * both are one, and every method answers what graphology answers, in graphology's order:
 * neighbours in the order their first edge was added, the edges of one pair newest first, a
 * node's in-edges before its out-edges, in-neighbours before out-neighbours. The store passes ''
 * as the edge key (the pipeline never reads keys; graphology's are the edges' insertion index).
 * Like graphology, it throws for a node it does not have.
 */
import type { DepEdge, DepGraph, NodeAttributes } from '../types.js';

export type EdgeCallback = (key: string, edge: DepEdge) => void;
export type EdgePredicate = (key: string, edge: DepEdge) => boolean;

/** The graph queries of the pipeline: answered by an EdgeStore or by a graphology graph. */
export interface DepView {
  readonly order: number;
  readonly size: number;
  hasNode(node: string): boolean;
  nodes(): string[];
  forEachNode(callback: (node: string, attributes: NodeAttributes) => void): void;
  mapNodes<T>(callback: (node: string, attributes: NodeAttributes) => T): T[];
  getNodeAttributes(node: string): NodeAttributes;
  forEachEdge(callback: EdgeCallback): void;
  forEachOutEdge(node: string, callback: EdgeCallback): void;
  forEachInEdge(node: string, callback: EdgeCallback): void;
  someOutEdge(node: string, callback: EdgePredicate): boolean;
  someOutEdge(source: string, target: string, callback: EdgePredicate): boolean;
  someInEdge(node: string, callback: EdgePredicate): boolean;
  mapOutEdges<T>(node: string, callback: (key: string, edge: DepEdge) => T): T[];
  mapInEdges<T>(node: string, callback: (key: string, edge: DepEdge) => T): T[];
  mapEdges<T>(node: string, callback: (key: string, edge: DepEdge) => T): T[];
  someNeighbor(node: string, callback: (neighbor: string, attributes: NodeAttributes) => boolean): boolean;
  inDegree(node: string): number;
}

/** from → to → the edge, or the edges in insertion order when more than one. */
export type PairMap = ReadonlyMap<string, ReadonlyMap<string, DepEdge | readonly DepEdge[]>>;

const NONE: readonly DepEdge[] = [];

/** One node's edges of one direction, neighbour by neighbour (newest first within a pair). */
const flatten = (byOther: ReadonlyMap<string, DepEdge | readonly DepEdge[]>, has: (name: string) => boolean): DepEdge[] => {
  const list: DepEdge[] = [];
  // (forEach, here and below: no iterator or entry array per element in code not yet optimised)
  byOther.forEach((v, other) => {
    if (!has(other)) return;
    if (Array.isArray(v)) for (let i = v.length - 1; i >= 0; i--) list.push(v[i] as DepEdge);
    else list.push(v as DepEdge);
  });
  return list;
};

/**
 * The out-edges of every node `has` keeps, from buildGraph's dedup map, in graphology's order:
 * targets in the order their first edge was added, the edges of one pair newest first. Made
 * before the dedup map is let go (one array per node is far smaller than the map of maps).
 */
export const groupOutEdges = (pairs: PairMap, has: (name: string) => boolean): Map<string, readonly DepEdge[]> => {
  const out = new Map<string, readonly DepEdge[]>();
  pairs.forEach((byTo, from) => {
    if (!has(from)) return;
    const list = flatten(byTo, has);
    if (list.length > 0) out.set(from, list);
  });
  return out;
};

/** In-edges in insertion order → grouped by source (first edge's order), newest first in a group. */
const inOrder = (list: DepEdge[]): DepEdge[] => {
  // one pass: a source's first edge fixes its place (a Map keeps a key where it was first set)
  const bySource = new Map<string, DepEdge | DepEdge[]>();
  let repeated = false;
  for (let i = 0; i < list.length; i++) {
    const e = list[i] as DepEdge;
    const group = bySource.get(e.from);
    if (group === undefined) bySource.set(e.from, e);
    else {
      repeated = true;
      if (Array.isArray(group)) group.push(e);
      else bySource.set(e.from, [group as DepEdge, e]);
    }
  }
  return repeated ? flatten(bySource, () => true) : list;
};

const missing = (node: string): Error => new Error(`unitgraph: the graph has no node "${node}"`);

export class EdgeStore implements DepView {
  private inIndex: Map<string, readonly DepEdge[]> | undefined;

  /**
   * @param units the nodes, in insertion order
   * @param out every node's out-edges (groupOutEdges)
   * @param all every edge between two nodes, in insertion order
   */
  constructor(
    private readonly units: ReadonlyMap<string, NodeAttributes>,
    private readonly out: ReadonlyMap<string, readonly DepEdge[]>,
    readonly all: readonly DepEdge[],
  ) {}

  get order(): number {
    return this.units.size;
  }

  get size(): number {
    return this.all.length;
  }

  hasNode(node: string): boolean {
    return this.units.has(node);
  }

  nodes(): string[] {
    return [...this.units.keys()];
  }

  forEachNode(callback: (node: string, attributes: NodeAttributes) => void): void {
    this.units.forEach((a, n) => callback(n, a));
  }

  mapNodes<T>(callback: (node: string, attributes: NodeAttributes) => T): T[] {
    const out: T[] = [];
    for (const [n, a] of this.units) out.push(callback(n, a));
    return out;
  }

  getNodeAttributes(node: string): NodeAttributes {
    const a = this.units.get(node);
    if (a === undefined) throw missing(node);
    return a;
  }

  /** The out-edges of a node (none for an unknown one). */
  outOf(node: string): readonly DepEdge[] {
    return this.out.get(node) ?? NONE;
  }

  /** The in-edges of a node in graphology's order (none for an unknown one). */
  inOf(node: string): readonly DepEdge[] {
    if (this.inIndex === undefined) {
      // every edge onto its target's list in insertion order, then, in the few lists where one
      // source has several edges, graphology's order: sources by their first edge, newest first
      const lists = new Map<string, DepEdge[]>();
      const all = this.all;
      for (let i = 0; i < all.length; i++) {
        const e = all[i] as DepEdge;
        const list = lists.get(e.to);
        if (list === undefined) lists.set(e.to, [e]);
        else list.push(e);
      }
      // a source with several edges to one target has them side by side in its out-list; only
      // those targets' lists can need regrouping
      const repeated = new Set<string>();
      for (const list of this.out.values()) {
        for (let i = 1; i < list.length; i++) if ((list[i] as DepEdge).to === (list[i - 1] as DepEdge).to) repeated.add((list[i] as DepEdge).to);
      }
      for (const to of repeated) {
        const list = lists.get(to);
        if (list !== undefined && list.length > 1) lists.set(to, inOrder(list));
      }
      this.inIndex = lists;
    }
    return this.inIndex.get(node) ?? NONE;
  }

  private checked(node: string): string {
    if (!this.units.has(node)) throw missing(node);
    return node;
  }

  forEachEdge(callback: EdgeCallback): void {
    for (const e of this.all) callback('', e);
  }

  forEachOutEdge(node: string, callback: EdgeCallback): void {
    const list = this.outOf(this.checked(node));
    for (let i = 0; i < list.length; i++) callback('', list[i] as DepEdge);
  }

  forEachInEdge(node: string, callback: EdgeCallback): void {
    const list = this.inOf(this.checked(node));
    for (let i = 0; i < list.length; i++) callback('', list[i] as DepEdge);
  }

  someOutEdge(node: string, callback: EdgePredicate): boolean;
  someOutEdge(source: string, target: string, callback: EdgePredicate): boolean;
  someOutEdge(node: string, b: string | EdgePredicate, c?: EdgePredicate): boolean {
    const list = this.outOf(this.checked(node));
    if (typeof b === 'function') return list.some((e) => b('', e));
    this.checked(b);
    return list.some((e) => e.to === b && (c as EdgePredicate)('', e));
  }

  someInEdge(node: string, callback: EdgePredicate): boolean {
    return this.inOf(this.checked(node)).some((e) => callback('', e));
  }

  mapOutEdges<T>(node: string, callback: (key: string, edge: DepEdge) => T): T[] {
    return this.outOf(this.checked(node)).map((e) => callback('', e));
  }

  mapInEdges<T>(node: string, callback: (key: string, edge: DepEdge) => T): T[] {
    return this.inOf(this.checked(node)).map((e) => callback('', e));
  }

  /** In-edges, then out-edges that are not self loops (those were met as in-edges). */
  mapEdges<T>(node: string, callback: (key: string, edge: DepEdge) => T): T[] {
    const out = this.inOf(this.checked(node)).map((e) => callback('', e));
    for (const e of this.outOf(node)) if (e.to !== node) out.push(callback('', e));
    return out;
  }

  /** In-neighbours, then out-neighbours that are not in-neighbours, each once. */
  someNeighbor(node: string, callback: (neighbor: string, attributes: NodeAttributes) => boolean): boolean {
    const seen = new Set<string>();
    for (const e of this.inOf(this.checked(node))) {
      if (seen.has(e.from)) continue;
      seen.add(e.from);
      if (callback(e.from, this.units.get(e.from) as NodeAttributes)) return true;
    }
    for (const e of this.outOf(node)) {
      if (seen.has(e.to)) continue;
      seen.add(e.to);
      if (callback(e.to, this.units.get(e.to) as NodeAttributes)) return true;
    }
    return false;
  }

  inDegree(node: string): number {
    return this.inOf(this.checked(node)).length;
  }

  /** The graphology graph of the same nodes and edges, in the same order (edge keys: the insertion index). */
  toGraphology(make: () => DepGraph): DepGraph {
    const graph = make();
    for (const [n, a] of this.units) graph.addNode(n, a);
    let key = 0;
    for (const e of this.all) graph.addEdgeWithKey(String(key++), e.from, e.to, e);
    return graph;
  }
}

/** The out-edges of `name` in graphology's forEachOutEdge order (none for an unknown node). */
export const outEdges = (view: DepView, name: string): readonly DepEdge[] => {
  if (view instanceof EdgeStore) return view.outOf(name);
  if (!view.hasNode(name)) return NONE;
  const list: DepEdge[] = [];
  view.forEachOutEdge(name, (_k, e) => void list.push(e));
  return list;
};

/** Every edge of the graph, in graphology's forEachEdge order. */
export const allEdges = (view: DepView): readonly DepEdge[] => {
  if (view instanceof EdgeStore) return view.all;
  const list: DepEdge[] = [];
  view.forEachEdge((_k, e) => void list.push(e));
  return list;
};
