/**
 * The dependencies systemd derives from a unit's own settings, whatever DefaultDependencies= says
 * (origin 'implicit'), as systemd v256 does it: a mount's What=/Where=/Options=, the mount units
 * of RequiresMountsFor=/WantsMountsFor= and of every path a unit uses (unit.c:
 * unit_add_mount_dependencies, unit_add_exec_dependencies), the slice (unit_add_slice_dependencies),
 * what a socket/timer/path/automount triggers, a service's Sockets= and Type=dbus, device nodes
 * (unit_add_node_dependency, unit_add_blockdev_dependency). Settings that only name a dependency
 * target (Sockets=, Unit=, Service=, RequiresMountsFor=, ...) are translated here, not in
 * explicit-deps.ts. docs/systemd-semantics.md lists every rule with its source and version notes.
 */
import { typeSection, type Directive, type Unit } from '../parse/types.js';
import { escapeName, pathToUnitName } from '../parse/load/escape.js';
import { pathStartsWith } from '../parse/load/generators/paths.js';
import { expandSpecifiers } from '../parse/load/specifiers.js';
import { parseUnitName } from '../parse/load/unit-name.js';
import { splitQuotedWords } from '../parse/unit-file/lexer.js';
import {
  boolSetting, defaultDependenciesOf, edgeSink, findOption, hasFragment, hasOption, isLoaded, lastSetting,
  mountIsExtrinsic, mountIsNetwork, mountParams, mountWhere, simplify, versionOf,
  type DepContext, type EdgeSink,
} from './default-deps.js';
import type { DepEdge } from './types.js';

/** Settings whose dependencies this module produces (the graph builder must not add them again). */
export const IMPLICIT_SOURCE_KEYS: ReadonlyArray<readonly [section: string, key: string]> = [
  ['Unit', 'RequiresMountsFor'], ['Unit', 'WantsMountsFor'], ['Service', 'Sockets'], ['Socket', 'Service'],
  ['Timer', 'Unit'], ['Path', 'Unit'],
];

type MountDepType = 'Requires' | 'Wants';
interface MountsForEntry { readonly cause: string; readonly src: Directive | undefined }

/** A unit's `mounts_for[type]` tables: path → why (the first registration of a path wins). */
class MountsFor {
  readonly byType: Record<MountDepType, Map<string, MountsForEntry>> = { Requires: new Map(), Wants: new Map() };
  add(type: MountDepType, path: string, cause: string, src?: Directive): void {
    if (!path.startsWith('/')) return; // unit_add_mounts_for() refuses relative paths
    const p = simplify(path);
    if (p.split('/').includes('..')) return; // not normalized: refused
    if (!this.byType[type].has(p)) this.byType[type].set(p, { cause, src });
  }
}

/** Resolve specifiers in a path the way the system manager does; undefined if one is unknown. */
const SYSTEM_DIRS: Record<string, string> = { t: '/run', S: '/var/lib', C: '/var/cache', L: '/var/log', E: '/etc', T: '/tmp', V: '/var/tmp' };
const expandPath = (value: string, unit: Unit): string | undefined => {
  if (!value.includes('%')) return value;
  const pre = value.replace(/%(.)/g, (m, c: string) => (c === '%' ? '%%' : SYSTEM_DIRS[c] ?? m));
  const out = expandSpecifiers(pre, unit.name);
  return /%/.test(out.replace(/%%/g, '')) ? undefined : out;
};

/** Words of a list setting with resets applied (`reset`: an empty assignment clears the list). */
const words = (unit: Unit, section: string, keys: readonly string[], reset: boolean): Array<{ word: string; d: Directive }> => {
  let out: Array<{ word: string; d: Directive }> = [];
  for (let di = 0, ds = unit.directives; di < ds.length; di++) {
    const d = ds[di] as Directive;
    if (d.section !== section || !keys.includes(d.key)) continue;
    if (d.value === '') {
      if (reset) out = [];
      continue;
    }
    for (const w of splitQuotedWords(d.value).words) out.push({ word: w, d });
  }
  return out;
};

