/**
 * Which members' bytes an initrd read keeps. Every member is listed (name, type, size, mode:
 * enough to say that /usr/bin/foo exists and is executable), but only the bytes unitgraph reads
 * are held: unit files and drop-ins, configuration (everything below /etc: fstab, crypttab,
 * systemd/system.conf, release files, environment files), release files elsewhere
 * (/usr/lib/os-release), and scripts (`#!` files, such as the /nix/store scripts units' Exec*=
 * lines run). The rest (binaries, libraries, firmware, kernel modules: nearly all of an image)
 * is counted and dropped as it streams past, so memory does not grow with the archive, and a
 * bomb of one huge member costs nothing but the time to decompress it.
 */

/** Larger files are never kept (the loader reads no unit file or configuration beyond 4 MiB). */
export const KEEP_MAX_BYTES = 4 * 1024 * 1024;

/**
 * 'yes': keep; 'no': drop; 'head': keep only if it starts with `#!` (decided by its first two
 * bytes as they stream in).
 */
export type KeepDecision = 'yes' | 'no' | 'head';
export type KeepPolicy = (path: string, size: number) => KeepDecision;

const UNIT_OR_DROPIN = /\.(service|socket|target|device|mount|automount|swap|timer|path|slice|scope|conf)$/;
const RELEASE = /(^|-)release$/;
/** Entries of a unit's .d/, .wants/, .requires/, .upholds/ directory. */
const DEPENDENCY_DIR = /\.(d|wants|requires|upholds)\/[^/]+$/;

/** The policy of `openSource`: unit files, configuration, release files and scripts. */
export const keepRelevant: KeepPolicy = (path, size) => {
  if (size > KEEP_MAX_BYTES) return 'no';
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (path.startsWith('/etc/') || UNIT_OR_DROPIN.test(base) || RELEASE.test(base) || DEPENDENCY_DIR.test(path)) return 'yes';
  return 'head';
};

/** Everything (tests that compare whole trees, and callers that want the bytes of every member). */
export const keepAll: KeepPolicy = () => 'yes';

/** `#!` */
export const isScriptHead = (a: number | undefined, b: number | undefined): boolean => a === 0x23 && b === 0x21;
