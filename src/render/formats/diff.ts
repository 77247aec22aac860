/**
 * `unitgraph diff` formats. Pure: a GraphDiff in, a string out; the exit code is decided in cli/.
 * Text reads like a git diff summary (`+` added, `-` removed, `~` changed), with ANSI colour only
 * when the caller asks for it; JSON is the contract's shape (contract.md, "diff --format json")
 * with a few extra fields, sorted and stable.
 */
import type { DiffEdge, DiffFinding, DirectiveChange, GraphDiff, SetChange, UnitChange, ValueChange } from '../../graph/diff/types.js';
import { toEdgeJson } from './edge-json.js';
import { toXmlChars } from '../svg/svg-util.js';

export interface DiffFormatContext {
  readonly color?: boolean;
}

// ---- JSON ----

const unitJson = (u: UnitChange) => ({
  name: u.name,
  changes: u.changes.map((c) => ({
    section: c.section,
    key: c.key,
    old: c.old,
    new: c.new,
    ...(c.removed === undefined ? {} : { removed: c.removed }),
    ...(c.added === undefined ? {} : { added: c.added }),
    ...(c.storeOnly === true ? { storeOnly: true } : {}),
  })),
  ...(u.masked === undefined ? {} : { masked: u.masked }),
  ...(u.origin === undefined ? {} : { origin: u.origin }),
  ...(u.file === undefined ? {} : { file: u.file }),
  ...(u.realFile === undefined ? {} : { realFile: u.realFile }),
  ...(u.aliases === undefined ? {} : { aliases: u.aliases }),
  ...(u.dropins === undefined ? {} : { dropins: u.dropins }),
  ...(u.storeOnly === true ? { storeOnly: true } : {}),
});

const edgeJson = (e: DiffEdge) => toEdgeJson(e);

const findingJson = (f: DiffFinding) => ({
  rule: f.rule,
  severity: f.severity,
  units: f.units,
  message: f.message,
  ...(f.location === undefined ? {} : { location: f.location }),
});

/** The contract's four keys first, then the extras (transaction, the two sides). */
export const toDiffJson = (d: GraphDiff) => ({
  units: { added: d.units.added, removed: d.units.removed, changed: d.units.changed.map(unitJson), storeOnly: d.units.storeOnly.map(unitJson) },
  edges: { added: d.edges.added.map(edgeJson), removed: d.edges.removed.map(edgeJson) },
  ordering: { gained: d.ordering.gained, lost: d.ordering.lost },
  findings: { new: d.findings.new.map(findingJson), resolved: d.findings.resolved.map(findingJson) },
  transaction: d.transaction,
  old: d.old,
  new: d.new,
  keepStoreHashes: d.keepStoreHashes,
});

export const formatDiffJson = (d: GraphDiff): string => JSON.stringify(toDiffJson(d), null, 2) + '\n';

// ---- text ----

const ANSI = { add: '32', remove: '31', change: '33', head: '1', dim: '2' } as const;

/** What a store-only unit's line says (the usual cause: a script or package rebuilt). */
export const STORE_ONLY_NOTE = 'only its store paths changed (e.g. the script it runs)';

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
const shown = (v: string | null): string => (v === null ? '(unset)' : v === '' ? '""' : v);
const yesNo = (b: boolean): string => (b ? 'yes' : 'no');

