/**
 * The timeline body: phase bands between landmark targets, the step (or time) axis with grid
 * lines, the critical chain's links, then one bar per job with its name.
 */
import type { Layout, LayoutEdge, LayoutNode } from '../layout/types.js';
import { TIMELINE } from '../layout/timeline.js';
import { drawUnitBar } from './draw-unit.js';
import { COLORS, MARKERS } from './style.js';
import { attrs, esc, roundedPath } from './svg-util.js';

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const drawLink = (e: LayoutEdge): string => {
  const marker = MARKERS.find(([id]) => id === 'arrow-critical')?.[0] ?? 'arrow-critical';
  return `<path ${attrs([['class', 'edge critical'], ['data-edge', e.id], ['d', roundedPath(e.points, 4)], ['fill', 'none'], ['stroke', COLORS.critical], ['stroke-width', 1.6], ['marker-end', `url(#${marker})`]])}><title>${esc(`${e.from} Before ${e.to} (${e.origin})`)}</title></path>`;
};

export const drawTimelineBody = (layout: Layout, width: number): string => {
  const axis = layout.labels.filter((l) => l.kind === 'axis');
  const phaseLabels = layout.labels.filter((l) => l.kind === 'phase');
  const gridTop = (axis[0]?.y ?? 0) + 5;
  const bottom = layout.height - TIMELINE.margin / 2;
  const out: string[] = [];
  // phase bands, alternately shaded, each closed by a line where its landmark is reached
  // (landmarks reached at the same point make empty phases; they do not count for the alternation)
  (layout.phases ?? [])
    .filter((p) => p.x1 > p.x0)
    .forEach((p, i) => {
      if (i % 2 === 0) out.push(`<rect ${attrs([['x', p.x0], ['y', gridTop], ['width', p.x1 - p.x0], ['height', bottom - gridTop], ['fill', '#fdf6e3']])}/>`);
    });
  for (const l of axis) {
    out.push(`<line ${attrs([['x1', l.x], ['y1', gridTop], ['x2', l.x], ['y2', bottom], ['stroke', '#e8eaed'], ['stroke-width', 1]])}/>`);
    out.push(`<text ${attrs([['x', l.x + 3], ['y', l.y], ['font-size', 10], ['fill', COLORS.muted]])}>${esc(l.text)}</text>`);
  }
  const axisCaption = layout.nodes.some((n) => n.start !== undefined) ? 'time →' : 'step →';
  out.push(`<text ${attrs([['x', width - TIMELINE.margin], ['y', axis[0]?.y ?? 0], ['font-size', 10], ['text-anchor', 'end'], ['fill', COLORS.muted]])}>${axisCaption}</text>`);
  // where each landmark is reached: a line from its name down through the lanes
  const lineTop = new Map<number, number>();
  for (const p of layout.phases ?? []) {
    const l = phaseLabels.find((x) => x.text === p.name);
    lineTop.set(p.x1, Math.min(lineTop.get(p.x1) ?? gridTop, l === undefined ? gridTop : l.y - 10));
  }
  for (const [x, top] of [...lineTop].sort((a, b) => a[0] - b[0])) {
    out.push(`<line ${attrs([['x1', x], ['y1', top], ['x2', x], ['y2', bottom], ['stroke', COLORS.landmark], ['stroke-width', 1], ['stroke-dasharray', '3 3'], ['opacity', 0.6]])}/>`);
  }
  // the steps of the boot plan: a solid line where a later step begins, its name in the top row
  for (const [i, b] of (layout.boundaries ?? []).entries()) {
    out.push(`<line ${attrs([['class', 'boundary'], ['x1', b.x], ['y1', TIMELINE.margin - 2 + i * TIMELINE.phaseRow], ['x2', b.x], ['y2', bottom], ['stroke', COLORS.text], ['stroke-width', 2]])}/>`);
    out.push(`<text ${attrs([['class', 'boundary'], ['x', b.x + 4], ['y', TIMELINE.margin + 9 + i * TIMELINE.phaseRow], ['font-size', 11], ['font-weight', 'bold'], ['fill', COLORS.text]])}>${esc(b.text)}</text>`);
  }
  for (const l of phaseLabels) out.push(`<text ${attrs([['x', l.x], ['y', l.y], ['font-size', 11], ['fill', COLORS.landmark]])}>${esc(l.text)}</text>`);
  const links = [...layout.edges].sort((a, b) => cmp(a.id, b.id)).map(drawLink);
  const bars = [...layout.nodes].sort((a: LayoutNode, b: LayoutNode) => cmp(a.id, b.id)).map((n) => drawUnitBar(n, TIMELINE.fontSize, TIMELINE.labelGap));
  return `<g class="phases">${out.join('')}</g><g class="edges">${links.join('')}</g><g class="units">${bars.join('')}</g>`;
};