/** path-util.c: is_device_path(): below /dev/ or /sys/ (not those directories themselves). */
const isDevicePath = (p: string): boolean => {
  const r = pathStartsWith(p, '/dev') ?? pathStartsWith(p, '/sys');
  return r !== undefined && r !== '';
};

/** unit.c: unit_add_node_dependency(): Requires= (or BindsTo=) + After= the device unit of a path; optionally StopPropagatedFrom= it. */
const nodeDependency = (sink: EdgeSink, ctx: DepContext, what: string, kind: 'Requires' | 'BindsTo', cause: string, src: Directive | undefined, stopPropagation: boolean): void => {
  const dev = pathToUnitName(what, 'device');
  if (dev === undefined) return;
  const name = ctx.unit(dev)?.name ?? dev;
  sink.dep(kind, name, `${cause}: ${kind}=${name}`, src);
  sink.after(name, `${cause}: After=${name}`, src);
  if (stopPropagation) sink.add(name, sink.unit, 'PropagatesStopTo', `${cause}: StopPropagatedFrom=${name}`, src);
};

/** unit.c: unit_add_blockdev_dependency(): After= blockdev@<escaped path>.target for /dev/ paths. */
const blockdevDependency = (sink: EdgeSink, ctx: DepContext, what: string, cause: string, src: Directive | undefined): void => {
  if (pathStartsWith(what, '/dev') === undefined || pathStartsWith(what, '/dev') === '') return;
  const esc = pathToUnitName(what, 'target');
  if (esc === undefined) return;
  const name = `blockdev@${esc}`;
  sink.after(ctx.unit(name)?.name ?? name, `${cause}: After=${name}`, src);
};

// ---------------------------------------------------------------------------------------------
// Per type

const mountImplicit = (unit: Unit, ctx: DepContext, sink: EdgeSink, mf: MountsFor): void => {
  if (!hasFragment(unit)) return;
  const p = mountParams(unit);
  const v = versionOf(ctx);
  const what = p.what === undefined ? undefined : expandPath(p.what.value, unit);
  const opts = p.options?.value;
  const bind = hasOption(opts, 'bind') || hasOption(opts, 'rbind') || ['bind', 'rbind'].includes(p.type?.value ?? '');
  // mount.c: mount_add_device_dependencies
  if (what !== undefined && !bind && isDevicePath(what) && !['/dev/root', '/dev/nfs'].includes(simplify(what)) && p.where !== '/') {
    const bound = findOption(opts, ['x-systemd.device-bound']);
    let kind: 'Requires' | 'BindsTo' = 'Requires';
    let propagate = true; // StopPropagatedFrom= whenever the unit has a fragment and is not bound
    if (bound !== undefined) {
      if (v < 255) kind = 'BindsTo'; // v252..v254: the option's mere presence
      else {
        const b = bound.value === undefined || bound.value === '' ? true : parseBool(bound.value);
        if (b === true) kind = 'BindsTo';
        if (b !== undefined) propagate = false; // an explicit yes or no: no StopPropagatedFrom=
      }
    }
    if (kind === 'BindsTo') propagate = false;
    nodeDependency(sink, ctx, what, kind, `What=${p.what?.value ?? ''}`, p.what, propagate);
    blockdevDependency(sink, ctx, what, `What=${p.what?.value ?? ''}`, p.what);
  }
  // mount.c: mount_add_mount_dependencies: the parent directory, and a path source
  if (p.where !== '/') {
    const parent = p.where.slice(0, p.where.lastIndexOf('/')) || '/';
    const whereSrc = lastSetting(unit, 'Mount', 'Where');
    mf.add('Requires', parent, `Where=${p.where} (parent ${parent})`, whereSrc);
  }
  if (what !== undefined && what.startsWith('/') && (bind || hasOption(opts, 'loop') || !mountIsNetwork(p))) {
    mf.add('Requires', what, `What=${p.what?.value ?? ''}`, p.what);
  }
  // v252..v255 mount.c: mount_add_quota_dependencies (moved to fstab-generator in v256)
  if (v < 256 && !bind && (p.type === undefined || ['ext2', 'ext3', 'ext4', 'reiserfs', 'jfs', 'f2fs'].includes(p.type.value))) {
    if (['usrquota', 'grpquota', 'quota', 'usrjquota', 'grpjquota'].some((o) => hasOption(opts, o))) {
      for (const s of ['systemd-quotacheck.service', 'quotaon.service']) {
        sink.before(s, `Options=${opts ?? ''} (quota): Before=${s}`, p.options);
        sink.dep('Wants', s, `Options=${opts ?? ''} (quota): Wants=${s}`, p.options);
      }
    }
  }
};

