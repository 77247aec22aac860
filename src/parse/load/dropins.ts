/**
 * Drop-in directories and the files in them, as src/shared/dropin.c finds them:
 * unit_file_find_dirs() (the name, its template, then its dash prefixes `foo-bar-.service`,
 * `foo-.service`, recursively) for every name of the unit in every search directory, then the
 * type-level `service.d` last; conf_files_list_strv() then keeps, per file name, the file of the
 * first directory in that order and sorts by file name.
 */
import { UNIT_TYPES } from '../types.js';
import { UnitgraphError } from '../../errors.js';
import { joinPath, type Resolved, type Vfs } from '../source/vfs.js';
import type { NameMap } from './name-map.js';
import { parseUnitName, templateOf } from './unit-name.js';

const PREFIX_CHARS = /^[A-Za-z0-9:\-_.\\]+$/;

const STEMS_MAX = 100_000;
const stems = new Map<string, readonly string[]>();

/** Names whose `<name><suffix>` directories unit_file_find_dirs() looks at, in its order. */
export const dropinStems = (name: string): string[] => [...stemsOf(name)];

/** dropinStems without the copy (the cached array itself: not to be changed). */
const stemsOf = (name: string): readonly string[] => {
  let s = stems.get(name);
  if (s === undefined) {
    if (stems.size >= STEMS_MAX) stems.clear(); // a bound for long-lived processes (serve)
    s = computeStems(name);
    stems.set(name, s);
  }
  return s;
};

const computeStems = (name: string): string[] => {
  const out = [name];
  const template = templateOf(name);
  if (template !== undefined) out.push(...stemsOf(template));
  const p = parseUnitName(name);
  if (p === undefined) return out;
  let prefix = p.prefix;
  let chopped = false;
  for (;;) {
    const dash = prefix.lastIndexOf('-');
    if (dash <= 0) return out;
    if (dash + 1 < prefix.length || chopped) {
      prefix = prefix.slice(0, dash + 1);
      break;
    }
    prefix = prefix.slice(0, dash);
    chopped = true;
  }
  if (!PREFIX_CHARS.test(prefix)) return out;
  const built = p.kind === 'instance' ? `${prefix}@${p.instance}.${p.suffix}` : `${prefix}.${p.suffix}`;
  out.push(...stemsOf(built));
  return out;
};

/**
 * For each suffix asked for, the stems of the directories in `map.dirs` named `<stem><suffix>`:
 * a unit (or type) none of whose stems is there has no such directory anywhere, which one lookup
 * per stem tells without making a path or an entry name.
 */
const dirIndex = new WeakMap<ReadonlySet<string>, { size: number; bySuffix: Map<string, Set<string>> }>();
const stemsWithSuffix = (dirs: ReadonlySet<string>, suffix: string): ReadonlySet<string> => {
  let cached = dirIndex.get(dirs);
  if (cached === undefined || cached.size !== dirs.size) {
    cached = { size: dirs.size, bySuffix: new Map() };
    dirIndex.set(dirs, cached);
  }
  let found = cached.bySuffix.get(suffix);
  if (found === undefined) {
    found = new Set();
    for (const d of dirs) {
      const name = d.slice(d.lastIndexOf('/') + 1);
      if (name.endsWith(suffix)) found.add(name.slice(0, name.length - suffix.length));
    }
    cached.bySuffix.set(suffix, found);
  }
  return found;
};

/** Existing drop-in directories for a unit known by `names` (all of one type), in systemd's order. */
export const dropinDirs = (map: NameMap, searchPath: readonly string[], names: readonly string[], suffix: string): string[] => {
  const dirs: string[] = [];
  const present = stemsWithSuffix(map.dirs, suffix);
  if (present.size === 0) return dirs;
  const has = (stem: string): boolean => present.has(stem);
  const add = (entries: readonly string[]): void => {
    for (const dir of searchPath) {
      for (const entry of entries) {
        const d = joinPath(dir, entry);
        if (map.dirs.has(d) && !dirs.includes(d)) dirs.push(d);
      }
    }
  };
  // only stems some directory has (the common case: none) are tried in every search directory
  for (const name of names) {
    const s = stemsOf(name);
    if (s.some(has)) add(s.filter(has).map((stem) => stem + suffix));
  }
  const type = names[0] === undefined ? undefined : parseUnitName(names[0])?.type;
  if (type !== undefined && (UNIT_TYPES as readonly string[]).includes(type) && present.has(type)) add([type + suffix]);
  return dirs;
};

export interface DropinFile {
  readonly path: string;
  /** The file is a link to /dev/null or empty: it masks same-named files of lower priority. */
  readonly masked: boolean;
}

/** vfs.resolve, or undefined for a symlink loop (more than MAX_HOPS links). */
const resolveOrLoop = (vfs: Vfs, path: string): Resolved | undefined => {
  try {
    return vfs.resolve(path);
  } catch (error) {
    if (error instanceof UnitgraphError && error.kind === 'malformed') return undefined;
    throw error;
  }
};

/**
 * conf_files_list_strv(): one file per name (first directory wins), sorted by name; a masked
 * entry (link to /dev/null, empty file) hides the name and is left out.
 * `fileSuffix` '.conf' for drop-ins; undefined lists every entry (for .wants/.requires).
 */
export const listDropinFiles = (vfs: Vfs, dirs: readonly string[], fileSuffix: string | undefined): string[] => {
  if (dirs.length === 0) return [];
  const byName = new Map<string, DropinFile>();
  for (const dir of dirs) {
    for (const entry of vfs.readdir(dir)) {
      if (fileSuffix !== undefined && !entry.endsWith(fileSuffix)) continue;
      if (byName.has(entry)) continue;
      const path = joinPath(dir, entry);
      const r = resolveOrLoop(vfs, path);
      if (r === undefined) {
        // a link loop (ELOOP): conf_files_list() cannot stat it and skips a drop-in; a .wants/
        // entry counts by its name alone
        if (fileSuffix === undefined) byName.set(entry, { path, masked: false });
        continue;
      }
      const masked = r.isNull || (r.node?.type === 'file' && r.node.size === 0);
      if (fileSuffix !== undefined && !masked && r.node?.type !== 'file') continue;
      byName.set(entry, { path, masked });
    }
  }
  return [...byName.keys()]
    .sort()
    .map((k) => byName.get(k) as DropinFile)
    .filter((f) => !f.masked)
    .map((f) => f.path);
};
