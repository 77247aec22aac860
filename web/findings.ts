/** The side panel's findings tab: errors, then warnings, then infos; an entry selects its units. */
import type { RenderInput } from '../src/render/types.js';
import { h } from './dom.js';
import { unitLink, type UnitPanelContext } from './unit-panel.js';

export const SEVERITIES = ['error', 'warning', 'info'] as const;

export const countFindings = (input: RenderInput): Record<(typeof SEVERITIES)[number], number> => ({
  error: input.findings.filter((f) => f.severity === 'error').length,
  warning: input.findings.filter((f) => f.severity === 'warning').length,
  info: input.findings.filter((f) => f.severity === 'info').length,
});

export const renderFindings = (ctx: UnitPanelContext): HTMLElement => {
  const input = ctx.input;
  if (input.findings.length === 0) return h('p', { class: 'ug-hint' }, `No findings for the transaction of ${input.target}.`);
  const groups = SEVERITIES.map((sev) => [sev, input.findings.filter((f) => f.severity === sev)] as const).filter(([, fs]) => fs.length > 0);
  return h('div', { class: 'ug-findings-list' },
    ...groups.map(([sev, fs]) => h('section', { class: 'ug-sec' }, h('h3', {}, `${fs.length} ${sev}${fs.length === 1 ? '' : 's'}`),
      h('ul', { class: 'ug-findings' }, ...fs.map((f) => {
        const first = f.units[0];
        return h('li', { class: `ug-finding ug-sev-${sev} ug-clickable`, tabindex: 0, 'data-rule': f.rule, onclick: (ev: Event) => { if (first !== undefined && !(ev.target as Element).closest('button')) ctx.select(first); }, onkeydown: (ev: Event) => { if ((ev as KeyboardEvent).key === 'Enter' && first !== undefined) ctx.select(first); } },
          h('span', { class: 'ug-sev' }, sev), ' ', h('code', {}, f.rule),
          h('div', { class: 'ug-msg' }, f.message),
          f.location === undefined ? null : h('div', { class: 'ug-origin' }, `${f.location.file}${f.location.line === undefined ? '' : `:${f.location.line}`}`),
          h('div', { class: 'ug-units' }, ...f.units.map((u) => unitLink(ctx, u))));
      })))));
};
