/**
 * The ordering and timeline layouts of a real image: reproducible (same input → the same Layout
 * and byte-identical SVG), matched against a golden Layout (regenerate with UPDATE_GOLDEN=1), and
 * drawn as well-formed SVG.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSource, checkGraph, toRenderInput } from '../../src/index.js';
import { layoutGraph } from '../../src/render/layout/layout-graph.js';
import { measureSans } from '../../src/render/layout/measure.js';
import type { Layout } from '../../src/render/layout/types.js';
import { drawSvg } from '../../src/render/svg/draw-svg.js';
import type { RenderInput } from '../../src/render/types.js';
import { REPO } from '../helpers/fixture.js';
import { parseSvg } from './svg-check.js';

const REMOTE_UNLOCK = join(REPO, 'examples', 'nixos-remote-unlock', 'initrd');
const GOLDEN = join(REPO, 'test', 'golden');

const loadInput = async (path: string): Promise<RenderInput> => {
  const { graph } = await analyzeSource(path);
  return toRenderInput(graph, checkGraph(graph));
};

let ordering: Promise<Layout> | undefined;
/** The ordering layout of the example, computed once for the tests that only read it. */
const orderingLayout = (): Promise<Layout> => (ordering ??= loadInput(REMOTE_UNLOCK).then((i) => layoutGraph(i, { view: 'ordering', measure: measureSans })));

const golden = (name: string, layout: Layout): void => {
  const file = join(GOLDEN, name);
  const text = JSON.stringify(layout, null, 1) + '\n';
  if (process.env['UPDATE_GOLDEN'] === '1') {
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, text);
  }
  if (!existsSync(file)) throw new Error(`${file} is missing: run the tests with UPDATE_GOLDEN=1 to write it`);
  expect(JSON.parse(text)).toEqual(JSON.parse(readFileSync(file, 'utf8')));
};

describe('ordering view of examples/nixos-remote-unlock', () => {
  it('is reproducible, matches its golden Layout and draws well-formed SVG', async () => {
    const a = await orderingLayout();
    const b = await layoutGraph(await loadInput(REMOTE_UNLOCK), { view: 'ordering', measure: measureSans });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    golden('remote-unlock-ordering.layout.json', a);
    const svg = drawSvg(a, { title: 'remote-unlock' });
    expect(drawSvg(b, { title: 'remote-unlock' })).toBe(svg);
    const doc = parseSvg(svg);
    // one group per unit, each with a tooltip naming it; one path per edge
    const units = Array.from(doc.getElementsByTagName('g')).filter((g) => g.getAttribute('data-unit') !== null);
    expect(units.map((g) => g.getAttribute('data-unit')).sort()).toEqual(a.nodes.map((n) => n.id));
    expect(Array.from(doc.getElementsByTagName('path')).filter((p) => p.getAttribute('data-edge') !== null)).toHaveLength(a.edges.length);
    expect(doc.getElementsByTagName('marker').length).toBeGreaterThan(0);
  });

  it('lays the boot chain out top to bottom, through step 2 to the switch, and keeps edges out of unit boxes', async () => {
    const l = await orderingLayout();
    const by = new Map(l.nodes.map((n) => [n.id, n]));
    const chain = ['unlock-luks.service', 'sysroot.mount', 'initrd-root-fs.target', 'initrd-fs.target', 'initrd.target', 'initrd-switch-root.target', 'initrd-switch-root.service'];
    const ys = chain.map((id) => by.get(id)?.y ?? -1);
    expect(ys.every((y, i) => i === 0 || y > (ys[i - 1] ?? 0))).toBe(true);
    // issue 14: the default drawing fits 1,600 px wide
    expect(l.width).toBeLessThanOrEqual(1600);
    // plumbing folded, pull-in edges and implied ordering left out, and the header says so
    expect(l.nodes.some((n) => n.type === 'slice' || n.type === 'socket' || n.type === 'device')).toBe(false);
    expect(l.edges.every((e) => e.kind === 'Before')).toBe(true);
    const notes = l.labels.filter((x) => x.kind === 'legend').map((x) => x.text);
    expect(notes).toEqual([expect.stringMatching(/^folded \(order kept, units not drawn\): .*devices?.*slices.*sockets/), expect.stringMatching(/ordering edges implied by a drawn chain, not drawn$/), expect.stringMatching(/pull-in edges not drawn \(--all-edges\)$/)]);
    expect(l.edges.some((e) => e.kind === 'Before' && e.from === 'unlock-luks.service' && e.to === 'sysroot.mount')).toBe(true);
    // no edge segment runs through a unit's box (it may touch the border where it ends)
    for (const e of l.edges)
      for (let i = 1; i < e.points.length; i++) {
        const p = e.points[i - 1];
        const q = e.points[i];
        if (p === undefined || q === undefined) continue;
        for (const n of l.nodes) {
          const inside = (x: number, y: number): boolean => x > n.x + 1 && x < n.x + n.width - 1 && y > n.y + 1 && y < n.y + n.height - 1;
          const mid = { x: (p.x + q.x) / 2, y: (p.y + q.y) / 2 };
          expect(inside(mid.x, mid.y) ? `${e.id} through ${n.id}` : '').toBe('');
        }
      }
  });

  it('marks landmarks, findings and origins in the Layout', async () => {
    const l = await orderingLayout();
    const by = new Map(l.nodes.map((n) => [n.id, n]));
    expect(by.get('initrd.target')?.landmark).toBe(true);
    expect(by.get('sshd.service')?.landmark).toBe(false);
    expect(by.get('sysroot.mount')?.origin).toBe('generator');
    expect(by.get('unlock-luks.service')?.findings.map((f) => f.rule)).toContain('after-without-wants');
  });
});