const parseBool = (v: string): boolean | undefined => {
  const s = v.toLowerCase();
  if (['1', 'yes', 'y', 'true', 't', 'on'].includes(s)) return true;
  if (['0', 'no', 'n', 'false', 'f', 'off'].includes(s)) return false;
  return undefined;
};

const swapImplicit = (unit: Unit, ctx: DepContext, sink: EdgeSink, mf: MountsFor): void => {
  if (!hasFragment(unit)) return;
  const whatD = lastSetting(unit, 'Swap', 'What');
  const what = whatD === undefined ? mountWhere(unit) : simplify(whatD.value);
  mf.add('Requires', what, `What=${what}`, whatD);
  if (whatD === undefined) return; // swap.c: swap_add_device_dependencies needs the fragment's What=
  if (isDevicePath(what)) {
    nodeDependency(sink, ctx, what, 'Requires', `What=${whatD.value}`, whatD, false);
    blockdevDependency(sink, ctx, what, `What=${whatD.value}`, whatD);
  } else sink.after('systemd-remount-fs.service', `What=${whatD.value} (swap file): After=systemd-remount-fs.service`, whatD);
};

/** Triggers= + Before= on what a socket/timer/path/automount activates. */
const trigger = (sink: EdgeSink, ctx: DepContext, other: string, cause: string, src?: Directive): void => {
  const name = ctx.unit(other)?.name ?? other;
  sink.dep('Triggers', name, `${cause}: Triggers=${name}`, src);
  sink.before(name, `${cause}: Before=${name}`, src);
};

const related = (unit: Unit, suffix: string): string => `${unit.name.slice(0, unit.name.length - unit.type.length)}${suffix}`;

/** timer.c/path.c: the first valid Unit= wins, else the unit of the same name with .service. */
const triggerUnitSetting = (unit: Unit, section: string): { name: string; d: Directive } | undefined => {
  for (const d of unit.directives) {
    if (d.section !== section || d.key !== 'Unit') continue;
    const n = expandSpecifiers(d.value, unit.name);
    const p = parseUnitName(n);
    if (p === undefined || p.kind === 'template' || n === unit.name) continue;
    return { name: n, d };
  }
  return undefined;
};

const timerImplicit = (unit: Unit, ctx: DepContext, sink: EdgeSink, mf: MountsFor): void => {
  const t = triggerUnitSetting(unit, 'Timer');
  if (t !== undefined) trigger(sink, ctx, t.name, `Unit=${t.d.value}`, t.d);
  else trigger(sink, ctx, related(unit, 'service'), 'timer (same name)');
  const persistent = boolSetting(unit, 'Timer', 'Persistent');
  if (persistent?.value === true) mf.add('Requires', '/var/lib/systemd/timers', 'Persistent=yes', persistent.directive);
};

const PATH_KEYS = ['PathExists', 'PathExistsGlob', 'PathChanged', 'PathModified', 'DirectoryNotEmpty'];
const pathImplicit = (unit: Unit, ctx: DepContext, sink: EdgeSink, mf: MountsFor): void => {
  const t = triggerUnitSetting(unit, 'Path');
  if (t !== undefined) trigger(sink, ctx, t.name, `Unit=${t.d.value}`, t.d);
  else trigger(sink, ctx, related(unit, 'service'), 'path (same name)');
  let specs: Directive[] = [];
  for (const d of unit.directives) {
    if (d.section !== 'Path' || !PATH_KEYS.includes(d.key)) continue;
    if (d.value === '') specs = [];
    else specs.push(d);
  }
  for (const d of specs) {
    const p = expandPath(d.value, unit);
    if (p !== undefined) mf.add('Requires', p, `${d.key}=${d.value}`, d);
  }
};

