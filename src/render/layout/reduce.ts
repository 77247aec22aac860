/**
 * The ordering people reason about, not every edge systemd stores (issue 14):
 *  - the units drawn are the jobs of the boot plan (every phase);
 *  - systemd's plumbing (slices, sockets, journald, device units) is folded: left out, with the
 *    order it carried kept (a → plumbing → c still orders a before c);
 *  - the before-relation among what is left is transitively reduced: an edge a → c is drawn only
 *    when no drawn unit b has a → b → c. Whatever its origin (file, .wants link, default,
 *    implicit), an edge is drawn exactly when it carries order nobody else does;
 *  - pull-in edges (Wants=, Requires=, ...) are left to `--all-edges` and the page.
 * Ordering cycles (which systemd breaks by deleting a job) are broken as in steps.ts; the edges
 * that close them are always drawn. What the picture orders is exactly what the jobs' Before
 * relation orders (the transitive closure among the drawn units is unchanged).
 */
import { UnitgraphError } from '../../errors.js';
import type { RenderEdge, RenderInput, RenderNode } from '../types.js';
import { LANDMARKS } from '../types.js';
import type { Selection } from './focus.js';
import { computeSteps } from './steps.js';
import { didYouMean } from '../suggest.js';

export interface ReduceOptions {
  /** Unit-name globs (`*`, `?`) of plumbing to draw anyway. */
  readonly show?: readonly string[];
  /** Focus: this unit's ordering neighbourhood in the reduced relation. */
  readonly focus?: string;
  /** Steps away from the focus, upstream and downstream (default 1). */
  readonly depth?: number;
  /** Most units a focus drawing may hold (default 40): the depth stops growing before it. */
  readonly budget?: number;
  /** Units never folded (a diff's added, removed, changed, joined, left units). */
  readonly keepUnits?: ReadonlySet<string>;
  /** Before edges drawn whatever the reduction says, when both ends are drawn (a diff's added and removed ones). */
  readonly keepEdge?: (e: RenderEdge) => boolean;
}

export interface Reduced extends Selection {
  /** Folded plumbing, by kind (slice, socket, journald, device), each sorted. */
  readonly folded: Readonly<Record<string, readonly string[]>>;
  /** Before edges among the jobs (each counted once) that the drawing does not need. */
  readonly reducedAway: number;
  /** Pull-in and other non-ordering edges among the drawn units that are not drawn. */
  readonly pullInHidden: number;
  /** With a focus: the depth actually used and whether the node budget stopped it. */
  readonly depthUsed?: number;
  readonly budgetHit?: boolean;
  /** One line each, for the drawing's header. */
  readonly notes: readonly string[];
}

export const DEFAULT_FOCUS_DEPTH = 1;
export const FOCUS_BUDGET = 40;

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `*` any run of characters, `?` one character; everything else literal. */
export const globToRegExp = (glob: string): RegExp =>
  new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);

/** The plumbing kind of a unit, or undefined for a unit that is drawn. */
export const plumbingKind = (n: RenderNode): string | undefined => {
  if (n.type === 'slice') return 'slice';
  if (n.type === 'socket') return 'socket';
  if (n.type === 'device') return 'device';
  if (/^systemd-journald(@.*)?\.service$/.test(n.id) || n.id === 'systemd-journal-flush.service') return 'journald';
  return undefined;
};

/** The units that get a job in some phase (older data without `jobs`: the transaction). */
export const jobUnits = (input: RenderInput): RenderNode[] => input.nodes.filter((n) => (n.jobs === undefined ? n.inTransaction : n.jobs.length > 0));

