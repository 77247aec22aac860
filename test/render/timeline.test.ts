/** Steps, lanes, critical chain and phases of the timeline, on small hand-made inputs. */
import { describe, expect, it } from '@jest/globals';
import { computeSteps, criticalChain } from '../../src/render/layout/steps.js';
import { layoutGraph } from '../../src/render/layout/layout-graph.js';
import { measureSans } from '../../src/render/layout/measure.js';
import type { LayoutNode } from '../../src/render/layout/types.js';
import { drawSvg } from '../../src/render/svg/draw-svg.js';
import type { RenderEdge, RenderInput } from '../../src/render/types.js';

const before = (from: string, to: string): RenderEdge => ({ from, to, kind: 'Before', origin: 'file' });
const mk = (ids: string[], edges: RenderEdge[], target = 'initrd.target'): RenderInput => ({
  source: 'hand-made',
  target,
  nodes: ids.map((id) => ({ id, type: id.split('.').pop() ?? 'service', origin: 'file', masked: false, inTransaction: true })),
  edges,
  findings: [],
});

describe('computeSteps', () => {
  it('gives a chain a → b → c the steps 0, 1, 2', () => {
    const s = computeSteps(['c', 'b', 'a'], [before('a', 'b'), before('b', 'c')]);
    expect([s.step.get('a'), s.step.get('b'), s.step.get('c')]).toEqual([0, 1, 2]);
    expect(s.order).toEqual(['a', 'b', 'c']);
    expect(criticalChain(s, 'c')).toEqual(['a', 'b', 'c']);
  });

  it('takes the longest chain, ignores other edge kinds, and picks the critical predecessor', () => {
    const edges = [before('a', 'b'), before('b', 'c'), before('c', 'z'), before('x', 'z'), { from: 'z', to: 'x', kind: 'Wants', origin: 'file' }];
    const s = computeSteps(['a', 'b', 'c', 'x', 'z'], edges);
    expect(s.step.get('z')).toBe(3);
    expect(s.step.get('x')).toBe(0);
    expect(criticalChain(s, 'z')).toEqual(['a', 'b', 'c', 'z']);
  });

  it('breaks an ordering cycle deterministically and reports the edge it set aside', () => {
    const s = computeSteps(['a', 'b', 'c'], [before('a', 'b'), before('b', 'c'), before('c', 'a')]);
    expect(s.broken).toHaveLength(1);
    expect(s.order).toHaveLength(3);
    expect(computeSteps(['c', 'b', 'a'], [before('c', 'a'), before('a', 'b'), before('b', 'c')]).broken).toEqual(s.broken);
  });

  it('with durations, starts at the latest end of what is ordered before', () => {
    const s = computeSteps(['a', 'b', 'c'], [before('a', 'c'), before('b', 'c')], new Map([['a', 1], ['b', 2.5], ['c', 0.5]]));
    expect(s.start.get('c')).toBe(2.5);
    expect(s.end.get('c')).toBe(3);
    expect(criticalChain(s, 'c')).toEqual(['b', 'c']);
  });
});

