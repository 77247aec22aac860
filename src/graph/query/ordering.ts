/**
 * Queries over the ordering (Before) relation: adjacency restricted to a set of jobs, strongly
 * connected components (Tarjan, iterative), a shortest cycle inside a component, and what is
 * transitively ordered before a unit.
 */
import type { DepEdge } from '../types.js';
import { allEdges, outEdges, type DepView } from './edge-index.js';

export type Adjacency = Map<string, DepEdge[]>;

/** localeCompare's order, with one collator instead of one per comparison. */
const collator = new Intl.Collator();

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
  if (sorted) for (const list of adj.values()) list.sort((a, b) => collator.compare(a.to, b.to) || collator.compare(a.origin, b.origin));
  return adj;
};

/** Strongly connected components with a cycle (size > 1, or a self loop). Deterministic order. */
export const cyclicComponents = (nodes: Iterable<string>, adj: Adjacency): string[][] => {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const out: string[][] = [];
  let counter = 0;
  for (const root of [...nodes].sort()) {
    if (index.has(root)) continue;
    const work: Array<{ n: string; i: number }> = [{ n: root, i: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const top = work[work.length - 1] as { n: string; i: number };
      const edges = adj.get(top.n) ?? [];
      if (top.i < edges.length) {
        const next = (edges[top.i++] as DepEdge).to;
        if (!index.has(next)) {
          index.set(next, counter);
          low.set(next, counter++);
          stack.push(next);
          onStack.add(next);
          work.push({ n: next, i: 0 });
        } else if (onStack.has(next)) {
          low.set(top.n, Math.min(low.get(top.n) as number, index.get(next) as number));
        }
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent !== undefined) low.set(parent.n, Math.min(low.get(parent.n) as number, low.get(top.n) as number));
      if (low.get(top.n) === index.get(top.n)) {
        const comp: string[] = [];
        for (;;) {
          const m = stack.pop() as string;
          onStack.delete(m);
          comp.push(m);
          if (m === top.n) break;
        }
        const selfLoop = comp.length === 1 && (adj.get(comp[0] as string) ?? []).some((e) => e.to === comp[0]);
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
