/**
 * The build-time paths of a NixOS systemd. nixpkgs builds systemd with its own store path as
 * prefix, so the paths the generators write into units (libexecdir for systemd-fsck and
 * systemd-makefs, bindir for systemd-cryptsetup) are `/nix/store/<hash>-systemd-<version>/...`,
 * not /usr. A NixOS initrd's `/init` is a link to that systemd's `lib/systemd/systemd`
 * (nixos/modules/system/boot/systemd/initrd.nix: `contents."/init".source`). Only the paths of
 * executables are taken from it; link targets into the unit directory keep their default.
 */
import type { SystemdPaths } from './types.js';

const NIXOS_INIT = /^(\/nix\/store\/[0-9a-z]{32}-systemd-[^/]+)\/lib\/systemd\/systemd$/;

/** The paths of the systemd `/init` links to, or undefined when `/init` is not a NixOS systemd. */
export const nixosSystemdPaths = (readlink: (path: string) => string | undefined): SystemdPaths | undefined => {
  const m = NIXOS_INIT.exec(readlink('/init') ?? '');
  if (m?.[1] === undefined) return undefined;
  return { libexecDir: `${m[1]}/lib/systemd`, bindir: `${m[1]}/bin` };
};
