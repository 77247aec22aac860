/**
 * Ordering gained and lost: the transitive Before relation among the jobs of the target's
 * transaction (ordering between units only applies when both have a job, systemd.unit(5)
 * "Before=, After="), compared for the units both generations have and either one's transaction
 * holds (a unit that joins or leaves the transaction gains or loses its ordering); a unit added
 * or removed is listed as such already.
 *
 * Each generation's relation is a bitset closure (one BFS per unit over the transaction's Before
 * edges: O(n·(n+m)) for n ≈ 100-1000 jobs). The pairs that differ are then reduced: a gained pair
 * (a, c) is left out when some b of both transactions has a before b and b before c in the new
 * generation, each of the two either still listed or already true before (both true before would
 * have made a before c true before, so one of them is listed). So one new `After=` shows as one
 * pair, not as every pair of its predecessors and successors. Pairs are visited widest first (most
 * units between them), which in an acyclic relation makes this the transitive reduction of the
 * gained set; with a cycle, a pair is only dropped for pairs still listed, so every dropped pair
 * stays implied. Lost pairs are the same with the generations swapped.
 */
import type { UnitGraph } from '../build.js';

type Bits = Uint32Array;

const newBits = (n: number): Bits => new Uint32Array((n + 31) >>> 5);
const has = (b: Bits, i: number): boolean => ((b[i >>> 5] as number) & (1 << (i & 31))) !== 0;
const set = (b: Bits, i: number): void => {
  b[i >>> 5] = (b[i >>> 5] as number) | (1 << (i & 31));
};
const clear = (b: Bits, i: number): void => {
  b[i >>> 5] = (b[i >>> 5] as number) & ~(1 << (i & 31));
};
const popcount = (x: number): number => {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
};

/** The transitive Before relation of the transaction, restricted to `units` (indexes into it). */
const beforeClosure = (g: UnitGraph, units: readonly string[]): Bits[] => {
  const jobs = [...g.transaction].filter((n) => g.view.hasNode(n)).sort();
  const id = new Map(jobs.map((n, i) => [n, i]));
  const succ: number[][] = jobs.map(() => []);
  const seen = new Set<string>();
  for (const e of g.edges) {
    if (e.kind !== 'Before') continue;
    const a = id.get(e.from);
    const b = id.get(e.to);
    if (a === undefined || b === undefined || seen.has(`${a},${b}`)) continue;
    seen.add(`${a},${b}`);
    (succ[a] as number[]).push(b);
  }
  const want = units.map((u) => id.get(u));
  const col = new Int32Array(jobs.length).fill(-1);
  want.forEach((j, i) => {
    if (j !== undefined) col[j] = i;
  });
  const rows: Bits[] = [];
  const mark = new Uint8Array(jobs.length);
  const stack: number[] = [];
  for (const start of want) {
    const row = newBits(units.length);
    rows.push(row);
    if (start === undefined) continue;
    mark.fill(0);
    stack.length = 0;
    const visit = (s: number): void => {
      if (mark[s] !== 0) return;
      mark[s] = 1;
      stack.push(s);
    };
    for (const s of succ[start] as number[]) visit(s);
    while (stack.length > 0) {
      const v = stack.pop() as number;
      const c = col[v] as number;
      if (c >= 0) set(row, c);
      for (const s of succ[v] as number[]) visit(s);
    }
  }
  return rows;
};

const transpose = (rows: readonly Bits[], n: number): Bits[] => {
  const cols = rows.map(() => newBits(n));
  rows.forEach((r, i) => {
    for (let j = 0; j < n; j++) if (has(r, j)) set(cols[j] as Bits, i);
  });
  return cols;
};

/** Pairs in `now` and not in `then`, reduced as described above. */
const reducedDifference = (now: readonly Bits[], then: readonly Bits[], n: number): Array<[number, number]> => {
  const nowT = transpose(now, n);
  const thenT = transpose(then, n);
  const kept = now.map((r, i) => r.map((w, k) => w & ~((then[i] as Bits)[k] as number)));
  for (let i = 0; i < n; i++) clear(kept[i] as Bits, i); // a cycle orders a unit before itself: not a pair
  const keptT = transpose(kept, n);
  const pairs: Array<{ a: number; c: number; width: number }> = [];
  const words = (n + 31) >>> 5;
  for (let a = 0; a < n; a++) {
    const row = kept[a] as Bits;
    for (let c = 0; c < n; c++) {
      if (!has(row, c)) continue;
      let width = 0;
      for (let k = 0; k < words; k++) width += popcount(((now[a] as Bits)[k] as number) & ((nowT[c] as Bits)[k] as number));
      pairs.push({ a, c, width });
    }
  }
  pairs.sort((x, y) => y.width - x.width || x.a - y.a || x.c - y.c);
  for (const { a, c } of pairs) {
    const ra = now[a] as Bits;
    const tc = nowT[c] as Bits;
    const oldA = then[a] as Bits;
    const keptA = kept[a] as Bits;
    const oldTc = thenT[c] as Bits;
    const keptTc = keptT[c] as Bits;
    let implied = false;
    for (let k = 0; k < words && !implied; k++) {
      let m = (ra[k] as number) & (tc[k] as number); // a before b before c, now
      m &= ((oldA[k] as number) | (keptA[k] as number)) & ((oldTc[k] as number) | (keptTc[k] as number)); // each leg old or still listed
      if (k === a >>> 5) m &= ~(1 << (a & 31));
      if (k === c >>> 5) m &= ~(1 << (c & 31));
      implied = m !== 0;
    }
    if (implied) {
      clear(keptA, c);
      clear(keptTc, a);
    }
  }
  const out: Array<[number, number]> = [];
  kept.forEach((r, a) => {
    for (let c = 0; c < n; c++) if (has(r, c)) out.push([a, c]);
  });
  return out;
};

export interface OrderingDiff {
  readonly gained: Array<[string, string]>;
  readonly lost: Array<[string, string]>;
}

export const diffOrdering = (oldGraph: UnitGraph, newGraph: UnitGraph): OrderingDiff => {
  // every unit both generations have and either one's transaction holds: a unit that joins the
  // transaction brings its ordering with it (gained), one that leaves takes it away (lost); a unit
  // outside a generation's transaction is ordered with nothing there (issue 14)
  const common = [...new Set([...oldGraph.transaction, ...newGraph.transaction])].filter((u) => oldGraph.view.hasNode(u) && newGraph.view.hasNode(u)).sort();
  const n = common.length;
  const before = beforeClosure(oldGraph, common);
  const after = beforeClosure(newGraph, common);
  const name = ([a, c]: [number, number]): [string, string] => [common[a] as string, common[c] as string];
  const byName = (x: [string, string], y: [string, string]): number => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0);
  return {
    gained: reducedDifference(after, before, n).map(name).sort(byName),
    lost: reducedDifference(before, after, n).map(name).sort(byName),
  };
};
