/**
 * A selection → ELK JSON for the ordering view. Node sizes come from the injected text
 * measurement; children are listed in a topological order of Before (see elk-options.ts), edges
 * in a fixed order, so the same selection always yields the same ELK graph.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { RenderEdge } from '../types.js';
import { ELK_DOWN_OPTIONS, LARGE_DOWN_NODES, ELK_NODE, NODE_GAP_DOWN, ROW_WIDTH_BUDGET, ELK_ORDERING_EDGE, ELK_PORT, ELK_PULL_EDGE, ELK_ROOT_OPTIONS, NODE, sizeOptions } from './elk-options.js';
import type { Selection } from './focus.js';
import { round1, shortLabel } from './node-label.js';
import { omitImpliedOrdering } from './implied.js';
import { computeSteps, type Steps } from './steps.js';
import type { MeasureText } from './types.js';

/** Drawing order of edge kinds: ordering first, then pull-in, then the rest. */
export const KIND_RANK: Readonly<Record<string, number>> = {
  Before: 0,
  Requires: 1,
  Requisite: 2,
  BindsTo: 3,
  Wants: 4,
  Upholds: 5,
  PartOf: 6,
  Conflicts: 7,
  OnFailure: 8,
  OnSuccess: 9,
  Triggers: 10,
  PropagatesReloadTo: 11,
  PropagatesStopTo: 12,
};

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const compareEdges = (a: RenderEdge, b: RenderEdge): number =>
  (KIND_RANK[a.kind] ?? 99) - (KIND_RANK[b.kind] ?? 99) || cmp(a.kind, b.kind) || cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.origin, b.origin);

export interface ElkInput {
  readonly graph: ElkNode;
  /** ELK edge id → the edge it draws. */
  readonly edges: ReadonlyMap<string, RenderEdge>;
  readonly labels: ReadonlyMap<string, string>;
  /** Default/implicit Before edges left out because a drawn chain implies them. */
  readonly omitted: number;
}

export const nodeSize = (id: string, type: string, measure: MeasureText): { label: string; width: number; height: number } => {
  const label = shortLabel(id, NODE.maxLabel);
  const width = round1(Math.ceil(measure(label, NODE.fontSize)) + 2 * NODE.padX + 2 * (NODE.capX[type] ?? 0));
  return { label, width, height: NODE.height };
};

/**
 * Rows for the top-to-bottom view: each unit in the first row below all the units ordered before
 * it (its longest Before-chain), moved further down while that row's names would pass
 * ROW_WIDTH_BUDGET, so that no row is wider than the page. Edges only ever run downwards.
 */
export const budgetRows = (steps: Steps, edges: readonly RenderEdge[], width: (id: string) => number): Map<string, number> => {
  const broken = new Set(steps.broken);
  const preds = new Map<string, string[]>();
  for (const e of edges) if (e.kind === 'Before' && !broken.has(e)) (preds.get(e.to) ?? preds.set(e.to, []).get(e.to) ?? []).push(e.from);
  const row = new Map<string, number>();
  const used: number[] = [];
  for (const id of steps.order) {
    let r = Math.max(0, ...(preds.get(id) ?? []).map((p) => (row.get(p) ?? 0) + 1));
    const w = width(id) + NODE_GAP_DOWN;
    while ((used[r] ?? 0) > 0 && (used[r] ?? 0) + w > ROW_WIDTH_BUDGET) r++;
    used[r] = (used[r] ?? 0) + w;
    row.set(id, r);
  }
  // then, last first, each unit moves down next to the first unit that waits for it, where that
  // row has room: a unit nothing is ordered before (timers.target, kmod-static-nodes.service) is
  // drawn just above what it is needed by rather than in the first row with a long edge down
  const succs = new Map<string, string[]>();
  for (const [to, ps] of preds) for (const p of ps) (succs.get(p) ?? succs.set(p, []).get(p) ?? []).push(to);
  for (const id of [...steps.order].reverse()) {
    const next = succs.get(id);
    const cur = row.get(id) ?? 0;
    if (next === undefined || next.length === 0) continue;
    const limit = Math.min(...next.map((n) => row.get(n) ?? 0)) - 1;
    const w = width(id) + NODE_GAP_DOWN;
    for (let r = limit; r > cur; r--) {
      if ((used[r] ?? 0) + w > ROW_WIDTH_BUDGET) continue;
      used[cur] = (used[cur] ?? 0) - w;
      used[r] = (used[r] ?? 0) + w;
      row.set(id, r);
      break;
    }
  }
  return row;
};

