/**
 * Which systemd the image carries, from the name of its private shared library
 * (libsystemd-shared-NNN.so, next to the generators since v231). Only the major version can be
 * known this way; stable patch levels (252.39) must be passed in.
 */
const LIB_DIRS = [
  '/usr/lib/systemd', '/lib/systemd', '/usr/lib64/systemd', '/lib64/systemd',
  ...['x86_64-linux-gnu', 'aarch64-linux-gnu', 'i386-linux-gnu', 'arm-linux-gnueabihf', 'riscv64-linux-gnu',
    'powerpc64le-linux-gnu', 's390x-linux-gnu'].map((t) => `/usr/lib/${t}/systemd`),
];

export const detectSystemdVersion = (
  read: (path: string) => string | undefined,
  isFile: (path: string) => boolean = (path) => read(path) !== undefined,
): { version: number; path: string } | undefined => {
  for (let v = 270; v >= 240; v--)
    for (const dir of LIB_DIRS) {
      const path = `${dir}/libsystemd-shared-${v}.so`;
      if (isFile(path)) return { version: v, path };
    }
  return undefined;
};
