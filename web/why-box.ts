/**
 * The side panel's why tab: units A (the selection, or typed) and B (typed), and the chains that
 * order A before B and/or let A pull B in (src/render/query.ts, the same answer as `unitgraph why`).
 */
import { edgeOrigin, explainWhyChains, whySummary } from '../src/render/query.js';
import type { RenderEdge } from '../src/render/types.js';
import { h } from './dom.js';
import { createTypeAhead } from './search.js';
import { unitLink, type UnitPanelContext } from './unit-panel.js';

export interface WhyBox {
  readonly element: HTMLElement;
  setA(a: string | undefined): void;
  setB(b: string | undefined): void;
}

const chain = (ctx: UnitPanelContext, title: string, edges: readonly RenderEdge[] | undefined, cls: string): HTMLElement =>
  h('div', { class: `ug-why-answer ${cls}` }, h('p', { class: 'ug-why-title' }, title),
    edges === undefined ? null : h('ol', { class: 'ug-chain' }, ...edges.map((e) => h('li', {}, unitLink(ctx, e.from), h('span', { class: 'ug-kind' }, ` ${e.kind} → `), unitLink(ctx, e.to), h('div', { class: 'ug-origin' }, edgeOrigin(e))))));

export const createWhyBox = (ctx: () => UnitPanelContext, names: () => readonly string[], onChain: (edges: readonly RenderEdge[]) => void): WhyBox => {
  let a: string | undefined;
  let b: string | undefined;
  const result = h('div', { class: 'ug-why-result', 'aria-live': 'polite' });
  const taA = createTypeAhead({ names, id: 'ug-why-a', label: 'unit A', placeholder: 'unit A (the selection)', onPick: (n) => box.setA(n) });
  const taB = createTypeAhead({ names, id: 'ug-why-b', label: 'unit B', placeholder: 'unit B, e.g. sysroot.mount', onPick: (n) => box.setB(n) });
  const swap = h('button', { type: 'button', class: 'ug-btn', 'data-action': 'swap', title: 'swap A and B', onclick: () => { const t = a; a = b; b = t; run(); } }, '⇅ swap');
  const run = (): void => {
    taA.setValue(a ?? '');
    taB.setValue(b ?? '');
    if (a === undefined || b === undefined) {
      result.replaceChildren(h('p', { class: 'ug-hint' }, 'Pick two units: why is A ordered before B, and does A pull B in? (Every edge counts here, whatever the toggles show.)'));
      onChain([]);
      return;
    }
    if (a === b) {
      result.replaceChildren(h('p', { class: 'ug-hint' }, 'A and B are the same unit.'));
      onChain([]);
      return;
    }
    const c = ctx();
    const w = explainWhyChains(c.input, a, b);
    const sum = whySummary(w);
    const order = w.orderedBefore ?? w.orderedAfter;
    const pull = w.pulls ?? w.pulledBy;
    result.replaceChildren(
      chain(c, sum.ordering, order, order === undefined ? 'ug-why-none' : 'ug-why-order'),
      chain(c, sum.pulling, pull, pull === undefined ? 'ug-why-none' : 'ug-why-pull'));
    onChain([...(order ?? []), ...(pull ?? [])]);
  };
  const box: WhyBox = {
    element: h('div', { class: 'ug-why' },
      h('div', { class: 'ug-why-fields' },
        h('label', { class: 'ug-why-label', for: 'ug-why-a' }, 'A'), taA.element,
        h('label', { class: 'ug-why-label', for: 'ug-why-b' }, 'B'), taB.element),
      h('div', { class: 'ug-row' }, swap),
      result),
    setA(x) {
      a = x;
      run();
    },
    setB(x) {
      b = x;
      run();
    },
  };
  run();
  return box;
};
