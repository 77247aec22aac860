/**
 * A type-ahead box over unit names: substring match (prefix matches first), arrow keys and
 * Enter, or a click, pick a name. Used for the main search and for the why box's second unit.
 */
import { h } from './dom.js';

export interface TypeAhead {
  readonly element: HTMLElement;
  readonly input: HTMLInputElement;
  setValue(v: string): void;
}

const MAX = 30;

export const rank = (names: readonly string[], query: string): string[] => {
  const q = query.trim().toLowerCase();
  if (q === '') return [];
  const scored: Array<[number, string]> = [];
  for (const n of names) {
    const l = n.toLowerCase();
    const i = l.indexOf(q);
    if (i < 0) continue;
    scored.push([l === q ? 0 : i === 0 ? 1 : 2, n]);
  }
  scored.sort((a, b) => a[0] - b[0] || a[1].length - b[1].length || (a[1] < b[1] ? -1 : 1));
  return scored.slice(0, MAX).map(([, n]) => n);
};

export const createTypeAhead = (opts: { names: () => readonly string[]; placeholder: string; label: string; id: string; onPick: (name: string) => void }): TypeAhead => {
  const listId = `${opts.id}-list`;
  const input = h('input', { id: opts.id, type: 'search', placeholder: opts.placeholder, autocomplete: 'off', spellcheck: 'false', role: 'combobox', 'aria-label': opts.label, 'aria-controls': listId, 'aria-expanded': 'false' });
  const list = h('ul', { id: listId, class: 'ug-suggest', role: 'listbox', hidden: true });
  let items: string[] = [];
  let active = -1;
  const render = (): void => {
    list.replaceChildren(
      ...items.map((n, i) =>
        h('li', { role: 'option', 'data-unit': n, class: i === active ? 'ug-active' : undefined, 'aria-selected': String(i === active), onmousedown: (ev: Event) => { ev.preventDefault(); pick(n); } }, n),
      ),
    );
    list.hidden = items.length === 0;
    input.setAttribute('aria-expanded', String(!list.hidden));
    list.querySelector('.ug-active')?.scrollIntoView({ block: 'nearest' });
  };
  const close = (): void => {
    items = [];
    active = -1;
    render();
  };
  const pick = (n: string): void => {
    input.value = n;
    close();
    opts.onPick(n);
  };
  input.addEventListener('input', () => {
    items = rank(opts.names(), input.value);
    active = items.length > 0 ? 0 : -1;
    render();
  });
  input.addEventListener('keydown', (ev) => {
    if (ev.key === 'ArrowDown' || ev.key === 'ArrowUp') {
      if (items.length === 0) items = rank(opts.names(), input.value);
      active = Math.max(0, Math.min(items.length - 1, active + (ev.key === 'ArrowDown' ? 1 : -1)));
      render();
      ev.preventDefault();
    } else if (ev.key === 'Enter') {
      const exact = opts.names().find((n) => n === input.value.trim());
      const choice = exact ?? items[active] ?? rank(opts.names(), input.value)[0];
      if (choice !== undefined) pick(choice);
      ev.preventDefault();
    } else if (ev.key === 'Escape') close();
  });
  input.addEventListener('blur', close);
  const element = h('div', { class: 'ug-typeahead' }, input, list);
  return { element, input, setValue: (v) => void (input.value = v) };
};
