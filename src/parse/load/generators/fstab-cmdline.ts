/**
 * The kernel command line part of systemd-fstab-generator: parse_proc_cmdline_item(),
 * determine_root()/determine_usr(), add_sysroot_mount(), add_sysroot_usr_mount().
 */
import { parseBoolean, type CmdlineItem } from './cmdline.js';
import type { GeneratorContext } from './context.js';
import { nodeToUdevNode, testOption } from './fstab-util.js';
import { addMount, addSysusrBind, NO_FLAGS } from './fstab-mount.js';
import { writeInitrdRootDeviceDeps } from './generator-util.js';
import { isDevicePath, pathEqual } from './paths.js';
import { splitWords } from './words.js';

export interface ExtraMount {
  forInitrd: boolean;
  what: string;
  where: string | undefined;
  fstype: string;
  options: string;
}

export interface FstabArgs {
  fstabEnabled: boolean;
  swapEnabled: boolean;
  verity: boolean;
  rootWhat?: string;
  rootFstype?: string;
  rootOptions?: string;
  rootHash?: string;
  rootRw?: boolean;
  usrWhat?: string;
  usrFstype?: string;
  usrOptions?: string;
  usrHash?: string;
  volatileMode?: string;
  extraMounts: ExtraMount[];
}

const emptyToUndef = (v: string): string | undefined => (v === '' ? undefined : v);

const parseExtra = (value: string, forInitrd: boolean, swap: boolean): ExtraMount | undefined => {
  const { words, error } = splitWords(value, ':', { cunescape: true, dontCoalesce: true });
  if (error !== undefined) return undefined;
  if (swap) {
    if (words.length < 1 || words.length > 2) return undefined;
    return { forInitrd, what: words[0] as string, where: undefined, fstype: 'swap', options: emptyToUndef(words[1] ?? '') ?? 'defaults' };
  }
  if (words.length < 2 || words.length > 4) return undefined;
  return { forInitrd, what: words[0] as string, where: words[1] as string, fstype: emptyToUndef(words[2] ?? '') ?? 'auto', options: emptyToUndef(words[3] ?? '') ?? 'defaults' };
};

export const parseFstabArgs = (ctx: GeneratorContext, items: CmdlineItem[]): FstabArgs => {
  const a: FstabArgs = { fstabEnabled: true, swapEnabled: true, verity: true, extraMounts: [] };
  const bool = (key: string, value: string | undefined, set: (b: boolean) => void): void => {
    const b = value === undefined ? true : parseBoolean(value);
    if (b === undefined) ctx.note(`kernel command line: cannot parse ${key}=${value ?? ''}, ignored`);
    else set(b);
  };
  type Key = 'rootWhat' | 'rootFstype' | 'rootHash' | 'usrWhat' | 'usrFstype' | 'usrHash';
  const set = (k: Key, v: string): void => {
    if (v === '') delete a[k];
    else a[k] = v;
  };
  const direct: Record<string, Key> = {
    root: 'rootWhat', rootfstype: 'rootFstype', roothash: 'rootHash',
    'mount.usr': 'usrWhat', 'mount.usrfstype': 'usrFstype', usrhash: 'usrHash',
  };
  for (const { key, value } of items) {
    const k = direct[key];
    if (key === 'fstab' || key === 'rd.fstab') bool(key, value, (b) => (a.fstabEnabled = b));
    else if (k !== undefined) {
      if (value === undefined) ctx.note(`kernel command line: ${key} without a value, ignored`);
      else set(k, value);
    } else if (key === 'rootflags' && value !== undefined) a.rootOptions = a.rootOptions === undefined ? value : `${a.rootOptions},${value}`;
    else if (key === 'mount.usrflags' && value !== undefined) a.usrOptions = a.usrOptions === undefined ? value : `${a.usrOptions},${value}`;
    else if (key === 'rw' && value === undefined) a.rootRw = true;
    else if (key === 'ro' && value === undefined) a.rootRw = false;
    else if (key === 'systemd.volatile') a.volatileMode = value ?? 'yes';
    else if (key === 'systemd.swap') bool(key, value, (b) => (a.swapEnabled = b));
    else if (key === 'systemd.verity') bool(key, value, (b) => (a.verity = b));
    else if (ctx.version >= 254 && /^(rd\.)?systemd\.(mount|swap)-extra$/.test(key) && value !== undefined) {
      const m = parseExtra(value, key.startsWith('rd.'), key.includes('swap'));
      if (m === undefined) ctx.note(`kernel command line: cannot parse ${key}=${value}, ignored`);
      else a.extraMounts.push(m);
    }
  }
  // determine_root(), determine_usr(): roothash=/usrhash= without a device means the verity device
  if (a.rootWhat === undefined && a.rootHash !== undefined && a.verity) {
    a.rootWhat = '/dev/mapper/root';
    a.rootRw = false;
  }
  if (a.usrWhat === undefined && a.usrHash !== undefined && a.verity) {
    a.usrWhat = '/dev/mapper/usr';
    a.usrOptions = a.usrOptions === undefined ? 'ro' : `${a.usrOptions},ro`;
  }
  return a;
};

