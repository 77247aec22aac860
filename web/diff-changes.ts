/** A unit's diff status and its per-key changes (old → new), at the top of its panel in a diff page. */
import type { RenderDiff, RenderDiffChange, RenderDiffStatus } from '../src/render/types.js';
import { h } from './dom.js';

const shown = (v: string | null): string => (v === null ? '(unset)' : v === '' ? '""' : v);

const STATUS_WORD: Record<RenderDiffStatus, string> = { added: 'added', removed: 'removed', changed: 'changed', unchanged: 'unchanged' };

const lines = (v: string | null): string[] => (v === null ? [] : v.split('\n'));

/** A side of a key assigned several times: one assignment a line, those the other side lacks marked. */
const block = (cls: 'ug-old' | 'ug-new', mine: string | null, other: string | null): HTMLElement => {
  const theirs = new Set(lines(other));
  const rows = lines(mine).map((l) => h('div', { class: theirs.has(l) ? 'ug-same' : cls }, l === '' ? '"" (reset)' : l));
  return h('div', { class: `ug-vside ug-vside-${cls.slice(3)}` }, ...(rows.length === 0 ? [h('div', { class: `${cls} ug-unset` }, '(unset)')] : rows));
};

/** One change: `[Section] Key` (or the property), then old → new, each side wrapping on its own. */
export const changeRow = (c: RenderDiffChange): HTMLElement => {
  const multi = (c.old ?? '').includes('\n') || (c.new ?? '').includes('\n');
  return h('li', { class: 'ug-change', 'data-section': c.section, 'data-key': c.key },
    h('div', { class: 'ug-change-key' }, c.section === '' ? c.key : `[${c.section}] ${c.key}`),
    multi
      ? h('div', { class: 'ug-change-vals ug-multi' }, block('ug-old', c.old, c.new), h('div', { class: 'ug-arrow' }, '↓'), block('ug-new', c.new, c.old))
      : h('div', { class: 'ug-change-vals' },
        h('span', { class: `ug-old${c.old === null ? ' ug-unset' : ''}` }, shown(c.old)),
        h('span', { class: 'ug-arrow' }, ' → '),
        h('span', { class: `ug-new${c.new === null ? ' ug-unset' : ''}` }, shown(c.new))));
};

/** The top of a unit's panel in a diff page: its status and, for a changed unit, what changed. */
export const renderUnitDiff = (diff: RenderDiff, id: string): HTMLElement | null => {
  const status = diff.units[id];
  if (status === undefined) return null;
  const changes = diff.changes[id] ?? [];
  const note = status === 'added' ? `only in the new generation (${diff.new.source})` : status === 'removed' ? `only in the old generation (${diff.old.source})` : status === 'unchanged' ? 'the same in both generations' : `${changes.length} change${changes.length === 1 ? '' : 's'}, old → new`;
  return h('section', { class: `ug-sec ug-unit-diff ug-d-${status}`, 'data-diff-status': status },
    h('div', {}, h('span', { class: `ug-badge ug-d-${status}` }, STATUS_WORD[status]), ' ', h('span', { class: 'ug-note' }, note)),
    changes.length === 0 ? null : h('ul', { class: 'ug-changes' }, ...changes.map(changeRow)));
};
