/**
 * The side panel's unit tab: what the unit is, its findings and aliases, its files, the merged
 * text (fragment then drop-ins, each line with its file:line) and its direct edges.
 */
import { edgeOrigin, type Related } from '../src/render/query.js';
import type { RenderEdge, RenderInput } from '../src/render/types.js';
import { renderUnitDiff } from './diff-changes.js';
import { h, type Child } from './dom.js';

export interface UnitPanelContext {
  readonly input: RenderInput;
  readonly drawn: ReadonlySet<string>;
  readonly select: (id: string) => void;
}

export const unitLink = (ctx: UnitPanelContext, id: string): HTMLElement =>
  h('button', { type: 'button', class: `ug-unit-link${ctx.drawn.has(id) ? '' : ' ug-undrawn'}`, 'data-unit': id, title: ctx.drawn.has(id) ? `select ${id}` : `${id} (not drawn)`, onclick: () => ctx.select(id) }, id);

const section = (title: string, ...body: Child[]): HTMLElement => h('section', { class: 'ug-sec' }, h('h3', {}, title), ...body);

const findingItem = (ctx: UnitPanelContext, f: RenderInput['findings'][number]): HTMLElement =>
  h('li', { class: `ug-finding ug-sev-${f.severity}` },
    h('span', { class: 'ug-sev' }, f.severity), ' ', h('code', {}, f.rule), h('div', { class: 'ug-msg' }, f.message),
    f.location === undefined ? null : h('div', { class: 'ug-origin' }, `${f.location.file}${f.location.line === undefined ? '' : `:${f.location.line}`}`),
    h('div', { class: 'ug-units' }, ...f.units.map((u) => unitLink(ctx, u))));

const mergedText = (text: NonNullable<RenderInput['units']>[string]): HTMLElement => {
  const rows: HTMLElement[] = [];
  let sectionName: string | undefined;
  for (const d of text.directives) {
    if (d.section !== sectionName) {
      sectionName = d.section;
      rows.push(h('div', { class: 'ug-line ug-section-head' }, `[${d.section}]`));
    }
    const origin = `${d.file}:${d.line}`;
    rows.push(h('div', { class: 'ug-line', 'data-key': d.key }, h('span', { class: 'ug-kv' }, h('span', { class: 'ug-key' }, d.key), '=', h('span', { class: 'ug-val' }, d.value)), h('span', { class: 'ug-origin', title: origin }, origin)));
  }
  if (rows.length === 0) rows.push(h('div', { class: 'ug-empty' }, '(no directives)'));
  return h('div', { class: 'ug-text' }, ...rows);
};

const edgeList = (ctx: UnitPanelContext, edges: readonly RenderEdge[], other: (e: RenderEdge) => string): HTMLElement =>
  h('ul', { class: 'ug-edges-list' }, ...edges.map((e) => h('li', {}, h('span', { class: 'ug-kind' }, e.kind), ' ', unitLink(ctx, other(e)), h('div', { class: 'ug-origin' }, edgeOrigin(e)))));

export const renderUnitPanel = (ctx: UnitPanelContext, id: string | undefined, related: Related | undefined): HTMLElement => {
  if (id === undefined)
    return h('div', { class: 'ug-hint' },
      h('p', {}, `${ctx.drawn.size} units of the transaction of ${ctx.input.target} are drawn (${ctx.input.nodes.length} loaded, ${ctx.input.edges.length} edges).`),
      h('p', {}, 'Click a unit in the drawing, or search for one (press /), to see its merged text, its findings and what it depends on; everything else fades.'),
      h('p', {}, 'Drag to pan, scroll to zoom, Fit shows the whole picture; click the background or press Esc to clear the selection.'));
  const node = ctx.input.nodes.find((n) => n.id === id);
  const text = ctx.input.units?.[id];
  const findings = ctx.input.findings.filter((f) => f.units.includes(id));
  const out = ctx.input.edges.filter((e) => e.from === id);
  const inn = ctx.input.edges.filter((e) => e.to === id);
  const meta = [node?.type ?? 'unit', node?.origin ?? '', node?.masked === true ? 'masked' : '', node?.inTransaction === true ? `in the transaction of ${ctx.input.target}` : `not in the transaction of ${ctx.input.target}`, ctx.drawn.has(id) ? '' : 'not drawn in this view'].filter((x) => x !== '');
  return h('div', { class: 'ug-unit', 'data-unit-panel': id },
    h('h2', {}, id),
    h('div', { class: 'ug-meta' }, meta.join(' · ')),
    ctx.input.diff === undefined ? null : renderUnitDiff(ctx.input.diff, id),
    related === undefined ? null : h('div', { class: 'ug-related' },
      h('span', { class: 'ug-chip ug-chip-dep' }, `depends on ${related.dependencies.length}`),
      h('span', { class: 'ug-chip ug-chip-rdep' }, `needed by ${related.dependents.length}`),
      related.conflicts.length > 0 ? h('span', { class: 'ug-chip ug-chip-conflict' }, `conflicts with ${related.conflicts.length}`) : null,
      h('span', { class: 'ug-note' }, ' transitively, over the edges shown')),
    findings.length === 0 ? null : section(`Findings (${findings.length})`, h('ul', { class: 'ug-findings' }, ...findings.map((f) => findingItem(ctx, f)))),
    section('Files',
      h('div', { class: 'ug-files' },
        h('div', {}, h('span', { class: 'ug-label' }, 'fragment '), h('code', {}, text?.file ?? '(none)'), text?.realFile !== undefined && text.realFile !== null && text.realFile !== text.file ? h('span', {}, ' → ', h('code', {}, text.realFile)) : null),
        ...(text?.dropins ?? []).map((d) => h('div', {}, h('span', { class: 'ug-label' }, 'drop-in '), h('code', {}, d))),
        h('div', { class: 'ug-aliases' }, h('span', { class: 'ug-label' }, 'aliases '), (text?.aliases.length ?? 0) === 0 ? h('span', { class: 'ug-none' }, 'none') : h('span', {}, ...(text?.aliases ?? []).flatMap((a) => [h('code', {}, a), ' ']))))),
    section('Merged text', text === undefined ? h('div', { class: 'ug-empty' }, '(no unit text in this page)') : mergedText(text)),
    h('details', { class: 'ug-sec' }, h('summary', {}, `Direct dependencies (${out.length})`), edgeList(ctx, out, (e) => e.to)),
    h('details', { class: 'ug-sec' }, h('summary', {}, `Direct dependents (${inn.length})`), edgeList(ctx, inn, (e) => e.from)),
  );
};

export { findingItem };