const automountImplicit = (unit: Unit, ctx: DepContext, sink: EdgeSink, mf: MountsFor): void => {
  trigger(sink, ctx, related(unit, 'mount'), 'automount (same name)');
  const where = mountWhere(unit);
  if (where !== '/') mf.add('Requires', where.slice(0, where.lastIndexOf('/')) || '/', `Where=${where} (parent)`, lastSetting(unit, 'Automount', 'Where'));
};

const LISTEN_KEYS = ['ListenStream', 'ListenDatagram', 'ListenSequentialPacket', 'ListenFIFO', 'ListenSpecial', 'ListenMessageQueue', 'ListenNetlink', 'ListenUSBFunction'];
const socketImplicit = (unit: Unit, ctx: DepContext, sink: EdgeSink, mf: MountsFor): void => {
  let ports: Directive[] = [];
  for (const d of unit.directives) {
    if (d.section !== 'Socket' || !LISTEN_KEYS.includes(d.key)) continue;
    if (d.value === '') ports = []; // an empty Listen*= drops every port
    else ports.push(d);
  }
  // socket.c: have_non_accept_socket → Triggers=/Before= the service
  const accept = boolSetting(unit, 'Socket', 'Accept')?.value === true;
  const nonAccept = !accept || ports.some((d) => !['ListenStream', 'ListenSequentialPacket'].includes(d.key));
  if (nonAccept) {
    let service: { name: string; d?: Directive } = { name: related(unit, 'service') };
    for (const d of unit.directives) {
      if (d.section !== 'Socket' || d.key !== 'Service') continue;
      const n = expandSpecifiers(d.value, unit.name);
      if (n.endsWith('.service') && parseUnitName(n) !== undefined) service = { name: n, d };
    }
    trigger(sink, ctx, service.name, service.d === undefined ? 'socket (same name)' : `Service=${service.d.value}`, service.d);
  }
  // socket.c: socket_add_mount_dependencies: AF_UNIX paths, FIFOs, special files, USB functions
  for (const d of ports) {
    if (['ListenMessageQueue', 'ListenNetlink'].includes(d.key)) continue;
    const p = expandPath(d.value.trim(), unit);
    if (p !== undefined && p.startsWith('/')) mf.add('Requires', p, `${d.key}=${d.value}`, d);
  }
  // socket.c: socket_add_device_dependencies
  const bind = lastSetting(unit, 'Socket', 'BindToDevice');
  if (bind !== undefined && bind.value !== '*' && bind.value !== 'lo') {
    nodeDependency(sink, ctx, `/sys/subsystem/net/devices/${bind.value}`, 'BindsTo', `BindToDevice=${bind.value}`, bind, false);
  }
  const hasExec = ['ExecStartPre', 'ExecStartPost', 'ExecStopPre', 'ExecStopPost'].some((k) => words(unit, 'Socket', [k], true).length > 0);
  if (hasExec) execDependencies(unit, ctx, sink, mf);
};

