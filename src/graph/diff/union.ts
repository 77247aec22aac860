/**
 * The union of two generations as one drawing input: every unit and edge of either, each marked
 * added, removed, changed or unchanged, for `unitgraph diff -o FILE.svg`. Units are "in the
 * transaction" when they are in either generation's transaction.
 */
import type { RenderEdge, RenderInput, RenderNode } from '../../render/types.js';
import type { DepEdge } from '../types.js';
import type { DiffInput, GraphDiff } from './types.js';

export type DiffStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export interface DiffRenderInput {
  readonly input: RenderInput;
  /** Unit id → status. */
  readonly nodes: ReadonlyMap<string, DiffStatus>;
  /** `edgeId(e)` → status. */
  readonly edges: ReadonlyMap<string, DiffStatus>;
}

export const edgeId = (e: { from: string; to: string; kind: string; origin: string }): string => `${e.from}\u0000${e.to}\u0000${e.kind}\u0000${e.origin}`;

const renderNodes = (g: DiffInput): Map<string, RenderNode> =>
  new Map(g.graph.graph.mapNodes((n, a): [string, RenderNode] => [n, { id: n, type: a.unit.type, origin: a.unit.origin, masked: a.unit.masked, inTransaction: g.graph.transaction.has(n) }]));

const renderEdges = (g: DiffInput): Map<string, RenderEdge> => {
  const out = new Map<string, RenderEdge>();
  for (const e of g.graph.edges as readonly DepEdge[]) {
    if (!g.graph.graph.hasNode(e.from) || !g.graph.graph.hasNode(e.to) || out.has(edgeId(e))) continue;
    out.set(edgeId(e), { from: e.from, to: e.to, kind: e.kind, origin: e.origin });
  }
  return out;
};

export const toDiffRenderInput = (oldGen: DiffInput, newGen: DiffInput, diff: GraphDiff): DiffRenderInput => {
  const oldNodes = renderNodes(oldGen);
  const newNodes = renderNodes(newGen);
  const changed = new Set([...diff.units.changed, ...diff.units.storeOnly].filter((u) => diff.keepStoreHashes || u.storeOnly !== true).map((u) => u.name));
  const nodeStatus = new Map<string, DiffStatus>();
  const nodes: RenderNode[] = [];
  for (const id of [...new Set([...oldNodes.keys(), ...newNodes.keys()])].sort()) {
    const o = oldNodes.get(id);
    const n = newNodes.get(id);
    const node = (n ?? o) as RenderNode;
    nodes.push({ ...node, inTransaction: (o?.inTransaction ?? false) || (n?.inTransaction ?? false) });
    nodeStatus.set(id, o === undefined ? 'added' : n === undefined ? 'removed' : changed.has(id) ? 'changed' : 'unchanged');
  }
  const oldEdges = renderEdges(oldGen);
  const newEdges = renderEdges(newGen);
  const edgeStatus = new Map<string, DiffStatus>();
  const edges: RenderEdge[] = [];
  for (const [k, e] of [...oldEdges, ...newEdges]) {
    if (edgeStatus.has(k)) continue;
    edges.push(e);
    edgeStatus.set(k, !oldEdges.has(k) ? 'added' : !newEdges.has(k) ? 'removed' : 'unchanged');
  }
  const findings = newGen.findings.map((f) => ({ rule: f.rule, severity: f.severity, units: [...f.units], message: f.message }));
  return {
    input: { source: `${oldGen.set.source} → ${newGen.set.source}`, target: newGen.graph.target, nodes, edges, findings },
    nodes: nodeStatus,
    edges: edgeStatus,
  };
};
