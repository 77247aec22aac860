/** One unit as SVG: its box (ordering view) or bar (timeline), its name, its tooltip. */
import type { LayoutNode } from '../layout/types.js';
import { COLORS, shapeElement, unitStyle } from './style.js';
import { attrs, esc } from './svg-util.js';

const ORIGIN_TEXT: Readonly<Record<string, string>> = {
  file: 'from a unit file',
  generator: 'made by a generator at boot',
  referenced: 'referenced by another unit, not present',
};

const fmtSec = (s: number): string => `${String(Math.round(s * 1000) / 1000)}s`;

/** The tooltip: name, type and origin, marks, then every finding (errors first). */
export const tooltip = (n: LayoutNode): string => {
  const lines = [n.id, `${n.type} · ${ORIGIN_TEXT[n.origin] ?? n.origin}`];
  if (n.masked) lines.push('masked (linked to /dev/null)');
  if (n.landmark) lines.push('landmark target of bootup(7)');
  if (n.inTransaction === false) lines.push('not in the transaction of the target');
  if (n.stoppedBy !== undefined) lines.push(`stopped by the isolate of ${n.stoppedBy}`);
  if (n.jobs !== undefined && n.jobs.length > 1) lines.push(`gets a job in ${n.jobs.join(' and ')}`);
  if (n.step !== undefined) lines.push(`step ${String(n.step)}${n.critical === true ? ' · on the critical chain' : ''}`);
  if (n.start !== undefined) lines.push(`predicted start ${fmtSec(n.start)}, took ${fmtSec(n.duration ?? 0)}`);
  for (const f of n.findings) lines.push(`${f.severity} ${f.rule}: ${f.message}`);
  return `<title>${esc(lines.join('\n'))}</title>`;
};

/** Outline colour and width: findings first, then landmark, then the type. (The focus gets a ring of its own.) */
export const outline = (n: LayoutNode): { stroke: string; width: number; dash?: string } => {
  const st = unitStyle(n.type);
  const dash = n.origin === 'generator' ? '4 2' : n.origin === 'referenced' ? '2 2' : undefined;
  const sev = n.findings[0]?.severity;
  const base = sev === 'error' ? { stroke: COLORS.error, width: 3 } : sev === 'warning' ? { stroke: COLORS.warning, width: 3 } : sev === 'info' ? { stroke: COLORS.info, width: 2.5 } : n.landmark ? { stroke: COLORS.landmark, width: 2.5 } : n.origin === 'referenced' || n.masked ? { stroke: COLORS.referenced, width: 1.2 } : { stroke: st.stroke, width: 1.2 };
  return dash === undefined ? base : { ...base, dash };
};

const fillOf = (n: LayoutNode): string => (n.origin === 'referenced' || n.masked ? '#f1f3f4' : unitStyle(n.type).fill);

const groupAttrs = (n: LayoutNode): string => attrs([['class', `unit ${n.type}`], ['data-unit', n.id], ['opacity', n.inTransaction === false ? 0.55 : undefined]]);

/** A unit the isolate of a later step stops: a small ✕ centred at (x, y). */
export const stopMark = (n: LayoutNode, x: number, y: number): string => {
  if (n.stoppedBy === undefined) return '';
  const r = 4;
  const ln = (x1: number, y1: number, x2: number, y2: number): string => `<line ${attrs([['x1', x1], ['y1', y1], ['x2', x2], ['y2', y2]])}/>`;
  return `<g ${attrs([['class', 'stopped'], ['stroke', COLORS.stopped], ['stroke-width', 2]])}><circle ${attrs([['cx', x], ['cy', y], ['r', r + 2], ['fill', '#ffffff'], ['stroke-width', 1]])}/>${ln(x - r + 1, y - r + 1, x + r - 1, y + r - 1)}${ln(x - r + 1, y + r - 1, x + r - 1, y - r + 1)}</g>`;
};

/** Ordering view: the unit's shape with its name centred in it. */
export const drawUnitBox = (n: LayoutNode, fontSize: number): string => {
  const o = outline(n);
  const paint = attrs([['fill', fillOf(n)], ['stroke', o.stroke], ['stroke-width', o.width], ['stroke-dasharray', o.dash]]);
  const shape = shapeElement(unitStyle(n.type).shape, n.x, n.y, n.width, n.height, paint);
  const cx = n.x + n.width / 2;
  const cy = n.y + n.height / 2;
  const color = n.origin === 'referenced' || n.masked ? COLORS.muted : COLORS.text;
  const text = `<text ${attrs([['x', cx], ['y', cy + fontSize * 0.35], ['text-anchor', 'middle'], ['font-size', fontSize], ['fill', color]])}>${esc(n.label)}</text>`;
  // the focused unit: a ring around its box, so it shows whatever its outline says
  const ring = n.focus === true ? `<rect ${attrs([['x', n.x - 4], ['y', n.y - 4], ['width', n.width + 8], ['height', n.height + 8], ['rx', 7], ['fill', 'none'], ['stroke', COLORS.focus], ['stroke-width', 2.5]])}/>` : '';
  const strike = n.masked ? `<line ${attrs([['x1', n.x + 6], ['y1', cy], ['x2', n.x + n.width - 6], ['y2', cy], ['stroke', COLORS.text], ['stroke-width', 1.2]])}/>` : '';
  return `<g ${groupAttrs(n)}>${tooltip(n)}${ring}${shape}${text}${strike}</g>`;
};

/** Timeline: the job's bar, and its name just right of it. */
export const drawUnitBar = (n: LayoutNode, fontSize: number, labelGap: number): string => {
  const o = outline(n);
  const st = unitStyle(n.type);
  const critical = n.critical === true;
  const fill = critical ? COLORS.critical : fillOf(n);
  const stroke = n.findings.length > 0 || n.landmark ? o.stroke : critical ? COLORS.critical : n.origin === 'referenced' || n.masked ? COLORS.referenced : st.stroke;
  const bar = `<rect ${attrs([['x', n.x], ['y', n.y], ['width', n.width], ['height', n.height], ['rx', 3], ['fill', fill], ['stroke', stroke], ['stroke-width', o.width], ['stroke-dasharray', o.dash]])}/>`;
  const tx = n.x + n.width + labelGap;
  const ty = n.y + n.height / 2 + fontSize * 0.35;
  const color = critical ? '#1a237e' : n.origin === 'referenced' || n.masked ? COLORS.muted : COLORS.text;
  // a white halo keeps the name readable where a critical-chain link passes behind it
  const text = `<text ${attrs([['x', tx], ['y', ty], ['font-size', fontSize], ['fill', color], ['stroke', '#ffffff'], ['stroke-width', 3], ['stroke-linejoin', 'round'], ['paint-order', 'stroke'], ['text-decoration', n.masked ? 'line-through' : undefined]])}>${esc(n.label)}</text>`;
  return `<g ${groupAttrs(n)}>${tooltip(n)}${bar}${text}${stopMark(n, n.x + n.width - 7, n.y + n.height / 2)}</g>`;
};
