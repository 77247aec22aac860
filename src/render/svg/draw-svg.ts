/**
 * Layout → SVG text. Pure and byte-stable: the same Layout always gives the same string (fixed
 * number formatting, elements in sorted order, no dates, no random ids). The picture is the
 * Layout moved below a header (title, counts, legend); the view decides how the body is drawn.
 */
import { measureSans } from '../layout/measure.js';
import type { Layout, LayoutEdge, LayoutNode } from '../layout/types.js';
import { drawTimelineBody } from './draw-timeline.js';
import { drawUnitBox } from './draw-unit.js';
import { drawLegend } from './legend.js';
import { COLORS, edgeStyle, isQuietOrigin, MARKERS } from './style.js';
import { attrs, esc, FONT, roundedPath } from './svg-util.js';

export interface DrawSvgOptions {
  readonly title?: string;
}

const NODE_FONT = 12;
const MARGIN = 16;
// drawn bottom to top: the ordering, which this view is about, goes over the pull-in edges
const KIND_ORDER = ['Wants', 'Upholds', 'PartOf', 'Requires', 'Requisite', 'BindsTo', 'Conflicts', 'Before'];

/** Kinds not listed (Triggers, OnFailure, ...) go just under Conflicts. */
const rank = (kind: string): number => (KIND_ORDER.includes(kind) ? KIND_ORDER.indexOf(kind) : KIND_ORDER.indexOf('Conflicts') - 0.5);

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Quiet edges first (they go underneath), then by kind, then by id. */
const edgeOrder = (a: LayoutEdge, b: LayoutEdge): number =>
  Number(isQuietOrigin(b.origin)) - Number(isQuietOrigin(a.origin)) || rank(a.kind) - rank(b.kind) || cmp(a.id, b.id);

const markerDefs = (): string =>
  MARKERS.map(
    ([id, color]) =>
      `<marker ${attrs([['id', id], ['viewBox', '0 0 10 10'], ['refX', 9], ['refY', 5], ['markerWidth', 8], ['markerHeight', 8], ['markerUnits', 'userSpaceOnUse'], ['orient', 'auto-start-reverse']])}><path d="M0,1 L10,5 L0,9 z" ${attrs([['fill', color]])}/></marker>`,
  ).join('');

