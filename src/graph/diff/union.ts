/**
 * The union of two generations as one drawing input: every unit and edge of either, each marked
 * added, removed, changed or unchanged, for `unitgraph diff -o FILE.svg`. Units are "in the
 * transaction" when they are in either generation's transaction.
 */
import type { RenderEdge, RenderInput, RenderNode } from '../../render/types.js';
import type { DepEdge } from '../types.js';
import type { DiffInput, GraphDiff } from './types.js';
import { jobsByUnit, stoppedByUnit } from '../plan.js';

export type DiffStatus = 'added' | 'removed' | 'changed' | 'unchanged';

export interface DiffRenderInput {
  readonly input: RenderInput;
  /** Unit id → status. */
  readonly nodes: ReadonlyMap<string, DiffStatus>;
  /** `edgeId(e)` → status. */
  readonly edges: ReadonlyMap<string, DiffStatus>;
  /** Units of both generations that joined or left the boot (or one of its steps). */
  readonly membership: ReadonlyMap<string, Membership>;
}

export const edgeId = (e: { from: string; to: string; kind: string; origin: string }): string => `${e.from}\u0000${e.to}\u0000${e.kind}\u0000${e.origin}`;

const renderNodes = (g: DiffInput): Map<string, RenderNode> => {
  const jobs = jobsByUnit(g.graph.plan);
  const stoppedBy = stoppedByUnit(g.graph.plan);
  return new Map(
    g.graph.view.mapNodes((n, a): [string, RenderNode] => [
      n,
      { id: n, type: a.unit.type, origin: a.unit.origin, masked: a.unit.masked, inTransaction: g.graph.transaction.has(n), jobs: jobs.get(n) ?? [], ...(stoppedBy.has(n) ? { stoppedBy: stoppedBy.get(n) as string } : {}) },
    ]),
  );
};

/**
 * Units both generations have whose place in the boot changed: `joined` (the new generation gives
 * it a job in a step where the old one gave none), `left` (the reverse), with a line saying which.
 * A unit that joins one step and leaves another counts as joined.
 */
export interface Membership {
  readonly status: 'joined' | 'left';
  readonly text: string;
}

const stepName = (g: DiffInput, target: string): string => {
  const i = g.graph.plan.phases.findIndex((p) => p.target === target);
  return g.graph.plan.phases.length > 1 && i >= 0 ? `step ${String(i + 1)} (${target})` : target;
};

export const membershipChanges = (oldGen: DiffInput, newGen: DiffInput): Map<string, Membership> => {
  const oj = jobsByUnit(oldGen.graph.plan);
  const nj = jobsByUnit(newGen.graph.plan);
  const out = new Map<string, Membership>();
  for (const id of [...new Set([...oj.keys(), ...nj.keys()])].sort()) {
    if (!oldGen.graph.view.hasNode(id) || !newGen.graph.view.hasNode(id) || !oldGen.set.units.has(id) || !newGen.set.units.has(id)) continue;
    const a = oj.get(id) ?? [];
    const b = nj.get(id) ?? [];
    const gained = b.filter((t) => !a.includes(t));
    const lost = a.filter((t) => !b.includes(t));
    if (gained.length > 0) out.set(id, { status: 'joined', text: `${a.length === 0 ? 'joins the boot' : 'now also'}: a job in ${gained.map((t) => stepName(newGen, t)).join(', ')}${lost.length > 0 ? `, none in ${lost.map((t) => stepName(oldGen, t)).join(', ')}` : ''}` });
    else if (lost.length > 0) out.set(id, { status: 'left', text: `${b.length === 0 ? 'leaves the boot' : 'no longer'}: no job in ${lost.map((t) => stepName(oldGen, t)).join(', ')}` });
  }
  return out;
};

const renderEdges = (g: DiffInput): Map<string, RenderEdge> => {
  const out = new Map<string, RenderEdge>();
  for (const e of g.graph.edges as readonly DepEdge[]) {
    if (!g.graph.view.hasNode(e.from) || !g.graph.view.hasNode(e.to) || out.has(edgeId(e))) continue;
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
    // drawn when either generation gives it a job, in the steps of either
    const jobs = [...new Set([...(n?.jobs ?? []), ...(o?.jobs ?? [])])];
    nodes.push({ ...node, inTransaction: (o?.inTransaction ?? false) || (n?.inTransaction ?? false), jobs });
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
    input: { source: `${oldGen.set.source} → ${newGen.set.source}`, target: newGen.graph.target, phases: newGen.graph.plan.phases.map((p) => ({ target: p.target, mode: p.mode })), nodes, edges, findings },
    nodes: nodeStatus,
    edges: edgeStatus,
    membership: membershipChanges(oldGen, newGen),
  };
};