export const toElk = (sel: Selection, measure: MeasureText, direction: 'RIGHT' | 'DOWN' = 'RIGHT'): ElkInput => {
  // the side an edge leaves by (forward along the ordering) and the side it enters by
  const OUT = direction === 'DOWN' ? 'SOUTH' : 'EAST';
  const IN = direction === 'DOWN' ? 'NORTH' : 'WEST';
  const types = new Map(sel.nodes.map((n) => [n.id, n.type]));
  const steps = computeSteps(
    sel.nodes.map((n) => n.id),
    sel.edges,
  );
  const labels = new Map<string, string>();
  const rank = new Map(steps.order.map((id, i) => [id, i]));
  const edges = new Map<string, RenderEdge>();
  const { kept, omitted } = omitImpliedOrdering(sel.edges, steps);
  // Every edge ends at a port, and edges that share a port share their last stretch (ELK routes
  // them as one hyperedge). Ports keep edges of different meaning apart: the ordering enters on the
  // west and leaves on the east; pull-in edges (hard, soft, other) leave and enter by ports of their
  // own, on the side they run to (forward or back along the ordering). `#` never occurs in a unit name.
  const ports = new Map<string, Map<string, string>>();
  const port = (node: string, name: string, side: string): string => {
    const m = ports.get(node) ?? new Map<string, string>();
    ports.set(node, m);
    m.set(name, side);
    return `${node}#${name}`;
  };
  const group = (kind: string): string => (kind === 'Wants' || kind === 'Upholds' ? 'soft' : kind === 'Requires' || kind === 'Requisite' || kind === 'BindsTo' ? 'hard' : 'other');
  const elkEdges: ElkExtendedEdge[] = kept.sort(compareEdges).map((e, i) => {
    const id = `e${i}`;
    edges.set(id, e);
    let src: string;
    let dst: string;
    if (e.kind === 'Before') {
      src = port(e.from, 'o-out', OUT);
      dst = port(e.to, 'o-in', IN);
    } else {
      const fwd = (rank.get(e.from) ?? 0) < (rank.get(e.to) ?? 0);
      const g = group(e.kind);
      src = port(e.from, `${g}-${fwd ? 'f' : 'b'}-src`, fwd ? OUT : IN);
      dst = port(e.to, `${g}-${fwd ? 'f' : 'b'}-dst`, fwd ? IN : OUT);
    }
    return { id, sources: [src], targets: [dst], layoutOptions: { ...(e.kind === 'Before' ? ELK_ORDERING_EDGE : ELK_PULL_EDGE) } };
  });
  const rows = direction === 'DOWN' ? budgetRows(steps, kept, (id) => nodeSize(id, types.get(id) ?? 'service', measure).width) : undefined;
  const children: ElkNode[] = steps.order.map((id) => {
    const { label, width, height } = nodeSize(id, types.get(id) ?? 'service', measure);
    labels.set(id, label);
    const ps = [...(ports.get(id) ?? new Map<string, string>())].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return {
      id,
      width,
      height,
      // top to bottom, ELK's INTERACTIVE layering reads each unit's row from its y
      ...(rows === undefined ? {} : { x: 0, y: (rows.get(id) ?? 0) * 4 * NODE.height }),
      layoutOptions: { ...ELK_NODE },
      ports: ps.map(([name, side]) => ({ id: `${id}#${name}`, width: 0, height: 0, layoutOptions: { ...ELK_PORT, 'elk.port.side': side } })),
    };
  });
  let span = 0;
  for (const e of kept) span += Math.abs((steps.step.get(e.to) ?? 0) - (steps.step.get(e.from) ?? 0));
  return { graph: { id: 'root', layoutOptions: { ...ELK_ROOT_OPTIONS, ...sizeOptions(span), 'elk.direction': direction, ...(direction === 'DOWN' ? ELK_DOWN_OPTIONS : {}), ...(direction === 'DOWN' && children.length > LARGE_DOWN_NODES ? { 'elk.layered.crossingMinimization.strategy': 'NONE' } : {}) }, children, edges: elkEdges }, edges, labels, omitted };
};
