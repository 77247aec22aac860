/**
 * RenderInput → Layout: select what is drawn, then lay it out. The ordering view goes through
 * ELK (elk.bundled.js, the same build in Node, tests and the browser, loaded on first use so
 * that commands which do not draw never pay for it); the timeline is computed directly.
 */
import type { ELK } from 'elkjs/lib/elk-api.js';
import { UnitgraphError } from '../../errors.js';
import type { RenderEdge, RenderInput } from '../types.js';
import { selectSubgraph } from './focus.js';
import { fromElk } from './from-elk.js';
import { jobUnits, reduceOrdering } from './reduce.js';
import { layoutTimeline } from './timeline.js';
import { toElk } from './to-elk.js';
import type { Layout, MeasureText } from './types.js';

export interface LayoutGraphOptions {
  readonly view: 'ordering' | 'timeline';
  readonly measure: MeasureText;
  readonly focus?: string;
  readonly depth?: number;
  readonly hideDefaults?: boolean;
  /** Ordering view: every stored edge among the transaction's units, no folding or reduction. */
  readonly allEdges?: boolean;
  /** Ordering view: plumbing (unit-name globs) drawn instead of folded. */
  readonly show?: readonly string[];
  /** Ordering view: units never folded and Before edges always drawn (a diff's changes). */
  readonly keepUnits?: ReadonlySet<string>;
  readonly keepEdge?: (e: RenderEdge) => boolean;
  /** Focus: most units drawn (default FOCUS_BUDGET). */
  readonly budget?: number;
  /** Called with the time of each stage, in ms (for --timings). */
  readonly timing?: (stage: string, ms: number) => void;
  /** Timeline: seconds per unit, from a real boot (`systemd-analyze blame`). */
  readonly durations?: ReadonlyMap<string, number>;
  /** The most units the ordering view hands to ELK (DEFAULT_MAX_LAYOUT_NODES when not given). */
  readonly maxNodes?: number;
}

/**
 * ELK's layered layout grows much faster than the graph: a generated tree of 500 units (5,800
 * edges) takes about 35 s and 0.5 GB, one of 1,000 units (11,000 edges) about 60 s and 1.4 GB.
 * Above this many units the ordering view is refused (exit 2) unless the bound is raised; the
 * timeline view, computed without ELK, has no such bound.
 */
export const DEFAULT_MAX_LAYOUT_NODES = 500;

/** Refuse an ELK layout of more than `max` units, naming the bound and the ways around it. */
export const checkLayoutBound = (count: number, max: number, what: string, hint: string): void => {
  if (count > max) {
    throw new UnitgraphError('limit', `${what} has ${count} units, more than the layout bound of ${max} (ELK's layered layout takes minutes and gigabytes above it); ${hint}, or raise the bound with --max-nodes ${count}`);
  }
};

let elkInstance: Promise<ELK> | undefined;

/** One ELK instance per process, created on first use. */
const loadElk = (): Promise<ELK> => {
  elkInstance ??= import('elkjs/lib/elk.bundled.js').then((m) => {
    // CommonJS default export: the constructor, reached through `default` once or twice
    const mod = m as unknown as { default: { new (): ELK; default?: new () => ELK } };
    const Ctor = mod.default.default ?? mod.default;
    return new Ctor();
  });
  return elkInstance;
};

export async function layoutGraph(input: RenderInput, opts: LayoutGraphOptions): Promise<Layout> {
  const clock = (): number => (typeof performance === 'undefined' ? Date.now() : performance.now());
  let t0 = clock();
  const lap = (stage: string): void => {
    const t = clock();
    opts.timing?.(stage, t - t0);
    t0 = t;
  };
  if (opts.view === 'ordering' && opts.allEdges !== true) {
    const red = reduceOrdering(input, {
      ...(opts.focus === undefined ? {} : { focus: opts.focus }),
      ...(opts.depth === undefined ? {} : { depth: opts.depth }),
      ...(opts.show === undefined ? {} : { show: opts.show }),
      ...(opts.budget === undefined ? {} : { budget: opts.budget }),
      ...(opts.keepUnits === undefined ? {} : { keepUnits: opts.keepUnits }),
      ...(opts.keepEdge === undefined ? {} : { keepEdge: opts.keepEdge }),
    });
    lap(`ordering reduction (${String(red.nodes.length)} units, ${String(red.edges.length)} edges drawn)`);
    checkLayoutBound(red.nodes.length, opts.maxNodes ?? DEFAULT_MAX_LAYOUT_NODES, opts.focus === undefined ? `the ordering view of ${input.target}'s boot plan` : `the ordering view around ${opts.focus}`, 'draw a part with --focus UNIT --depth N, use --view timeline');
    const elkInput = toElk(red, opts.measure, 'DOWN');
    const elk = await loadElk();
    lap('loading elkjs');
    const out = await elk.layout(elkInput.graph);
    lap(`ELK layout (${String(elkInput.graph.children?.length ?? 0)} nodes, ${String(elkInput.graph.edges?.length ?? 0)} edges)`);
    const layout = fromElk(out, elkInput, red, input);
    const notes = opts.hideDefaults === true ? [...red.notes, '--hide-defaults applies to --all-edges: here a default or implicit edge is drawn only where it carries order nobody else does'] : red.notes;
    return { ...layout, labels: [...notes.map((text) => ({ text, x: 0, y: 0, kind: 'legend' as const })), ...layout.labels] };
  }
  // --all-edges (and the timeline): the old selection, a focus being its neighbourhood over every edge kind
  const sel = selectSubgraph(input, {
    ...(opts.focus === undefined ? {} : { focus: opts.focus }),
    ...(opts.depth === undefined ? {} : { depth: opts.depth }),
    ...(opts.hideDefaults === undefined ? {} : { hideDefaults: opts.hideDefaults }),
  });
  if (opts.view === 'timeline' && opts.focus === undefined && opts.allEdges !== true) {
    // the jobs of every phase of the boot plan, in the order systemd runs them
    const jobs = new Set(jobUnits(input).map((n) => n.id));
    const timelineSel = { nodes: sel.nodes.filter((n) => jobs.has(n.id)), edges: sel.edges.filter((e) => jobs.has(e.from) && jobs.has(e.to)) };
    return layoutTimeline(input, timelineSel, { measure: opts.measure, ...(opts.durations === undefined ? {} : { durations: opts.durations }) });
  }
  if (opts.view === 'timeline') {
    return layoutTimeline(input, sel, { measure: opts.measure, ...(opts.durations === undefined ? {} : { durations: opts.durations }) });
  }
  checkLayoutBound(sel.nodes.length, opts.maxNodes ?? DEFAULT_MAX_LAYOUT_NODES, sel.focus === undefined ? `the ordering view of ${input.target}'s transaction` : `the ordering view around ${sel.focus}`, 'draw a part with --focus UNIT --depth N, use --view timeline');
  const elkInput = toElk(sel, opts.measure);
  const elk = await loadElk();
  lap('loading elkjs');
  const out = await elk.layout(elkInput.graph);
  lap(`ELK layout (${String(elkInput.graph.children?.length ?? 0)} nodes, ${String(elkInput.graph.edges?.length ?? 0)} edges, every edge)`);
  const layout = fromElk(out, elkInput, sel, input);
  return { ...layout, labels: [{ text: 'every stored edge among the transaction\'s units (--all-edges)', x: 0, y: 0, kind: 'legend' as const }, ...layout.labels] };
}
