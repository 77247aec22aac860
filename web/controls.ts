/** The toolbar's view switch and edge toggles. */
import { EDGE_GROUPS, type EdgeFilter, type EdgeGroup } from '../src/render/query.js';
import { h } from './dom.js';

export type View = 'ordering' | 'all' | 'timeline';

export const createViewSwitch = (initial: View, onChange: (v: View) => void): HTMLElement => {
  const opt = (v: View, label: string, title: string): HTMLElement =>
    h('label', { class: 'ug-seg', title }, h('input', { type: 'radio', name: 'ug-view', value: v, checked: v === initial, onchange: () => onChange(v) }), h('span', {}, label));
  return h('div', { class: 'ug-segmented', role: 'radiogroup', 'aria-label': 'view' },
    opt('ordering', 'Ordering', 'the jobs of the boot, top to bottom: only the ordering nobody else implies; slices, sockets, journald and devices folded'),
    opt('all', 'All edges', 'every unit of the transaction and every edge systemd stores (pull-in, default, implicit ...)'),
    opt('timeline', 'Timeline', 'the boot as steps between the landmark targets'));
};

export const createEdgeToggles = (initial: EdgeFilter, onChange: (f: EdgeFilter) => void): HTMLElement => {
  const groups = new Set(initial.groups);
  let defaults = initial.defaults;
  const emit = (): void => onChange({ groups: new Set(groups), defaults });
  const box = (id: string, label: string, title: string, checked: boolean, cls: string, set: (on: boolean) => void): HTMLElement =>
    h('label', { class: `ug-toggle ${cls}`, title }, h('input', { type: 'checkbox', 'data-toggle': id, checked, onchange: (ev: Event) => { set((ev.target as HTMLInputElement).checked); emit(); } }), h('span', { class: 'ug-swatch' }), label);
  return h('div', { class: 'ug-toggles', role: 'group', 'aria-label': 'edges shown' },
    ...EDGE_GROUPS.map((g) => box(g.id, g.label, g.kinds, groups.has(g.id), `ug-g-${g.id}`, (on) => { if (on) groups.add(g.id as EdgeGroup); else groups.delete(g.id as EdgeGroup); })),
    box('defaults', 'default/implicit', 'edges systemd adds by itself: DefaultDependencies= and a unit\'s own settings', defaults, 'ug-g-defaults', (on) => { defaults = on; }));
};