const serviceImplicit = (unit: Unit, ctx: DepContext, sink: EdgeSink, mf: MountsFor): void => {
  execDependencies(unit, ctx, sink, mf);
  // service.c: service_setup_bus_name: Type=dbus (explicit, or implied by BusName= without Type=)
  const busName = lastSetting(unit, 'Service', 'BusName');
  let type: Directive | undefined;
  for (let di = 0, ds = unit.directives; di < ds.length; di++) {
    const d = ds[di] as Directive;
    if (d.section === 'Service' && d.key === 'Type' && ['simple', 'exec', 'forking', 'oneshot', 'dbus', 'notify', 'notify-reload', 'idle'].includes(d.value)) type = d;
  }
  if (busName !== undefined && (type === undefined || type.value === 'dbus')) {
    const cause = type === undefined ? `BusName=${busName.value} (Type=dbus implied)` : 'Type=dbus';
    const name = ctx.unit('dbus.socket')?.name ?? 'dbus.socket';
    sink.dep('Requires', name, `${cause}: Requires=dbus.socket`, type ?? busName);
    sink.after(name, `${cause}: After=dbus.socket`, type ?? busName);
  }
  // load-fragment.c: config_parse_service_sockets: Wants= + After=, and the socket triggers us
  for (const { word, d } of words(unit, 'Service', ['Sockets'], false)) {
    const n = expandSpecifiers(word, unit.name);
    if (!n.endsWith('.socket') || parseUnitName(n) === undefined) continue;
    const name = ctx.unit(n)?.name ?? n;
    sink.dep('Wants', name, `Sockets=${d.value}: Wants=${name}`, d);
    sink.after(name, `Sockets=${d.value}: After=${name}`, d);
    sink.add(name, unit.name, 'Triggers', `Sockets=${d.value}: TriggeredBy=${name}`, d);
  }
};

// ---------------------------------------------------------------------------------------------
// Exec context (unit.c: unit_add_exec_dependencies, unit_patch_contexts)

const JOURNAL_OUTPUTS = new Set(['journal', 'journal+console', 'kmsg', 'kmsg+console', 'syslog', 'syslog+console']);
const OUTPUTS = new Set([...JOURNAL_OUTPUTS, 'inherit', 'null', 'tty', 'socket', 'fd']);
const isOutput = (v: string): boolean => OUTPUTS.has(v) || /^(fd|file|append|truncate):/.test(v);
const INPUTS = new Set(['null', 'tty', 'tty-force', 'tty-fail', 'socket', 'fd', 'data']);

const lastValid = (unit: Unit, section: string, key: string, ok: (v: string) => boolean): Directive | undefined => {
  let found: Directive | undefined;
  for (let di = 0, ds = unit.directives; di < ds.length; di++) {
    const d = ds[di] as Directive;
    if (d.section === section && d.key === key && ok(d.value)) found = d;
  }
  return found;
};

const EXEC_DIRS: ReadonlyArray<readonly [string, string]> = [
  ['RuntimeDirectory', '/run'], ['StateDirectory', '/var/lib'], ['CacheDirectory', '/var/cache'], ['LogsDirectory', '/var/log'], ['ConfigurationDirectory', '/etc'],
];