export const reduceOrdering = (input: RenderInput, opts: ReduceOptions = {}): Reduced => {
  const byIdMap = new Map(input.nodes.map((n) => [n.id, n]));
  const jobs = jobUnits(input);
  if (opts.focus !== undefined) {
    const f = byIdMap.get(opts.focus);
    if (f === undefined) throw new UnitgraphError('usage', `--focus: no unit named ${opts.focus} in ${input.source}${didYouMean(opts.focus, byIdMap.keys())}`);
    if (!jobs.includes(f)) jobs.push(f);
  }
  if (opts.depth !== undefined && (!Number.isInteger(opts.depth) || opts.depth < 0)) throw new UnitgraphError('usage', `--depth: not a whole number >= 0: ${String(opts.depth)}`);
  const ids = jobs.map((n) => n.id).sort(cmp);
  const index = new Map(ids.map((id, i) => [id, i]));
  const before = input.edges.filter((e) => e.kind === 'Before' && e.from !== e.to && index.has(e.from) && index.has(e.to));
  const steps = computeSteps(ids, before);
  const broken = new Set(steps.broken);

  // reachability over the acyclic part, as bitsets, filled in reverse topological order
  const N = ids.length;
  const W = Math.ceil(N / 32) || 1;
  const topo = steps.order.map((id) => index.get(id) ?? 0);
  const pos = new Int32Array(N);
  topo.forEach((v, i) => (pos[v] = i));
  const succ: number[][] = Array.from({ length: N }, () => []);
  for (const e of before) {
    if (broken.has(e)) continue;
    const a = index.get(e.from) ?? 0;
    const b = index.get(e.to) ?? 0;
    if (pos[a]! < pos[b]!) succ[a]!.push(b);
  }
  const desc = Array.from({ length: N }, () => new Uint32Array(W));
  const has = (bits: Uint32Array, v: number): boolean => ((bits[v >>> 5]! >>> (v & 31)) & 1) === 1;
  const set = (bits: Uint32Array, v: number): void => {
    bits[v >>> 5] = bits[v >>> 5]! | (1 << (v & 31));
  };
  const or = (into: Uint32Array, from: Uint32Array): void => {
    for (let w = 0; w < W; w++) into[w] = into[w]! | from[w]!;
  };
  for (let i = N - 1; i >= 0; i--) {
    const v = topo[i]!;
    const d = desc[v]!;
    for (const s of succ[v]!) {
      set(d, s);
      or(d, desc[s]!);
    }
  }

  // what is folded
  const show = (opts.show ?? []).map(globToRegExp);
  const folded: Record<string, string[]> = {};
  const kept = new Set<string>();
  for (const n of jobs) {
    const kind = plumbingKind(n);
    if (kind !== undefined && n.id !== opts.focus && !LANDMARKS.includes(n.id) && opts.keepUnits?.has(n.id) !== true && !show.some((r) => r.test(n.id))) (folded[kind] ??= []).push(n.id);
    else kept.add(n.id);
  }
  for (const l of Object.values(folded)) l.sort(cmp);

  /** The transitive reduction among `among` (ids), with the edge objects to draw. */
  const reduceAmong = (among: ReadonlySet<string>): RenderEdge[] => {
    const direct = new Map<string, RenderEdge>();
    for (const e of before) if (!broken.has(e) && among.has(e.from) && among.has(e.to)) direct.set(`${e.from}\n${e.to}`, direct.get(`${e.from}\n${e.to}`) ?? e);
    const members = [...among].map((id) => index.get(id) ?? 0).sort((a, b) => pos[a]! - pos[b]!);
    const out: RenderEdge[] = [];
    for (const a of members) {
      const covered = new Uint32Array(W);
      const da = desc[a]!;
      for (const c of members) {
        if (pos[c]! <= pos[a]! || !has(da, c) || has(covered, c)) continue;
        set(covered, c);
        or(covered, desc[c]!);
        const from = ids[a]!;
        const to = ids[c]!;
        out.push(direct.get(`${from}\n${to}`) ?? { from, to, kind: 'Before', origin: 'default', via: 'through folded plumbing' });
      }
    }
    for (const e of steps.broken) if (among.has(e.from) && among.has(e.to)) out.push(e);
    if (opts.keepEdge !== undefined) {
      const drawn = new Set(out);
      for (const e of input.edges) if (e.kind === 'Before' && e.from !== e.to && !drawn.has(e) && among.has(e.from) && among.has(e.to) && opts.keepEdge(e)) out.push(e);
    }
    return out;
  };

  let keep: Set<string> = kept;
  let depthUsed: number | undefined;
  let budgetHit = false;
  const notes: string[] = [];
  if (opts.focus !== undefined) {
    const depth = opts.depth ?? DEFAULT_FOCUS_DEPTH;
    const budget = opts.budget ?? FOCUS_BUDGET;
    const whole = reduceAmong(kept);
    const preds = new Map<string, string[]>();
    const succs = new Map<string, string[]>();
    for (const e of whole) {
      (succs.get(e.from) ?? succs.set(e.from, []).get(e.from)!).push(e.to);
      (preds.get(e.to) ?? preds.set(e.to, []).get(e.to)!).push(e.from);
    }
    keep = new Set([opts.focus]);
    let up = [opts.focus];
    let down = [opts.focus];
    depthUsed = 0;
    for (let d = 1; d <= depth; d++) {
      const nextUp = [...new Set(up.flatMap((n) => preds.get(n) ?? []))].filter((n) => !keep.has(n));
      const nextDown = [...new Set(down.flatMap((n) => succs.get(n) ?? []))].filter((n) => !keep.has(n));
      if (nextUp.length + nextDown.length === 0) break;
      if (d > 1 && keep.size + nextUp.length + nextDown.length > budget) {
        budgetHit = true;
        break;
      }
      for (const n of [...nextUp, ...nextDown]) keep.add(n);
      up = nextUp;
      down = nextDown;
      depthUsed = d;
    }
    notes.push(
      `focus on ${opts.focus}: what must finish before it and what waits for it, ${String(depthUsed)} step${depthUsed === 1 ? '' : 's'} away in the reduced ordering${budgetHit ? ` (depth ${String(depth)} would pass the budget of ${String(budget)} units)` : ''}`,
    );
  }
  const edges = reduceAmong(keep);
  edges.sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to));
  const pairs = new Set(before.filter((e) => !broken.has(e)).map((e) => `${e.from}\n${e.to}`));
  const drawnPairs = new Set(edges.map((e) => `${e.from}\n${e.to}`));
  const reducedAway = opts.focus === undefined ? [...pairs].filter((p) => !drawnPairs.has(p)).length : 0;
  const pullInHidden = input.edges.filter((e) => e.kind !== 'Before' && e.from !== e.to && keep.has(e.from) && keep.has(e.to)).length;
  const foldedCount = Object.values(folded).reduce((s, l) => s + l.length, 0);
  if (opts.focus === undefined) {
    if (foldedCount > 0)
      notes.push(`folded (order kept, units not drawn): ${Object.entries(folded).sort(([a], [b]) => cmp(a, b)).map(([k, l]) => `${String(l.length)} ${k}${l.length === 1 ? '' : k === 'journald' ? '' : 's'}`).join(', ')}; --show GLOB draws them`);
    if (reducedAway > 0) notes.push(`${String(reducedAway)} of ${String(pairs.size)} ordering edges implied by a drawn chain, not drawn`);
  }
  if (pullInHidden > 0) notes.push(`${String(pullInHidden)} pull-in edges not drawn (--all-edges)`);
  const nodes = [...keep].flatMap((id) => byIdMap.get(id) ?? []).sort((a, b) => cmp(a.id, b.id));
  return {
    nodes,
    edges,
    ...(opts.focus === undefined ? {} : { focus: opts.focus, depthUsed: depthUsed ?? 0, budgetHit }),
    folded,
    reducedAway,
    pullInHidden,
    notes,
  };
};
