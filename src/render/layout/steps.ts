/**
 * The order in which the jobs of a selection can run, from the Before relation alone (edges in
 * contract form: `from` Before `to`). A job's step is its position on the longest Before-chain
 * from the start; with durations, its start is the latest end of the jobs ordered before it.
 * Ordering cycles (which systemd breaks by deleting a job) are broken here deterministically:
 * when no job is free, the one with the fewest remaining predecessors (then by name) goes next
 * and its remaining incoming edges are set aside as `broken`.
 */
import type { RenderEdge } from '../types.js';

export interface Steps {
  /** Every id, earliest first: by step, then by name (a topological order of the kept edges). */
  readonly order: readonly string[];
  readonly step: ReadonlyMap<string, number>;
  /** Start and end in seconds with durations, in steps (end = start + 1) without. */
  readonly start: ReadonlyMap<string, number>;
  readonly end: ReadonlyMap<string, number>;
  /** The predecessor that decides each job's start (on its longest chain), if any. */
  readonly pred: ReadonlyMap<string, string>;
  /** Before edges ignored to break ordering cycles. */
  readonly broken: readonly RenderEdge[];
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** `durations` in seconds; a job missing from it takes 0 s. Without `durations` every job takes one step. */
export const computeSteps = (ids: readonly string[], edges: readonly RenderEdge[], durations?: ReadonlyMap<string, number>): Steps => {
  const inSet = new Set(ids);
  const before = edges.filter((e) => e.kind === 'Before' && e.from !== e.to && inSet.has(e.from) && inSet.has(e.to));
  const preds = new Map<string, RenderEdge[]>(ids.map((n) => [n, []]));
  const succs = new Map<string, RenderEdge[]>(ids.map((n) => [n, []]));
  for (const e of before) {
    preds.get(e.to)?.push(e);
    succs.get(e.from)?.push(e);
  }
  const remaining = new Map(ids.map((n) => [n, new Set((preds.get(n) ?? []).map((e) => e.from))]));
  const done = new Set<string>();
  const broken: RenderEdge[] = [];
  const topo: string[] = [];
  let ready = [...remaining].filter(([, p]) => p.size === 0).map(([n]) => n).sort(byName);
  while (topo.length < ids.length) {
    if (ready.length === 0) {
      // a cycle: take the waiting job with the fewest unmet predecessors, drop those edges
      let pick: string | undefined;
      for (const [n, p] of remaining) if (!done.has(n) && (pick === undefined || p.size < (remaining.get(pick)?.size ?? 0) || (p.size === remaining.get(pick)?.size && n < pick))) pick = n;
      if (pick === undefined) break;
      for (const e of preds.get(pick) ?? []) if (!done.has(e.from)) broken.push(e);
      remaining.get(pick)?.clear();
      ready = [pick];
    }
    const n = ready.shift() as string;
    if (done.has(n)) continue;
    done.add(n);
    topo.push(n);
    const freed: string[] = [];
    for (const e of succs.get(n) ?? []) {
      const r = remaining.get(e.to);
      if (r === undefined || done.has(e.to) || !r.has(n)) continue;
      r.delete(n);
      if (r.size === 0) freed.push(e.to);
    }
    if (freed.length > 0) ready = [...ready, ...freed].sort(byName);
  }
  const brokenSet = new Set(broken);
  const step = new Map<string, number>();
  const start = new Map<string, number>();
  const end = new Map<string, number>();
  const pred = new Map<string, string>();
  for (const n of topo) {
    let s = 0;
    let t = 0;
    let p: string | undefined;
    for (const e of preds.get(n) ?? []) {
      if (brokenSet.has(e)) continue;
      s = Math.max(s, (step.get(e.from) ?? 0) + 1);
      const te = end.get(e.from) ?? 0;
      if (p === undefined || te > t || (te === t && e.from < p)) {
        t = te;
        p = e.from;
      }
    }
    step.set(n, s);
    const st = durations === undefined ? s : t;
    start.set(n, st);
    end.set(n, st + (durations === undefined ? 1 : (durations.get(n) ?? 0)));
    if (p !== undefined) pred.set(n, p);
  }
  const order = [...topo].sort((a, b) => (step.get(a) ?? 0) - (step.get(b) ?? 0) || byName(a, b));
  return { order, step, start, end, pred, broken };
};

/** The chain of jobs that decides when `last` can start, first job first. */
export const criticalChain = (steps: Steps, last: string): string[] => {
  const chain = [last];
  const seen = new Set(chain);
  for (let p = steps.pred.get(last); p !== undefined && !seen.has(p); p = steps.pred.get(p)) {
    chain.push(p);
    seen.add(p);
  }
  return chain.reverse();
};