const execDependencies = (unit: Unit, ctx: DepContext, sink: EdgeSink, mf: MountsFor): void => {
  const sec = typeSection(unit.type);
  const v = versionOf(ctx);
  const wantsOrRequires: MountDepType = v >= 256 ? 'Wants' : 'Requires';
  const wd = lastSetting(unit, sec, 'WorkingDirectory');
  if (wd !== undefined) {
    const missingOk = wd.value.startsWith('-');
    const raw = missingOk ? wd.value.slice(1) : wd.value;
    const p = raw === '~' ? undefined : expandPath(raw, unit);
    if (p !== undefined && (!missingOk || v >= 256)) mf.add(missingOk ? 'Wants' : 'Requires', p, `WorkingDirectory=${wd.value}`, wd);
  }
  for (const key of ['RootDirectory', 'RootImage']) {
    const d = lastSetting(unit, sec, key);
    const p = d === undefined ? undefined : expandPath(d.value.replace(/^-/, ''), unit);
    if (d !== undefined && p !== undefined) mf.add(wantsOrRequires, p, `${key}=${d.value}`, d);
  }
  let needsRemountFs: Directive | undefined;
  for (const [key, prefix] of EXEC_DIRS) {
    for (const { word, d } of words(unit, sec, [key], true)) {
      const rel = expandPath(word.split(':')[0] ?? '', unit);
      if (rel === undefined || rel === '' || rel.startsWith('/')) continue;
      mf.add('Requires', `${prefix}/${rel}`, `${key}=${d.value}`, d);
      if (['StateDirectory', 'CacheDirectory', 'LogsDirectory'].includes(key)) needsRemountFs ??= d;
    }
  }
  if (needsRemountFs !== undefined) sink.after('systemd-remount-fs.service', `${needsRemountFs.key}=${needsRemountFs.value}: After=systemd-remount-fs.service`, needsRemountFs);
  // PrivateTmp= (DynamicUser= implies it; v257: only PrivateTmp=yes, "disconnected" has no deps)
  const pt = lastSetting(unit, sec, 'PrivateTmp');
  const du = boolSetting(unit, sec, 'DynamicUser');
  const ptOn = pt !== undefined && parseBool(pt.value) === true;
  const privateTmp = v >= 257 ? (ptOn ? pt : undefined) : ptOn ? pt : du?.value === true ? du.directive : undefined;
  if (privateTmp !== undefined) {
    const cause = `${privateTmp.key}=${privateTmp.value}`;
    if (v >= 256) mf.add('Wants', '/tmp', cause, privateTmp);
    else {
      sink.after('tmp.mount', `${cause}: After=tmp.mount`, privateTmp);
      sink.dep('Wants', 'tmp.mount', `${cause}: Wants=tmp.mount`, privateTmp);
    }
    mf.add(wantsOrRequires, '/var/tmp', cause, privateTmp);
    sink.after('systemd-tmpfiles-setup.service', `${cause}: After=systemd-tmpfiles-setup.service`, privateTmp);
  }
  const rootImage = lastSetting(unit, sec, 'RootImage');
  if (rootImage !== undefined) sink.after('systemd-udevd.service', `RootImage=${rootImage.value}: After=systemd-udevd.service`, rootImage);
  // unit_patch_contexts: images with a device policy need the loop/dm modules
  const images = rootImage ?? words(unit, sec, ['MountImages'], true)[0]?.d;
  const devicePolicy = boolSetting(unit, sec, 'PrivateDevices')?.value === true
    || ['closed', 'strict'].includes(lastSetting(unit, sec, 'DevicePolicy')?.value ?? '')
    || words(unit, sec, ['DeviceAllow'], true).length > 0;
  if (images !== undefined && devicePolicy) {
    for (const m of ['modprobe@loop.service', 'modprobe@dm_mod.service', 'modprobe@dm_verity.service']) {
      sink.dep('Wants', m, `${images.key}= with a device policy: Wants=${m}`, images);
      sink.after(m, `${images.key}= with a device policy: After=${m}`, images);
    }
  }
  journalDependencies(unit, ctx, sink, sec, v);
};

/** The journald socket(s) a unit logging to the journal or kmsg is ordered after. */
const journalDependencies = (unit: Unit, ctx: DepContext, sink: EdgeSink, sec: string, v: number): void => {
  const outD = lastValid(unit, sec, 'StandardOutput', isOutput);
  const errD = lastValid(unit, sec, 'StandardError', isOutput);
  // mount.c: -.mount logs nowhere (mount_load_root_mount); others start from the manager's
  // DefaultStandardOutput=journal / DefaultStandardError=inherit
  let out = outD?.value ?? (unit.name === '-.mount' ? 'null' : unit.type === 'service' ? 'inherit' : 'journal');
  const err = errD?.value ?? 'inherit';
  if (unit.type === 'service') {
    // service.c: service_fix_stdio
    let input = lastValid(unit, sec, 'StandardInput', (x) => INPUTS.has(x) || /^(fd|file):/.test(x))?.value ?? 'null';
    if (input === 'null' && words(unit, sec, ['StandardInputText', 'StandardInputData'], true).length > 0) input = 'data';
    if (!['tty', 'tty-force', 'tty-fail', 'socket', 'fd'].includes(input) && !input.startsWith('fd:')) {
      // (both inherit: stderr takes DefaultStandardError=, which is inherit by default)
      if (out === 'inherit') out = 'journal';
    }
  }
  const ns = lastSetting(unit, sec, 'LogNamespace');
  const journalOut = JOURNAL_OUTPUTS.has(out);
  const journalErr = JOURNAL_OUTPUTS.has(err);
  if (!journalOut && !journalErr && ns === undefined) return;
  if (ns !== undefined) {
    const deps = [`systemd-journald@${ns.value}.socket`, `systemd-journald-varlink@${ns.value}.socket`];
    if (v >= 256) deps.push(`systemd-journald-sync@${ns.value}.service`);
    for (const n of deps) {
      sink.dep('Requires', n, `LogNamespace=${ns.value}: Requires=${n}`, ns);
      sink.after(n, `LogNamespace=${ns.value}: After=${n}`, ns);
    }
    return;
  }
  const src = journalOut ? outD : errD;
  const cause = src === undefined ? 'StandardOutput=journal (default)' : `${src.key}=${src.value}`;
  const name = ctx.unit('systemd-journald.socket')?.name ?? 'systemd-journald.socket';
  sink.after(name, `${cause}: After=systemd-journald.socket`, src);
};

