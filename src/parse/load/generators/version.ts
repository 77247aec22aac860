/**
 * Which systemd the image carries. Markers, most precise first:
 * - a NixOS store path of the systemd package, `/nix/store/<hash>-systemd-256.10`, holding
 *   `lib/systemd/libsystemd-shared-256.so` (found through `/init`, `/systemd`, or the store's
 *   listing): major and stable patch level;
 * - libsystemd-shared-NNN.so (next to the generators since v231) or libsystemd-core-NNN.so
 *   (v253+ splits the core out) under an FHS library directory: the major version (a tag with the
 *   whole version, Fedora's libsystemd-shared-256.11-1.fc41.so, also gives the patch); otherwise
 *   the patch level comes from the version string compiled into /usr/lib/systemd/systemd
 *   (`systemd 252.39-1~deb12u2 running in system mode`), where present.
 */
const LIB_DIRS = [
  '/usr/lib/systemd', '/lib/systemd', '/usr/lib64/systemd', '/lib64/systemd',
  ...['x86_64-linux-gnu', 'aarch64-linux-gnu', 'i386-linux-gnu', 'arm-linux-gnueabihf', 'riscv64-linux-gnu',
    'powerpc64le-linux-gnu', 's390x-linux-gnu'].map((t) => `/usr/lib/${t}/systemd`),
];

export interface DetectedVersion {
  /** major version (252) */
  version: number;
  /** stable patch level (39 for 252.39), when a marker gives it */
  patch?: number;
  /** the file that told (absolute, inside the image) */
  path: string;
}

export interface VersionProbe {
  read(path: string): string | undefined;
  isFile?(path: string): boolean;
  /** entries of a directory (links followed), [] when absent */
  list?(path: string): string[];
  /** the target of a symlink as written, undefined when not a link */
  readlink?(path: string): string | undefined;
}

/** `<hash>-systemd-256.10` (also `systemd-minimal-…`), the store path of NixOS's systemd package. */
const STORE_NAME = /^[0-9a-df-np-sv-z]{32}-systemd(?:-minimal)?-(\d{3})(?:\.(\d+))?$/;
const STORE_IN_PATH = /^\/nix\/store\/([0-9a-df-np-sv-z]{32}-systemd(?:-minimal)?-\d{3}(?:\.\d+)?)(?:\/|$)/;

const fromStore = (probe: VersionProbe, isFile: (p: string) => boolean): DetectedVersion | undefined => {
  const names: string[] = [];
  // /init -> /nix/store/<hash>-systemd-256.10/lib/systemd/systemd (stage 1); ./result/systemd (stage 2)
  for (const link of ['/init', '/systemd', '/sw/lib/systemd']) {
    const m = STORE_IN_PATH.exec(probe.readlink?.(link) ?? '');
    if (m !== null) names.push(m[1] as string);
  }
  if (names.length === 0) for (const n of probe.list?.('/nix/store') ?? []) if (STORE_NAME.test(n)) names.push(n);
  for (const n of names.sort().reverse()) {
    const m = STORE_NAME.exec(n);
    if (m === null) continue;
    const path = `/nix/store/${n}/lib/systemd/libsystemd-shared-${m[1] as string}.so`;
    if (isFile(path)) return { version: Number(m[1]), ...(m[2] === undefined ? {} : { patch: Number(m[2]) }), path };
  }
  return undefined;
};

/**
 * The version PID 1's binary names: its log line `systemd 252.39-1~deb12u2 running in system
 * mode`, or the ELF package note (`"name":"systemd","version":"252.39-1~deb12u2"`).
 */
const patchFromBinary = (probe: VersionProbe, major: number): number | undefined => {
  for (const bin of ['/usr/lib/systemd/systemd', '/lib/systemd/systemd']) {
    const text = probe.read(bin);
    if (text === undefined) continue;
    const m = new RegExp(`(?:systemd |"name":"systemd","version":")${major}\\.(\\d+)`).exec(text);
    if (m !== null) return Number(m[1]);
  }
  return undefined;
};

export function detectSystemdVersion(probe: VersionProbe): DetectedVersion | undefined;
export function detectSystemdVersion(read: (path: string) => string | undefined, isFile?: (path: string) => boolean): DetectedVersion | undefined;
export function detectSystemdVersion(
  a: VersionProbe | ((path: string) => string | undefined),
  b?: (path: string) => boolean,
): DetectedVersion | undefined {
  const probe: VersionProbe = typeof a === 'function' ? { read: a, ...(b === undefined ? {} : { isFile: b }) } : a;
  const isFile = (p: string): boolean => {
    try {
      return probe.isFile !== undefined ? probe.isFile(p) : probe.read(p) !== undefined;
    } catch {
      return false;
    }
  };
  const store = fromStore(probe, isFile);
  if (store !== undefined) return store;
  // the library's tag is the major version (Debian, NixOS) or the whole package version
  // (Fedora: libsystemd-shared-256.11-1.fc41.so): with a directory listing, any tag is read
  if (probe.list !== undefined) {
    for (const lib of ['shared', 'core'])
      for (const dir of LIB_DIRS) {
        const found = probe.list(dir)
          .map((n) => ({ n, m: new RegExp(`^libsystemd-${lib}-(\\d{3})(?:\\.(\\d+))?(?:[-~+][^/]*)?\\.so$`).exec(n) }))
          .filter((x) => x.m !== null)
          .sort((a, b) => Number(b.m?.[1]) - Number(a.m?.[1]))[0];
        if (found?.m == null || !isFile(`${dir}/${found.n}`)) continue;
        const v = Number(found.m[1]);
        const patch = found.m[2] !== undefined ? Number(found.m[2]) : patchFromBinary(probe, v);
        return { version: v, ...(patch === undefined ? {} : { patch }), path: `${dir}/${found.n}` };
      }
  }
  for (const lib of ['shared', 'core'])
    for (let v = 270; v >= 240; v--)
      for (const dir of LIB_DIRS) {
        const path = `${dir}/libsystemd-${lib}-${v}.so`;
        if (!isFile(path)) continue;
        const patch = patchFromBinary(probe, v);
        return { version: v, ...(patch === undefined ? {} : { patch }), path };
      }
  return undefined;
}

/** `--systemd-version 252` or `252.39`; undefined when not a version. */
export const parseSystemdVersion = (text: string): { version: number; patch?: number } | undefined => {
  const m = /^v?(\d{3})(?:\.(\d+))?$/.exec(text.trim());
  if (m === null) return undefined;
  return { version: Number(m[1]), ...(m[2] === undefined ? {} : { patch: Number(m[2]) }) };
};
