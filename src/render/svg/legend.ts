/**
 * The legend: what the shapes, outlines, lines and colours mean, drawn with the same style table
 * as the picture. Laid out in labelled rows that wrap at the given width.
 */
import { measureSans } from '../layout/measure.js';
import { COLORS, edgeStyle, LEGEND_TYPES, shapeElement, unitStyle } from './style.js';
import { attrs, esc, num } from './svg-util.js';

interface Item {
  readonly sample: (x: number, y: number) => string;
  readonly text: string;
}

const SAMPLE_W = 34;
const ROW_H = 22;
const HEAD_W = 56;
const FS = 11;

const box = (opts: { type?: string; stroke?: string; width?: number; dash?: string; fill?: string; strike?: boolean }) => (x: number, y: number): string => {
  const st = unitStyle(opts.type ?? 'service');
  const paint = attrs([['fill', opts.fill ?? st.fill], ['stroke', opts.stroke ?? st.stroke], ['stroke-width', opts.width ?? 1.2], ['stroke-dasharray', opts.dash]]);
  const shape = shapeElement(st.shape, x, y - 7, SAMPLE_W - 6, 14, paint);
  return opts.strike === true ? `${shape}<line ${attrs([['x1', x + 3], ['y1', y], ['x2', x + SAMPLE_W - 9], ['y2', y], ['stroke', COLORS.muted], ['stroke-width', 1.2]])}/>` : shape;
};

const line = (kind: string, origin = 'file') => (x: number, y: number): string => {
  const s = edgeStyle(kind, origin);
  return `<path ${attrs([['d', `M${num(x)},${num(y)} L${num(x + SAMPLE_W - 8)},${num(y)}`], ['fill', 'none'], ['stroke', s.stroke], ['stroke-width', s.width], ['stroke-dasharray', s.dash], ['opacity', s.opacity], ['marker-end', `url(#${s.marker})`]])}/>`;
};

const bar = (fill: string, stroke: string) => (x: number, y: number): string =>
  `<rect ${attrs([['x', x], ['y', y - 6], ['width', SAMPLE_W - 6], ['height', 12], ['rx', 2], ['fill', fill], ['stroke', stroke], ['stroke-width', 1]])}/>`;

const stoppedSample = (x: number, y: number): string =>
  `${box({})(x, y)}<g ${attrs([['stroke', COLORS.stopped], ['stroke-width', 2]])}><line ${attrs([['x1', x + SAMPLE_W - 13], ['y1', y - 4], ['x2', x + SAMPLE_W - 5], ['y2', y + 4]])}/><line ${attrs([['x1', x + SAMPLE_W - 13], ['y1', y + 4], ['x2', x + SAMPLE_W - 5], ['y2', y - 4]])}/></g>`;

const marks = (timeline: boolean, focus: boolean, stopped = false): Item[] => [
  { sample: timeline ? bar('#fef7e0', COLORS.landmark) : box({ type: 'target', stroke: COLORS.landmark, width: 2.5 }), text: timeline ? 'landmark target (phase line)' : 'landmark target (bootup(7))' },
  { sample: box({ dash: '4 2' }), text: 'made by a generator' },
  { sample: box({ fill: '#f1f3f4', stroke: COLORS.referenced, dash: '2 2' }), text: 'referenced, absent' },
  { sample: box({ fill: '#f1f3f4', stroke: COLORS.referenced, strike: true }), text: 'masked' },
  { sample: box({ stroke: COLORS.error, width: 3 }), text: 'has an error (hover)' },
  { sample: box({ stroke: COLORS.warning, width: 3 }), text: 'has a warning (hover)' },
  { sample: box({ stroke: COLORS.info, width: 2.5 }), text: 'has an info (hover)' },
  ...(focus
    ? [{ sample: (x: number, y: number) => `<rect ${attrs([['x', x - 2], ['y', y - 9], ['width', SAMPLE_W - 2], ['height', 18], ['rx', 5], ['fill', 'none'], ['stroke', COLORS.focus], ['stroke-width', 2]])}/>${box({})(x, y)}`, text: 'focused unit' }]
    : []),
  ...(stopped ? [{ sample: stoppedSample, text: 'stopped by the isolate of a later step' }] : []),
];

const rows = (timeline: boolean, focus: boolean, stopped = false): Array<readonly [string, Item[]]> => [
  ['Units', LEGEND_TYPES.map((t) => ({ sample: timeline ? bar(unitStyle(t).fill, unitStyle(t).stroke) : box({ type: t }), text: t }))],
  ['Marks', marks(timeline, focus, stopped)],
  timeline
    ? ['Time', [
        { sample: bar(COLORS.critical, COLORS.critical), text: 'critical chain: what decides when the target is reached' },
        { sample: line('Before'), text: 'x = step: position on the longest After=/Before= chain' },
        { sample: bar('#fdf6e3', '#fdf6e3'), text: 'shaded: every other stretch between two landmark targets' },
      ]]
    : ['Edges', [
        { sample: line('Before'), text: 'A before B' },
        { sample: line('Requires'), text: 'Requires/Requisite' },
        { sample: line('Wants'), text: 'Wants/Upholds' },
        { sample: line('BindsTo'), text: 'BindsTo' },
        { sample: line('PartOf'), text: 'PartOf' },
        { sample: line('Conflicts'), text: 'Conflicts' },
        { sample: line('Triggers'), text: 'Triggers, OnFailure, …' },
        { sample: line('Requires', 'default'), text: 'added by systemd (default/implicit)' },
      ]],
];

/** The legend as SVG, its top-left at (x, y), wrapping at maxWidth; returns its size too. */
export const drawLegend = (x: number, y: number, maxWidth: number, opts: { timeline: boolean; focus: boolean; timed?: boolean; stopped?: boolean }): { svg: string; width: number; height: number } => {
  const out: string[] = [];
  let cy = y + ROW_H / 2;
  let widest = 0;
  for (const [head, items0] of rows(opts.timeline, opts.focus, opts.stopped === true)) {
    const items = opts.timed === true && head === 'Time' ? items0.map((it, i) => (i === 1 ? { ...it, text: 'x = predicted start from measured durations (systemd-analyze blame)' } : it)) : items0;
    out.push(`<text ${attrs([['x', x], ['y', cy + 4], ['font-size', FS], ['font-weight', 'bold'], ['fill', COLORS.muted]])}>${esc(head)}</text>`);
    let cx = x + HEAD_W;
    for (const it of items) {
      const w = SAMPLE_W + Math.ceil(measureSans(it.text, FS)) + 18;
      if (cx + w > x + maxWidth && cx > x + HEAD_W) {
        cx = x + HEAD_W;
        cy += ROW_H;
      }
      out.push(`<g>${it.sample(cx, cy)}<text ${attrs([['x', cx + SAMPLE_W], ['y', cy + 4], ['font-size', FS], ['fill', COLORS.text]])}>${esc(it.text)}</text></g>`);
      cx += w;
      widest = Math.max(widest, cx - x);
    }
    cy += ROW_H;
  }
  return { svg: `<g class="legend">${out.join('')}</g>`, width: widest, height: cy - ROW_H / 2 - y };
};
