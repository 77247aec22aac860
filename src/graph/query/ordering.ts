/**
 * Queries over the ordering (Before) relation: adjacency restricted to a set of jobs, strongly
 * connected components (Tarjan, iterative), a shortest cycle inside a component, and what is
 * transitively ordered before a unit.
 */
import type { DepEdge } from '../types.js';
import { allEdges, outEdges, type DepView } from './edge-index.js';
import { compareText } from '../../text-order.js';

export type Adjacency = Map<string, DepEdge[]>;

/**
 * Before edges among `nodes` (all nodes when omitted), optionally filtered; each node's edges
 * sorted by target (what makes the order of components and cycles deterministic), unless
 * `sorted` is false (enough to tell whether there is a cycle at all).
 */
export const beforeAdjacency = (graph: DepView, nodes?: ReadonlySet<string>, keep: (e: DepEdge) => boolean = () => true, sorted = true): Adjacency => {
  const adj: Adjacency = new Map();
  const all = allEdges(graph);
  for (let i = 0; i < all.length; i++) {
    const e = all[i] as DepEdge;
    if (e.kind !== 'Before' || !keep(e)) continue;
    if (nodes !== undefined && (!nodes.has(e.from) || !nodes.has(e.to))) continue;
    const list = adj.get(e.from);
    if (list === undefined) adj.set(e.from, [e]);
    else list.push(e);
  }
  if (sorted) for (const list of adj.values()) list.sort((a, b) => compareText(a.to, b.to) || compareText(a.origin, b.origin));
  return adj;
};

/** Tarjan's state of one node: one object, found by one lookup per edge. */
interface TarjanNode {
  readonly n: string;
  readonly edges: readonly DepEdge[];
  readonly index: number;
  low: number;
  onStack: boolean;
  /** The next of `edges` to follow. */
  i: number;
}

const NO_EDGES: readonly DepEdge[] = [];

/** Strongly connected components with a cycle (size > 1, or a self loop). Deterministic order. */
export const cyclicComponents = (nodes: Iterable<string>, adj: Adjacency): string[][] => {
  const state = new Map<string, TarjanNode>();
  const stack: TarjanNode[] = [];
  const out: string[][] = [];
  let counter = 0;
  const visit = (n: string): TarjanNode => {
    const s: TarjanNode = { n, edges: adj.get(n) ?? NO_EDGES, index: counter, low: counter, onStack: true, i: 0 };
    counter++;
    state.set(n, s);
    stack.push(s);
    return s;
  };
  for (const root of [...nodes].sort()) {
    if (state.has(root)) continue;
    const work: TarjanNode[] = [visit(root)];
    while (work.length > 0) {
      const top = work[work.length - 1] as TarjanNode;
      if (top.i < top.edges.length) {
        const next = (top.edges[top.i++] as DepEdge).to;
        const s = state.get(next);
        if (s === undefined) work.push(visit(next));
        else if (s.onStack) top.low = Math.min(top.low, s.index);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) parent.low = Math.min(parent.low, top.low);
      if (top.low === top.index) {
        const comp: string[] = [];
        for (;;) {
          const m = stack.pop() as TarjanNode;
          m.onStack = false;
          comp.push(m.n);
          if (m === top) break;
        }
        const selfLoop = comp.length === 1 && top.edges.some((e) => e.to === top.n);
        if (comp.length > 1 || selfLoop) out.push(comp.sort());
      }
    }
  }
  return out;
};

/** A shortest cycle through the component's first node, as its edges in order. */
export const shortestCycle = (component: readonly string[], adj: Adjacency): DepEdge[] => {
  const inside = new Set(component);
  let best: DepEdge[] = [];
  for (const start of component) {
    const prev = new Map<string, DepEdge>();
    const queue = [start];
    let found: DepEdge | undefined;
    for (let i = 0; i < queue.length && found === undefined; i++) {
      const n = queue[i] as string;
      for (const e of adj.get(n) ?? []) {
        if (!inside.has(e.to)) continue;
        if (e.to === start) {
          found = e;
          break;
        }
        if (!prev.has(e.to)) {
          prev.set(e.to, e);
          queue.push(e.to);
        }
      }
    }
    if (found === undefined) continue;
    const path: DepEdge[] = [found];
    for (let n = found.from; n !== start; ) {
      const e = prev.get(n) as DepEdge;
      path.unshift(e);
      n = e.from;
    }
    if (best.length === 0 || path.length < best.length) best = path;
    if (best.length <= 2) break;
  }
  return best;
};

/** Units from which `target` is reachable over Before edges (ordered before it), target excluded. */
export const orderedBefore = (graph: DepView, target: string): Set<string> => {
  const out = new Set<string>();
  if (!graph.hasNode(target)) return out;
  const stack = [target];
  while (stack.length > 0) {
    const n = stack.pop() as string;
    graph.forEachInEdge(n, (_k, e) => {
      if (e.kind === 'Before' && !out.has(e.from) && e.from !== target) {
        out.add(e.from);
        stack.push(e.from);
      }
    });
  }
  return out;
};

/** Closure from `start` over edges of the given kinds (not continuing past nodes `expand` refuses). */
export const closure = (graph: DepView, start: string, kinds: ReadonlySet<string>, expand: (name: string) => boolean = () => true): Set<string> => {
  const out = new Set<string>();
  if (!graph.hasNode(start)) return out;
  out.add(start);
  const stack = [start];
  while (stack.length > 0) {
    const n = stack.pop() as string;
    if (n !== start && !expand(n)) continue; // reached, but what it pulls in is not followed
    for (const e of outEdges(graph, n)) {
      if (kinds.has(e.kind) && !out.has(e.to)) {
        out.add(e.to);
        stack.push(e.to);
      }
    }
  }
  return out;
};
