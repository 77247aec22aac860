/**
 * add_mount() and add_swap() of src/fstab-generator/fstab-generator.c: the text of one .mount /
 * .automount / .swap unit and its links. v256 is the reference; `ctx.version` selects the older
 * behaviour where it differs (v252: After= before Requires= for x-systemd.requires=, no
 * DefaultDependencies=no for x-systemd.wanted-by=, options not filtered for /).
 */
import type { GeneratorContext } from './context.js';
import { filterOptions, mountPointIsIgnored, testYesNo } from './fstab-util.js';
import { blockdevDependency, writeDeviceDeps, writeFsckDeps, writeInitrdRootDeviceDeps, writeTimeouts } from './generator-util.js';
import { hookUpGrowfs, hookUpMkfs, hookUpMkswap, hookUpQuota } from './hooks.js';
import { isDevicePath, isPath, mangleUnitName, pathEqual, unitNameFromPath } from './paths.js';
import { formatTimespan, parseSecFix0 } from './time.js';
import { specifierEscape } from './words.js';

export interface MountFlags {
  noauto: boolean;
  nofail: boolean;
  automount: boolean;
  makefs: boolean;
  growfs: boolean;
  rwOnly: boolean;
  pcrfs: boolean;
  quota: boolean;
}

export const NO_FLAGS: MountFlags = { noauto: false, nofail: false, automount: false, makefs: false, growfs: false, rwOnly: false, pcrfs: false, quota: false };

/** where a unit's text comes from, for diagnostics */
export interface Origin {
  source: string;
  line?: number;
}

const writeOptions = (opts: string | undefined): string =>
  opts === undefined || opts === '' || opts === 'defaults' ? '' : `Options=${specifierEscape(opts)}\n`;

/** write_dependency(): x-systemd.after= / requires= / wants= / before= as unit names. */
const writeDependency = (ctx: GeneratorContext, origin: Origin, where: string, opts: string, name: string, settings: string[]): string | undefined => {
  const r = filterOptions(opts, [name], true);
  if (!r.found) return '';
  const units: string[] = [];
  for (const v of r.values) {
    const m = mangleUnitName(v, '.mount');
    if (m === undefined) {
      ctx.diag({ code: 'fstab-bad-option', severity: 'error', file: origin.source, ...(origin.line === undefined ? {} : { line: origin.line }),
        message: `failed to generate dependency unit name for '${where}' from ${name}=${v}; systemd skips this entry` });
      return undefined;
    }
    units.push(m);
  }
  if (units.length === 0) return '';
  return settings.map((s) => `${s}=${units.join(' ')}\n`).join('');
};

const writeMountsFor = (opts: string, name: string, setting: string): string => {
  const r = filterOptions(opts, [name], true);
  return r.found ? `${setting}=${r.values.map(specifierEscape).join(' ')}\n` : '';
};

/** write_extra_dependencies() */
const writeExtraDependencies = (ctx: GeneratorContext, origin: Origin, where: string, opts: string | undefined): string | undefined => {
  if (opts === undefined || opts === '') return '';
  const v = ctx.version;
  const parts = [
    writeDependency(ctx, origin, where, opts, 'x-systemd.after', ['After']),
    writeDependency(ctx, origin, where, opts, 'x-systemd.requires', v >= 256 ? ['Requires', 'After'] : ['After', 'Requires']),
    v >= 257 ? writeDependency(ctx, origin, where, opts, 'x-systemd.wants', ['Wants', 'After']) : '',
    writeDependency(ctx, origin, where, opts, 'x-systemd.before', ['Before']),
    writeMountsFor(opts, 'x-systemd.requires-mounts-for', 'RequiresMountsFor'),
    v >= 256 ? writeMountsFor(opts, 'x-systemd.wants-mounts-for', 'WantsMountsFor') : '',
  ];
  return parts.some((p) => p === undefined) ? undefined : parts.join('');
};