/** sysroot_is_nfsroot() */
const isNfsRoot = (w: string): boolean => {
  if (pathEqual(w, '/dev/nfs') || w === 'dhcp' || w === 'dhcp6' || w.startsWith('nfs:') || w.startsWith('nfs4:')) return true;
  if (w.startsWith('[')) return w.includes(']');
  const colon = w.indexOf(':');
  if (colon >= 0 && /^\d{1,3}(\.\d{1,3}){3}$/.test(w.slice(0, colon))) return true;
  return w.startsWith('/') && !w.startsWith('/dev');
};

/** add_sysroot_mount() */
export const addSysrootMount = (ctx: GeneratorContext, a: FstabArgs): void => {
  const root = a.rootWhat;
  if (root === undefined) return;
  if (root === 'gpt-auto') {
    ctx.note('root=gpt-auto: sysroot.mount comes from systemd-gpt-auto-generator, which is not emulated');
    ctx.tree.rootElsewhere ??= 'root=gpt-auto: made by systemd-gpt-auto-generator (not emulated)';
    return;
  }
  if (root === 'fstab' && ctx.version >= 254) return;
  if (isNfsRoot(root) || root.startsWith('cifs://') || root.startsWith('iscsi:') || root.startsWith('live:')) {
    ctx.note(`root=${root}: mounted by the initrd's network/live code, not by systemd-fstab-generator`);
    ctx.tree.rootElsewhere ??= `root=${root}: mounted by the initrd's own network/live code (e.g. dracut's nfs, cifs, iscsi or dmsquash-live module)`;
    return;
  }
  const tmpfs = root === 'tmpfs';
  const what = tmpfs ? 'rootfs' : nodeToUdevNode(root);
  const fstype = tmpfs ? a.rootFstype ?? 'tmpfs' : a.rootFstype;
  const defaultRw = tmpfs;
  // Later stable releases (seen in Debian's 252.39, systemd#37864) keep root=tmpfs writable with
  // rootflags= and give it mode=0755; assumed to be in v258 too.
  const tmpfsFix = ctx.hasFix(258, { 252: 39 });
  const rw = a.rootRw === true || (a.rootRw === undefined && defaultRw) ? 'rw' : 'ro';
  let opts: string;
  if (a.rootOptions === undefined) opts = rw;
  else if (a.rootRw !== undefined || !testOption(a.rootOptions, ['ro', 'rw'])) opts = `${a.rootOptions},${tmpfsFix ? rw : a.rootRw === true ? 'rw' : 'ro'}`;
  else opts = a.rootOptions;
  if (tmpfsFix && tmpfs && fstype === 'tmpfs' && !testOption(a.rootOptions, ['mode'])) opts += ',mode=0755';
  if (ctx.version < 254 && isDevicePath(what)) writeInitrdRootDeviceDeps(ctx, what);
  const flags = { ...NO_FLAGS, makefs: ctx.version >= 254 && testOption(opts, ['x-systemd.makefs']) };
  addMount(ctx, { source: '/proc/cmdline' }, what, '/sysroot', undefined, fstype, opts, isDevicePath(what) ? 1 : 0, flags, 'initrd-root-fs.target');
};

/** add_sysroot_usr_mount(): true when a /usr mount was (or will be) made by someone. */
export const addSysrootUsrMount = (ctx: GeneratorContext, a: FstabArgs): boolean => {
  if (a.usrWhat === undefined && a.usrFstype === undefined && a.usrOptions === undefined) return false;
  const usrWhat = a.usrWhat ?? a.rootWhat;
  const usrFstype = a.usrFstype ?? a.rootFstype;
  const usrOptions = a.usrOptions ?? a.rootOptions;
  if (usrWhat === undefined) return false;
  if (usrWhat === 'gpt-auto') return true;
  if (usrWhat === 'fstab' && ctx.version >= 254) return true;
  if (pathEqual(usrWhat, '/dev/nfs')) return true;
  const what = nodeToUdevNode(usrWhat);
  const rw = a.rootRw === true ? 'rw' : 'ro';
  const opts = usrOptions === undefined ? rw : !testOption(usrOptions, ['ro', 'rw']) ? `${usrOptions},${rw}` : usrOptions;
  const flags = { ...NO_FLAGS, makefs: ctx.version >= 254 && testOption(opts, ['x-systemd.makefs']) };
  addMount(ctx, { source: '/proc/cmdline' }, what, '/sysusr/usr', undefined, usrFstype, opts, isDevicePath(what) ? 1 : 0, flags, 'initrd-usr-fs.target');
  addSysusrBind(ctx, { source: '/proc/cmdline' });
  return true;
};
