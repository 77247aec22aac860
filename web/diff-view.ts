/**
 * The diff view of a page made by `unitgraph diff --html`: the side panel's Diff tab (units
 * added, removed and changed, edges, ordering gained and lost, findings new and resolved), the
 * per-key changes shown in a changed unit's panel, and the legend of the colours. Only used when
 * the RenderInput carries `diff`.
 */
import type { RenderDiff, RenderDiffStatus } from '../src/render/types.js';
import { h } from './dom.js';
import { findingItem, unitLink, type UnitPanelContext } from './unit-panel.js';

const SIGN: Record<RenderDiffStatus, string> = { added: '+', removed: '−', changed: '~', unchanged: '' };

const sectionOf = (title: string, count: number, ...body: Array<HTMLElement | null>): HTMLElement | null =>
  count === 0 ? null : h('section', { class: 'ug-sec' }, h('h3', {}, `${title} (${count})`), ...body);

const unitItem = (ctx: UnitPanelContext, diff: RenderDiff, id: string, status: RenderDiffStatus): HTMLElement => {
  const keys = [...new Set((diff.changes[id] ?? []).map((c) => c.key))];
  return h('li', { class: `ug-diff-unit ug-d-${status}`, 'data-unit': id, 'data-status': status },
    h('span', { class: 'ug-sign' }, SIGN[status]), ' ', unitLink(ctx, id),
    keys.length === 0 ? null : h('span', { class: 'ug-note' }, ` ${keys.join(', ')}`));
};

const memberItem = (ctx: UnitPanelContext, id: string, m: { readonly status: 'joined' | 'left'; readonly text: string }): HTMLElement =>
  h('li', { class: `ug-diff-unit ug-d-${m.status}`, 'data-unit': id, 'data-membership': m.status }, h('span', { class: 'ug-sign' }, m.status === 'joined' ? '→' : '←'), ' ', unitLink(ctx, id), h('span', { class: 'ug-note' }, ` ${m.text}`));

const pairItem = (ctx: UnitPanelContext, sign: string, cls: string, [a, b]: readonly [string, string]): HTMLElement =>
  h('li', { class: `ug-diff-pair ${cls}` }, h('span', { class: 'ug-sign' }, sign), ' ', unitLink(ctx, a), h('span', { class: 'ug-kind' }, ' before '), unitLink(ctx, b));

export const countDiffUnits = (diff: RenderDiff): Record<RenderDiffStatus, number> => {
  const n: Record<RenderDiffStatus, number> = { added: 0, removed: 0, changed: 0, unchanged: 0 };
  for (const s of Object.values(diff.units)) n[s]++;
  return n;
};

/** The Diff tab. `ctx.select` should show the unit's own panel (where its changes are). */
export const renderDiffPane = (ctx: UnitPanelContext, diff: RenderDiff): HTMLElement => {
  const byStatus = (s: RenderDiffStatus): string[] => Object.entries(diff.units).filter(([, x]) => x === s).map(([id]) => id).sort();
  const changed = byStatus('changed');
  const added = byStatus('added');
  const removed = byStatus('removed');
  const members = Object.entries(diff.membership ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const joined = members.filter(([, m]) => m.status === 'joined');
  const left = members.filter(([, m]) => m.status === 'left');
  const edgesAdded = diff.edges.filter((e) => e.status === 'added');
  const edgesRemoved = diff.edges.filter((e) => e.status === 'removed');
  const nothing = members.length + changed.length + added.length + removed.length + diff.edges.length + diff.ordering.gained.length + diff.ordering.lost.length + diff.findings.new.length + diff.findings.resolved.length === 0;
  const edgeItem = (e: RenderDiff['edges'][number]): HTMLElement =>
    h('li', { class: `ug-diff-edge ug-d-${e.status}` }, h('span', { class: 'ug-sign' }, SIGN[e.status]), ' ', unitLink(ctx, e.from), h('span', { class: 'ug-kind' }, ` ${e.kind} → `), unitLink(ctx, e.to), h('span', { class: 'ug-note' }, ` (${e.origin})`));
  return h('div', { class: 'ug-diff' },
    h('div', { class: 'ug-diff-sides' },
      h('div', {}, h('span', { class: 'ug-label' }, 'old '), h('code', { title: diff.old.source }, diff.old.source)),
      h('div', {}, h('span', { class: 'ug-label' }, 'new '), h('code', { title: diff.new.source }, diff.new.source))),
    nothing ? h('p', { class: 'ug-hint' }, 'No differences.') : null,
    sectionOf('Changed units', changed.length, h('ul', { class: 'ug-diff-list' }, ...changed.map((id) => unitItem(ctx, diff, id, 'changed')))),
    sectionOf('Added units', added.length, h('ul', { class: 'ug-diff-list' }, ...added.map((id) => unitItem(ctx, diff, id, 'added')))),
    sectionOf('Removed units', removed.length, h('ul', { class: 'ug-diff-list' }, ...removed.map((id) => unitItem(ctx, diff, id, 'removed')))),
    diff.storeOnly === 0 ? null : h('p', { class: 'ug-note' }, `${diff.storeOnly} more unit${diff.storeOnly === 1 ? '' : 's'} changed only in /nix/store hashes (--keep-store-hashes lists ${diff.storeOnly === 1 ? 'it' : 'them'}).`),
    sectionOf('Joined the boot', joined.length, h('ul', { class: 'ug-diff-list', 'data-list': 'joined' }, ...joined.map(([id, m]) => memberItem(ctx, id, m)))),
    sectionOf('Left the boot', left.length, h('ul', { class: 'ug-diff-list', 'data-list': 'left' }, ...left.map(([id, m]) => memberItem(ctx, id, m)))),
    sectionOf('Ordering gained', diff.ordering.gained.length, h('ul', { class: 'ug-diff-list', 'data-list': 'gained' }, ...diff.ordering.gained.map((p) => pairItem(ctx, '+', 'ug-d-added', p)))),
    sectionOf('Ordering lost', diff.ordering.lost.length, h('ul', { class: 'ug-diff-list', 'data-list': 'lost' }, ...diff.ordering.lost.map((p) => pairItem(ctx, '−', 'ug-d-removed', p)))),
    sectionOf('New findings', diff.findings.new.length, h('ul', { class: 'ug-findings', 'data-list': 'new-findings' }, ...diff.findings.new.map((f) => findingItem(ctx, f)))),
    sectionOf('Resolved findings', diff.findings.resolved.length, h('ul', { class: 'ug-findings ug-resolved', 'data-list': 'resolved-findings' }, ...diff.findings.resolved.map((f) => findingItem(ctx, f)))),
    diff.edges.length === 0 ? null : h('details', { class: 'ug-sec' }, h('summary', {}, `Edges: ${edgesAdded.length} added, ${edgesRemoved.length} removed`),
      h('ul', { class: 'ug-diff-list' }, ...edgesAdded.map(edgeItem), ...edgesRemoved.map(edgeItem))));
};

export const diffLegend = (): HTMLElement =>
  h('div', { class: 'ug-legend ug-diff-legend' },
    h('span', { class: 'ug-lg ug-lg-d-added' }, 'added'),
    h('span', { class: 'ug-lg ug-lg-d-removed' }, 'removed'),
    h('span', { class: 'ug-lg ug-lg-d-changed' }, 'changed'),
    h('span', { class: 'ug-lg ug-lg-d-joined' }, 'joined the boot'),
    h('span', { class: 'ug-lg ug-lg-d-left' }, 'left the boot'),
    h('span', { class: 'ug-lg ug-lg-d-unchanged' }, 'unchanged (faded)'));