const writeTimeout = (ctx: GeneratorContext, opts: string | undefined, name: string, setting: string, where: string): string => {
  const r = filterOptions(opts, [name]);
  if (!r.found) return '';
  const u = parseSecFix0(r.value ?? '');
  if (u === undefined) {
    ctx.note(`failed to parse timeout '${r.value ?? ''}' for '${where}', ignored`);
    return '';
  }
  return `${setting}=${formatTimespan(u)}\n`;
};

/** mandatory_mount_drop_unapplicable_options() (v255+): drop noauto/nofail/automount. */
export const dropUnapplicable = (flags: MountFlags, opts: string | undefined): string | undefined => {
  if (!flags.noauto && !flags.nofail && !flags.automount) return opts;
  flags.noauto = flags.nofail = flags.automount = false;
  return filterOptions(opts, ['noauto', 'nofail', 'x-systemd.automount']).filtered;
};

export const addMount = (
  ctx: GeneratorContext,
  origin: Origin,
  what: string,
  where: string,
  originalWhere: string | undefined,
  fstype: string | undefined,
  optsIn: string | undefined,
  passno: number,
  flagsIn: MountFlags,
  targetIn: string | undefined,
): boolean => {
  const flags = { ...flagsIn };
  let opts = optsIn;
  let target = targetIn;
  const v = ctx.version;
  const at = { file: origin.source, ...(origin.line === undefined ? {} : { line: origin.line }) };
  if (fstype === 'autofs') return false;
  if (!isPath(where)) {
    ctx.diag({ code: 'fstab-invalid-mount-point', severity: 'warning', ...at, message: `mount point '${where}' is not a valid path; systemd-fstab-generator ignores this entry` });
    return false;
  }
  if (mountPointIsIgnored(where)) return false;
  let wantedBy = filterOptions(opts, ['x-systemd.wanted-by'], true).values;
  let requiredBy = filterOptions(opts, ['x-systemd.required-by'], true).values;
  if (v >= 255 ? pathEqual(where, '/') || pathEqual(where, '/usr') : pathEqual(where, '/')) {
    if (v >= 255) opts = dropUnapplicable(flags, opts);
    else flags.noauto = flags.nofail = flags.automount = false;
    wantedBy = [];
    requiredBy = [];
  }
  const name = unitNameFromPath(where, '.mount');
  if (name === undefined) {
    ctx.diag({ code: 'fstab-invalid-mount-point', severity: 'error', ...at, message: `cannot make a unit name from mount point '${where}'` });
    return false;
  }
  if (ctx.tree.files.has(`/run/systemd/generator/${name}`)) return ctx.writeUnit(name, '', origin.source, origin.line);

  let unit = `[Unit]\nDocumentation=man:fstab(5) man:systemd-fstab-generator(8)\nSourcePath=${origin.source}\n`;
  if ((fstype === 'nfs' || fstype === 'nfs4') && !flags.automount && testYesNo(opts, 'bg', 'fg')) {
    opts = `x-systemd.mount-timeout=infinity,retry=10000,nofail,${opts ?? ''},fg`;
    flags.nofail = true;
  }
  const byOption = wantedBy.length > 0 || requiredBy.length > 0;
  if (v >= 256 && byOption) {
    target = undefined;
    unit += 'DefaultDependencies=no\nConflicts=umount.target\nBefore=umount.target\n';
  }
  const extra = writeExtraDependencies(ctx, origin, where, opts);
  if (extra === undefined) return false;
  unit += extra;
  if (target !== undefined && !flags.nofail) unit += `Before=${target}\n`;
  if (passno !== 0) unit += writeFsckDeps(ctx, what, where, fstype);
  unit += blockdevDependency(what);
  unit += `\n[Mount]\nWhat=${specifierEscape(what)}\n`;
  if (originalWhere !== undefined) unit += `# Canonicalized from ${originalWhere}\n`;
  unit += `Where=${specifierEscape(where)}\n`;
  if (fstype !== undefined && fstype !== '' && fstype !== 'auto') unit += `Type=${specifierEscape(fstype)}\n`;
  const filtered = writeTimeouts(ctx, what, where, opts);
  writeDeviceDeps(ctx, what, where, opts);
  if (v >= 254 && ctx.initrd && pathEqual(where, '/sysroot') && isDevicePath(what)) writeInitrdRootDeviceDeps(ctx, what);
  unit += writeTimeout(ctx, opts, 'x-systemd.mount-timeout', 'TimeoutSec', where);
  unit += writeOptions(filtered);
  if (flags.rwOnly) unit += 'ReadWriteOnly=yes\n';
  ctx.writeUnit(name, unit, origin.source, origin.line);

  if (flags.makefs) hookUpMkfs(ctx, what, where, fstype);
  if (flags.growfs) hookUpGrowfs(ctx, where, target);
  if (flags.pcrfs) ctx.note(`x-systemd.pcrfs on ${where}: systemd-pcrfs@.service is hooked up only when a UKI measured the kernel; not emulated`);
  if (flags.quota) hookUpQuota(ctx, where, target, fstype);

  let automountName: string | undefined;
  if (flags.automount) {
    automountName = unitNameFromPath(where, '.automount');
    if (automountName !== undefined)
      ctx.writeUnit(automountName,
        `[Unit]\nSourcePath=${origin.source}\nDocumentation=man:fstab(5) man:systemd-fstab-generator(8)\n\n[Automount]\nWhere=${specifierEscape(where)}\n` +
          writeTimeout(ctx, opts, 'x-systemd.idle-timeout', 'TimeoutIdleSec', where),
        origin.source, origin.line);
  }
  const linked = automountName ?? name;
  if (v >= 256) {
    if (target !== undefined) {
      if (!flags.noauto || automountName !== undefined) ctx.addSymlink(target, flags.nofail ? 'wants' : 'requires', linked);
    } else {
      for (const t of wantedBy) ctx.addSymlink(t, 'wants', linked);
      for (const t of requiredBy) ctx.addSymlink(t, 'requires', linked);
    }
  } else if (automountName === undefined) {
    if (!flags.noauto && !byOption && target !== undefined) ctx.addSymlink(target, flags.nofail ? 'wants' : 'requires', name);
    else {
      for (const t of wantedBy) ctx.addSymlink(t, 'wants', name);
      for (const t of requiredBy) ctx.addSymlink(t, 'requires', name);
    }
  } else if (target !== undefined) ctx.addSymlink(target, flags.nofail ? 'wants' : 'requires', automountName);
  return true;
};

