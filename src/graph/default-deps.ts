/**
 * The dependencies systemd adds by itself because a unit keeps DefaultDependencies=yes (the
 * default), per unit type, as systemd v256 does it (src/core/<type>.c: <type>_add_default_dependencies,
 * and unit.c: unit_add_default_target_dependency with target.c: target_add_default_dependencies
 * and manager.c: manager_dispatch_target_deps_queue). Edges are in the contract's forward form
 * with origin 'default'. v252 and v257 differences are selected by `DepContext.systemdVersion`;
 * docs/systemd-semantics.md lists every rule with its source.
 */
import { typeSection, type Directive, type Unit, type UnitType } from '../parse/types.js';
import { parseBoolean } from '../parse/load/unit-values.js';
import { pathStartsWith } from '../parse/load/generators/paths.js';
import type { DepEdge, EdgeKind, EdgeOrigin } from './types.js';

export interface DepContext {
  /** systemd's in_initrd(): the tree is an initrd. */
  readonly initrd: boolean;
  /** The unit of a name as systemd would load it (may create a `referenced` unit). */
  unit(name: string): Unit | undefined;
  /** An edge `{from, to, kind: 'Before'}` of any origin already exists (target loop avoidance). */
  hasBefore(from: string, to: string): boolean;
  /**
   * Optional: the unit of a name if it exists, without creating a `referenced` unit. Used where
   * systemd only probes for a unit (the mount units of every prefix of a RequiresMountsFor= path,
   * unit.c: unit_add_mount_dependencies); without it `unit()` is used, which may add referenced
   * units for paths nobody names.
   */
  peek?(name: string): Unit | undefined;
  /** systemd major version to emulate (default 256, what NixOS ships; Debian 12 has 252). */
  readonly systemdVersion?: number;
}

export const DEFAULT_SYSTEMD_VERSION = 256;
export const versionOf = (ctx: DepContext): number => ctx.systemdVersion ?? DEFAULT_SYSTEMD_VERSION;

/** Units systemd synthesises and keeps loaded whether or not a file exists (`perpetual`). */
const PERPETUAL = new Set(['-.mount', '-.slice', 'system.slice', 'init.scope']);

/**
 * Whether systemd would have the unit in load state `loaded`: a fragment (file or generator),
 * not masked; devices and slices load without a fragment (device.c/slice.c pass
 * fragment_required=false), perpetual units always; a template (`foo@.service`) or a scope read
 * from a file (only transient scopes exist) never.
 */
export const isLoaded = (name: string, u: Unit | undefined): boolean => {
  if (u?.masked === true || name.includes('@.')) return false; // templates are never loaded
  if (PERPETUAL.has(name)) return true;
  if (u === undefined || u.type === 'scope') return false; // scope.c refuses non-transient scopes
  if (u.origin !== 'referenced') return true;
  return u.type === 'device' || u.type === 'slice';
};

/** systemd's `fragment_path`: the unit was read from a file (a generator's counts). */
export const hasFragment = (u: Unit | undefined): boolean => u !== undefined && !u.masked && u.origin !== 'referenced';

/** The [Unit] DefaultDependencies= in effect, and the directive that set it. */
export const defaultDependenciesOf = (unit: Unit, ctx: DepContext): { enabled: boolean; directive?: Directive } => {
  // perpetual units are synthesised with default_dependencies=false (mount.c, slice.c, scope.c)
  if (PERPETUAL.has(unit.name)) return { enabled: false };
  let enabled = true;
  let directive: Directive | undefined;
  for (let di = 0, ds = unit.directives; di < ds.length; di++) {
    const d = ds[di] as Directive;
    if (d.section !== 'Unit' || d.key !== 'DefaultDependencies') continue;
    const b = parseBoolean(d.value); // config_parse_bool ignores what it cannot parse, "" included
    if (b === undefined) continue;
    enabled = b;
    directive = d;
  }
  // v254..v256: credential mounts never get default dependencies (mount.c: mount_is_credentials)
  if (unit.type === 'mount' && versionOf(ctx) >= 254 && isCredentialsPath(mountWhere(unit))) enabled = false;
  return directive === undefined ? { enabled } : { enabled, directive };
};

