/**
 * What a unit's paths are inside the image, read through the UnitSet (`statPath`, `readScript`):
 * where systemd finds an executable (src/basic/path-util.c find_executable_full(): an absolute
 * path as it is, a bare name in the unit's ExecSearchPath= or else the compiled-in DEFAULT_PATH,
 * never the manager's $PATH; NixOS patches DEFAULT_PATH to systemd's own bin/), whether it is
 * executable (access(X_OK) as root: a regular file with an x bit), the `#!` interpreter the kernel
 * runs for a script (fs/binfmt_script.c), and whether a unit's path conditions already fail in
 * the image as shipped (systemd.unit(5) "Conditions and Asserts").
 */
import type { PathStat, Unit, UnitSet } from '../../parse/types.js';

/**
 * Created at boot, never in the archive: the API file systems, /run, and the real root the initrd
 * mounts at /sysroot. Nothing under them is ever reported missing.
 */
const RUNTIME_PREFIXES = ['/run', '/proc', '/sys', '/dev', '/sysroot', '/tmp', '/var/run', '/var/tmp'];
export const isRuntimePath = (path: string): boolean => RUNTIME_PREFIXES.some((p) => path === p || path.startsWith(p + '/'));

/**
 * systemd's DEFAULT_PATH (src/basic/path-util.h), split-usr and merged-usr variants together
 * (a name found in either is not reported), in systemd's order.
 */
const DEFAULT_PATH = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

const STORE_SYSTEMD = /^(\/nix\/store\/[^/]+-systemd-\d[^/]*)\//;

const pathMemo = new WeakMap<UnitSet, readonly string[]>();

/**
 * Where systemd looks up a bare Exec*= name in this image: DEFAULT_PATH, and on NixOS the bin/
 * of systemd's own store path (nixpkgs replaces @defaultPathNormal@ by it), found from /init or
 * from the systemd store path the units' own Exec lines name.
 */
export const defaultExecPath = (set: UnitSet): readonly string[] => {
  let known = pathMemo.get(set);
  if (known !== undefined) return known;
  const stores = new Set<string>();
  const init = set.statPath?.('/init');
  const fromInit = init === undefined ? null : /^(\/nix\/store\/[^/]+)\/lib\/systemd\/systemd$/.exec(init.path);
  if (fromInit !== null) stores.add(fromInit[1] as string);
  for (const u of set.units.values()) {
    for (const d of u.directives) {
      if (!d.key.startsWith('Exec') || !d.value.includes('/nix/store/')) continue;
      const m = STORE_SYSTEMD.exec(d.value.replace(/^[-@:+!|]*/, ''));
      if (m !== null) stores.add(m[1] as string);
    }
  }
  known = [...[...stores].sort().map((s) => `${s}/bin`), ...DEFAULT_PATH];
  pathMemo.set(set, known);
  return known;
};

const holdsMemo = new WeakMap<UnitSet, boolean>();

/**
 * Whether the source is an image whose programs can be looked at: not a plain unit directory,
 * and at least one directory of systemd's search path is there. A tree of unit files alone (a
 * test skeleton, units copied out of an image) tells nothing about what the image holds.
 */
export const holdsPrograms = (set: UnitSet): boolean => {
  let known = holdsMemo.get(set);
  if (known === undefined) {
    known = set.sourceKind !== 'unit-dir' && set.statPath !== undefined && defaultExecPath(set).some((d) => set.statPath?.(d)?.type === 'dir');
    holdsMemo.set(set, known);
  }
  return known;
};

export type Lookup =
  | { readonly kind: 'ok'; readonly stat: PathStat }
  | { readonly kind: 'missing'; readonly searched: readonly string[] }
  | { readonly kind: 'not-executable'; readonly stat: PathStat; readonly why: string }
  /** the image cannot tell (no statPath, a relative name systemd refuses anyway) */
  | { readonly kind: 'unknown' };

/** access(X_OK) for root: a regular file with any x bit; mode unknown counts as executable. */
const executableProblem = (st: PathStat): string | undefined => {
  if (st.type === 'dir') return 'is a directory';
  if (st.type !== 'file') return 'is not a regular file';
  if (st.mode !== undefined && (st.mode & 0o111) === 0) return `has no execute permission (mode 0${st.mode.toString(8)})`;
  return undefined;
};

