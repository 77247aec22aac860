/**
 * systemd-fstab-generator (src/fstab-generator/fstab-generator.c, run_generator()):
 *  - in the initrd: root= / mount.usr= from the kernel command line → sysroot.mount,
 *    sysusr-usr.mount; the initrd's own /etc/fstab (every entry, for local-fs.target /
 *    remote-fs.target); the real root's fstab ($SYSTEMD_SYSROOT_FSTAB, else /sysroot/etc/fstab,
 *    which is not mounted yet when generators first run) with only x-initrd.mount entries and
 *    /usr, each below /sysroot (/ → initrd-root-fs.target, others → initrd-fs.target);
 *  - on a booted system: /etc/fstab.
 */
import { parseCmdline } from './cmdline.js';
import type { GeneratorContext } from './context.js';
import { fstabIsBind, fstypeIsNetwork, nodeToUdevNode, testOption, testYesNo } from './fstab-util.js';
import { addMount, addSwap, addSysusrBind, dropUnapplicable, type MountFlags, type Origin } from './fstab-mount.js';
import { parseMntEntries } from './mntent.js';
import { isDevicePath, isPath, pathEqual, simplifyPath } from './paths.js';
import { prepare } from './setup.js';
import { addSysrootMount, addSysrootUsrMount, parseFstabArgs, type FstabArgs } from './fstab-cmdline.js';
import type { GeneratedTree, GeneratorInput } from './types.js';
import { splitWords } from './words.js';

const flagsFromOptions = (opts: string | undefined, isSwap: boolean): MountFlags => ({
  makefs: testOption(opts, ['x-systemd.makefs']),
  growfs: testOption(opts, ['x-systemd.growfs']),
  pcrfs: testOption(opts, ['x-systemd.pcrfs']),
  quota: testOption(opts, ['usrquota', 'grpquota', 'quota', 'usrjquota', 'grpjquota', 'prjquota']),
  noauto: testYesNo(opts, 'noauto', 'auto'),
  nofail: testYesNo(opts, 'nofail', 'fail'),
  rwOnly: !isSwap && testOption(opts, ['x-systemd.rw-only']),
  automount: !isSwap && testOption(opts, ['comment=systemd.automount', 'x-systemd.automount']),
});

/** mount_in_initrd() */
const mountInInitrd = (where: string, opts: string, acceptRoot: boolean): boolean =>
  testOption(opts, ['x-initrd.mount']) || pathEqual(where, '/usr') || (acceptRoot && pathEqual(where, '/'));

/** canonicalize_mount_path(): below /sysroot when prefixing; symlinks in the image are not followed. */
const canonicalize = (ctx: GeneratorContext, path: string, prefixSysroot: boolean): { path: string; changed: boolean } => {
  const base = ctx.version >= 254 ? path : simplifyPath(path);
  const p = simplifyPath(prefixSysroot ? `/sysroot/${base}` : base);
  return { path: p, changed: p !== base };
};

/** parse_fstab_one() */
export const parseFstabOne = (
  ctx: GeneratorContext,
  origin: Origin,
  args: FstabArgs,
  whatOriginal: string,
  whereOriginal: string | undefined,
  fstype: string,
  options: string,
  passnoIn: number,
  prefixSysroot: boolean,
  acceptRoot: boolean,
  useSwapEnabled: boolean,
): boolean => {
  if (prefixSysroot && !mountInInitrd(whereOriginal ?? '', options, acceptRoot)) return false;
  const isSwap = fstype === 'swap';
  if (isSwap && useSwapEnabled && !args.swapEnabled) return false;
  let what = nodeToUdevNode(whatOriginal);
  const flags = flagsFromOptions(options, isSwap);
  if (isSwap) return addSwap(ctx, origin, what, options, flags);
  const passno = passnoIn < 0 ? (isDevicePath(what) ? 1 : 0) : passnoIn;
  const whereIn = whereOriginal ?? '';
  if (!isPath(whereIn)) {
    ctx.diag({ code: 'fstab-invalid-mount-point', severity: 'warning', file: origin.source, ...(origin.line === undefined ? {} : { line: origin.line }),
      message: `mount point '${whereIn}' is not a valid path; systemd-fstab-generator ignores this entry` });
    return false;
  }
  const c = canonicalize(ctx, whereIn, prefixSysroot);
  const where = c.path;
  if (ctx.version >= 254 && prefixSysroot && fstabIsBind(options, fstype)) what = canonicalize(ctx, what, true).path;
  const isSysroot = ctx.version >= 254 && ctx.initrd && pathEqual(where, '/sysroot');
  const isSysrootUsr = ctx.version >= 254 && ctx.initrd && pathEqual(where, '/sysroot/usr');
  const target = isSysroot ? 'initrd-root-fs.target'
    : isSysrootUsr ? 'initrd-usr-fs.target'
    : prefixSysroot ? 'initrd-fs.target'
    : testOption(options, ['_netdev']) || fstypeIsNetwork(fstype) ? 'remote-fs.target' : 'local-fs.target';
  let opts: string | undefined = options;
  if ((isSysroot || isSysrootUsr) && ctx.version >= 255) opts = dropUnapplicable(flags, opts);
  const originalWhere = c.changed ? (ctx.version >= 254 ? whereIn : simplifyPath(whereIn)) : undefined;
  const ok = addMount(ctx, origin, what, isSysrootUsr ? '/sysusr/usr' : where, isSysrootUsr ? undefined : originalWhere,
    fstype, opts, passno, flags, target);
  if (ok && isSysrootUsr) addSysusrBind(ctx, origin);
  return ok;
};

