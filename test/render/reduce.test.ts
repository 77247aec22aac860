/** The reduced ordering (issue 14): what is drawn, what is folded, which edges carry order. */
import { describe, expect, it } from '@jest/globals';
import { globToRegExp, reduceOrdering } from '../../src/render/layout/reduce.js';
import type { RenderEdge, RenderInput } from '../../src/render/types.js';

const before = (from: string, to: string, origin = 'file'): RenderEdge => ({ from, to, kind: 'Before', origin });
const mk = (ids: string[], edges: RenderEdge[], noJob: string[] = []): RenderInput => ({
  source: 'hand-made',
  target: 't.target',
  nodes: ids.map((id) => ({ id, type: id.split('.').pop() ?? 'service', origin: 'file', masked: false, inTransaction: true, jobs: noJob.includes(id) ? [] : ['t.target'] })),
  edges,
  findings: [],
});
const pairs = (r: { edges: readonly RenderEdge[] }): string[] => r.edges.map((e) => `${e.from}>${e.to}`);

describe('reduceOrdering', () => {
  it('draws a → b → c, not the implied a → c, whatever the origin of either', () => {
    const r = reduceOrdering(mk(['a.service', 'b.service', 'c.service'], [before('a.service', 'b.service', 'default'), before('b.service', 'c.service'), before('a.service', 'c.service')]));
    expect(pairs(r)).toEqual(['a.service>b.service', 'b.service>c.service']);
    expect(r.reducedAway).toBe(1);
    expect(r.notes).toEqual(['1 of 3 ordering edges implied by a drawn chain, not drawn']);
  });

  it('folds slices, sockets, journald and devices and keeps the order they carried', () => {
    const ids = ['a.service', 'x.socket', 'system.slice', 'systemd-journald.service', 'dev-sda.device', 'b.service', 'c.service', 'sysinit.target'];
    const edges = [before('a.service', 'x.socket'), before('x.socket', 'b.service'), before('system.slice', 'c.service'), before('dev-sda.device', 'c.service'), before('systemd-journald.service', 'sysinit.target'), before('b.service', 'sysinit.target')];
    const r = reduceOrdering(mk(ids, edges));
    expect(r.nodes.map((n) => n.id)).toEqual(['a.service', 'b.service', 'c.service', 'sysinit.target']);
    expect(pairs(r)).toEqual(['a.service>b.service', 'b.service>sysinit.target']);
    expect(r.edges[0]).toMatchObject({ origin: 'default', via: 'through folded plumbing' });
    expect(r.folded).toEqual({ socket: ['x.socket'], slice: ['system.slice'], journald: ['systemd-journald.service'], device: ['dev-sda.device'] });
    expect(r.notes[0]).toBe('folded (order kept, units not drawn): 1 device, 1 journald, 1 slice, 1 socket; --show GLOB draws them');
    // --show draws what it names
    const shown = reduceOrdering(mk(ids, edges), { show: ['*.socket'] });
    expect(pairs(shown)).toEqual(['a.service>x.socket', 'b.service>sysinit.target', 'x.socket>b.service']);
  });

  it('draws only units that get a job, and never drops the edge that closes a cycle', () => {
    const r = reduceOrdering(mk(['a.service', 'b.service', 'c.service', 'z.service'], [before('a.service', 'b.service'), before('b.service', 'c.service'), before('c.service', 'a.service'), before('z.service', 'a.service')], ['z.service']));
    expect(r.nodes.map((n) => n.id)).toEqual(['a.service', 'b.service', 'c.service']);
    expect(pairs(r).sort()).toEqual(['a.service>b.service', 'b.service>c.service', 'c.service>a.service']);
  });

  it('focus: the immediate predecessors and successors in the reduced relation, not the implied ones', () => {
    const ids = ['a.service', 'b.service', 'f.service', 'c.service', 'd.service', 'e.service'];
    const edges = [before('a.service', 'b.service'), before('b.service', 'f.service'), before('a.service', 'f.service'), before('f.service', 'c.service'), before('c.service', 'd.service'), before('e.service', 'd.service')];
    const one = reduceOrdering(mk(ids, edges), { focus: 'f.service' });
    expect(one.nodes.map((n) => n.id)).toEqual(['b.service', 'c.service', 'f.service']);
    const two = reduceOrdering(mk(ids, edges), { focus: 'f.service', depth: 2 });
    // upstream stays upstream and downstream downstream: e.service (a sibling of c) is not drawn
    expect(two.nodes.map((n) => n.id)).toEqual(['a.service', 'b.service', 'c.service', 'd.service', 'f.service']);
    expect(() => reduceOrdering(mk(ids, edges), { focus: 'nope.service' })).toThrow(/--focus: no unit named nope\.service/);
  });

  it('reads globs as unit names', () => {
    expect(globToRegExp('dev-*.device').test('dev-mapper-root.device')).toBe(true);
    expect(globToRegExp('a?.service').test('ab.service')).toBe(true);
    expect(globToRegExp('a.service').test('aXservice')).toBe(false);
  });
});