export const drawEdge = (e: LayoutEdge): string => {
  const s = e.critical === true ? { stroke: COLORS.critical, width: 2, opacity: 1, marker: 'arrow-critical' } : edgeStyle(e.kind, e.origin);
  const d = roundedPath(e.points, 5);
  const dots = (e.junctions ?? []).map((p) => `<circle ${attrs([['cx', p.x], ['cy', p.y], ['r', Math.max(1.6, s.width)], ['fill', s.stroke], ['opacity', s.opacity]])}/>`).join('');
  return `<path ${attrs([['class', `edge ${e.kind}`], ['data-edge', e.id], ['d', d], ['fill', 'none'], ['stroke', s.stroke], ['stroke-width', s.width], ['stroke-dasharray', 'dash' in s ? s.dash : undefined], ['opacity', s.opacity], ['marker-end', `url(#${s.marker})`]])}><title>${esc(`${e.from} ${e.kind} ${e.to} (${e.origin})`)}</title></path>${dots}`;
};

/** Ordering view: the edges, then the units (landmark targets are told apart by their outline). */
const drawOrderingBody = (layout: Layout): string => {
  const edges = [...layout.edges].sort(edgeOrder).map(drawEdge);
  const nodes = [...layout.nodes].sort((a: LayoutNode, b: LayoutNode) => cmp(a.id, b.id)).map((n) => drawUnitBox(n, NODE_FONT));
  return `<g class="edges">${edges.join('')}</g><g class="units">${nodes.join('')}</g>`;
};

const summary = (layout: Layout): string => {
  const errors = layout.nodes.filter((n) => n.findings.some((f) => f.severity === 'error')).length;
  const warnings = layout.nodes.filter((n) => n.findings.some((f) => f.severity === 'warning') && !n.findings.some((f) => f.severity === 'error')).length;
  const infos = layout.nodes.filter((n) => n.findings[0]?.severity === 'info').length;
  const parts = [`${String(layout.nodes.length)} units`];
  if (layout.view !== 'timeline') parts.push(`${String(layout.edges.length)} edges`);
  else {
    const timed = layout.nodes.some((n) => n.start !== undefined);
    const end = Math.max(0, ...layout.nodes.map((n) => (n.start ?? 0) + (n.duration ?? 0)));
    parts.push(timed ? `last job done after ${String(Math.round(end * 1000) / 1000)}s (predicted)` : `${String(Math.max(0, ...layout.nodes.map((n) => n.step ?? 0)) + 1)} steps`);
    parts.push(`critical chain of ${String(layout.nodes.filter((n) => n.critical === true).length)} jobs`);
  }
  if (errors > 0) parts.push(`${String(errors)} with errors`);
  if (warnings > 0) parts.push(`${String(warnings)} with warnings`);
  if (infos > 0) parts.push(`${String(infos)} with infos only`);
  return `${layout.view} view · ${parts.join(' · ')}`;
};

export function drawSvg(layout: Layout, opts: DrawSvgOptions = {}): string {
  const title = opts.title ?? 'unitgraph';
  const timeline = layout.view === 'timeline';
  const focus = layout.nodes.some((n) => n.focus === true);
  const timed = layout.nodes.some((n) => n.start !== undefined);
  const sub = summary(layout);
  // what was folded, reduced or left out: one line each under the counts
  const notes = layout.labels.filter((l) => l.kind === 'legend').map((l) => l.text);
  const headW = Math.max(measureSans(title, 16) * 1.2, measureSans(sub, 11), ...notes.map((t) => measureSans(t, 11))) + 2 * MARGIN;
  const legendTop = 54 + 15 * notes.length;
  const legendMax = Math.max(layout.width, headW, 900) - 2 * MARGIN;
  const legend = drawLegend(MARGIN, legendTop, legendMax, { timeline, focus, timed, stopped: timeline && layout.nodes.some((n) => n.stoppedBy !== undefined) });
  const width = Math.ceil(Math.max(layout.width, headW, legend.width + 2 * MARGIN));
  const top = legendTop + legend.height + 10;
  const height = Math.ceil(top + layout.height);
  const body = timeline ? drawTimelineBody(layout, width) : drawOrderingBody(layout);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" ${attrs([['width', width], ['height', height], ['viewBox', `0 0 ${String(width)} ${String(height)}`], ['font-family', FONT]])}>`,
    `<title>${esc(title)}</title>`,
    `<defs>${markerDefs()}</defs>`,
    `<rect ${attrs([['width', width], ['height', height], ['fill', '#ffffff']])}/>`,
    `<text ${attrs([['x', MARGIN], ['y', 26], ['font-size', 16], ['font-weight', 'bold'], ['fill', COLORS.text]])}>${esc(title)}</text>`,
    `<text ${attrs([['x', MARGIN], ['y', 44], ['font-size', 11], ['fill', COLORS.muted]])}>${esc(sub)}</text>`,
    ...notes.map((t, i) => `<text ${attrs([['class', 'note'], ['x', MARGIN], ['y', 59 + 15 * i], ['font-size', 11], ['fill', COLORS.muted]])}>${esc(t)}</text>`),
    legend.svg,
    `<line ${attrs([['x1', 0], ['y1', top - 5], ['x2', width], ['y2', top - 5], ['stroke', '#dadce0'], ['stroke-width', 1]])}/>`,
    `<g ${attrs([['class', `body ${layout.view}`], ['transform', `translate(0,${String(top)})`]])}>${body}</g>`,
    '</svg>',
    '',
  ].join('\n');
}
