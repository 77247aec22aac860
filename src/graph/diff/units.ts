/**
 * Units added, removed and changed between two unit sets. A unit is compared as systemd merges
 * it: per `[Section] Key`, the sequence of values its fragment and drop-ins assign, in
 * application order (so `ExecStart=` resets and repeated `Environment=` lines count), plus its
 * masked state, origin, fragment path, aliases and drop-in files. Values are compared with store
 * hashes normalised unless asked otherwise; what differs only in store hashes is kept apart.
 */
import type { Unit, UnitSet } from '../../parse/types.js';
import { normalizeStorePaths } from './store-paths.js';
import type { DirectiveChange, SetChange, UnitChange, ValueChange } from './types.js';

interface KeyValues {
  readonly section: string;
  readonly key: string;
  readonly values: string[];
}

const mergedKeys = (u: Unit): Map<string, KeyValues> => {
  const out = new Map<string, KeyValues>();
  for (const d of u.directives) {
    const id = `${d.section}\u0000${d.key}`;
    const kv = out.get(id) ?? { section: d.section, key: d.key, values: [] };
    kv.values.push(d.value);
    out.set(id, kv);
  }
  return out;
};

const sameSeq = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

/** Multiset difference in order: what `a` has that `b` lacks (each occurrence counted). */
const minus = (a: readonly string[], b: readonly string[]): string[] => {
  const left = new Map<string, number>();
  for (const x of b) left.set(x, (left.get(x) ?? 0) + 1);
  const out: string[] = [];
  for (const x of a) {
    const n = left.get(x) ?? 0;
    if (n > 0) left.set(x, n - 1);
    else out.push(x);
  }
  return out;
};

const sectionRank = (s: string): number => (s === 'Unit' ? 0 : s === 'Install' ? 2 : 1);
const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

const directiveChange = (section: string, key: string, oldV: readonly string[], newV: readonly string[], storeOnly: boolean): DirectiveChange => {
  const single = oldV.length <= 1 && newV.length <= 1;
  return {
    section,
    key,
    old: oldV.length === 0 ? null : oldV.join('\n'),
    new: newV.length === 0 ? null : newV.join('\n'),
    ...(single ? {} : { removed: minus(oldV, newV), added: minus(newV, oldV) }),
    ...(storeOnly ? { storeOnly: true as const } : {}),
  };
};

/** Everything that differs, each marked storeOnly or not; display values already chosen. */
interface Differences {
  readonly changes: DirectiveChange[];
  readonly masked?: ValueChange<boolean>;
  readonly origin?: ValueChange<string>;
  readonly file?: ValueChange<string | null>;
  readonly realFile?: ValueChange<string | null>;
  readonly aliases?: SetChange;
  readonly dropins?: SetChange;
}

const compareDirectives = (o: Unit, n: Unit, keep: boolean): DirectiveChange[] => {
  const a = mergedKeys(o);
  const b = mergedKeys(n);
  const ids = [...new Set([...a.keys(), ...b.keys()])];
  const out: DirectiveChange[] = [];
  for (const id of ids) {
    const kv = (a.get(id) ?? b.get(id)) as KeyValues;
    const rawOld = a.get(id)?.values ?? [];
    const rawNew = b.get(id)?.values ?? [];
    if (sameSeq(rawOld, rawNew)) continue;
    const normOld = rawOld.map(normalizeStorePaths);
    const normNew = rawNew.map(normalizeStorePaths);
    const storeOnly = sameSeq(normOld, normNew);
    // a store-only change is shown as it is (normalised it would read "x → x")
    const show = keep || storeOnly;
    out.push(directiveChange(kv.section, kv.key, show ? rawOld : normOld, show ? rawNew : normNew, storeOnly));
  }
  return out.sort((x, y) => sectionRank(x.section) - sectionRank(y.section) || byCodePoint(x.section, y.section) || byCodePoint(x.key, y.key));
};

const comparePath = (o: string | null, n: string | null, keep: boolean): ValueChange<string | null> | undefined => {
  if (o === n) return undefined;
  const no = o === null ? null : normalizeStorePaths(o);
  const nn = n === null ? null : normalizeStorePaths(n);
  const storeOnly = no === nn;
  return keep || storeOnly ? { old: o, new: n, ...(storeOnly ? { storeOnly: true as const } : {}) } : { old: no, new: nn };
};

