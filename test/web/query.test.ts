/**
 * src/render/query.ts: the page's "why" must give the answer `unitgraph why` gives (the graph's
 * explainWhy), and the highlight's closure follows the documented directions.
 */
import { beforeAll, describe, expect, test } from '@jest/globals';
import { analyzeSource, checkGraph, toRenderInput, type UnitGraph } from '../../src/index.js';
import { explainWhy } from '../../src/graph/query/why.js';
import { dependence, edgeGroup, edgeShown, explainWhyChains, relatedUnits, whySummary } from '../../src/render/query.js';
import type { RenderEdge, RenderInput } from '../../src/render/types.js';
import { EXAMPLE, expectedHighlight, jobIds } from './helpers.js';

const strip = (edges: readonly RenderEdge[] | undefined) => edges?.map((e) => ({ from: e.from, to: e.to, kind: e.kind, origin: e.origin, file: e.file, line: e.line, via: e.via }));

describe('explainWhyChains over RenderInput', () => {
  let graph: UnitGraph;
  let input: RenderInput;
  beforeAll(async () => {
    graph = (await analyzeSource(EXAMPLE)).graph;
    input = toRenderInput(graph, checkGraph(graph), { unitText: true });
  });

  test('unlock-luks.service is ordered before sysroot.mount by its own Before= line', () => {
    const w = explainWhyChains(input, 'unlock-luks.service', 'sysroot.mount');
    expect(strip(w.orderedBefore)).toEqual([{ from: 'unlock-luks.service', to: 'sysroot.mount', kind: 'Before', origin: 'file', file: 'etc/systemd/system/unlock-luks.service', line: 3, via: 'Before=sysroot.mount' }]);
    expect(w.pulls).toBeUndefined();
    expect(whySummary(w).ordering).toBe('unlock-luks.service is ordered before sysroot.mount:');
  });

  test('answers exactly as the graph\'s explainWhy for every pair of a sample of units', () => {
    const units = ['initrd.target', 'sysroot.mount', 'unlock-luks.service', 'sysinit.target', 'initrd-root-fs.target', 'systemd-fsck-root.service', 'sshd.service', 'local-fs.target', 'initrd-switch-root.target', 'basic.target'];
    for (const a of units)
      for (const b of units) {
        if (a === b) continue;
        const mine = explainWhyChains(input, a, b);
        const theirs = explainWhy(graph, a, b);
        expect({ pair: [a, b], o: strip(mine.orderedBefore), oa: strip(mine.orderedAfter), p: strip(mine.pulls), pb: strip(mine.pulledBy) }).toEqual({
          pair: [a, b],
          o: strip(theirs.orderedBefore),
          oa: strip(theirs.orderedAfter),
          p: strip(theirs.pulls),
          pb: strip(theirs.pulledBy),
        });
      }
  });

  test('relatedUnits agrees with the independent closure the browser test uses', () => {
    const drawn = jobIds(input);
    for (const unit of ['sysroot.mount', 'initrd.target', 'unlock-luks.service']) {
      const r = relatedUnits(input.edges, unit, { nodes: drawn });
      const want = expectedHighlight(input, unit, drawn, () => true);
      expect(r.dependencies).toEqual(want.deps);
      expect(r.dependents).toEqual(want.rdeps);
    }
  });
});

describe('relatedUnits', () => {
  const e = (from: string, kind: string, to: string, origin = 'file'): RenderEdge => ({ from, to, kind, origin });
  const edges = [e('a', 'Before', 'b'), e('b', 'Before', 'c'), e('c', 'Wants', 'd'), e('x', 'Requires', 'c'), e('c', 'Conflicts', 'y'), e('y', 'Requires', 'z'), e('q', 'Before', 'c', 'default')];

  test('Before edges are followed backwards, pull-in kinds forwards, Conflicts and the rest never', () => {
    expect(dependence(e('a', 'Before', 'b'))).toEqual(['b', 'a']);
    expect(dependence(e('a', 'Wants', 'b'))).toEqual(['a', 'b']);
    const r = relatedUnits(edges, 'c');
    expect(r.dependencies).toEqual(['a', 'b', 'd', 'q']);
    expect(r.dependents).toEqual(['x']);
    expect(r.conflicts).toEqual(['y']);
    // issue 14: a device that propagates its stop to the mount, a unit PartOf= another, an
    // OnFailure= handler: none of them depends on or is needed by the other
    const more = [...edges, e('dev.device', 'PropagatesStopTo', 'c'), e('c', 'PartOf', 'p'), e('c', 'OnFailure', 'f'), e('t', 'Triggers', 'c')];
    const r2 = relatedUnits(more, 'c');
    expect(r2.dependencies).toEqual(['a', 'b', 'd', 'q']);
    expect(r2.dependents).toEqual(['x']);
  });

  test('only the edges kept and the nodes given count', () => {
    const filter = { groups: new Set(['ordering', 'hard', 'soft'] as const), defaults: false };
    const r = relatedUnits(edges, 'c', { keep: (x) => edgeShown(x, filter), nodes: new Set(['a', 'b', 'c', 'd', 'q']) });
    expect(r.dependencies).toEqual(['a', 'b', 'd']);
    expect(r.dependents).toEqual([]);
  });

  test('edge groups', () => {
    expect(['Before', 'Requires', 'Requisite', 'BindsTo', 'Wants', 'Upholds', 'Conflicts', 'PartOf', 'OnFailure', 'Triggers'].map((kind) => edgeGroup({ kind }))).toEqual(['ordering', 'hard', 'hard', 'hard', 'soft', 'soft', 'conflicts', 'other', 'other', 'other']);
  });
});