export const addSwap = (ctx: GeneratorContext, origin: Origin, what: string, opts: string | undefined, flags: MountFlags): boolean => {
  const name = unitNameFromPath(what, '.swap');
  if (name === undefined) {
    ctx.diag({ code: 'fstab-invalid-swap', severity: 'error', file: origin.source, ...(origin.line === undefined ? {} : { line: origin.line }),
      message: `cannot make a unit name from swap device '${what}'` });
    return false;
  }
  const ok = ctx.writeUnit(name,
    `[Unit]\nDocumentation=man:fstab(5) man:systemd-fstab-generator(8)\nSourcePath=${origin.source}\n` +
      blockdevDependency(what) +
      `\n[Swap]\nWhat=${specifierEscape(what)}\n` +
      writeOptions(opts),
    origin.source, origin.line);
  if (!ok) return false;
  writeTimeouts(ctx, what, what, opts);
  if (flags.makefs) hookUpMkswap(ctx, what);
  if (!flags.noauto) ctx.addSymlink('swap.target', flags.nofail ? 'wants' : 'requires', name);
  return true;
};

/** add_sysusr_sysroot_usr_bind_mount(): /sysusr/usr bound to /sysroot/usr for initrd-fs.target. */
export const addSysusrBind = (ctx: GeneratorContext, origin: Origin): boolean =>
  addMount(ctx, { source: origin.source }, '/sysusr/usr', '/sysroot/usr', undefined, undefined, 'bind', 0, { ...NO_FLAGS }, 'initrd-fs.target');
