/**
 * ELK's answer → the engine-neutral Layout. Coordinates are rounded to 0.1 px; nodes and edges
 * come out sorted, so the Layout JSON is stable and can be snapshot.
 */
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import { LANDMARKS, type RenderFinding, type RenderInput, type RenderNode } from '../types.js';
import type { Selection } from './focus.js';
import { round1 } from './node-label.js';
import { compareEdges, type ElkInput } from './to-elk.js';
import type { Layout, LayoutEdge, LayoutNode, Point } from './types.js';

const SEVERITY_RANK: Readonly<Record<string, number>> = { error: 0, warning: 1, info: 2 };

type NodeFindings = LayoutNode['findings'];

/** unit → its findings, errors first. */
export const findingsByUnit = (findings: readonly RenderFinding[]): Map<string, NodeFindings> => {
  const out = new Map<string, Array<{ rule: string; severity: string; message: string }>>();
  for (const f of findings)
    for (const u of new Set(f.units)) {
      const l = out.get(u) ?? [];
      l.push({ rule: f.rule, severity: f.severity, message: f.message });
      out.set(u, l);
    }
  for (const l of out.values())
    l.sort((a, b) => (SEVERITY_RANK[a.severity] ?? 9) - (SEVERITY_RANK[b.severity] ?? 9) || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
  return out;
};

/** The fields every drawn unit has, whatever the view. */
export const unitFields = (
  n: RenderNode,
  label: string,
  findings: ReadonlyMap<string, NodeFindings>,
  sel: Selection,
): Pick<LayoutNode, 'id' | 'label' | 'type' | 'origin' | 'landmark' | 'masked' | 'findings' | 'inTransaction' | 'stoppedBy' | 'jobs'> & { focus?: boolean } => ({
  id: n.id,
  label,
  type: n.type,
  origin: n.origin,
  landmark: LANDMARKS.includes(n.id),
  masked: n.masked,
  findings: findings.get(n.id) ?? [],
  inTransaction: n.inTransaction,
  ...(n.stoppedBy === undefined ? {} : { stoppedBy: n.stoppedBy }),
  ...(n.jobs === undefined ? {} : { jobs: n.jobs }),
  ...(sel.focus === n.id ? { focus: true } : {}),
});

export const byId = <T extends { readonly id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Unique, readable edge ids: `Before:a->b`, with `#2`, `#3` for repeats. */
export const edgeIds = (edges: readonly { from: string; to: string; kind: string }[]): string[] => {
  const seen = new Map<string, number>();
  return edges.map((e) => {
    const base = `${e.kind}:${e.from}->${e.to}`;
    const k = (seen.get(base) ?? 0) + 1;
    seen.set(base, k);
    return k === 1 ? base : `${base}#${k}`;
  });
};

export const fromElk = (out: ElkNode, elk: ElkInput, sel: Selection, input: RenderInput): Layout => {
  const nodesById = new Map(sel.nodes.map((n) => [n.id, n]));
  const findings = findingsByUnit(input.findings);
  const nodes: LayoutNode[] = [];
  for (const c of out.children ?? []) {
    const n = nodesById.get(c.id);
    if (n === undefined) continue;
    nodes.push({
      ...unitFields(n, elk.labels.get(c.id) ?? c.id, findings, sel),
      x: round1(c.x ?? 0),
      y: round1(c.y ?? 0),
      width: round1(c.width ?? 0),
      height: round1(c.height ?? 0),
    });
  }
  nodes.sort(byId);
  const routed = (out.edges ?? []).flatMap((oe) => {
    const e = elk.edges.get(oe.id);
    const s = oe.sections?.[0];
    if (e === undefined || s === undefined) return [];
    const points: Point[] = [s.startPoint, ...(s.bendPoints ?? []), s.endPoint].map((p) => ({ x: round1(p.x), y: round1(p.y) }));
    const junctions = (oe.junctionPoints ?? []).map((p) => ({ x: round1(p.x), y: round1(p.y) }));
    return [{ e, points, junctions }];
  });
  routed.sort((a, b) => compareEdges(a.e, b.e));
  const ids = edgeIds(routed.map((r) => r.e));
  const edges: LayoutEdge[] = routed.map((r, i) => ({ id: ids[i] ?? '', from: r.e.from, to: r.e.to, kind: r.e.kind, origin: r.e.origin, points: r.points, ...(r.junctions.length === 0 ? {} : { junctions: r.junctions }) }));
  return { view: 'ordering', width: round1(out.width ?? 0), height: round1(out.height ?? 0), nodes, edges, labels: elk.omitted === 0 ? [] : [{ text: `${String(elk.omitted)} ordering edges added by systemd not drawn: a drawn chain implies them`, x: 0, y: 0, kind: 'legend' }] };
};
