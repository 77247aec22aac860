/** A 500-unit generated graph still lays out (and in reasonable time); the time is printed. */
import { describe, expect, it } from '@jest/globals';
import { layoutGraph } from '../../src/render/layout/layout-graph.js';
import { measureSans } from '../../src/render/layout/measure.js';
import { reduceOrdering } from '../../src/render/layout/reduce.js';
import { drawSvg } from '../../src/render/svg/draw-svg.js';
import { generateInput } from './generated-graph.js';

describe('a 500-unit graph', () => {
  it('lays out both views', async () => {
    const input = generateInput(500);
    const t0 = performance.now();
    const ordering = await layoutGraph(input, { view: 'ordering', measure: measureSans });
    const t1 = performance.now();
    const timeline = await layoutGraph(input, { view: 'timeline', measure: measureSans });
    const t2 = performance.now();
    const svg = drawSvg(ordering);
    console.log(`500 units, ${String(input.edges.length)} edges: ordering layout ${Math.round(t1 - t0)} ms (incl. loading elkjs), timeline ${Math.round(t2 - t1)} ms, SVG ${Math.round(svg.length / 1024)} KiB`);
    // the ordering view draws the jobs with plumbing folded; the timeline every job
    expect(ordering.nodes).toHaveLength(reduceOrdering(input).nodes.length);
    expect(ordering.nodes.length).toBeGreaterThan(300);
    expect(timeline.nodes).toHaveLength(500);
    expect(ordering.edges.length).toBeGreaterThan(300);
    expect(ordering.nodes.every((n) => Number.isFinite(n.x) && Number.isFinite(n.y) && n.width > 0)).toBe(true);
  }, 60000);
});