export const formatDiffText = (d: GraphDiff, ctx: DiffFormatContext = {}): string => {
  const paint = (code: string, s: string): string => (ctx.color === true ? `\u001b[${code}m${s}\u001b[0m` : s);
  const add = (s: string): string => paint(ANSI.add, s);
  const del = (s: string): string => paint(ANSI.remove, s);
  const chg = (s: string): string => paint(ANSI.change, s);
  const dim = (s: string): string => paint(ANSI.dim, s);
  const lines: string[] = [];
  const head = (title: string): void => {
    if (lines.length > 0) lines.push('');
    lines.push(paint(ANSI.head, title));
  };

  lines.push(dim(`--- ${d.old.source} (${d.old.target}: ${plural(d.old.units, 'unit')}, ${d.old.transaction} in the boot plan)`));
  lines.push(dim(`+++ ${d.new.source} (${d.new.target}: ${plural(d.new.units, 'unit')}, ${d.new.transaction} in the boot plan)`));

  const directive = (c: DirectiveChange): string[] => {
    const label = `    [${c.section}] ${c.key}:`;
    const store = c.storeOnly === true ? dim('  (store paths only)') : '';
    if (c.removed === undefined || c.added === undefined) return [`${label} ${del(shown(c.old))} → ${add(shown(c.new))}${store}`];
    if (c.removed.length === 1 && c.added.length === 1) return [`${label} ${del(shown(c.removed[0] as string))} → ${add(shown(c.added[0] as string))}${store}`];
    if (c.removed.length === 0 && c.added.length === 0) {
      const seq = (v: string | null): string => (v ?? '').split('\n').map((x) => shown(x)).join(', ');
      return [`${label} order ${del(seq(c.old))} → ${add(seq(c.new))}${store}`];
    }
    return [`${label}${store}`, ...c.removed.map((v) => `      ${del(`- ${shown(v)}`)}`), ...c.added.map((v) => `      ${add(`+ ${shown(v)}`)}`)];
  };
  const value = <T>(label: string, v: ValueChange<T> | undefined, fmt: (x: T) => string): string[] =>
    v === undefined ? [] : [`    ${label}: ${del(fmt(v.old))} → ${add(fmt(v.new))}${v.storeOnly === true ? dim('  (store paths only)') : ''}`];
  const setChange = (label: string, s: SetChange | undefined): string[] =>
    s === undefined ? [] : [`    ${label}:${[...s.removed.map((x) => ` ${del(`-${x}`)}`), ...s.added.map((x) => ` ${add(`+${x}`)}`)].join('')}`];
  const unit = (u: UnitChange): string[] => [
    `${chg(`~ ${u.name}`)}${u.storeOnly === true ? dim(`  ${STORE_ONLY_NOTE}`) : ''}`,
    ...value('masked', u.masked, yesNo),
    ...value('origin', u.origin, (x) => x),
    ...value('fragment', u.file, (x) => x ?? '(none)'),
    ...value('fragment resolves to', u.realFile, (x) => x ?? '(none)'),
    ...setChange('aliases', u.aliases),
    ...setChange('drop-ins', u.dropins),
    ...u.changes.flatMap(directive),
  ];

  const origin = (name: string): string => {
    const o = d.origins[name];
    return o === undefined || o === 'file' ? '' : dim(`  (${o})`);
  };
  if (d.units.added.length + d.units.removed.length + d.units.changed.length > 0) {
    head('units');
    for (const n of d.units.added) lines.push(`${add(`+ ${n}`)}${origin(n)}`);
    for (const n of d.units.removed) lines.push(`${del(`- ${n}`)}${origin(n)}`);
    for (const u of d.units.changed) lines.push(...unit(u));
  }
  if (d.transaction.joined.length + d.transaction.left.length > 0) {
    head(`transaction of ${d.new.target}`);
    for (const n of d.transaction.joined) lines.push(`${add(`+ ${n}`)} joins it`);
    for (const n of d.transaction.left) lines.push(`${del(`- ${n}`)} leaves it`);
  }
  const edge = (sign: string, paintFn: (s: string) => string, e: DiffEdge): string => {
    const at = e.file === undefined ? '' : dim(`  [${e.file}${e.line === undefined ? '' : `:${e.line}`}]`);
    return `${paintFn(`${sign} ${e.from} → ${e.to} ${e.kind}`)} (${e.origin})${at}`;
  };
  if (d.edges.added.length + d.edges.removed.length > 0) {
    head('edges');
    for (const e of d.edges.added) lines.push(edge('+', add, e));
    for (const e of d.edges.removed) lines.push(edge('-', del, e));
  }
  if (d.ordering.gained.length + d.ordering.lost.length > 0) {
    head(`ordering among the jobs of ${d.new.target}`);
    for (const [a, b] of d.ordering.gained) lines.push(add(`+ ${a} before ${b}`));
    for (const [a, b] of d.ordering.lost) lines.push(del(`- ${a} before ${b}`));
  }
  const finding = (sign: string, paintFn: (s: string) => string, f: DiffFinding): string => `${paintFn(`${sign} ${f.severity} ${f.rule}`)} ${f.units.join(', ')}: ${f.message}`;
  if (d.findings.new.length + d.findings.resolved.length > 0) {
    head('findings');
    for (const f of d.findings.new) lines.push(finding('+', add, f));
    for (const f of d.findings.resolved) lines.push(finding('-', del, f));
  }

  lines.push('');
  const u = d.units;
  const hidden = u.storeOnly.length === 0 ? '' : `; ${plural(u.storeOnly.length, 'more unit')} changed only in store paths (--keep-store-hashes lists ${u.storeOnly.length === 1 ? 'it' : 'them'})`;
  const total = u.added.length + u.removed.length + u.changed.length + d.transaction.joined.length + d.transaction.left.length + d.edges.added.length + d.edges.removed.length +
    d.ordering.gained.length + d.ordering.lost.length + d.findings.new.length + d.findings.resolved.length;
  if (total === 0) lines.push(`no differences${hidden}`);
  else
    lines.push(
      `units: ${u.added.length} added, ${u.removed.length} removed, ${u.changed.length} changed${hidden}; ` +
        (d.transaction.joined.length + d.transaction.left.length === 0 ? '' : `transaction: ${d.transaction.joined.length} joined, ${d.transaction.left.length} left; `) +
        `edges: ${d.edges.added.length} added, ${d.edges.removed.length} removed; ` +
        `ordering: ${d.ordering.gained.length} gained, ${d.ordering.lost.length} lost; ` +
        `findings: ${d.findings.new.length} new, ${d.findings.resolved.length} resolved`,
    );
  return lines.join('\n') + '\n';
};

