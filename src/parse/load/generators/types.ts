/**
 * What an emulated generator receives and what it writes. Generators write unit-file text and
 * symlinks below /run/systemd/generator (systemd.generator(7), "normal-dir"); the loader overlays
 * `files` and `links` as that directory and parses them like any other unit directory.
 */
import type { Diagnostic } from '../../types.js';

export const GENERATOR_DIR = '/run/systemd/generator';

export interface GeneratedTree {
  /** absolute path (/run/systemd/generator/sysroot.mount) → unit or drop-in text */
  files: Map<string, string>;
  /** absolute link path → link target, exactly as the generator writes it (`../x.mount`, `/usr/lib/...`) */
  links: Map<string, string>;
  /** unparsable lines, refused entries, duplicate units: with file and 1-based line where known */
  diagnostics: Diagnostic[];
  /** what was assumed (kernel command line, systemd version, fsck presence, ...) */
  notes: string[];
  /**
   * Set when root= names a root that something other than systemd-fstab-generator mounts
   * (root=gpt-auto: systemd-gpt-auto-generator; an NFS, CIFS, iSCSI or live root: the initrd's own
   * network/live code): who, in words. sysroot.mount is then assumed, as without --cmdline.
   */
  rootElsewhere?: string;
  /** `rd.systemd.unit=` / `systemd.unit=`: the unit booted instead of initrd.target / default.target */
  defaultUnit?: string;
}

/** Build-time paths of the systemd package (meson: libexecdir, systemunitdir, UMOUNT_PATH). */
export interface SystemdPaths {
  /** where systemd-fsck, systemd-makefs (and before v256 systemd-cryptsetup) live; default /usr/lib/systemd */
  libexecDir?: string;
  /** bindir: systemd-cryptsetup since v256 (meson SYSTEMD_CRYPTSETUP_PATH = bindir / ...); default /usr/bin */
  bindir?: string;
  /** SYSTEM_DATA_UNIT_DIR, target of absolute links; default /usr/lib/systemd/system */
  unitDir?: string;
  /** UMOUNT_PATH; default /usr/bin/umount */
  umountPath?: string;
}

export interface GeneratorInput {
  /** the image is an initrd (in_initrd() is true while the generators run) */
  initrd: boolean;
  /** reads a file inside the image, symlinks resolved; undefined when absent */
  read(path: string): string | undefined;
  /**
   * Optional: whether `path` is a regular file (links resolved), the same answer as
   * `read(path) !== undefined` without reading and decoding it (libsystemd-shared is megabytes).
   */
  isFile?(path: string): boolean;
  /**
   * ManagerEnvironment= from /etc/systemd/system.conf (the environment the generators inherit).
   * When empty, runGenerators() reads system.conf itself.
   */
  env: Map<string, string>;
  /** kernel command line; when absent, what is assumed is said in `notes` */
  cmdline?: string;
  /**
   * systemd version whose generators are emulated (252 … 257). Default: the version of the
   * image's libsystemd-shared-NNN.so, else 256 (NixOS 24.11/25.05, whose store path is not probed).
   */
  systemdVersion?: number;
  /** stable patch level (39 for 252.39): turns on fixes backported to that stable branch */
  systemdPatch?: number;
  /**
   * Whether fsck and fsck.<type> exist on $PATH at boot. 'detect' (default) looks for them with
   * read(); when the image has no binaries at all on $PATH it is treated as stripped and fsck is
   * assumed present (said in `notes`).
   */
  fsck?: 'detect' | 'present' | 'absent';
  paths?: SystemdPaths;
}

export const DEFAULT_SYSTEMD_VERSION = 256;

export const emptyTree = (): GeneratedTree => ({ files: new Map(), links: new Map(), diagnostics: [], notes: [] });