// ---------------------------------------------------------------------------------------------
// Settings of a unit, read the way systemd's config parsers do

/** Last assignment of a single-valued string setting; "" resets to unset. */
export const lastSetting = (unit: Unit, section: string, key: string): Directive | undefined => {
  let found: Directive | undefined;
  for (let di = 0, ds = unit.directives; di < ds.length; di++) {
    const d = ds[di] as Directive;
    if (d.section === section && d.key === key) found = d;
  }
  return found === undefined || found.value === '' ? undefined : found;
};

/** Last assignment of a boolean setting that parses (config_parse_bool ignores garbage). */
export const boolSetting = (unit: Unit, section: string, key: string): { value: boolean; directive: Directive } | undefined => {
  let found: { value: boolean; directive: Directive } | undefined;
  for (let di = 0, ds = unit.directives; di < ds.length; di++) {
    const d = ds[di] as Directive;
    if (d.section !== section || d.key !== key) continue;
    const b = parseBoolean(d.value);
    if (b !== undefined) found = { value: b, directive: d };
  }
  return found;
};

/** path_simplify() plus dropping a trailing slash: how systemd stores Where=/What= paths. */
export const simplify = (p: string): string => {
  const abs = p.startsWith('/');
  const parts = p.split('/').filter((x) => x !== '' && x !== '.');
  return (abs ? '/' : '') + parts.join('/');
};

const unescapeUnitPath = (stem: string): string => {
  if (stem === '-') return '/';
  const bytes: number[] = [];
  for (let i = 0; i < stem.length; i++) {
    const m = /^\\x([0-9a-fA-F]{2})/.exec(stem.slice(i, i + 4));
    if (m?.[1] !== undefined) {
      bytes.push(parseInt(m[1], 16));
      i += 3;
    } else if (stem[i] === '-') bytes.push(0x2f);
    else for (const b of new TextEncoder().encode(stem[i] as string)) bytes.push(b);
  }
  return '/' + new TextDecoder().decode(new Uint8Array(bytes));
};

/** Where= of a mount (or automount), else the path its name stands for (unit_name_to_path). */
export const mountWhere = (unit: Unit): string => {
  const w = lastSetting(unit, typeSection(unit.type), 'Where');
  if (w !== undefined) return simplify(w.value);
  return unescapeUnitPath(unit.name.slice(0, unit.name.length - unit.type.length - 1));
};

const isCredentialsPath = (where: string): boolean => {
  const rest = pathStartsWith(where, '/run/credentials');
  return rest !== undefined && rest !== '';
};

/** fstab_filter_options(): comma-separated options, `\,` escapes a comma. */
export const splitOptions = (opts: string | undefined): string[] => {
  if (opts === undefined) return [];
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < opts.length; i++) {
    const c = opts[i] as string;
    if (c === '\\' && i + 1 < opts.length) {
      cur += c + (opts[i + 1] as string);
      i++;
    } else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
};

/** The last option among `names` (as `name` or `name=value`), with its value; undefined if none. */
export const findOption = (opts: string | undefined, names: readonly string[]): { name: string; value: string | undefined } | undefined => {
  let found: { name: string; value: string | undefined } | undefined;
  for (const o of splitOptions(opts)) {
    for (const n of names) {
      if (o === n) found = { name: n, value: undefined };
      else if (o.startsWith(`${n}=`)) found = { name: n, value: o.slice(n.length + 1) };
      else continue;
      break;
    }
  }
  return found;
};

export const hasOption = (opts: string | undefined, name: string): boolean => findOption(opts, [name]) !== undefined;

const NETWORK_FS = new Set([
  'afs', 'ceph', 'cifs', 'gfs', 'gfs2', 'ncp', 'ncpfs', 'nfs', 'nfs4', 'ocfs2', 'orangefs', 'pvfs2', 'smb3', 'smbfs', // @network
  'davfs', 'glusterfs', 'lustre', 'sshfs',
]);

