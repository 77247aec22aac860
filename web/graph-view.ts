/**
 * The drawing: the Layout drawn by drawSvg (the same picture as `unitgraph render`), placed in
 * the page under d3 zoom and pan, with node clicks, edge-kind visibility and the highlight of a
 * selection (classes only; the styles are in page.css).
 */
import { select, zoom, zoomIdentity, type ZoomBehavior, type ZoomTransform } from 'd3';
import type { Layout, LayoutEdge } from '../src/render/layout/types.js';
import { edgeShown, type EdgeFilter } from '../src/render/query.js';
import { drawSvg } from '../src/render/svg/draw-svg.js';
import type { RenderDiffStatus, RenderEdge } from '../src/render/types.js';
import { s } from './dom.js';

export interface Highlight {
  /** Nothing is faded without a selection. */
  readonly selected?: string;
  readonly dependencies: ReadonlySet<string>;
  readonly dependents: ReadonlySet<string>;
  readonly conflicts: ReadonlySet<string>;
  /** The chain the why box found, drawn on top. */
  readonly why?: readonly RenderEdge[];
}

export interface GraphView {
  readonly element: SVGSVGElement;
  show(layout: Layout, title: string): void;
  nodeIds(): ReadonlySet<string>;
  setFilter(f: EdgeFilter): void;
  highlight(h: Highlight | undefined): void;
  centreOn(id: string): void;
  /**
   * Diff page: each unit and edge gets the class `ug-d-<status>` (added, removed, changed,
   * unchanged; page.css colours them as `unitgraph diff -o FILE.svg` does) after every show().
   */
  markDiff(units: (id: string) => RenderDiffStatus | undefined, edges: (e: LayoutEdge) => RenderDiffStatus, membership?: (id: string) => 'joined' | 'left' | undefined): void;
  /** 'all': the whole picture; 'readable': at most life size, the whole height, from the left (the start of the boot). */
  fit(mode?: 'all' | 'readable'): void;
}

/** The smallest scale at which 12 px unit names stay legible (about 9 px on screen). */
export const READABLE = 0.75;

const translateY = (el: Element | null): number => {
  const m = /translate\(\s*[-\d.e]+\s*,\s*([-\d.e]+)\s*\)/.exec(el?.getAttribute('transform') ?? '');
  return m === null ? 0 : Number(m[1]);
};

