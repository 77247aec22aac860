/**
 * The timeline view: every job of the selection as a bar at its predicted step (its position on
 * the longest Before-chain from the start), packed into lanes so that no bar or name overlaps
 * another; the chain of jobs that decides when the target is reached (the critical chain) is
 * marked and linked; the landmark targets of bootup(7) divide it into phases. With durations
 * (from `systemd-analyze blame`), starts and bar widths are in seconds instead of steps.
 * No layout engine: this is a small computation of its own.
 */
import { LANDMARKS, type RenderInput } from '../types.js';
import type { Selection } from './focus.js';
import { byId, edgeIds, findingsByUnit, unitFields } from './from-elk.js';
import { round1, shortLabel } from './node-label.js';
import { computeSteps, criticalChain } from './steps.js';
import type { Layout, LayoutEdge, LayoutLabel, LayoutNode, MeasureText, Point } from './types.js';

export const TIMELINE = {
  fontSize: 12,
  stepWidth: 64,
  /** Gap between the bars of consecutive steps. */
  stepGap: 4,
  barHeight: 18,
  laneHeight: 24,
  /** Free space between a name and the next bar in the same lane. */
  laneGap: 12,
  labelGap: 5,
  margin: 16,
  phaseRow: 15,
  /** With durations: the whole boot is drawn about this wide. */
  timeWidth: 1400,
  minBar: 4,
  maxLabel: 48,
} as const;

/** A tick spacing of 1, 2 or 5 × 10^k that gives about `count` ticks over `span`. */
const niceTick = (span: number, count: number): number => {
  const raw = span / Math.max(1, count);
  const p = 10 ** Math.floor(Math.log10(raw));
  const m = raw / p;
  return (m <= 1 ? 1 : m <= 2 ? 2 : m <= 5 ? 5 : 10) * p;
};

const fmtSeconds = (s: number): string => {
  const t = Math.round(s * 1000) / 1000;
  return `${String(t)}s`;
};