const compareSets = (o: readonly string[], n: readonly string[], norm: (s: string) => string): SetChange | undefined => {
  const a = new Set(o.map(norm));
  const b = new Set(n.map(norm));
  const added = [...b].filter((x) => !a.has(x)).sort(byCodePoint);
  const removed = [...a].filter((x) => !b.has(x)).sort(byCodePoint);
  return added.length === 0 && removed.length === 0 ? undefined : { added, removed };
};

const compareUnit = (o: Unit, n: Unit, keep: boolean): Differences => {
  const maskChanged = o.masked !== n.masked;
  const norm = keep ? (s: string) => s : normalizeStorePaths;
  // a masked unit loads nothing (no fragment, no drop-ins): when the mask comes or goes, its
  // directives and drop-ins appear or vanish wholesale, which the masked change already says
  const changes = maskChanged ? [] : compareDirectives(o, n, keep);
  const file = comparePath(o.file, n.file, keep);
  const realFile = comparePath(o.realFile, n.realFile, keep);
  const aliases = compareSets(o.aliases, n.aliases, (s) => s);
  const dropins = maskChanged ? undefined : compareSets(o.dropins, n.dropins, norm);
  return {
    changes,
    ...(maskChanged ? { masked: { old: o.masked, new: n.masked } } : {}),
    ...(o.origin === n.origin ? {} : { origin: { old: o.origin, new: n.origin } }),
    ...(file === undefined ? {} : { file }),
    ...(realFile === undefined ? {} : { realFile }),
    ...(aliases === undefined ? {} : { aliases }),
    ...(dropins === undefined ? {} : { dropins }),
  };
};

const isStoreOnly = (c: { storeOnly?: true } | undefined): boolean => c?.storeOnly === true;

/** The unit's change without its store-only parts (the caller knows something else is left). */
const realPart = (name: string, d: Differences): UnitChange => ({
  name,
  changes: d.changes.filter((c) => !isStoreOnly(c)),
  ...(d.masked === undefined ? {} : { masked: d.masked }),
  ...(d.origin === undefined ? {} : { origin: d.origin }),
  ...(d.file === undefined || isStoreOnly(d.file) ? {} : { file: d.file }),
  ...(d.realFile === undefined || isStoreOnly(d.realFile) ? {} : { realFile: d.realFile }),
  ...(d.aliases === undefined ? {} : { aliases: d.aliases }),
  ...(d.dropins === undefined ? {} : { dropins: d.dropins }),
});

const hasAny = (d: Differences): boolean =>
  d.changes.length > 0 || [d.masked, d.origin, d.file, d.realFile, d.aliases, d.dropins].some((x) => x !== undefined);

const allStoreOnly = (d: Differences): boolean =>
  d.changes.every(isStoreOnly) && [d.masked, d.origin, d.aliases, d.dropins].every((x) => x === undefined) && [d.file, d.realFile].every((x) => x === undefined || isStoreOnly(x));

export interface UnitsDiff {
  readonly added: string[];
  readonly removed: string[];
  readonly changed: UnitChange[];
  readonly storeOnly: UnitChange[];
  readonly origins: Record<string, string>;
}

export const diffUnits = (oldSet: UnitSet, newSet: UnitSet, keep: boolean): UnitsDiff => {
  const names = [...new Set([...oldSet.units.keys(), ...newSet.units.keys()])].sort(byCodePoint);
  const out: UnitsDiff = { added: [], removed: [], changed: [], storeOnly: [], origins: {} };
  for (const name of names) {
    const o = oldSet.units.get(name);
    const n = newSet.units.get(name);
    if (o === undefined || n === undefined) {
      (o === undefined ? out.added : out.removed).push(name);
      out.origins[name] = ((o ?? n) as Unit).origin;
      continue;
    }
    const d = compareUnit(o, n, keep);
    if (!hasAny(d)) continue;
    const storeOnly = allStoreOnly(d);
    if (keep) out.changed.push({ name, ...d, ...(storeOnly ? { storeOnly: true as const } : {}) });
    else if (storeOnly) out.storeOnly.push({ name, ...d, storeOnly: true });
    else out.changed.push(realPart(name, d));
  }
  return out;
};
