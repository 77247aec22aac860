/**
 * A selection → ELK JSON for the ordering view. Node sizes come from the injected text
 * measurement; children are listed in a topological order of Before (see elk-options.ts), edges
 * in a fixed order, so the same selection always yields the same ELK graph.
 */
import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import type { RenderEdge } from '../types.js';
import { ELK_NODE, ELK_ORDERING_EDGE, ELK_PORT, ELK_PULL_EDGE, ELK_ROOT_OPTIONS, NODE, sizeOptions } from './elk-options.js';
import type { Selection } from './focus.js';
import { round1, shortLabel } from './node-label.js';
import { omitImpliedOrdering } from './implied.js';
import { computeSteps } from './steps.js';
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

export const toElk = (sel: Selection, measure: MeasureText): ElkInput => {
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
      src = port(e.from, 'o-out', 'EAST');
      dst = port(e.to, 'o-in', 'WEST');
    } else {
      const fwd = (rank.get(e.from) ?? 0) < (rank.get(e.to) ?? 0);
      const g = group(e.kind);
      src = port(e.from, `${g}-${fwd ? 'f' : 'b'}-src`, fwd ? 'EAST' : 'WEST');
      dst = port(e.to, `${g}-${fwd ? 'f' : 'b'}-dst`, fwd ? 'WEST' : 'EAST');
    }
    return { id, sources: [src], targets: [dst], layoutOptions: { ...(e.kind === 'Before' ? ELK_ORDERING_EDGE : ELK_PULL_EDGE) } };
  });
  const children: ElkNode[] = steps.order.map((id) => {
    const { label, width, height } = nodeSize(id, types.get(id) ?? 'service', measure);
    labels.set(id, label);
    const ps = [...(ports.get(id) ?? new Map<string, string>())].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return { id, width, height, layoutOptions: { ...ELK_NODE }, ports: ps.map(([name, side]) => ({ id: `${id}#${name}`, width: 0, height: 0, layoutOptions: { ...ELK_PORT, 'elk.port.side': side } })) };
  });
  let span = 0;
  for (const e of kept) span += Math.abs((steps.step.get(e.to) ?? 0) - (steps.step.get(e.from) ?? 0));
  return { graph: { id: 'root', layoutOptions: { ...ELK_ROOT_OPTIONS, ...sizeOptions(span) }, children, edges: elkEdges }, edges, labels, omitted };
};
