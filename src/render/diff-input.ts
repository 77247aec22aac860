/**
 * `toRenderDiff`: a GraphDiff and the union's statuses as the plain data the interactive page
 * carries (RenderInput.diff), for `unitgraph diff --html`. Pure.
 */
import type { DiffFinding, GraphDiff, SetChange, UnitChange, ValueChange } from '../graph/diff/types.js';
import type { RenderDiff, RenderDiffChange, RenderDiffEdge, RenderDiffStatus, RenderFinding } from './types.js';

const yesNo = (b: boolean): string => (b ? 'yes' : 'no');

const value = <T>(key: string, v: ValueChange<T> | undefined, fmt: (x: T) => string | null): RenderDiffChange[] =>
  v === undefined ? [] : [{ section: '', key, old: fmt(v.old), new: fmt(v.new) }];

/** A set change as old → new lists would need both sides; the page shows what left and what came. */
const set = (key: string, s: SetChange | undefined): RenderDiffChange[] =>
  s === undefined ? [] : [{ section: '', key, old: s.removed.length === 0 ? null : s.removed.join('\n'), new: s.added.length === 0 ? null : s.added.join('\n') }];

/** Properties first (masked, origin, files, aliases, drop-ins), then the directives in diff order. */
export const unitChanges = (u: UnitChange): RenderDiffChange[] => [
  ...value('masked', u.masked, yesNo),
  ...value('origin', u.origin, (x) => x),
  ...value('fragment', u.file, (x) => x),
  ...value('fragment resolves to', u.realFile, (x) => x),
  ...set('aliases', u.aliases),
  ...set('drop-ins', u.dropins),
  ...u.changes.map((c) => ({ section: c.section, key: c.key, old: c.old, new: c.new })),
];

const finding = (f: DiffFinding): RenderFinding => ({ rule: f.rule, severity: f.severity, units: [...f.units], message: f.message, ...(f.location === undefined ? {} : { location: f.location }) });

/**
 * `units` and `edges` are the union's statuses (toDiffRenderInput's maps, edges keyed by anything:
 * only the added and removed ones are kept, with their ends read from `edgeList`).
 */
export const toRenderDiff = (
  diff: GraphDiff,
  units: ReadonlyMap<string, RenderDiffStatus>,
  edgeList: ReadonlyArray<{ readonly from: string; readonly to: string; readonly kind: string; readonly origin: string; readonly status: RenderDiffStatus }>,
  membership?: ReadonlyMap<string, { readonly status: 'joined' | 'left'; readonly text: string }>,
): RenderDiff => {
  const changed = diff.units.changed.filter((u) => units.get(u.name) === 'changed');
  const edges: RenderDiffEdge[] = [];
  for (const e of edgeList) if (e.status === 'added' || e.status === 'removed') edges.push({ from: e.from, to: e.to, kind: e.kind, origin: e.origin, status: e.status });
  return {
    old: { source: diff.old.source, target: diff.old.target },
    new: { source: diff.new.source, target: diff.new.target },
    units: Object.fromEntries([...units].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    changes: Object.fromEntries(changed.map((u) => [u.name, unitChanges(u)])),
    edges,
    ordering: { gained: diff.ordering.gained.map(([a, b]) => [a, b] as const), lost: diff.ordering.lost.map(([a, b]) => [a, b] as const) },
    findings: { new: diff.findings.new.map(finding), resolved: diff.findings.resolved.map(finding) },
    storeOnly: diff.units.storeOnly.length,
    ...(membership === undefined || membership.size === 0 ? {} : { membership: Object.fromEntries([...membership].map(([id, m]) => [id, { status: m.status, text: m.text }])) }),
  };
};

/** The key both sides agree on for an edge of the union: from, to, kind, origin. */
export const diffEdgeKey = (e: { readonly from: string; readonly to: string; readonly kind: string; readonly origin: string }): string => `${e.from}\u0000${e.to}\u0000${e.kind}\u0000${e.origin}`;
