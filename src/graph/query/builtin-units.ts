/**
 * Units that exist at boot without a unit file: device units (udev), scopes, the perpetual root
 * slice and mount, and the API file systems already mounted when PID 1 starts (their mount units
 * come from /proc/self/mountinfo). A hard dependency on these is never "missing".
 */
import { unescapePath } from '../../parse/load/escape.js';
import type { Unit } from '../../parse/types.js';

const API_MOUNT_ROOTS = ['/dev', '/proc', '/sys', '/run'];

export const existsWithoutFile = (unit: Pick<Unit, 'name' | 'type'>): boolean => {
  // slices load without a fragment (the per-template system-<prefix>.slice is never a file)
  if (unit.type === 'device' || unit.type === 'scope' || unit.type === 'slice') return true;
  if (unit.type === 'mount') {
    const path = unescapePath(unit.name.slice(0, -'.mount'.length));
    return path === '/' || path === '/run' || API_MOUNT_ROOTS.slice(0, 3).some((r) => path === r || path.startsWith(r + '/'));
  }
  return false;
};

/**
 * A unit shipped by the image's systemd (or distribution) package rather than written for this
 * image: under /usr/lib or /lib, a link into a NixOS systemd store path, or a link into the unit
 * directory of a package NixOS adds with `boot.initrd.systemd.packages` (zfs, lvm2, mdadm:
 * `/nix/store/<hash>-zfs-user-2.2.7/lib/systemd/system/zfs-import-cache.service`). Units NixOS
 * writes from the configuration live in `/nix/store/<hash>-unit-<name>/<name>` and are not vendor.
 */
export const isVendorUnit = (unit: Pick<Unit, 'realFile'>): boolean => {
  const f = unit.realFile ?? '';
  return (
    /^(usr\/)?lib\/systemd\/system\//.test(f) ||
    /^nix\/store\/[0-9a-z]{32}-systemd-[0-9]/.test(f) ||
    /^nix\/store\/[0-9a-z]{32}-(?!unit-)[^/]+\/(lib|etc)\/systemd\/system\//.test(f)
  );
};