// ---------------------------------------------------------------------------------------------
// Slices, OOM, mount units of paths

const CGROUP_TYPES = new Set(['service', 'socket', 'mount', 'swap', 'scope', 'slice']);

/** unit.c: unit_set_default_slice / slice.c: slice_add_parent_slice, then unit_add_slice_dependencies. */
const sliceDependencies = (unit: Unit, ctx: DepContext, sink: EdgeSink): void => {
  if (!CGROUP_TYPES.has(unit.type) || unit.name === '-.slice') return;
  let slice: string;
  let cause: string;
  let src: Directive | undefined;
  if (unit.type === 'slice') {
    const stem = unit.name.slice(0, -'.slice'.length);
    const dash = stem.lastIndexOf('-');
    slice = dash < 0 ? '-.slice' : `${stem.slice(0, dash)}.slice`;
    cause = `parent slice ${slice}`;
  } else {
    let set: Directive | undefined;
    for (let di = 0, ds = unit.directives; di < ds.length; di++) {
      const d = ds[di] as Directive;
      if (d.section !== typeSection(unit.type) || d.key !== 'Slice') continue;
      const n = expandSpecifiers(d.value, unit.name);
      if (n.endsWith('.slice') && parseUnitName(n)?.kind === 'plain') set = d;
    }
    if (set !== undefined) {
      slice = expandSpecifiers(set.value, unit.name);
      cause = `Slice=${set.value}`;
      src = set;
    } else {
      const parsed = parseUnitName(unit.name);
      if (parsed?.instance !== undefined && parsed.instance !== '') slice = `system-${escapeName(parsed.prefix)}.slice`;
      else if (unit.name === '-.mount' || (unit.type === 'mount' && hasFragment(unit) && mountIsExtrinsic(mountParams(unit), ctx))) slice = '-.slice';
      else slice = 'system.slice';
      cause = `Slice=${slice} (default)`;
    }
  }
  const name = ctx.unit(slice)?.name ?? slice;
  sink.dep('Requires', name, `${cause}: Requires=${name}`, src);
  sink.after(name, `${cause}: After=${name}`, src);
};

/** unit.c: unit_add_oomd_dependencies (assumes the unified cgroup hierarchy with the memory controller). */
const oomdDependencies = (unit: Unit, ctx: DepContext, sink: EdgeSink): void => {
  if (!CGROUP_TYPES.has(unit.type) || !defaultDependenciesOf(unit, ctx).enabled) return;
  const sec = typeSection(unit.type);
  const d = [lastSetting(unit, sec, 'ManagedOOMSwap'), lastSetting(unit, sec, 'ManagedOOMMemoryPressure')].find((x) => x?.value === 'kill');
  if (d === undefined) return;
  sink.dep('Wants', 'systemd-oomd.service', `${d.key}=kill: Wants=systemd-oomd.service`, d);
  sink.after('systemd-oomd.service', `${d.key}=kill: After=systemd-oomd.service`, d);
};

/**
 * The mount unit name of a directory, kept: every unit's paths share their first prefixes (/,
 * /usr, /usr/bin). Bounded for long-lived processes (serve).
 */
