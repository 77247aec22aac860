/**
 * RenderInput → Layout: select what is drawn, then lay it out. The ordering view goes through
 * ELK (elk.bundled.js, the same build in Node, tests and the browser, loaded on first use so
 * that commands which do not draw never pay for it); the timeline is computed directly.
 */
import type { ELK } from 'elkjs/lib/elk-api.js';
import { UnitgraphError } from '../../errors.js';
import type { RenderInput } from '../types.js';
import { selectSubgraph } from './focus.js';
import { fromElk } from './from-elk.js';
import { layoutTimeline } from './timeline.js';
import { toElk } from './to-elk.js';
import type { Layout, MeasureText } from './types.js';

export interface LayoutGraphOptions {
  readonly view: 'ordering' | 'timeline';
  readonly measure: MeasureText;
  readonly focus?: string;
  readonly depth?: number;
  readonly hideDefaults?: boolean;
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
  const sel = selectSubgraph(input, {
    ...(opts.focus === undefined ? {} : { focus: opts.focus }),
    ...(opts.depth === undefined ? {} : { depth: opts.depth }),
    ...(opts.hideDefaults === undefined ? {} : { hideDefaults: opts.hideDefaults }),
  });
  if (opts.view === 'timeline') {
    return layoutTimeline(input, sel, { measure: opts.measure, ...(opts.durations === undefined ? {} : { durations: opts.durations }) });
  }
  checkLayoutBound(sel.nodes.length, opts.maxNodes ?? DEFAULT_MAX_LAYOUT_NODES, sel.focus === undefined ? `the ordering view of ${input.target}'s transaction` : `the ordering view around ${sel.focus}`, 'draw a part with --focus UNIT --depth N, use --view timeline');
  const elkInput = toElk(sel, opts.measure);
  const elk = await loadElk();
  const out = await elk.layout(elkInput.graph);
  return fromElk(out, elkInput, sel, input);
}
