/** The SVG drawing of hand-made Layouts: every mark the legend promises, escaping, stability. */
import { describe, expect, it } from '@jest/globals';
import type { Layout, LayoutNode } from '../../src/render/layout/types.js';
import { drawSvg } from '../../src/render/svg/draw-svg.js';
import { edgeStyle } from '../../src/render/svg/style.js';
import { parseSvg } from './svg-check.js';

const unit = (id: string, over: Partial<LayoutNode> = {}): LayoutNode => ({ id, label: id, x: 10, y: 10, width: 120, height: 24, type: id.split('.').pop() ?? 'service', origin: 'file', landmark: false, masked: false, findings: [], ...over });

const layout: Layout = {
  view: 'ordering',
  width: 600,
  height: 200,
  nodes: [
    unit('a.service', { findings: [{ rule: 'ordering-cycle', severity: 'error', message: 'a & b <loop>' }] }),
    unit('masked.service', { y: 50, masked: true }),
    unit('gone.service', { y: 90, origin: 'referenced' }),
    unit('sysroot.mount', { y: 130, origin: 'generator' }),
    unit('initrd.target', { x: 300, landmark: true }),
    unit('dev-mapper-root\\x2d1.device', { x: 300, y: 50, findings: [{ rule: 'bindsto-without-after', severity: 'warning', message: 'w' }] }),
  ],
  edges: [
    { id: 'Before:a.service->initrd.target', from: 'a.service', to: 'initrd.target', kind: 'Before', origin: 'file', points: [{ x: 130, y: 22 }, { x: 200, y: 22 }, { x: 200, y: 30 }, { x: 300, y: 30 }] },
    { id: 'Requires:initrd.target->a.service', from: 'initrd.target', to: 'a.service', kind: 'Requires', origin: 'default', points: [{ x: 300, y: 15 }, { x: 130, y: 15 }] },
    { id: 'Conflicts:a.service->gone.service', from: 'a.service', to: 'gone.service', kind: 'Conflicts', origin: 'file', points: [{ x: 70, y: 34 }, { x: 70, y: 90 }] },
  ],
  labels: [],
};

describe('drawSvg', () => {
  const svg = drawSvg(layout, { title: 'a <test> & more' });

  it('is well-formed, escaped, and the same for the same input', () => {
    parseSvg(svg);
    expect(drawSvg(layout, { title: 'a <test> & more' })).toBe(svg);
    expect(svg).toContain('<title>a &lt;test&gt; &amp; more</title>');
    expect(svg).toContain('a &amp; b &lt;loop&gt;');
    expect(svg).toContain('dev-mapper-root\\x2d1.device');
    expect(svg).not.toMatch(/\d\.\d{3,}/); // at most 2 decimals
  });

  it('draws findings, landmarks, origins and masks as the legend says', () => {
    const group = (id: string): string => svg.slice(svg.indexOf(`data-unit="${id}"`), svg.indexOf('</g>', svg.indexOf(`data-unit="${id}"`)));
    expect(group('a.service')).toContain('stroke="#d93025" stroke-width="3"');
    expect(group('a.service')).toContain('error ordering-cycle: a &amp; b &lt;loop&gt;');
    expect(group('dev-mapper-root\\x2d1.device')).toContain('stroke="#f29900"');
    expect(group('dev-mapper-root\\x2d1.device')).toContain('<polygon');
    expect(group('initrd.target')).toContain('stroke-width="2.5"');
    expect(group('sysroot.mount')).toContain('stroke-dasharray="4 2"');
    expect(group('gone.service')).toContain('fill="#f1f3f4"');
    expect(group('masked.service')).toMatch(/<line [^>]*stroke="#202124"/);
    expect(svg).toContain('<g class="legend">');
    expect(svg).toMatch(/<marker id="arrow-ordering"/);
  });

  it('tells edge kinds and origins apart', () => {
    expect(edgeStyle('Requires', 'file').width).toBeGreaterThan(edgeStyle('Wants', 'file').width);
    expect(edgeStyle('Wants', 'file').dash).toBeDefined();
    expect(edgeStyle('Requires', 'file').dash).toBeUndefined();
    expect(edgeStyle('BindsTo', 'file').stroke).not.toBe(edgeStyle('Requires', 'file').stroke);
    expect(edgeStyle('Conflicts', 'file').stroke).toBe('#d93025');
    expect(edgeStyle('Requires', 'default').opacity).toBeLessThan(edgeStyle('Requires', 'file').opacity);
    expect(edgeStyle('Before', 'implicit').width).toBeLessThan(edgeStyle('Before', 'file').width);
    // quiet edges are drawn first (underneath), ordering last (on top)
    expect(svg.indexOf('data-edge="Requires:initrd.target-&gt;a.service"')).toBeLessThan(svg.indexOf('data-edge="Before:a.service-&gt;initrd.target"'));
  });
});