export const layoutTimeline = (input: RenderInput, sel: Selection, opts: { measure: MeasureText; durations?: ReadonlyMap<string, number> }): Layout => {
  const T = TIMELINE;
  const ids = sel.nodes.map((n) => n.id);
  // a later step of the boot plan begins when the earlier one's target is reached: its own jobs
  // (not those it keeps running) wait for that target
  const idSet = new Set(ids);
  const plan = input.phases ?? [];
  const planEdges = plan.flatMap((p, i) => {
    const prev = plan[i - 1]?.target;
    if (i === 0 || prev === undefined || !idSet.has(prev)) return [];
    return sel.nodes.filter((n) => n.jobs?.includes(p.target) === true && n.jobs.includes(prev) === false && n.id !== prev).map((n) => ({ from: prev, to: n.id, kind: 'Before', origin: 'plan' }));
  });
  const steps = computeSteps(ids, [...sel.edges, ...planEdges], opts.durations);
  const timed = opts.durations !== undefined;
  const total = Math.max(0, ...ids.map((n) => steps.end.get(n) ?? 0));
  const scale = timed ? (total > 0 ? T.timeWidth / total : 100) : T.stepWidth;

  // the critical chain ends at the target, or else at the job that ends last
  const last = ids.includes(input.target)
    ? input.target
    : [...ids].sort((a, b) => (steps.end.get(b) ?? 0) - (steps.end.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0))[0];
  const chain = last === undefined ? [] : criticalChain(steps, last);
  const critical = new Set(chain);

  // phases: the landmark targets in the selection, by when they are reached
  const marks = LANDMARKS.filter((l) => ids.includes(l)).map((name) => ({ name, x: T.margin + (steps.end.get(name) ?? 0) * scale - (timed ? 0 : T.stepGap / 2) }));
  marks.sort((a, b) => a.x - b.x || LANDMARKS.indexOf(a.name) - LANDMARKS.indexOf(b.name));
  // each name just left of its line (right of it where there is no room), in rows that do not collide
  const rowEnds: number[] = [];
  const phaseLabels = marks.map((m) => {
    const w = opts.measure(m.name, 11);
    const left = m.x - w - 4 >= T.margin ? m.x - w - 4 : m.x + 4;
    let row = rowEnds.findIndex((end) => end + 8 <= left);
    if (row < 0) row = rowEnds.push(0) - 1;
    rowEnds[row] = left + w;
    return { ...m, left, row };
  });
  // one row of its own for each boundary name (the steps of the boot plan, then the switch)
  const isSwitch = (input.phases ?? []).at(-1)?.target === 'initrd-switch-root.target' && (input.phases ?? []).at(-1)?.mode === 'isolate';
  const boundaryRow = (input.phases ?? []).length > 1 ? T.phaseRow * ((input.phases ?? []).length - 1 + (isSwitch ? 1 : 0)) : 0;
  const axisY = T.margin + boundaryRow + rowEnds.length * T.phaseRow + 12;
  const lanesTop = axisY + 10;

  // bars, each with its name to its right; a lane holds bars whose bar-and-name extents do not overlap
  const byNode = new Map(sel.nodes.map((n) => [n.id, n]));
  const bars = ids.map((id) => {
    const start = steps.start.get(id) ?? 0;
    const dur = (steps.end.get(id) ?? 0) - start;
    const x = T.margin + start * scale;
    const width = timed ? Math.max(T.minBar, dur * scale) : T.stepWidth - T.stepGap;
    const label = shortLabel(id, T.maxLabel);
    const reach = x + width + T.labelGap + opts.measure(label, T.fontSize) + T.laneGap;
    return { id, start, dur, x, width, label, reach };
  });
  // the critical chain is placed first, so it zigzags through the top lanes; then the rest by start
  bars.sort((a, b) => Number(critical.has(b.id)) - Number(critical.has(a.id)) || a.x - b.x || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const lanes: Array<Array<readonly [number, number]>> = [];
  const fits = (lane: ReadonlyArray<readonly [number, number]>, x0: number, x1: number): boolean => lane.every(([a, b]) => x1 <= a || x0 >= b);
  const findings = findingsByUnit(input.findings);
  const placed = new Map<string, LayoutNode>();
  for (const b of bars) {
    let lane = lanes.findIndex((l) => fits(l, b.x, b.reach));
    if (lane < 0) lane = lanes.push([]) - 1;
    lanes[lane]?.push([b.x, b.reach]);
    const n = byNode.get(b.id);
    if (n === undefined) continue;
    placed.set(b.id, {
      ...unitFields(n, b.label, findings, sel),
      x: round1(b.x),
      y: round1(lanesTop + lane * T.laneHeight),
      width: round1(b.width),
      height: T.barHeight,
      step: steps.step.get(b.id) ?? 0,
      lane,
      critical: critical.has(b.id),
      ...(timed ? { start: Math.round(b.start * 1e6) / 1e6, duration: Math.round(b.dur * 1e6) / 1e6 } : {}),
    });
  }
  const nodes = [...placed.values()].sort(byId);

  // the critical chain, linked: out of the end of one bar, into the start of the next
  const links: Array<{ from: string; to: string; kind: string; origin: string; points: Point[] }> = [];
  for (let i = 1; i < chain.length; i++) {
    const p = placed.get(chain[i - 1] ?? '');
    const q = placed.get(chain[i] ?? '');
    if (p === undefined || q === undefined) continue;
    const edge = sel.edges.find((e) => e.kind === 'Before' && e.from === p.id && e.to === q.id);
    const py = p.y + p.height / 2;
    const qy = q.y + q.height / 2;
    const ex = round1(Math.max(p.x + p.width, q.x - T.stepGap / 2));
    links.push({ from: p.id, to: q.id, kind: 'Before', origin: edge?.origin ?? 'file', points: [{ x: round1(p.x + p.width), y: py }, { x: ex, y: py }, { x: ex, y: qy }, { x: q.x, y: qy }] });
  }
  const ids2 = edgeIds(links);
  const edges: LayoutEdge[] = links.map((l, i) => ({ id: ids2[i] ?? '', ...l, critical: true }));

  const lanesBottom = lanesTop + lanes.length * T.laneHeight;
  const width = round1(Math.max(T.margin + total * scale, ...lanes.flat().map(([, end]) => end), ...phaseLabels.map((m) => m.left + opts.measure(m.name, 11))) + T.margin);
  const labels: LayoutLabel[] = phaseLabels.map((m) => ({ text: m.name, x: round1(m.left), y: round1(T.margin + boundaryRow + m.row * T.phaseRow + 10), kind: 'phase' as const }));
  const tick = timed ? niceTick(total, 10) : 1;
  const tickCount = timed ? (total > 0 ? Math.floor(total / tick + 1e-9) : 0) : Math.max(0, ...ids.map((n) => steps.step.get(n) ?? 0));
  for (let k = 0; k <= tickCount; k++) {
    labels.push({ text: timed ? fmtSeconds(k * tick) : String(k), x: round1(T.margin + k * tick * scale), y: round1(axisY), kind: 'axis' });
  }
  const phases = marks.map((m, i) => ({ name: m.name, x0: round1(i === 0 ? T.margin : (marks[i - 1]?.x ?? T.margin)), x1: round1(m.x) }));
  // the steps of the boot plan: where each later one begins, and the switch after the last isolate
  const edgeOf = (id: string): number => T.margin + (steps.end.get(id) ?? 0) * scale - (timed ? 0 : T.stepGap / 2);
  const boundaries: Array<{ x: number; text: string }> = [];
  plan.forEach((p, i) => {
    const prev = plan[i - 1]?.target;
    if (i === 0 || prev === undefined || !idSet.has(prev)) return;
    const stopped = sel.nodes.filter((n) => n.stoppedBy === p.target).length;
    boundaries.push({ x: round1(edgeOf(prev)), text: `step ${String(i + 1)}: ${p.mode} ${p.target}${stopped > 0 ? ` (stops ${String(stopped)} unit${stopped === 1 ? '' : 's'} ✕)` : ''}` });
  });
  const lastPhase = plan[plan.length - 1];
  if (plan.length > 1 && lastPhase?.mode === 'isolate' && lastPhase.target === 'initrd-switch-root.target') {
    const runs = sel.nodes.filter((n) => n.jobs?.includes(lastPhase.target) === true).map((n) => edgeOf(n.id));
    if (runs.length > 0) boundaries.push({ x: round1(Math.max(...runs)), text: 'switch to the real root' });
  }
  const wide = Math.max(width, ...boundaries.map((b) => b.x + opts.measure(b.text, 11) + 8 + T.margin));
  return { view: 'timeline', width: round1(wide), height: round1(lanesBottom + T.margin), nodes, edges, labels, phases, ...(boundaries.length === 0 ? {} : { boundaries }) };
};