describe('timeline view of examples/nixos-remote-unlock', () => {
  it('is reproducible, matches its golden Layout and draws well-formed SVG', async () => {
    const input = await loadInput(REMOTE_UNLOCK);
    const a = await layoutGraph(input, { view: 'timeline', measure: measureSans });
    const b = await layoutGraph(input, { view: 'timeline', measure: measureSans });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    golden('remote-unlock-timeline.layout.json', a);
    const svg = drawSvg(a);
    expect(drawSvg(b)).toBe(svg);
    parseSvg(svg);
    const critical = a.nodes.filter((n) => n.critical === true).sort((x, y) => (x.step ?? 0) - (y.step ?? 0)).map((n) => n.id);
    expect(critical[critical.length - 1]).toBe('initrd.target');
    expect(critical).toEqual(expect.arrayContaining(['sysroot.mount', 'initrd-fs.target']));
  });
});

describe('focus view', () => {
  it('draws what must finish before the unit and what waits for it, one step away by default', async () => {
    const l = await layoutGraph(await loadInput(REMOTE_UNLOCK), { view: 'ordering', measure: measureSans, focus: 'sysroot.mount' });
    expect(l.nodes.find((n) => n.focus === true)?.id).toBe('sysroot.mount');
    expect(l.nodes.map((n) => n.id)).toEqual(['initrd-find-nixos-closure.service', 'initrd-root-fs.target', 'sysroot-run.mount', 'sysroot.mount', 'systemd-fsck-root.service', 'unlock-luks.service']);
    expect(l.labels.find((x) => x.kind === 'legend')?.text).toMatch(/^focus on sysroot\.mount: .* 1 step away in the reduced ordering$/);
    parseSvg(drawSvg(l));
  });

  it('stops growing before the node budget and says so', async () => {
    const input = await loadInput(REMOTE_UNLOCK);
    const l = await layoutGraph(input, { view: 'ordering', measure: measureSans, focus: 'sysinit.target', depth: 5, budget: 12 });
    expect(l.nodes.length).toBeLessThanOrEqual(12);
    expect(l.labels.find((x) => x.kind === 'legend')?.text).toMatch(/would pass the budget of 12 units/);
  });

  it('with --all-edges keeps the old neighbourhood over every edge kind, fading units outside the transaction', async () => {
    const l = await layoutGraph(await loadInput(REMOTE_UNLOCK), { view: 'ordering', measure: measureSans, focus: 'sysroot.mount', depth: 1, allEdges: true });
    expect(l.nodes.some((n) => n.inTransaction === false)).toBe(true);
    expect(drawSvg(l)).toContain('opacity="0.55"');
  });
});
