/**
 * The map from unit names to fragments, built the way unit_file_build_name_map()
 * (src/shared/unit-file.c) builds it: the first directory of the search path that has a name
 * wins; a regular file is a fragment; a symlink whose (one-level, made absolute) target lies
 * outside the search path is a "linked unit file" (or a mask when it ends at /dev/null); a symlink
 * into the search path with another name is an alias, followed by name like unit_ids_map_get().
 */
import { basename, dirname, joinPath, splitPath, type Vfs } from '../source/vfs.js';
import { parseUnitName } from './unit-name.js';

export const FOLLOW_MAX = 64;

export type NameEntry =
  | { readonly kind: 'fragment'; readonly name: string; readonly path: string }
  | { readonly kind: 'alias'; readonly name: string; readonly path: string; readonly target: string };

export interface NameMap {
  readonly ids: Map<string, NameEntry>;
  /** Every `<name>.d`, `.wants`, `.requires`, `.upholds` directory, by search-path order. */
  readonly dirs: Set<string>;
  /** Files named almost like a unit (`foo.servic`, `my unit.service`), which systemd skips silently. */
  readonly invalid: string[];
}

const UNIT_SUFFIXES = ['service', 'socket', 'target', 'device', 'mount', 'automount', 'swap', 'timer', 'path', 'slice', 'scope'];

/** Whether the edit distance of a and b is at most 2 (a typo, not another word). */
const nearlyEqual = (a: string, b: string): boolean => {
  if (Math.abs(a.length - b.length) > 2) return false;
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur.push(Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)));
    prev = cur;
  }
  return (prev[b.length] ?? 3) <= 2;
};

/** An entry systemd skips as no valid unit name, but that its author surely meant as a unit. */
const meantAsUnit = (entry: string): boolean => {
  const dot = entry.lastIndexOf('.');
  if (dot <= 0) return false;
  const suffix = entry.slice(dot + 1);
  return UNIT_SUFFIXES.some((t) => t === suffix || (suffix.length >= 4 && nearlyEqual(suffix, t)));
};

const DIR_SUFFIX = /\.(d|wants|requires|upholds)$/;

/** Lexically normalise a path (".." and "." removed, no link following), like CHASE_NOFOLLOW. */
const normalise = (path: string): string => {
  const out: string[] = [];
  for (const c of splitPath(path)) {
    if (c === '..') out.pop();
    else out.push(c);
  }
  return '/' + out.join('/');
};

const under = (path: string, dirs: readonly string[]): boolean =>
  dirs.some((d) => path === d || path.startsWith(d + '/'));

/**
 * Whether a link target lies in a directory of the search path, also through links: on Debian
 * `systemctl enable` writes aliases as `/lib/systemd/system/rsyslog.service` while `/lib` links
 * to `usr/lib` (the search path holds /lib/systemd/system once, as /usr/lib/systemd/system).
 * unit_file_resolve_symlink() chases such a target inside the root, and then finds it in the
 * search path.
 */
const inSearchPath = (vfs: Vfs, target: string, searchPath: readonly string[], realDirs: ReadonlySet<string>): boolean => {
  if (under(target, searchPath)) return true;
  try {
    return realDirs.has(vfs.resolve(dirname(target)).path);
  } catch {
    return false; // a link loop on the way: not in the search path
  }
};

export const buildNameMap = (vfs: Vfs, searchPath: readonly string[]): NameMap => {
  const ids = new Map<string, NameEntry>();
  const dirs = new Set<string>();
  const realDirs = new Set(searchPath.map((d) => vfs.resolve(d).path));
  const invalid: string[] = [];
  for (const dir of searchPath) {
    for (const entry of vfs.readdir(dir)) {
      const path = joinPath(dir, entry);
      const node = vfs.lstat(path);
      if (node === undefined) continue;
      if (DIR_SUFFIX.test(entry)) {
        if (vfs.isDir(path)) dirs.add(path);
        continue;
      }
      if (node.type !== 'file' && node.type !== 'symlink') continue;
      if (parseUnitName(entry) === undefined) {
        if (meantAsUnit(entry)) invalid.push(path);
        continue;
      }
      if (ids.has(entry)) continue; // a higher-priority directory has it
      if (node.type === 'file') {
        ids.set(entry, { kind: 'fragment', name: entry, path });
        continue;
      }
      const target = normalise(node.target.startsWith('/') ? node.target : joinPath(dirname(path), node.target));
      const tail = basename(target);
      if (tail === entry || parseUnitName(tail) === undefined || !inSearchPath(vfs, target, searchPath, realDirs)) {
        ids.set(entry, { kind: 'fragment', name: entry, path });
      } else {
        ids.set(entry, { kind: 'alias', name: entry, path, target: tail });
      }
    }
  }
  return { ids, dirs, invalid };
};

/** Follow aliases to the entry holding the fragment; undefined if absent or a loop/dangling chain. */
export const resolveName = (map: NameMap, name: string): { entry: NameEntry; chain: string[] } | undefined => {
  let entry = map.ids.get(name);
  const chain = [name];
  for (let n = 0; entry?.kind === 'alias'; n++) {
    if (n >= FOLLOW_MAX) return undefined;
    const next = map.ids.get(entry.target);
    if (next === undefined) {
      // an alias whose target name has no file of its own: a dangling alias
      return undefined;
    }
    chain.push(entry.target);
    entry = next;
  }
  return entry === undefined ? undefined : { entry, chain };
};
