/**
 * The out-edge index (src/graph/query/edge-index.ts) gives exactly what walking the graphology
 * graph gives, in the same order: every node of real graphs (the NixOS corpus, a unit with several
 * edges to one neighbour), and a graph changed after it was built falls back to graphology.
 */
import { describe, expect, it } from '@jest/globals';
import { allEdges, outEdges } from '../../../src/graph/query/edge-index.js';
import type { DepEdge, DepGraph } from '../../../src/graph/types.js';
import { graphOf } from '../../helpers/fixture.js';

const walked = (g: DepGraph, n: string): DepEdge[] => {
  const list: DepEdge[] = [];
  g.forEachOutEdge(n, (_k, e) => void list.push(e));
  return list;
};

describe('outEdges', () => {
  it.each(['remote-unlock-luks', 'btrfs-optin-state'] as const)('is graphology\'s forEachOutEdge, node by node, on %s', async (base) => {
    const { graph } = await graphOf({ base });
    for (const n of graph.nodes()) expect([n, outEdges(graph, n)]).toEqual([n, walked(graph, n)]);
    const all: DepEdge[] = [];
    graph.forEachEdge((_k, e) => void all.push(e));
    expect(allEdges(graph)).toEqual(all);
  });

  it('keeps graphology\'s order when one unit has several edges to another (newest first)', async () => {
    const { graph } = await graphOf({
      files: {
        'a.service': '[Unit]\nWants=b.service c.service\nAfter=b.service\nRequires=b.service\nBefore=c.service\n[Service]\nExecStart=/bin/true\n',
        'b.service': '[Service]\nExecStart=/bin/true\n',
        'c.service': '[Service]\nExecStart=/bin/true\n',
      },
    });
    const out = outEdges(graph, 'a.service');
    expect(out.filter((e) => e.to === 'b.service').length).toBeGreaterThan(1);
    expect(out).toEqual(walked(graph, 'a.service'));
    expect(outEdges(graph, 'no-such.service')).toEqual([]);
  });

  it('falls back to graphology for a graph changed after it was built', async () => {
    const { graph } = await graphOf({});
    const before = outEdges(graph, 'initrd.target').length;
    graph.addEdge('initrd.target', 'sysroot.mount', { from: 'initrd.target', to: 'sysroot.mount', kind: 'Wants', origin: 'file' });
    expect(outEdges(graph, 'initrd.target')).toEqual(walked(graph, 'initrd.target'));
    expect(outEdges(graph, 'initrd.target').length).toBe(before + 1);
    expect(allEdges(graph).length).toBe(graph.size);
  });
});
