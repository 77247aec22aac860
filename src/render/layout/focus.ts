/**
 * Which part of the graph is drawn. By default the jobs of the target's transaction; with a focus
 * unit, its neighbourhood up to `depth` edges away in both directions over every edge kind (the
 * whole loaded graph, not only the transaction). `hideDefaults` leaves out the edges systemd adds
 * by itself (origin `default` and `implicit`) before the neighbourhood is taken, and the units
 * that only those edges brought into the picture.
 */
import { UnitgraphError } from '../../errors.js';
import type { RenderEdge, RenderInput, RenderNode } from '../types.js';
import { didYouMean } from '../suggest.js';

export interface SelectOptions {
  readonly focus?: string;
  /** Neighbourhood radius for `focus`; default 2. */
  readonly depth?: number;
  readonly hideDefaults?: boolean;
}

export interface Selection {
  /** Sorted by id. */
  readonly nodes: readonly RenderNode[];
  /** Both ends in `nodes`; in the input's order. */
  readonly edges: readonly RenderEdge[];
  readonly focus?: string;
}

export const DEFAULT_DEPTH = 2;

const isQuiet = (e: RenderEdge): boolean => e.origin === 'default' || e.origin === 'implicit';

/** The units within `depth` edges of `start`, following edges in both directions. */
const neighbourhood = (start: string, depth: number, edges: readonly RenderEdge[]): Set<string> => {
  const adj = new Map<string, string[]>();
  const link = (a: string, b: string): void => {
    const l = adj.get(a);
    if (l === undefined) adj.set(a, [b]);
    else l.push(b);
  };
  for (const e of edges) {
    link(e.from, e.to);
    link(e.to, e.from);
  }
  const seen = new Set([start]);
  let frontier = [start];
  for (let d = 0; d < depth && frontier.length > 0; d++) {
    const next: string[] = [];
    for (const n of frontier)
      for (const m of adj.get(n) ?? [])
        if (!seen.has(m)) {
          seen.add(m);
          next.push(m);
        }
    frontier = next;
  }
  return seen;
};

export const selectSubgraph = (input: RenderInput, opts: SelectOptions = {}): Selection => {
  const byId = new Map(input.nodes.map((n) => [n.id, n]));
  const edges = opts.hideDefaults === true ? input.edges.filter((e) => !isQuiet(e)) : input.edges;
  let keep: Set<string>;
  if (opts.focus !== undefined) {
    if (!byId.has(opts.focus)) throw new UnitgraphError('usage', `--focus: no unit named ${opts.focus} in ${input.source}${didYouMean(opts.focus, byId.keys())}`);
    const depth = opts.depth ?? DEFAULT_DEPTH;
    if (!Number.isInteger(depth) || depth < 0) throw new UnitgraphError('usage', `--depth: not a whole number >= 0: ${String(depth)}`);
    keep = neighbourhood(opts.focus, depth, edges.filter((e) => byId.has(e.from) && byId.has(e.to)));
  } else {
    keep = new Set(input.nodes.filter((n) => n.inTransaction).map((n) => n.id));
  }
  let kept = edges.filter((e) => e.from !== e.to && keep.has(e.from) && keep.has(e.to));
  if (opts.hideDefaults === true && opts.focus === undefined) {
    // units that only default/implicit edges tied to the picture (slices, shutdown.target, ...)
    const linked = new Set<string>([input.target]);
    for (const e of kept) linked.add(e.from).add(e.to);
    keep = new Set([...keep].filter((n) => linked.has(n)));
    kept = kept.filter((e) => keep.has(e.from) && keep.has(e.to));
  }
  const nodes = [...keep].flatMap((id) => byId.get(id) ?? []).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { nodes, edges: kept, ...(opts.focus === undefined ? {} : { focus: opts.focus }) };
};
