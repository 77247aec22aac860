/**
 * The interactive page: toolbar (search, view switch, edge toggles), the drawing, and a side
 * panel with the selected unit, the why box and the findings. State lives here; the parts only
 * draw what they are given and report what the user did.
 */
import { layoutGraph } from '../src/render/layout/layout-graph.js';
import type { Layout } from '../src/render/layout/types.js';
import { FONT } from '../src/render/svg/svg-util.js';
import { edgeShown, relatedUnits, type EdgeFilter, type Related } from '../src/render/query.js';
import type { RenderEdge, RenderInput } from '../src/render/types.js';
import { diffEdgeKey } from '../src/render/diff-input.js';
import { createEdgeToggles, createViewSwitch, type View } from './controls.js';
import { countDiffUnits, diffLegend, renderDiffPane } from './diff-view.js';
import { h } from './dom.js';
import { countFindings, renderFindings } from './findings.js';
import { createGraphView } from './graph-view.js';
import { canvasMeasure } from './measure.js';
import { createTypeAhead } from './search.js';
import { renderUnitPanel, type UnitPanelContext } from './unit-panel.js';
import { createWhyBox } from './why-box.js';

type Tab = 'unit' | 'why' | 'findings' | 'diff';

export const startApp = async (root: HTMLElement, input: RenderInput): Promise<void> => {
  const measure = canvasMeasure(FONT);
  const state: { view: View; filter: EdgeFilter; selected: string | undefined; why: readonly RenderEdge[]; tab: Tab } = {
    view: 'ordering',
    filter: { groups: new Set(['ordering', 'hard', 'soft', 'other']), defaults: true },
    selected: undefined,
    why: [],
    tab: 'unit',
  };
  let related: Related | undefined;
  // a diff page draws every unit that changed, joined or left, and every ordering edge added or removed
  const diffKeep = input.diff === undefined ? {} : ((d: NonNullable<RenderInput['diff']>) => {
    const changedEdges = new Set(d.edges.filter((e) => e.kind === 'Before').map((e) => diffEdgeKey(e)));
    return {
      keepUnits: new Set([...Object.entries(d.units).filter(([, st]) => st !== 'unchanged').map(([id]) => id), ...Object.keys(d.membership ?? {})]),
      keepEdge: (e: RenderEdge) => changedEdges.has(diffEdgeKey(e)),
    };
  })(input.diff);
  const jobs = new Set(input.nodes.filter((n) => (n.jobs === undefined ? n.inTransaction : n.jobs.length > 0)).map((n) => n.id));
  const layouts = new Map<View, Promise<Layout>>();
  const getLayout = (v: View): Promise<Layout> => {
    let p = layouts.get(v);
    if (p === undefined) {
      // the CLI applied the layout bound (--max-nodes) before it built the page
      p = layoutGraph(input, v === 'all' ? { view: 'ordering', allEdges: true, measure, maxNodes: Number.POSITIVE_INFINITY } : { view: v, measure, ...diffKeep, maxNodes: Number.POSITIVE_INFINITY });
      layouts.set(v, p);
    }
    return p;
  };

  const graph = createGraphView((id) => (id === undefined ? select(undefined) : select(id, state.tab === 'why' ? {} : { tab: 'unit' })));
  const names = (): string[] => input.nodes.map((n) => n.id);
  const ctx = (): UnitPanelContext => ({ input, drawn: graph.nodeIds(), select: (id) => select(id, { centre: true }) });

  const unitPane = h('div', { class: 'ug-pane', role: 'tabpanel', 'data-pane': 'unit' });
  const why = createWhyBox(() => ({ ...ctx(), select: (id) => select(id, { centre: true, keepWhy: true }) }), names, (edges) => {
    state.why = edges;
    applyHighlight();
  });
  const whyPane = h('div', { class: 'ug-pane', role: 'tabpanel', 'data-pane': 'why' }, why.element);
  const findingsPane = h('div', { class: 'ug-pane', role: 'tabpanel', 'data-pane': 'findings' });
  const counts = countFindings(input);
  const diff = input.diff;
  const diffPane = h('div', { class: 'ug-pane', role: 'tabpanel', 'data-pane': 'diff' });
  const diffCounts = diff === undefined ? undefined : countDiffUnits(diff);
  const tabButton = (t: Tab, label: string): HTMLElement => h('button', { type: 'button', role: 'tab', class: 'ug-tab', 'data-tab': t, onclick: () => showTab(t) }, label);
  const tabs = h('div', { class: 'ug-tabs', role: 'tablist' }, tabButton('unit', 'Unit'), tabButton('why', 'Why'), tabButton('findings', `Findings (${input.findings.length})`),
    diffCounts === undefined ? null : tabButton('diff', `Diff (${diffCounts.added + diffCounts.removed + diffCounts.changed})`));
  const showTab = (t: Tab): void => {
    state.tab = t;
    for (const b of tabs.querySelectorAll('[data-tab]')) b.setAttribute('aria-selected', String(b.getAttribute('data-tab') === t));
    for (const p of [unitPane, whyPane, findingsPane, diffPane]) p.hidden = p.getAttribute('data-pane') !== t;
    applyHighlight(); // the why chain is drawn while its tab is open
  };

  const search = createTypeAhead({ names, id: 'ug-search', label: 'find a unit', placeholder: 'Find a unit…  (/)', onPick: (n) => select(n, { centre: true, tab: 'unit' }) });
  const status = h('div', { class: 'ug-status', 'aria-live': 'polite' });
  const canvas = h('div', { class: 'ug-canvas' }, graph.element, status,
    h('div', { class: 'ug-zoom' }, h('button', { type: 'button', class: 'ug-btn', title: 'fit the drawing to the window', onclick: () => graph.fit('all') }, 'Fit')),
    legend(),
    diff === undefined ? null : diffLegend());
  const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`;
  const summary = h('div', { class: 'ug-counts', title: 'findings: show the list', role: 'button', tabindex: 0 },
    ...(input.findings.length === 0 ? [h('span', { class: 'ug-count' }, 'no findings')] : []),
    ...(['error', 'warning', 'info'] as const).filter((sev) => counts[sev] > 0).map((sev) => h('span', { class: `ug-count ug-sev-${sev}` }, plural(counts[sev], sev))));
  summary.addEventListener('click', () => showTab('findings'));
  summary.addEventListener('keydown', (ev) => {
    if (ev.key === 'Enter' || ev.key === ' ') showTab('findings');
  });
  const diffSummary = diffCounts === undefined ? null : h('button', { type: 'button', class: 'ug-diff-counts', title: 'units added, removed, changed: show the Diff tab', onclick: () => showTab('diff') },
    h('span', { class: 'ug-d-added' }, `+${diffCounts.added}`), ' ', h('span', { class: 'ug-d-removed' }, `−${diffCounts.removed}`), ' ', h('span', { class: 'ug-d-changed' }, `~${diffCounts.changed}`), ' units');
  const header = h('header', { class: 'ug-top' },
    h('div', { class: `ug-title${diff === undefined ? '' : ' ug-title-diff'}` }, h('strong', {}, diff === undefined ? input.target : `${input.target}: diff`),
      h('span', { class: 'ug-source', title: input.source }, diff === undefined ? shortPath(input.source) : `${lastParts(diff.old.source)} → ${lastParts(diff.new.source)}`)),
    search.element,
    createViewSwitch(state.view, (v) => {
      setView(v).catch((e: unknown) => {
        status.textContent = `Could not lay out the ${v} view: ${e instanceof Error ? e.message : String(e)}`;
      });
    }),
    createEdgeToggles(state.filter, (f) => {
      state.filter = f;
      graph.setFilter(f);
      applyHighlight();
      renderUnit();
    }),
    diffSummary,
    summary);
  root.replaceChildren(header, h('main', { class: 'ug-main' }, canvas, h('aside', { class: 'ug-side' }, tabs, unitPane, whyPane, findingsPane, ...(diff === undefined ? [] : [diffPane]))));
  showTab(diff === undefined ? 'unit' : 'diff');

  function computeRelated(): void {
    // transitively through every unit that gets a job (folded plumbing included), painted where drawn
    related = state.selected === undefined ? undefined : relatedUnits(input.edges, state.selected, { keep: (e) => edgeShown(e, state.filter), nodes: new Set([...jobs, ...graph.nodeIds()]) });
  }
  function applyHighlight(): void {
    computeRelated();
    const why = state.tab === 'why' ? state.why : [];
    graph.highlight(state.selected === undefined || related === undefined ? { dependencies: new Set(), dependents: new Set(), conflicts: new Set(), why } : { selected: state.selected, dependencies: new Set(related.dependencies), dependents: new Set(related.dependents), conflicts: new Set(related.conflicts), why });
  }
  function renderUnit(): void {
    unitPane.replaceChildren(renderUnitPanel(ctx(), state.selected, related));
  }
  function select(id: string | undefined, opts: { centre?: boolean; tab?: Tab; keepWhy?: boolean } = {}): void {
    state.selected = id;
    root.dataset['selected'] = id ?? '';
    search.setValue(id ?? '');
    if (opts.keepWhy !== true && id !== undefined) why.setA(id); // recomputes the chain
    applyHighlight();
    renderUnit();
    if (opts.tab !== undefined) showTab(opts.tab);
    if (id !== undefined && opts.centre === true) graph.centreOn(id);
  }

  async function setView(v: View): Promise<void> {
    state.view = v;
    root.dataset['view'] = '';
    status.textContent = `Laying out the ${v} view…`;
    status.hidden = false;
    const layout = await getLayout(v);
    if (state.view !== v) return;
    graph.show(layout, `${input.target} of ${input.source}`);
    if (diff !== undefined) {
      const edgeStatus = new Map(diff.edges.map((e) => [diffEdgeKey(e), e.status]));
      graph.markDiff((id) => diff.units[id], (e) => edgeStatus.get(diffEdgeKey(e)) ?? 'unchanged', (id) => diff.membership?.[id]?.status);
    }
    graph.setFilter(state.filter);
    applyHighlight();
    renderUnit();
    findingsPane.replaceChildren(renderFindings(ctx())); // its unit links know what is drawn now
    if (diff !== undefined) diffPane.replaceChildren(renderDiffPane({ ...ctx(), select: (id) => select(id, { centre: true, tab: 'unit' }) }, diff));
    status.hidden = true;
    root.dataset['view'] = v;
    if (state.selected !== undefined) graph.centreOn(state.selected);
  }

  document.addEventListener('keydown', (ev) => {
    const t = ev.target as Element | null;
    if (ev.key === '/' && !(t instanceof HTMLInputElement)) {
      search.input.focus();
      ev.preventDefault();
    } else if (ev.key === 'Escape' && !(t instanceof HTMLInputElement)) select(undefined);
  });
  window.addEventListener('resize', () => graph.fit('readable'));
  renderUnit();
  await setView(state.view);
};

/** A path as its last two parts (a generation's directory and file). */
const lastParts = (p: string): string => {
  const parts = p.split('/').filter((x) => x !== '');
  return parts.length <= 2 ? p : parts.slice(-2).join('/');
};

/** A long path as its last three parts. */
const shortPath = (p: string): string => {
  const parts = p.split('/').filter((x) => x !== '');
  return p.length <= 40 || parts.length <= 3 ? p : `…/${parts.slice(-3).join('/')}`;
};

const legend = (): HTMLElement =>
  h('div', { class: 'ug-legend' },
    h('span', { class: 'ug-lg ug-lg-selected' }, 'selected'),
    h('span', { class: 'ug-lg ug-lg-dep' }, 'depends on (pulls in, ordered after)'),
    h('span', { class: 'ug-lg ug-lg-rdep' }, 'needed by'),
    h('span', { class: 'ug-lg ug-lg-conflict' }, 'conflicts'),
    h('span', { class: 'ug-lg ug-lg-why' }, 'why chain'));