/** A mount unit's fragment parameters (get_mount_parameters_fragment). */
export interface MountParams {
  readonly where: string;
  readonly what: Directive | undefined;
  readonly type: Directive | undefined;
  readonly options: Directive | undefined;
}

export const mountParams = (unit: Unit): MountParams => ({
  where: mountWhere(unit),
  what: lastSetting(unit, 'Mount', 'What'),
  type: lastSetting(unit, 'Mount', 'Type'),
  options: lastSetting(unit, 'Mount', 'Options'),
});

/** mount.c: mount_is_network(): `_netdev`, or a network file system type. */
export const mountIsNetwork = (p: MountParams): boolean => {
  if (hasOption(p.options?.value, '_netdev')) return true;
  if (p.type === undefined) return false;
  const t = p.type.value.startsWith('fuse.') ? p.type.value.slice(5) : p.type.value;
  return NETWORK_FS.has(t);
};

/** fstab-util.c: fstab_is_extrinsic(): mounts systemd leaves alone (no default deps, -.slice). */
export const mountIsExtrinsic = (p: MountParams, ctx: DepContext): boolean => {
  if (['/', '/usr', '/etc'].includes(p.where)) return true;
  const prefixes = ['/run/initramfs', '/proc', '/sys', '/dev'];
  if (versionOf(ctx) >= 254) prefixes.push('/run/nextroot');
  if (prefixes.some((x) => pathStartsWith(p.where, x) !== undefined)) return true;
  return hasOption(p.options?.value, 'x-initrd.mount') && !ctx.initrd;
};

// ---------------------------------------------------------------------------------------------
// Edge collection

export interface EdgeSink {
  /** The unit the edges are about. */
  readonly unit: string;
  readonly edges: DepEdge[];
  /** Adds `from kind to` unless it is a self-dependency (systemd drops those) or a duplicate. */
  add(from: string, to: string, kind: EdgeKind, via: string, src?: Directive): void;
  /** `unit After= other` */
  after(other: string, via: string, src?: Directive): void;
  /** `unit Before= other` */
  before(other: string, via: string, src?: Directive): void;
  /** `unit Kind= other` (Wants, Requires, BindsTo, Conflicts, Triggers, ...) */
  dep(kind: EdgeKind, other: string, via: string, src?: Directive): void;
}

export const edgeSink = (unit: string, origin: EdgeOrigin): EdgeSink => {
  const edges: DepEdge[] = [];
  // most sinks hold a handful of edges: a scan is cheaper than a key string per edge
  let seen: Set<string> | undefined;
  const add = (from: string, to: string, kind: EdgeKind, via: string, src?: Directive): void => {
    if (from === to) return;
    if (seen === undefined && edges.length < 32) {
      for (let i = 0; i < edges.length; i++) {
        const e = edges[i] as DepEdge;
        if (e.to === to && e.from === from && e.kind === kind) return;
      }
    } else {
      seen ??= new Set(edges.map((e) => `${e.from}\0${e.to}\0${e.kind}`));
      const key = `${from}\0${to}\0${kind}`;
      if (seen.has(key)) return;
      seen.add(key);
    }
    // `owner: undefined` reserves the slot buildGraph fills in: set later, it would cost every edge
    // an out-of-object property store (about 40 bytes; 1.7 million edges at 100,000 units)
    edges.push(src === undefined ? { from, to, kind, origin, via, owner: undefined } : { from, to, kind, origin, file: src.file, line: src.line, via, owner: undefined });
  };
  return {
    unit,
    edges,
    add,
    after: (other, via, src) => add(other, unit, 'Before', via, src),
    before: (other, via, src) => add(unit, other, 'Before', via, src),
    dep: (kind, other, via, src) => add(unit, other, kind, via, src),
  };
};

// ---------------------------------------------------------------------------------------------
// The default dependencies per type

type Adder = (dir: 'After' | 'Before' | 'Requires' | 'Wants' | 'Conflicts', other: string) => void;

const SHUTDOWN = 'shutdown.target';

