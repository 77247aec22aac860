/**
 * Which members' bytes an initrd read keeps. Every member is listed (name, type, size, mode:
 * enough to say that /usr/bin/foo exists and is executable), but only the bytes unitgraph reads
 * are held: unit files and drop-ins, configuration (everything below /etc: fstab, crypttab,
 * systemd/system.conf, release files, environment files), release files elsewhere
 * (/usr/lib/os-release), scripts (`#!` files, such as the /nix/store scripts units' Exec*=
 * lines run), PID 1's binary (its version string) and other small files that are not binary
 * (NixOS keeps configuration in the store).
 * The rest (binaries, libraries, firmware, kernel modules: nearly all of an image)
 * is counted and dropped as it streams past, so memory does not grow with the archive, and a
 * bomb of one huge member costs nothing but the time to decompress it.
 */

/** Larger files are never kept (the loader reads no unit file or configuration beyond 4 MiB). */
export const KEEP_MAX_BYTES = 4 * 1024 * 1024;

/**
 * Other files up to this size are kept unless their first bytes say they are binary: NixOS keeps
 * configuration in /nix/store under any name (SYSTEMD_SYSROOT_FSTAB=/nix/store/…-initrd-fstab,
 * environment files, key scripts), and text files that small cost little.
 */
export const KEEP_SMALL_BYTES = 64 * 1024;

/** Bytes of a file's start that keepHead looks at. */
export const HEAD_BYTES = 4;

/**
 * 'yes': keep; 'no': drop; 'head': decide by the first HEAD_BYTES bytes as they stream in
 * (keepHead).
 */
export type KeepDecision = 'yes' | 'no' | 'head';
export type KeepPolicy = (path: string, size: number) => KeepDecision;

const UNIT_OR_DROPIN = /\.(service|socket|target|device|mount|automount|swap|timer|path|slice|scope|conf)$/;
const RELEASE = /(^|-)release$/;
/** Entries of a unit's .d/, .wants/, .requires/, .upholds/ directory. */
const DEPENDENCY_DIR = /\.(d|wants|requires|upholds)\/[^/]+$/;

/** PID 1: its version string (`systemd 252.39-1~deb12u2 running in system mode`) gives the patch level. */
const PID1 = new Set(['/usr/lib/systemd/systemd', '/lib/systemd/systemd']);

/** The policy of `openSource`: unit files, configuration, release files, scripts, small text files. */
export const keepRelevant: KeepPolicy = (path, size) => {
  if (size > KEEP_MAX_BYTES) return 'no';
  const base = path.slice(path.lastIndexOf('/') + 1);
  if (path.startsWith('/etc/') || UNIT_OR_DROPIN.test(base) || RELEASE.test(base) || DEPENDENCY_DIR.test(path) || PID1.has(path)) return 'yes';
  return 'head';
};

/** Everything (tests that compare whole trees, and callers that want the bytes of every member). */
export const keepAll: KeepPolicy = () => 'yes';

const startsWith = (head: Uint8Array, magic: readonly number[]): boolean => magic.every((b, i) => head[i] === b);
const BINARY: readonly (readonly number[])[] = [
  [0x7f, 0x45, 0x4c, 0x46], // ELF
  [0x28, 0xb5, 0x2f, 0xfd], // zstd (compressed modules, firmware)
  [0xfd, 0x37, 0x7a, 0x58], // xz
  [0x1f, 0x8b], // gzip
];

/** For a 'head' file: `head` is its first bytes (fewer only when the file is shorter). */
export const keepHead = (head: Uint8Array, size: number): boolean => {
  if (head[0] === 0x23 && head[1] === 0x21) return true; // "#!": a script, up to KEEP_MAX_BYTES
  if (size > KEEP_SMALL_BYTES || head[0] === 0) return false;
  return !BINARY.some((magic) => startsWith(head, magic));
};
