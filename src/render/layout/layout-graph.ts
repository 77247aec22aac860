/**
 * RenderInput → Layout: select what is drawn, then lay it out. The ordering view goes through
 * ELK (elk.bundled.js, the same build in Node, tests and the browser, loaded on first use so
 * that commands which do not draw never pay for it); the timeline is computed directly.
 */
import type { ELK } from 'elkjs/lib/elk-api.js';
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
}

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
  const elkInput = toElk(sel, opts.measure);
  const elk = await loadElk();
  const out = await elk.layout(elkInput.graph);
  return fromElk(out, elkInput, sel, input);
}