// ---- SVG: the union graph, coloured by what changed ----

export type DiffMark = 'added' | 'removed' | 'changed' | 'unchanged';

export const DIFF_COLORS = { added: '#188038', removed: '#d93025', changed: '#e37400', joined: '#00838f', left: '#80868b' } as const;

/**
 * A CSS string matching an attribute value drawSvg wrote with `esc` (so with what XML forbids
 * replaced the same way); inside the style's CDATA, so `>` is escaped too (no `]]>`), as are the
 * controls XML allows (tab, newline, CR, DEL, C1).
 */
// eslint-disable-next-line no-control-regex -- finding these characters is the point
const cssString = (s: string): string => `"${toXmlChars(s).replace(/[\\"\u0000-\u001f\u007f-\u009f>]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;

/**
 * Colours a drawing of the union graph (drawSvg's output, whose units carry `data-unit` and whose
 * edges carry `data-edge`): added units and edges green, removed red and dashed, changed units
 * amber, everything unchanged faded. Done with one <style> block, since author CSS overrides the
 * drawing's presentation attributes; the drawing itself stays as drawSvg made it.
 */
export const decorateDiffSvg = (svg: string, units: ReadonlyMap<string, DiffMark>, edges: ReadonlyMap<string, DiffMark>, membership: ReadonlyMap<string, 'joined' | 'left'> = new Map()): string => {
  const rules: string[] = [
    'g.unit { opacity: 0.3; }',
    'path.edge { opacity: 0.12; }',
    ...(['added', 'removed'] as const).map((m) => `marker#arrow-diff-${m} path { fill: ${DIFF_COLORS[m]}; }`),
  ];
  const unitSel = (ids: string[], tail = ''): string => ids.map((id) => `g.unit[data-unit=${cssString(id)}]${tail}`).join(',\n');
  const shapes = (ids: string[]): string => ['rect', 'path', 'polygon', 'ellipse', 'circle'].map((s) => unitSel(ids, ` > ${s}`)).join(',\n');
  for (const m of ['added', 'removed', 'changed'] as const) {
    const ids = [...units].filter(([, s]) => s === m).map(([id]) => id).sort();
    if (ids.length === 0) continue;
    rules.push(`${unitSel(ids)} { opacity: 1; }`);
    rules.push(`${shapes(ids)} { stroke: ${DIFF_COLORS[m]}; stroke-width: 3px;${m === 'removed' ? ' stroke-dasharray: 6 3;' : ''} }`);
  }
  // a unit that joined or left the boot: drawn in full with a ring of its own (outline-style, so
  // that a changed unit keeps its amber outline inside it), and its ordering edges with it
  for (const m of ['joined', 'left'] as const) {
    const ids = [...membership].filter(([, s]) => s === m).map(([id]) => id).sort();
    if (ids.length === 0) continue;
    rules.push(`${unitSel(ids)} { opacity: 1; }`);
    rules.push(`${shapes(ids)} { filter: drop-shadow(0 0 0 ${DIFF_COLORS[m]}) drop-shadow(0 0 2.5px ${DIFF_COLORS[m]}) drop-shadow(0 0 2.5px ${DIFF_COLORS[m]});${m === 'left' ? ' stroke-dasharray: 6 3;' : ''} }`);
    rules.push(`${ids.flatMap((id) => [`path.edge[data-edge$=${cssString(`->${id}`)}]`, `path.edge[data-edge*=${cssString(`:${id}->`)}]`]).join(',\n')} { opacity: 0.8; }`);
  }
  for (const m of ['added', 'removed'] as const) {
    const ids = [...edges].filter(([, s]) => s === m).map(([id]) => id).sort();
    if (ids.length === 0) continue;
    rules.push(`${ids.map((id) => `path.edge[data-edge=${cssString(id)}]`).join(',\n')} { opacity: 1; stroke: ${DIFF_COLORS[m]}; stroke-width: 2.2px; marker-end: url(#arrow-diff-${m});${m === 'removed' ? ' stroke-dasharray: 6 3;' : ''} }`);
  }
  const markers = (['added', 'removed'] as const)
    .map((m) => `<marker id="arrow-diff-${m}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto-start-reverse"><path d="M0,1 L10,5 L0,9 z"/></marker>`)
    .join('');
  const style = `<style><![CDATA[\n${rules.join('\n')}\n]]></style>`;
  const at = svg.indexOf('</defs>');
  return at < 0 ? svg.replace(/(<svg[^>]*>)/, `$1<defs>${markers}</defs>${style}`) : `${svg.slice(0, at)}${markers}</defs>${style}${svg.slice(at + '</defs>'.length)}`;
};
