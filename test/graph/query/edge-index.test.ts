/**
 * The edge store (src/graph/query/edge-index.ts) answers every query of the pipeline exactly as
 * the graphology graph built from it does, in the same order: every node of real graphs (the
 * NixOS corpus, a unit with several edges to one neighbour, a self loop); graphology is built only
 * when `graph` is read, and a graph changed after that is what `view` answers from.
 */
import { describe, expect, it } from '@jest/globals';
import { allEdges, EdgeStore, outEdges, type DepView } from '../../../src/graph/query/edge-index.js';
import type { UnitGraph } from '../../../src/graph/build.js';
import type { DepEdge } from '../../../src/graph/types.js';
import { checkOf, graphOf } from '../../helpers/fixture.js';

const edge = (_k: string, e: DepEdge): DepEdge => e;

/** Everything DepView answers about a node, through its own methods. */
const answers = (v: DepView, n: string): unknown => {
  const out = v.mapOutEdges(n, edge);
  return {
    attrs: v.getNodeAttributes(n),
    out,
    forEachOut: ((l: DepEdge[]) => (v.forEachOutEdge(n, (_k, e) => void l.push(e)), l))([]),
    in: v.mapInEdges(n, edge),
    forEachIn: ((l: DepEdge[]) => (v.forEachInEdge(n, (_k, e) => void l.push(e)), l))([]),
    all: v.mapEdges(n, edge),
    inDegree: v.inDegree(n),
    neighbors: ((l: string[]) => (v.someNeighbor(n, (m) => (l.push(m), false)), l))([]),
    someOutBefore: v.someOutEdge(n, (_k, e) => e.kind === 'Before'),
    someInWants: v.someInEdge(n, (_k, e) => e.kind === 'Wants'),
    pairs: [...new Set(out.map((e) => e.to))].map((to) => [to, v.someOutEdge(n, to, (_k, e) => e.kind === 'Before'), v.someOutEdge(n, to, () => true)]),
  };
};

const sameAsGraphology = (g: UnitGraph): void => {
  const store = g.view;
  expect(store).toBeInstanceOf(EdgeStore);
  const graph = g.graph;
  expect(g.view).toBe(store); // reading graph does not change what view answers from
  expect([store.order, store.size]).toEqual([graph.order, graph.size]);
  expect(store.nodes()).toEqual(graph.nodes());
  expect(store.mapNodes((n, a) => [n, a])).toEqual(graph.mapNodes((n, a) => [n, a]));
  for (const n of graph.nodes()) {
    expect([n, answers(store, n)]).toEqual([n, answers(graph, n)]);
    expect(outEdges(store, n)).toEqual(outEdges(graph, n));
  }
  expect(allEdges(store)).toEqual(allEdges(graph));
  const keys: string[] = [];
  graph.forEachEdge((k, e) => void keys.push(`${k} ${e.from} ${e.to} ${e.kind}`));
  expect(keys).toEqual(allEdges(store).map((e, i) => `${String(i)} ${e.from} ${e.to} ${e.kind}`));
};

describe('the edge store', () => {
  it.each(['remote-unlock-luks', 'btrfs-optin-state'] as const)('answers as graphology does, node by node, on %s', async (base) => {
    sameAsGraphology(await graphOf({ base }));
  });

  it('keeps graphology\'s order when one unit has several edges to another (newest first), and no self loops (systemd drops a dependency on itself)', async () => {
    const g = await graphOf({
      files: {
        'a.service': '[Unit]\nWants=b.service c.service\nAfter=b.service\nRequires=b.service\nBefore=c.service\nAfter=a.service\n[Service]\nExecStart=/bin/true\n',
        'b.service': '[Unit]\nWants=a.service\n[Service]\nExecStart=/bin/true\n',
        'c.service': '[Service]\nExecStart=/bin/true\n',
      },
    });
    const out = outEdges(g.view, 'a.service');
    expect(out.filter((e) => e.to === 'b.service').length).toBeGreaterThan(1);
    expect(outEdges(g.view, 'no-such.service')).toEqual([]);
    expect(outEdges(g.view, 'a.service').filter((e) => e.to === 'a.service')).toEqual([]); // After=a.service on itself
    expect(() => g.view.forEachOutEdge('no-such.service', () => undefined)).toThrow(/no-such.service/);
    sameAsGraphology(g);
  });

  it('is what a check uses: checking builds no graphology graph', async () => {
    const g = await graphOf({ base: 'remote-unlock-luks' });
    let built = false;
    const lazy = Object.getOwnPropertyDescriptor(g, 'graph')?.get;
    expect(lazy).toBeDefined();
    Object.defineProperty(g, 'graph', { get: () => ((built = true), lazy?.call(g)) });
    const { runChecks } = await import('../../../src/graph/checks/run-checks.js');
    expect(runChecks(g).findings.length).toBeGreaterThan(0);
    expect(built).toBe(false);
    expect((await checkOf({ base: 'remote-unlock-luks' })).findings).toEqual(runChecks(g).findings);
  });

  it('gives way to graphology once the graph is changed after it was built', async () => {
    const g = await graphOf({});
    const before = outEdges(g.view, 'initrd.target').length;
    g.graph.addEdge('initrd.target', 'sysroot.mount', { from: 'initrd.target', to: 'sysroot.mount', kind: 'Wants', origin: 'file' });
    expect(g.view).toBe(g.graph);
    expect(outEdges(g.view, 'initrd.target').length).toBe(before + 1);
    expect(allEdges(g.view).length).toBe(g.graph.size);
  });
});