const typeDefaults: Partial<Record<UnitType, (unit: Unit, ctx: DepContext, add: Adder) => void>> = {
  // service.c: service_add_default_dependencies (system manager)
  service: (_u, _c, add) => {
    add('Requires', 'sysinit.target');
    add('After', 'sysinit.target');
    add('After', 'basic.target');
    add('Before', SHUTDOWN);
    add('Conflicts', SHUTDOWN);
  },
  // socket.c: socket_add_default_dependencies
  socket: (_u, _c, add) => {
    add('Before', 'sockets.target');
    add('Requires', 'sysinit.target');
    add('After', 'sysinit.target');
    add('Before', SHUTDOWN);
    add('Conflicts', SHUTDOWN);
  },
  // target.c: target_add_default_dependencies (the ordering after pulled units: targetDefaultOrdering)
  target: (u, _c, add) => {
    if (u.name === SHUTDOWN) return;
    add('Before', SHUTDOWN);
    add('Conflicts', SHUTDOWN);
  },
  // timer.c: timer_add_default_dependencies
  timer: (u, _c, add) => {
    add('Before', 'timers.target');
    add('Requires', 'sysinit.target');
    add('After', 'sysinit.target');
    if (hasCalendarTimer(u)) {
      add('After', 'time-sync.target');
      add('After', 'time-set.target');
    }
    add('Before', SHUTDOWN);
    add('Conflicts', SHUTDOWN);
  },
  // path.c: path_add_default_dependencies
  path: (_u, _c, add) => {
    add('Before', 'paths.target');
    add('Requires', 'sysinit.target');
    add('After', 'sysinit.target');
    add('Before', SHUTDOWN);
    add('Conflicts', SHUTDOWN);
  },
  // slice.c: slice_add_default_dependencies; scope.c: scope_add_default_dependencies
  slice: (_u, _c, add) => {
    add('Before', SHUTDOWN);
    add('Conflicts', SHUTDOWN);
  },
  scope: (_u, _c, add) => {
    add('Before', SHUTDOWN);
    add('Conflicts', SHUTDOWN);
  },
  // swap.c: swap_add_default_dependencies (skipped by systemd inside a container)
  swap: (_u, _c, add) => {
    add('Before', 'swap.target');
    add('Before', 'umount.target');
    add('Conflicts', 'umount.target');
  },
  // automount.c: automount_add_default_dependencies
  automount: (_u, _c, add) => {
    add('Before', 'local-fs.target');
    add('After', 'local-fs-pre.target');
    add('Before', 'umount.target');
    add('Conflicts', 'umount.target');
  },
  // mount.c: mount_add_default_dependencies → _ordering_ / _network_dependencies
  mount: (u, ctx, add) => mountDefaults(u, ctx, add),
};

const mountDefaults = (u: Unit, ctx: DepContext, add: Adder): void => {
  if (!hasFragment(u)) return; // no parameters without a fragment (we never see /proc/self/mountinfo)
  const p = mountParams(u);
  if (mountIsExtrinsic(p, ctx)) return;
  const v = versionOf(ctx);
  const network = mountIsNetwork(p);
  let after: string | undefined;
  let before: string;
  const underSysroot = pathStartsWith(p.where, '/sysroot');
  if (underSysroot !== undefined && ctx.initrd) {
    // v252.7+/v253.1+/v254: also After=local-fs-pre.target
    after = v >= 252 ? 'local-fs-pre.target' : undefined;
    before = underSysroot === '' ? 'initrd-root-fs.target' : 'initrd-fs.target';
  } else if (ctx.initrd && v >= 252 && pathStartsWith(p.where, '/sysusr/usr') !== undefined) {
    after = 'local-fs-pre.target';
    before = 'initrd-usr-fs.target';
  } else if (network) {
    after = 'remote-fs-pre.target';
    before = 'remote-fs.target';
  } else {
    after = 'local-fs-pre.target';
    before = 'local-fs.target';
  }
  const nofail = findOption(p.options?.value, ['nofail', 'fail'])?.name === 'nofail';
  if (!nofail) add('Before', before);
  if (after !== undefined) add('After', after);
  add('Before', 'umount.target');
  add('Conflicts', 'umount.target');
  if (p.type?.value === 'tmpfs') add('After', 'swap.target');
  if (network) {
    add('After', 'network.target');
    add('Wants', 'network-online.target');
    add('After', 'network-online.target');
  }
};