export const createGraphView = (onSelect: (id: string | undefined) => void): GraphView => {
  const svg = s('svg', { class: 'ug-graph', role: 'img', 'aria-label': 'dependency graph' });
  const viewport = s('g', { class: 'ug-viewport' });
  svg.append(viewport);
  const nodeEls = new Map<string, SVGGElement>();
  /** Each edge's path, and what is drawn with it (the junction dots that follow it). */
  let edgeEls: Array<{ el: SVGPathElement; parts: Element[]; e: LayoutEdge }> = [];
  let layout: Layout | undefined;
  let size = { width: 0, height: 0, top: 0 };
  let transform: ZoomTransform = zoomIdentity;
  const zoomer: ZoomBehavior<SVGSVGElement, unknown> = zoom<SVGSVGElement, unknown>()
    .scaleExtent([0.05, 4])
    .on('zoom', (ev: { transform: ZoomTransform }) => {
      transform = ev.transform;
      viewport.setAttribute('transform', ev.transform.toString());
    });
  select(svg).call(zoomer).on('dblclick.zoom', null);
  svg.addEventListener('click', (ev) => {
    const g = (ev.target as Element).closest('[data-unit]');
    onSelect(g === null ? undefined : (g.getAttribute('data-unit') ?? undefined));
  });

  const view: GraphView = {
    element: svg,
    show(l, title) {
      layout = l;
      const doc = new DOMParser().parseFromString(drawSvg(l, { title }), 'image/svg+xml');
      const root = doc.documentElement;
      // the picture's own <title> would be the tooltip of the whole drawing
      const parts = [...root.childNodes].filter((n) => !(n instanceof Element && n.localName === 'title'));
      viewport.replaceChildren(...parts.map((n) => document.importNode(n, true)));
      viewport.setAttribute('font-family', root.getAttribute('font-family') ?? 'sans-serif');
      size = { width: Number(root.getAttribute('width')) || l.width, height: Number(root.getAttribute('height')) || l.height, top: translateY(viewport.querySelector('g.body')) };
      nodeEls.clear();
      for (const g of viewport.querySelectorAll<SVGGElement>('g[data-unit]')) nodeEls.set(g.getAttribute('data-unit') ?? '', g);
      const byId = new Map(l.edges.map((e) => [e.id, e]));
      edgeEls = [];
      for (const el of viewport.querySelectorAll<SVGPathElement>('path[data-edge]')) {
        const e = byId.get(el.getAttribute('data-edge') ?? '');
        if (e === undefined) continue;
        el.setAttribute('data-from', e.from);
        el.setAttribute('data-to', e.to);
        el.setAttribute('data-kind', e.kind);
        el.setAttribute('data-origin', e.origin);
        const parts: Element[] = [];
        for (let n = el.nextElementSibling; n !== null && n.localName === 'circle'; n = n.nextElementSibling) {
          n.classList.add('ug-edge-part');
          parts.push(n);
        }
        edgeEls.push({ el, parts, e });
      }
      view.fit('readable');
    },
    nodeIds: () => new Set(nodeEls.keys()),
    markDiff(units, edges, membership) {
      svg.classList.add('ug-diffview');
      const defs = viewport.querySelector('defs');
      if (defs !== null && defs.querySelector('#arrow-diff-added') === null) {
        for (const m of ['added', 'removed']) {
          const marker = s('marker', { id: `arrow-diff-${m}`, class: `ug-d-${m}`, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 8, markerHeight: 8, markerUnits: 'userSpaceOnUse', orient: 'auto-start-reverse' });
          marker.append(s('path', { d: 'M0,1 L10,5 L0,9 z' }));
          defs.append(marker);
        }
      }
      for (const [id, g] of nodeEls) {
        const st = units(id) ?? 'unchanged';
        for (const m of ['added', 'removed', 'changed', 'unchanged']) g.classList.toggle(`ug-d-${m}`, m === st);
        const mb = membership?.(id);
        g.classList.toggle('ug-d-joined', mb === 'joined');
        g.classList.toggle('ug-d-left', mb === 'left');
      }
      for (const { el, parts, e } of edgeEls) {
        const st = edges(e);
        // ordering gained or lost through a unit that joined or left
        const through = e.kind === 'Before' && (membership?.(e.from) !== undefined || membership?.(e.to) !== undefined);
        for (const x of [el, ...parts]) {
          for (const m of ['added', 'removed', 'changed', 'unchanged']) x.classList.toggle(`ug-d-${m}`, m === st);
          x.classList.toggle('ug-d-through', through);
        }
      }
    },
    setFilter(f) {
      for (const { el, parts, e } of edgeEls) for (const x of [el, ...parts]) x.classList.toggle('ug-hidden', !edgeShown(e, f));
    },
    highlight(hl) {
      svg.classList.toggle('ug-focused', hl?.selected !== undefined);
      const whyKeys = new Set((hl?.why ?? []).map((e) => `${e.from}\u0000${e.to}\u0000${e.kind}`));
      const whyNodes = new Set((hl?.why ?? []).flatMap((e) => [e.from, e.to]));
      svg.classList.toggle('ug-why-shown', whyNodes.size > 0);
      for (const [id, g] of nodeEls) {
        g.classList.toggle('ug-selected', hl?.selected === id);
        g.classList.toggle('ug-dep', hl?.dependencies.has(id) === true);
        g.classList.toggle('ug-rdep', hl?.dependents.has(id) === true);
        g.classList.toggle('ug-conflict', hl?.conflicts.has(id) === true);
        g.classList.toggle('ug-why', whyNodes.has(id));
      }
      const up = new Set([...(hl?.dependencies ?? []), hl?.selected ?? '']);
      const down = new Set([...(hl?.dependents ?? []), hl?.selected ?? '']);
      for (const { el, parts, e } of edgeEls) {
        const [dependent, dependency] = e.kind === 'Before' ? [e.to, e.from] : [e.from, e.to];
        const on = hl?.selected !== undefined && e.kind !== 'Conflicts' && ((up.has(dependent) && up.has(dependency)) || (down.has(dependent) && down.has(dependency)));
        const conflict = hl?.selected !== undefined && e.kind === 'Conflicts' && (e.from === hl.selected || e.to === hl.selected);
        const why = whyKeys.has(`${e.from}\u0000${e.to}\u0000${e.kind}`);
        for (const x of [el, ...parts]) {
          x.classList.toggle('ug-on', on || conflict);
          x.classList.toggle('ug-why', why);
        }
      }
    },
    centreOn(id) {
      const n = layout?.nodes.find((x) => x.id === id);
      if (n === undefined) return;
      const { width, height } = svg.getBoundingClientRect();
      const k = Math.max(1, transform.k);
      // the unit in the middle, unless that would leave blank space where the picture could be
      const axis = (view: number, content: number, at: number): number => {
        const pad = 12;
        if (content * k <= view - 2 * pad) return (view - content * k) / 2;
        return Math.min(pad, Math.max(view - pad - content * k, view / 2 - at * k));
      };
      const x = axis(width, size.width, n.x + n.width / 2);
      const y = axis(height, size.height, size.top + n.y + n.height / 2);
      select(svg).transition().duration(350).call(zoomer.transform, zoomIdentity.translate(x, y).scale(k));
    },
    fit(mode = 'all') {
      if (layout === undefined) return;
      const { width, height } = svg.getBoundingClientRect();
      if (width === 0 || height === 0) return;
      const pad = 12;
      const fitH = (height - 2 * pad) / Math.max(1, size.height);
      const fitW = (width - 2 * pad) / Math.max(1, size.width);
      if (mode === 'readable' && layout.view === 'ordering' && layout.width < layout.height * 3) {
        // the top-to-bottom ordering view: the landmark targets (the spine) in the middle, from
        // the top, never smaller than READABLE so that names stay legible
        const k = Math.min(1, Math.max(READABLE, fitW));
        const spine = layout.nodes.filter((n) => n.landmark);
        const cx = spine.length === 0 ? size.width / 2 : spine.reduce((s, n) => s + n.x + n.width / 2, 0) / spine.length;
        const x = size.width * k <= width - 2 * pad ? (width - size.width * k) / 2 : Math.min(pad, Math.max(width - pad - size.width * k, width / 2 - cx * k));
        const y = size.height * k <= height - 2 * pad ? (height - size.height * k) / 2 : pad;
        select(svg).call(zoomer.transform, zoomIdentity.translate(x, y).scale(k));
        return;
      }
      const k = mode === 'all' ? Math.min(1.5, fitH, fitW) : Math.min(1, fitH);
      const x = size.width * k <= width - 2 * pad ? (width - size.width * k) / 2 : pad;
      const y = Math.max(pad, (height - size.height * k) / 2);
      select(svg).call(zoomer.transform, zoomIdentity.translate(x, y).scale(k));
    },
  };
  return view;
};
