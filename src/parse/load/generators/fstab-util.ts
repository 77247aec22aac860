/**
 * fstab option handling and device-spec conversion (src/shared/fstab-util.c,
 * src/basic/mountpoint-util.c fstype_is_network(), src/shared/mount-setup.c
 * mount_point_is_api()/mount_point_ignore(), src/shared/device-nodes.c encode_devnode_name()).
 */
import { splitWords } from './words.js';
import { pathEqual, pathStartsWith } from './paths.js';

export interface FilterResult {
  /** any of `names` present */
  found: boolean;
  /** the last matching name */
  nameFound: string | undefined;
  /** the last matching value (undefined for a bare `name`) */
  value: string | undefined;
  /** all values of `name=value` matches (only `=` forms count) */
  values: string[];
  /** the option string without the matches, separators re-escaped */
  filtered: string;
}

/**
 * fstab_filter_options(opts, names, ...). `wantValues` selects the ret_values mode, in which only
 * `name=value` forms match (a bare `name` is then kept in `filtered`).
 */
export const filterOptions = (opts: string | undefined, names: readonly string[], wantValues = false): FilterResult => {
  const res: FilterResult = { found: false, nameFound: undefined, value: undefined, values: [], filtered: '' };
  if (opts === undefined) return res;
  const { words } = splitWords(opts, ',', { unescapeSeparators: true, unescapeRelax: true });
  // strv_split_full(",", UNESCAPE_SEPARATORS|UNESCAPE_RELAX): empty options ("a,,b") vanish
  const kept: string[] = [];
  for (const opt of words) {
    let hit: { name: string; rest: string } | undefined;
    for (const name of names) {
      if (!opt.startsWith(name)) continue;
      const rest = opt.slice(name.length);
      if (rest.startsWith('=') || (!wantValues && rest === '')) {
        hit = { name, rest };
        break;
      }
    }
    if (hit === undefined) {
      kept.push(opt);
      continue;
    }
    res.found = true;
    res.nameFound = hit.name;
    if (wantValues) res.values.push(hit.rest.slice(1));
    else res.value = hit.rest.startsWith('=') ? hit.rest.slice(1) : undefined;
  }
  res.filtered = kept.map((k) => k.replace(/,/g, '\\,')).join(',');
  return res;
};

/** fstab_test_option() */
export const testOption = (opts: string | undefined, names: readonly string[]): boolean => {
  if (opts === undefined) return false;
  // the non-allocating branch: names may also be followed by ',' and escapes are skipped
  let found = false;
  for (const word of splitWords(opts, ',', { unescapeSeparators: true, unescapeRelax: true }).words)
    if (names.some((n) => word === n || word.startsWith(n + '='))) found = true;
  return found;
};

/** fstab_test_yes_no_option(opts, [yes, no]): the last of the two present is `yes`. */
export const testYesNo = (opts: string | undefined, yes: string, no: string): boolean => {
  let last: string | undefined;
  if (opts === undefined) return false;
  for (const word of splitWords(opts, ',', { unescapeSeparators: true, unescapeRelax: true }).words)
    for (const n of [yes, no]) if (word === n || word.startsWith(n + '=')) last = n;
  return last === yes;
};

/** encode_devnode_name(): keep [A-Za-z0-9#+-.:=@_] and valid UTF-8 multibyte, else \xNN. */
const encodeDevnodeName = (s: string): string => {
  let out = '';
  for (const ch of s) {
    const cp = ch.codePointAt(0) as number;
    if (cp >= 0x80) out += ch;
    else if (/[A-Za-z0-9#+\-.:=@_]/.test(ch)) out += ch;
    else out += `\\x${cp.toString(16).padStart(2, '0')}`;
  }
  return out;
};

const unquote = (s: string): string =>
  s.length >= 2 && (s[0] === '"' || s[0] === "'") && s[s.length - 1] === s[0] ? s.slice(1, -1) : s;

/** fstab_node_to_udev_node(): LABEL=, UUID=, PARTUUID=, PARTLABEL= → /dev/disk/by-*. */
export const nodeToUdevNode = (p: string): string => {
  const tags: [string, string][] = [['LABEL=', 'label'], ['UUID=', 'uuid'], ['PARTUUID=', 'partuuid'], ['PARTLABEL=', 'partlabel']];
  for (const [tag, by] of tags) if (p.startsWith(tag)) return `/dev/disk/by-${by}/${encodeDevnodeName(unquote(p.slice(tag.length)))}`;
  return p;
};

const NETWORK_FS = new Set([
  'afs', 'ceph', 'cifs', 'gfs', 'gfs2', 'ncp', 'ncpfs', 'nfs', 'nfs4', 'ocfs2', 'orangefs', 'pvfs2', 'smb3', 'smbfs',
  'davfs', 'glusterfs', 'lustre', 'sshfs',
]);

/** fstype_is_network() */
export const fstypeIsNetwork = (fstype: string): boolean => NETWORK_FS.has(fstype.startsWith('fuse.') ? fstype.slice(5) : fstype);

/** mount_is_network() of fstab-generator */
export const mountIsNetwork = (fstype: string | undefined, opts: string | undefined): boolean =>
  testOption(opts, ['_netdev']) || (fstype !== undefined && fstypeIsNetwork(fstype));

const API_MOUNTS = ['/proc', '/sys', '/dev', '/sys/kernel/security', '/sys/fs/smackfs', '/dev/shm', '/dev/pts', '/run',
  '/sys/fs/cgroup', '/sys/fs/pstore', '/sys/firmware/efi/efivars', '/sys/fs/bpf'];
const IGNORED_MOUNTS = ['/sys/fs/selinux', '/dev/console', '/proc/kmsg', '/proc/sys', '/proc/sys/kernel/random/boot_id'];

/** mount_point_is_api() || mount_point_ignore() */
export const mountPointIsIgnored = (where: string): boolean =>
  API_MOUNTS.some((m) => pathEqual(where, m)) ||
  (pathStartsWith(where, '/sys/fs/cgroup') ?? '') !== '' ||
  IGNORED_MOUNTS.some((m) => pathEqual(where, m)) ||
  pathStartsWith(where, '/run/host') !== undefined;

/** fstab_is_extrinsic(): mounts systemd leaves alone at shutdown. */
export const fstabIsExtrinsic = (where: string, opts: string | undefined, initrd: boolean): boolean =>
  ['/', '/usr', '/etc'].some((m) => pathEqual(where, m)) ||
  ['/run/initramfs', '/run/nextroot', '/proc', '/sys', '/dev'].some((m) => pathStartsWith(where, m) !== undefined) ||
  (testOption(opts, ['x-initrd.mount']) && !initrd);

/** fstab_is_bind() */
export const fstabIsBind = (opts: string | undefined, fstype: string | undefined): boolean =>
  testOption(opts, ['bind', 'rbind']) || fstype === 'bind' || fstype === 'rbind';
