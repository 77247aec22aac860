/** `unitgraph graph`: the contract's JSON, Graphviz DOT and Mermaid. Pure. */
import type { DepEdge } from '../../graph/types.js';
import { toEdgeJson } from './edge-json.js';

export interface GraphData {
  target: string;
  /** The steps of the boot plan: the target each starts, start or isolate, what an isolate stops. */
  phases?: Array<{ target: string; mode: string; stopped: string[] }>;
  /** `jobs`: the targets of the phases in which the unit gets a job ([] for none). */
  nodes: Array<{ id: string; type: string; origin: string; masked: boolean; inTransaction?: boolean; jobs?: string[] }>;
  edges: DepEdge[];
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export const toGraphJson = (d: GraphData) => ({
  target: d.target,
  ...(d.phases === undefined ? {} : { phases: d.phases }),
  nodes: [...d.nodes].sort((a, b) => cmp(a.id, b.id)).map((n) => ({ id: n.id, type: n.type, origin: n.origin, masked: n.masked, ...(n.jobs === undefined ? {} : { jobs: n.jobs }) })),
  edges: [...d.edges]
    .sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to) || cmp(a.kind, b.kind) || cmp(a.origin, b.origin) || cmp(a.file ?? '', b.file ?? '') || (a.line ?? 0) - (b.line ?? 0))
    .map((e) => toEdgeJson(e)),
});

export const formatGraphJson = (d: GraphData): string => JSON.stringify(toGraphJson(d), null, 2) + '\n';

const STYLE: Record<string, string> = {
  Before: 'color="#555555"',
  Wants: 'color="#2b7bb9", style=dashed',
  Requires: 'color="#2b7bb9", penwidth=2',
  Requisite: 'color="#2b7bb9", penwidth=2',
  BindsTo: 'color="#8e44ad", penwidth=2',
  Conflicts: 'color="#c0392b", style=dotted',
};

export const formatGraphDot = (d: GraphData): string => {
  const q = (s: string): string => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const j = toGraphJson(d);
  const lines = [`digraph ${q(d.target)} {`, '  rankdir=LR;', '  node [shape=box, fontname="sans-serif", fontsize=10];'];
  for (const n of j.nodes) {
    const attrs = [n.origin === 'generator' ? 'style=dashed' : '', n.origin === 'referenced' ? 'color=gray' : '', n.masked ? 'fontcolor=gray' : '', n.id === d.target ? 'penwidth=2' : '']
      .filter((x) => x !== '')
      .join(', ');
    lines.push(`  ${q(n.id)}${attrs === '' ? '' : ` [${attrs}]`};`);
  }
  for (const e of j.edges) {
    const quiet = e.origin === 'default' || e.origin === 'implicit' ? ', style=dotted' : '';
    lines.push(`  ${q(e.from)} -> ${q(e.to)} [label=${q(e.kind)}, ${STYLE[e.kind] ?? 'color=black'}${quiet}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
};

export const formatGraphMermaid = (d: GraphData): string => {
  const j = toGraphJson(d);
  const ids = new Map(j.nodes.map((n, i) => [n.id, `n${i}`]));
  const label = (s: string): string => `"${s.replace(/"/g, '#quot;')}"`;
  const lines = ['flowchart LR'];
  for (const n of j.nodes) lines.push(`  ${ids.get(n.id) ?? ''}[${label(n.id)}]`);
  for (const e of j.edges) {
    const arrow = e.kind === 'Before' ? '-->' : e.kind === 'Wants' ? '-.->' : '==>';
    lines.push(`  ${ids.get(e.from) ?? ''} ${arrow}|${e.kind}| ${ids.get(e.to) ?? ''}`);
  }
  return lines.join('\n') + '\n';
};
