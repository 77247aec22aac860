/**
 * Ordering gained and lost: the transitive Before relation among the jobs of the transaction,
 * compared for units in both transactions and reduced so that one new or removed ordering shows
 * as one pair. Small cases through the real parser and graph; the reduction's guarantees as a
 * property over random relations; and the size a real transaction has.
 */
import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { diffOrdering } from '../../../src/graph/diff/ordering.js';
import type { UnitGraph } from '../../../src/graph/build.js';
import { graphOf } from '../../helpers/fixture.js';

/** initrd.target wants every named service; `order` lists "a<b" pairs as a Before=b. */
const graph = (units: string[], order: string[]): Promise<UnitGraph> => {
  const files: Record<string, string> = {
    'initrd.target': `[Unit]\nWants=${units.map((u) => `${u}.service`).join(' ')}\n`,
  };
  for (const u of units) {
    const before = order.filter((p) => p.split('<')[0] === u).map((p) => `${p.split('<')[1] as string}.service`);
    files[`${u}.service`] = `[Unit]\nDefaultDependencies=no\n${before.length === 0 ? '' : `Before=${before.join(' ')}\n`}[Service]\nExecStart=/bin/true\n`;
  }
  return graphOf({ base: 'none', files });
};

const named = (pairs: ReadonlyArray<readonly [string, string]>): string[] => pairs.map(([a, b]) => `${a.replace('.service', '')}<${b.replace('.service', '')}`);

describe('diffOrdering through the real graph', () => {
  it('one new Before between two chains is one gained pair, not every predecessor × successor', async () => {
    const units = ['p1', 'p2', 'x', 'y', 's1', 's2'];
    const old = await graph(units, ['p1<p2', 'p2<x', 'y<s1', 's1<s2']);
    const now = await graph(units, ['p1<p2', 'p2<x', 'x<y', 'y<s1', 's1<s2']);
    const d = diffOrdering(old, now);
    expect(named(d.gained)).toEqual(['x<y']);
    expect(d.lost).toEqual([]);
    expect(named(diffOrdering(now, old).lost)).toEqual(['x<y']);
  });

  it('a shortcut replacing a chain loses the links, keeps the implied end-to-end pair', async () => {
    const units = ['a', 'b', 'c'];
    const d = diffOrdering(await graph(units, ['a<b', 'b<c']), await graph(units, ['a<c']));
    expect(d.gained).toEqual([]);
    expect(named(d.lost)).toEqual(['a<b', 'b<c']);
  });

  it('ordering through a unit only the new generation has shows as gained between the old units', async () => {
    const d = diffOrdering(await graph(['a', 'c'], []), await graph(['a', 'n', 'c'], ['a<n', 'n<c']));
    expect(named(d.gained)).toEqual(['a<c']);
  });

  it('units outside either transaction are not compared', async () => {
    const old = await graph(['a'], []);
    const now = await graphOf({ base: 'none', files: { 'initrd.target': '[Unit]\nWants=a.service\n', 'a.service': '[Unit]\nDefaultDependencies=no\n', 'z.service': '[Unit]\nDefaultDependencies=no\nBefore=a.service\n' } });
    expect(diffOrdering(old, now)).toEqual({ gained: [], lost: [] });
  });

  it('a new cycle is reported with the pairs that close it, never a unit before itself', async () => {
    const units = ['a', 'b', 'c'];
    const d = diffOrdering(await graph(units, ['a<b', 'b<c']), await graph(units, ['a<b', 'b<c', 'c<a']));
    expect(d.gained.length).toBeGreaterThan(0);
    expect(named(d.gained)).toContain('c<a');
    expect(d.gained.every(([x, y]) => x !== y)).toBe(true);
  });
});

// ---- the reduction on plain relations ----

/** A stand-in for UnitGraph with just what diffOrdering reads. */
const fakeGraph = (n: number, edges: ReadonlyArray<readonly [number, number]>, members: (i: number) => boolean = () => true): UnitGraph => {
  const name = (i: number): string => `u${String(i).padStart(4, '0')}.service`;
  const nodes = new Set(Array.from({ length: n }, (_, i) => name(i)));
  return {
    transaction: new Set([...nodes].filter((_, i) => members(i))),
    view: { hasNode: (x: string) => nodes.has(x) },
    edges: edges.map(([a, b]) => ({ from: name(a), to: name(b), kind: 'Before', origin: 'file' })),
  } as unknown as UnitGraph;
};