const mountNames = new Map<string, string | undefined>();
const MOUNT_NAMES_MAX = 100_000;
const mountNameOf = (path: string): string | undefined => {
  if (mountNames.has(path)) return mountNames.get(path);
  if (mountNames.size >= MOUNT_NAMES_MAX) mountNames.clear();
  const name = pathToUnitName(path, 'mount');
  mountNames.set(path, name);
  return name;
};

/** unit.c: unit_add_mount_dependencies: After= (and Requires=/Wants= if it has a fragment) on the mount unit of each prefix. */
const resolveMountsFor = (unit: Unit, ctx: DepContext, sink: EdgeSink, mf: MountsFor): void => {
  const peek = (n: string): Unit | undefined => (ctx.peek !== undefined ? ctx.peek(n) : ctx.unit(n));
  for (const type of ['Requires', 'Wants'] as const) {
    for (const [path, { cause, src }] of mf.byType[type]) {
      const parts = path.split('/').filter((x) => x !== '');
      for (let i = parts.length; i >= 0; i--) {
        const prefix = '/' + parts.slice(0, i).join('/');
        // (the path itself is usually one unit's own: only the directories above it are kept)
        const name = i === parts.length ? pathToUnitName(prefix, 'mount') : mountNameOf(prefix);
        if (name === undefined || name === unit.name) continue;
        const m = peek(name);
        if (!isLoaded(name, m)) continue;
        const mName = m?.name ?? name;
        sink.after(mName, `${cause}: ${type}MountsFor=${path}: After=${mName}`, src);
        if (hasFragment(m)) sink.dep(type, mName, `${cause}: ${type}MountsFor=${path}: ${type}=${mName}`, src);
      }
    }
  }
};

/** The dependencies systemd adds from `unit`'s own settings (origin 'implicit'). */
/**
 * `loaded: false` is a unit whose load failed on a bad setting (e.g. a mount's Where=): its
 * type's own extras were already added, but unit_load() adds the slice, oomd and
 * RequiresMountsFor= dependencies only once the unit loaded (src/core/unit.c, unit_load()).
 */
export function implicitDependencies(unit: Unit, ctx: DepContext, opts: { loaded?: boolean } = {}): DepEdge[] {
  if (!isLoaded(unit.name, unit)) return [];
  const sink = edgeSink(unit.name, 'implicit');
  const mf = new MountsFor();
  // [Unit] RequiresMountsFor= / WantsMountsFor= (v256); no reset on an empty assignment
  for (const key of ['RequiresMountsFor', 'WantsMountsFor'] as const) {
    if (key === 'WantsMountsFor' && versionOf(ctx) < 256) continue;
    for (const { word, d } of words(unit, 'Unit', [key], false)) {
      const p = expandPath(word, unit);
      if (p !== undefined) mf.add(key === 'RequiresMountsFor' ? 'Requires' : 'Wants', p, `${key}=${d.value}`, d);
    }
  }
  switch (unit.type) {
    case 'service': serviceImplicit(unit, ctx, sink, mf); break;
    case 'socket': socketImplicit(unit, ctx, sink, mf); break;
    case 'mount':
      mountImplicit(unit, ctx, sink, mf);
      if (hasFragment(unit) || unit.name === '-.mount') execDependencies(unit, ctx, sink, mf);
      break;
    case 'swap':
      swapImplicit(unit, ctx, sink, mf);
      if (hasFragment(unit)) execDependencies(unit, ctx, sink, mf);
      break;
    case 'timer': timerImplicit(unit, ctx, sink, mf); break;
    case 'path': pathImplicit(unit, ctx, sink, mf); break;
    case 'automount': automountImplicit(unit, ctx, sink, mf); break;
    default: break; // target, device, slice, scope: nothing of their own beyond the slice
  }
  if (opts.loaded === false) return sink.edges;
  sliceDependencies(unit, ctx, sink);
  oomdDependencies(unit, ctx, sink);
  resolveMountsFor(unit, ctx, sink, mf);
  return sink.edges;
}
