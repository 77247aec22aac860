/** Which part of the graph is drawn: the transaction, a focus neighbourhood, defaults hidden. */
import { describe, expect, it } from '@jest/globals';
import { selectSubgraph } from '../../src/render/layout/focus.js';
import { UnitgraphError } from '../../src/errors.js';
import type { RenderEdge, RenderInput, RenderNode } from '../../src/render/types.js';

const node = (id: string, inTransaction = true): RenderNode => ({ id, type: id.split('.').pop() ?? 'service', origin: 'file', masked: false, inTransaction });
const edge = (from: string, kind: string, to: string, origin = 'file'): RenderEdge => ({ from, to, kind, origin });

// a → b → c → d → e (Before), t Wants a, slice Before every service (implicit), x outside the transaction
const input: RenderInput = {
  source: 'hand-made',
  target: 't.target',
  nodes: ['a.service', 'b.service', 'c.service', 'd.service', 'e.service', 't.target', 'system.slice'].map((n) => node(n)).concat([node('x.service', false)]),
  edges: [
    edge('a.service', 'Before', 'b.service'),
    edge('b.service', 'Before', 'c.service'),
    edge('c.service', 'Before', 'd.service'),
    edge('d.service', 'Before', 'e.service'),
    edge('e.service', 'Before', 't.target', 'default'),
    edge('t.target', 'Wants', 'a.service', 'wants-dir'),
    edge('system.slice', 'Before', 'a.service', 'implicit'),
    edge('system.slice', 'Before', 'e.service', 'implicit'),
    edge('x.service', 'Conflicts', 'c.service'),
  ],
  findings: [],
};

const ids = (s: { nodes: readonly RenderNode[] }): string[] => s.nodes.map((n) => n.id);

describe('selectSubgraph', () => {
  it('takes the transaction by default, with every edge between its units', () => {
    const s = selectSubgraph(input);
    expect(ids(s)).toEqual(['a.service', 'b.service', 'c.service', 'd.service', 'e.service', 'system.slice', 't.target']);
    expect(s.edges).toHaveLength(8);
    expect(s.focus).toBeUndefined();
  });

  it('takes the neighbourhood of --focus in both directions, over every edge kind, up to --depth', () => {
    expect(ids(selectSubgraph(input, { focus: 'c.service', depth: 0 }))).toEqual(['c.service']);
    expect(ids(selectSubgraph(input, { focus: 'c.service', depth: 1 }))).toEqual(['b.service', 'c.service', 'd.service', 'x.service']);
    const two = selectSubgraph(input, { focus: 'c.service', depth: 2 });
    expect(ids(two)).toEqual(['a.service', 'b.service', 'c.service', 'd.service', 'e.service', 'x.service']);
    expect(two.focus).toBe('c.service');
    // default depth is 2
    expect(ids(selectSubgraph(input, { focus: 'c.service' }))).toEqual(ids(two));
  });

  it('reaches through pull-in and implicit edges too', () => {
    expect(ids(selectSubgraph(input, { focus: 't.target', depth: 1 }))).toEqual(['a.service', 'e.service', 't.target']);
    expect(ids(selectSubgraph(input, { focus: 'system.slice', depth: 1 }))).toEqual(['a.service', 'e.service', 'system.slice']);
  });

  it('hideDefaults drops default and implicit edges, and the units only they brought in', () => {
    const s = selectSubgraph(input, { hideDefaults: true });
    expect(s.edges.some((e) => e.origin === 'default' || e.origin === 'implicit')).toBe(false);
    expect(ids(s)).toEqual(['a.service', 'b.service', 'c.service', 'd.service', 'e.service', 't.target']);
    // ... before the neighbourhood is taken
    expect(ids(selectSubgraph(input, { focus: 'system.slice', depth: 3, hideDefaults: true }))).toEqual(['system.slice']);
  });

  it('fails with a usage error naming an unknown focus unit', () => {
    expect(() => selectSubgraph(input, { focus: 'nope.service' })).toThrow(UnitgraphError);
    expect(() => selectSubgraph(input, { focus: 'nope.service' })).toThrow(/nope\.service/);
  });
});