/** Whether any OnCalendar= survives; an empty assignment of any On*= key clears all of them. */
const hasCalendarTimer = (u: Unit): boolean => {
  const keys = ['OnActiveSec', 'OnBootSec', 'OnStartupSec', 'OnUnitActiveSec', 'OnUnitInactiveSec', 'OnCalendar'];
  let calendar = false;
  for (const d of u.directives) {
    if (d.section !== 'Timer' || !keys.includes(d.key)) continue;
    if (d.value === '') calendar = false;
    else if (d.key === 'OnCalendar') calendar = true;
  }
  return calendar;
};

const canonical = (ctx: DepContext, name: string): string => ctx.unit(name)?.name ?? name;

/**
 * `DefaultDependencies=yes (TYPE): DIR=OTHER`, one string per combination for the whole process:
 * every service has the same few, and one concatenated string per edge was a fifth of the heap at
 * 20,000 units.
 */
const viaGroups = new Map<string, Map<string, Map<string, string>>>(); // TYPE → DIR → other → via
const defaultVia = (type: string, dir: string, other: string): string => {
  let byDir = viaGroups.get(type);
  if (byDir === undefined) viaGroups.set(type, (byDir = new Map()));
  let byOther = byDir.get(dir);
  if (byOther === undefined) {
    byOther = new Map();
    byDir.set(dir, byOther);
  }
  let via = byOther.get(other);
  if (via === undefined) {
    if (byOther.size >= 4096) byOther.clear(); // names from the image: bounded
    via = `DefaultDependencies=yes (${type}): ${dir}=${other}`;
    byOther.set(other, via);
  }
  return via;
};

/** The edges systemd adds to `unit` because DefaultDependencies=yes, per unit type (origin 'default'). */
export function defaultDependencies(unit: Unit, ctx: DepContext): DepEdge[] {
  if (!isLoaded(unit.name, unit)) return [];
  const { enabled, directive } = defaultDependenciesOf(unit, ctx);
  if (!enabled) return [];
  const rule = typeDefaults[unit.type];
  if (rule === undefined) return []; // device units have none
  const sink = edgeSink(unit.name, 'default');
  const add: Adder = (dir, other) => {
    const name = canonical(ctx, other);
    const via = defaultVia(unit.type, dir, other);
    if (dir === 'After') sink.after(name, via, directive);
    else if (dir === 'Before') sink.before(name, via, directive);
    else sink.dep(dir, name, via, directive);
  };
  rule(unit, ctx, add);
  return sink.edges;
}

/**
 * target.c: target_add_default_dependencies + unit.c: unit_add_default_target_dependency. A target
 * is ordered After= every unit it Wants=/Requires=/Requisite=/BindsTo=/Upholds= (`pulled`: the
 * canonical names, whatever the origin of the pull), unless the target or that unit is not loaded,
 * either has DefaultDependencies=no, or the target is already ordered Before= that unit (loop
 * avoidance: `ctx.hasBefore(target, unit)` must see every Before edge known so far, including
 * those this function returned for other targets). PartOf= is in systemd's list too but only takes
 * effect when the other unit happened to be loaded first; it is left out (see the doc).
 */
export function targetDefaultOrdering(target: Unit, pulled: string[], ctx: DepContext): DepEdge[] {
  if (target.type !== 'target' || !isLoaded(target.name, target)) return [];
  const mine = defaultDependenciesOf(target, ctx);
  if (!mine.enabled) return [];
  const sink = edgeSink(target.name, 'default');
  for (const name of pulled) {
    const other = ctx.unit(name);
    const otherName = other?.name ?? name;
    if (otherName === target.name || other === undefined || !isLoaded(otherName, other)) continue;
    if (!defaultDependenciesOf(other, ctx).enabled) continue;
    if (ctx.hasBefore(target.name, otherName)) continue;
    sink.after(otherName, `DefaultDependencies=yes (target): After=${otherName} (pulled in by ${target.name})`, mine.directive);
  }
  return sink.edges;
}