describe('the timeline layout', () => {
  const input = mk(
    ['a.service', 'b.service', 'c.service', 'sysinit.target', 'initrd.target', 'p.service', 'q.service'],
    [before('a.service', 'b.service'), before('b.service', 'sysinit.target'), before('sysinit.target', 'c.service'), before('c.service', 'initrd.target'), before('p.service', 'initrd.target'), before('q.service', 'p.service')],
  );

  it('puts each job at its step, marks the critical chain and links it', async () => {
    const l = await layoutGraph(input, { view: 'timeline', measure: measureSans });
    const by = new Map(l.nodes.map((n) => [n.id, n]));
    expect(l.view).toBe('timeline');
    expect(['a.service', 'b.service', 'sysinit.target', 'c.service', 'initrd.target'].map((n) => by.get(n)?.step)).toEqual([0, 1, 2, 3, 4]);
    expect(by.get('q.service')?.step).toBe(0);
    expect(by.get('p.service')?.step).toBe(1);
    expect(l.nodes.filter((n) => n.critical === true).map((n) => n.id).sort()).toEqual(['a.service', 'b.service', 'c.service', 'initrd.target', 'sysinit.target']);
    expect(l.edges.map((e) => `${e.from}>${e.to}`)).toEqual(['a.service>b.service', 'b.service>sysinit.target', 'sysinit.target>c.service', 'c.service>initrd.target']);
    expect(l.edges.every((e) => e.critical === true)).toBe(true);
    // steps grow to the right
    expect((by.get('b.service')?.x ?? 0) > (by.get('a.service')?.x ?? 0)).toBe(true);
  });

  it('packs bars and names into lanes without overlap', async () => {
    const l = await layoutGraph(input, { view: 'timeline', measure: measureSans });
    const extent = (n: LayoutNode): [number, number] => [n.x, n.x + n.width + 5 + measureSans(n.label, 12)];
    for (const a of l.nodes)
      for (const b of l.nodes) {
        if (a.id >= b.id || a.lane !== b.lane) continue;
        const [a0, a1] = extent(a);
        const [b0, b1] = extent(b);
        expect(a1 <= b0 || b1 <= a0).toBe(true);
      }
    expect(new Set(l.nodes.map((n) => n.y)).size).toBe(new Set(l.nodes.map((n) => n.lane)).size);
  });

  it('marks phases at the landmark targets', async () => {
    const l = await layoutGraph(input, { view: 'timeline', measure: measureSans });
    expect((l.phases ?? []).map((p) => p.name)).toEqual(['sysinit.target', 'initrd.target']);
    expect(l.labels.filter((x) => x.kind === 'phase').map((x) => x.text)).toEqual(['sysinit.target', 'initrd.target']);
    expect(l.labels.filter((x) => x.kind === 'axis').map((x) => x.text)).toEqual(['0', '1', '2', '3', '4']);
  });

  it('scales bars and starts by durations', async () => {
    const durations = new Map([['a.service', 2], ['b.service', 1], ['c.service', 0.5], ['q.service', 0.1], ['p.service', 4]]);
    const l = await layoutGraph(input, { view: 'timeline', measure: measureSans, durations });
    const by = new Map(l.nodes.map((n) => [n.id, n]));
    expect(by.get('p.service')?.start).toBe(0.1);
    expect(by.get('initrd.target')?.start).toBe(4.1);
    // p (4 s) now decides when initrd.target is reached
    expect(l.nodes.filter((n) => n.critical === true).map((n) => n.id).sort()).toEqual(['initrd.target', 'p.service', 'q.service']);
    expect(by.get('p.service')?.width).toBeCloseTo(8 * (by.get('c.service')?.width ?? 0), 0);
    expect(l.labels.some((x) => x.kind === 'axis' && x.text.endsWith('s'))).toBe(true);
  });
});

describe('the timeline of a two-step boot plan', () => {
  const withJobs = (input: RenderInput, jobs: Record<string, string[]>, stopped: string[]): RenderInput => ({
    ...input,
    phases: [{ target: 'initrd.target', mode: 'start' }, { target: 'initrd-switch-root.target', mode: 'isolate' }],
    nodes: input.nodes.map((n) => ({ ...n, jobs: jobs[n.id] ?? ['initrd.target'], ...(stopped.includes(n.id) ? { stoppedBy: 'initrd-switch-root.target' } : {}) })),
  });
  const S2 = ['initrd-switch-root.target'];
  const input = withJobs(
    mk(
      ['a.service', 'initrd.target', 'initrd-cleanup.service', 'initrd-switch-root.target', 'initrd-switch-root.service', 'late.service', 'nojob.mount'],
      [before('a.service', 'initrd.target'), before('initrd.target', 'initrd-cleanup.service'), before('initrd-switch-root.target', 'initrd-switch-root.service')],
    ),
    { 'initrd-cleanup.service': ['initrd.target'], 'initrd-switch-root.target': S2, 'initrd-switch-root.service': S2, 'late.service': S2, 'nojob.mount': [] },
    ['a.service'],
  );

  it('starts step 2 after initrd.target, draws the boundary and the switch, marks what the isolate stops', async () => {
    const l = await layoutGraph(input, { view: 'timeline', measure: measureSans });
    const by = new Map(l.nodes.map((n) => [n.id, n]));
    expect(by.has('nojob.mount')).toBe(false);
    // late.service has no ordering at all, yet it is a job of step 2: it starts once initrd.target is reached
    expect(by.get('late.service')?.step).toBeGreaterThan(by.get('initrd.target')?.step ?? 99);
    expect(by.get('initrd-switch-root.service')?.step).toBeGreaterThan(by.get('initrd.target')?.step ?? 99);
    expect(l.boundaries?.map((b) => b.text)).toEqual(['step 2: isolate initrd-switch-root.target (stops 1 unit ✕)', 'switch to the real root']);
    const [start2, sw] = l.boundaries ?? [];
    const it = by.get('initrd.target');
    expect(start2?.x).toBeCloseTo((it?.x ?? 0) + (it?.width ?? 0) + 2, 0);
    const last = by.get('initrd-switch-root.service');
    expect(sw?.x).toBeGreaterThanOrEqual((last?.x ?? 0) + (last?.width ?? 0));
    expect(by.get('a.service')?.stoppedBy).toBe('initrd-switch-root.target');
    const svg = drawSvg(l);
    expect(svg).toContain('class="boundary"');
    expect(svg.match(/class="stopped"/g)?.length).toBe(1);
    expect(svg).toContain('stopped by the isolate of initrd-switch-root.target');
  });
});