const parseFstab = (ctx: GeneratorContext, args: FstabArgs, prefixSysroot: boolean): void => {
  const path = prefixSysroot ? ctx.env.get('SYSTEMD_SYSROOT_FSTAB') ?? '/sysroot/etc/fstab' : ctx.env.get('SYSTEMD_FSTAB') ?? '/etc/fstab';
  if (prefixSysroot && path === '/sysroot/etc/fstab') {
    ctx.note('the real root\'s /etc/fstab is read only after sysroot.mount (initrd-parse-etc.service reloads the generators): its x-initrd.mount entries are not emulated');
    return;
  }
  const text = ctx.input.read(path);
  if (text === undefined) {
    if (prefixSysroot) ctx.note(`SYSTEMD_SYSROOT_FSTAB=${path} does not exist in the image`);
    return;
  }
  for (const e of parseMntEntries(text)) {
    if (e.fields < 3 && isPath(e.dir) && !(prefixSysroot && !mountInInitrd(e.dir, e.opts, false)))
      ctx.diag({ code: 'fstab-malformed-line', severity: 'warning', file: path, line: e.line,
        message: `fstab line has only ${e.fields} field(s); getmntent() reads what='${e.fsname}' where='${e.dir}' type='${e.type}'` });
    parseFstabOne(ctx, { source: path, line: e.line }, args, e.fsname, e.dir, e.type, e.opts, e.passno, prefixSysroot, false, true);
  }
};

/** systemd.mount-extra= / systemd.swap-extra= (v254+) */
const addMountsFromCmdline = (ctx: GeneratorContext, args: FstabArgs): void => {
  for (const m of args.extraMounts) {
    if (m.forInitrd && !ctx.initrd) continue;
    // v254-v257 store the options as a NUL-separated list and then read it as one C string, so
    // only the first option survives (fixed after v257.3, "fstab-generator: fix options in
    // systemd.mount-extra= arg"; assumed in v258)
    const fixed = ctx.hasFix(258, {});
    const opts = fixed ? m.options : splitWords(m.options, ',').words[0] ?? 'defaults';
    if (!fixed && opts !== m.options)
      ctx.note(`systemd.mount-extra=: systemd ${ctx.version} keeps only the first mount option ('${opts}' of '${m.options}')`);
    parseFstabOne(ctx, { source: '/proc/cmdline' }, args, m.what, m.where, m.fstype, opts, -1, !m.forInitrd && ctx.initrd, true, false);
  }
};

export const runFstabGeneratorIn = (ctx: GeneratorContext, cmdline: string): void => {
  const args = parseFstabArgs(ctx, parseCmdline(cmdline, ctx.initrd, false));
  if (ctx.initrd) {
    addSysrootMount(ctx, args);
    if (!addSysrootUsrMount(ctx, args)) ctx.addSymlink('initrd-usr-fs.target', 'requires', 'sysroot.mount');
    if (args.volatileMode === 'yes' || args.volatileMode === 'overlay')
      ctx.addSymlink('initrd-root-fs.target', 'requires', `${ctx.unitDir}/systemd-volatile-root.service`);
  } else if (args.volatileMode === 'state') ctx.note('systemd.volatile=state: the /var tmpfs mount goes to generator.late and is not emulated');
  if (args.fstabEnabled) {
    parseFstab(ctx, args, false);
    if (ctx.initrd) parseFstab(ctx, args, true);
    else ctx.addSymlink('local-fs.target', 'wants', `${ctx.unitDir}/systemd-remount-fs.service`);
  }
  if (ctx.version >= 254) addMountsFromCmdline(ctx, args);
};

export function runFstabGenerator(input: GeneratorInput): GeneratedTree {
  const { ctx, cmdline } = prepare('systemd-fstab-generator', input);
  runFstabGeneratorIn(ctx, cmdline);
  return ctx.tree;
}