/** Looks up an executable as systemd does (find_executable_full with use_path_envvar=false). */
export const findExecutable = (set: UnitSet, name: string, searchPath: readonly string[]): Lookup => {
  const stat = set.statPath;
  if (stat === undefined || name === '' || /[$`]/.test(name)) return { kind: 'unknown' };
  const check = (path: string): Lookup | undefined => {
    const st = stat(path);
    if (st === undefined) return undefined;
    const why = executableProblem(st);
    return why === undefined ? { kind: 'ok', stat: st } : { kind: 'not-executable', stat: st, why };
  };
  // what lies under /run, /proc, /sysroot ... is made at boot (NixOS's /run/current-system/sw/bin,
  // /run/wrappers/bin): the archive cannot tell
  if (name.startsWith('/')) return check(name) ?? (isRuntimePath(name) ? { kind: 'unknown' } : { kind: 'missing', searched: [name] });
  if (name.includes('/')) return { kind: 'unknown' };
  let last: Lookup | undefined;
  for (const dir of searchPath) {
    const r = check(`${dir}/${name}`);
    if (r?.kind === 'ok') return r;
    // find_executable_full goes on past a candidate that is not executable, and reports the last error
    last ??= r;
  }
  if (last === undefined && searchPath.some((d) => !d.startsWith('/') || isRuntimePath(d))) return { kind: 'unknown' };
  return last ?? { kind: 'missing', searched: searchPath.map((d) => `${d}/${name}`) };
};

/** The `#!` interpreter of a script inside the image (absolute paths only), or undefined. */
export const interpreterOf = (set: UnitSet, path: string): string | undefined => {
  const text = set.readScript?.(path);
  if (text === undefined) return undefined;
  const nl = text.indexOf('\n');
  const line = (nl < 0 ? text : text.slice(0, nl)).slice(2).trim();
  const interp = line.split(/[ \t]/)[0] ?? '';
  return interp.startsWith('/') ? interp : undefined;
};

const PATH_CONDITIONS = new Set([
  'PathExists', 'PathIsDirectory', 'PathIsSymbolicLink', 'PathIsMountPoint', 'PathIsReadWrite', 'FileIsExecutable',
  'FileNotEmpty', 'DirectoryNotEmpty', 'PathExistsGlob',
]);

const failMemo = new WeakMap<Unit, string | null>();

/**
 * A condition or assert on a path that is certainly false in the image as shipped (a path that
 * must exist and is absent, or `!path` that must not and is there, outside what is created at
 * boot), so systemd skips (or fails) the unit without running any of its commands. The text of
 * the first such setting, or undefined. Triggering conditions (`|`) are never decisive.
 */
export const failingPathCondition = (set: UnitSet, unit: Unit): string | undefined => {
  const known = failMemo.get(unit);
  if (known !== undefined) return known ?? undefined;
  let found: string | null = null;
  const stat = set.statPath;
  if (stat !== undefined) {
    const last = new Map<string, Array<{ key: string; value: string }>>();
    for (const d of unit.directives) {
      if (d.section !== 'Unit') continue;
      const m = /^(Condition|Assert)(.+)$/.exec(d.key);
      if (m === null || !PATH_CONDITIONS.has(m[2] as string)) continue;
      if (d.value === '') last.set(d.key, []);
      else last.set(d.key, [...(last.get(d.key) ?? []), { key: d.key, value: d.value }]);
    }
    outer: for (const list of last.values()) {
      for (const { key, value } of list) {
        let v = value.trim();
        if (v.startsWith('|')) continue;
        const negated = v.startsWith('!');
        if (negated) v = v.slice(1).trim();
        if (!v.startsWith('/') || /[*?[%$]/.test(v) || isRuntimePath(v) || key.endsWith('Glob')) continue;
        const there = stat(v) !== undefined;
        // only existence is decided from the archive; a present path may still fail the others
        if (negated ? there && /PathExists$/.test(key) : !there) {
          found = `${key}=${value}`;
          break outer;
        }
      }
    }
  }
  failMemo.set(unit, found);
  return found ?? undefined;
};