const closure = (n: number, edges: ReadonlyArray<readonly [number, number]>): boolean[][] => {
  const r = Array.from({ length: n }, () => Array<boolean>(n).fill(false));
  for (const [a, b] of edges) (r[a] as boolean[])[b] = true;
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) if (r[i]?.[k]) for (let j = 0; j < n; j++) if (r[k]?.[j]) (r[i] as boolean[])[j] = true;
  return r;
};

const dagEdges = (n: number) => fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 3 * n }).map((es) => es.filter(([a, b]) => a < b) as Array<[number, number]>);

describe('the reduction', () => {
  it('lists only real differences, implies every gained pair, and is minimal (random acyclic relations)', () => {
    const n = 9;
    fc.assert(
      fc.property(dagEdges(n), dagEdges(n), (oldEdges, newEdges) => {
        const idx = (s: string): number => Number(s.slice(1, 5));
        const d = diffOrdering(fakeGraph(n, oldEdges), fakeGraph(n, newEdges));
        for (const [list, now, then] of [[d.gained, closure(n, newEdges), closure(n, oldEdges)], [d.lost, closure(n, oldEdges), closure(n, newEdges)]] as const) {
          const listed = list.map(([a, b]) => [idx(a), idx(b)] as const);
          const gained = (a: number, b: number): boolean => (now[a]?.[b] ?? false) && !(then[a]?.[b] ?? false);
          // every listed pair really differs
          for (const [a, b] of listed) expect(gained(a, b)).toBe(true);
          // listed pairs plus what both generations share give back every differing pair
          const shared: Array<[number, number]> = [];
          for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if ((now[a]?.[b] ?? false) && (then[a]?.[b] ?? false)) shared.push([a, b]);
          const rebuilt = closure(n, [...shared, ...listed]);
          for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (gained(a, b)) expect([a, b, rebuilt[a]?.[b]]).toEqual([a, b, true]);
          // no listed pair follows from the others
          for (const [i, [a, b]] of listed.entries()) {
            const others = closure(n, [...shared, ...listed.filter((_, j) => j !== i)]);
            expect([a, b, others[a]?.[b]]).toEqual([a, b, false]);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('keeps every dropped pair implied when the new relation has cycles', () => {
    const n = 7;
    const anyEdges = fc.array(fc.tuple(fc.nat(n - 1), fc.nat(n - 1)), { maxLength: 2 * n }).map((es) => es.filter(([a, b]) => a !== b) as Array<[number, number]>);
    fc.assert(
      fc.property(anyEdges, anyEdges, (oldEdges, newEdges) => {
        const idx = (s: string): number => Number(s.slice(1, 5));
        const d = diffOrdering(fakeGraph(n, oldEdges), fakeGraph(n, newEdges));
        const now = closure(n, newEdges);
        const then = closure(n, oldEdges);
        const listed = d.gained.map(([a, b]) => [idx(a), idx(b)] as const);
        const shared: Array<[number, number]> = [];
        for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if ((now[a]?.[b] ?? false) && (then[a]?.[b] ?? false)) shared.push([a, b]);
        const rebuilt = closure(n, [...shared, ...listed]);
        for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (a !== b && (now[a]?.[b] ?? false) && !(then[a]?.[b] ?? false)) expect(rebuilt[a]?.[b]).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('handles a transaction of 1000 jobs where one edge orders 250 000 pairs anew', () => {
    // two chains of 500; the new generation puts the first before the second
    const n = 1000;
    const chains: Array<[number, number]> = [];
    for (let i = 0; i + 1 < n; i++) if (i !== 499) chains.push([i, i + 1]);
    const start = performance.now();
    const d = diffOrdering(fakeGraph(n, chains), fakeGraph(n, [...chains, [499, 500]]));
    const ms = performance.now() - start;
    expect(d).toEqual({ gained: [['u0499.service', 'u0500.service']], lost: [] });
    expect(ms).toBeLessThan(10_000);
  });

  it('handles a realistic transaction size (1000 jobs, 5000 edges, a few changed) quickly', () => {
    const n = 1000;
    let seed = 42;
    const rand = (k: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 8) % k;
    const edges: Array<[number, number]> = [];
    for (let i = 0; i < 5000; i++) {
      const a = rand(n);
      const b = rand(n);
      if (a !== b) edges.push([Math.min(a, b), Math.max(a, b)]);
    }
    const changed = [...edges.slice(10), [3, 990], [17, 512]] as Array<[number, number]>;
    const start = performance.now();
    const d = diffOrdering(fakeGraph(n, edges), fakeGraph(n, changed, (i) => i !== 999));
    expect(performance.now() - start).toBeLessThan(10_000);
    expect(d.gained.length + d.lost.length).toBeLessThan(50);
  });
});
