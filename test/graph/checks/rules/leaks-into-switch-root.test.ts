import rule from '../../../../src/graph/checks/rules/leaks-into-switch-root.js';
import { ruleTable, wantedBy } from '../../../helpers/rule-table.js';

const mask = (extra: string): string =>
  `[Unit]\nDefaultDependencies=no\n${extra}\n[Service]\nType=oneshot\nExecStart=/bin/ln -sf /dev/null /sysroot/etc/systemd/system/foo.service\n`;

/** NixOS's zfs-import-<pool>.service for a root pool (nixos/modules/tasks/filesystems/zfs.nix, createImportService). */
const zfsImport =
  '[Unit]\nDescription=Import ZFS pool "rpool"\nDefaultDependencies=no\nWants=systemd-udev-settle.service\nAfter=systemd-udev-settle.service systemd-modules-load.service systemd-ask-password-console.service\n' +
  'Before=sysroot.mount sysroot-nix.mount shutdown.target zfs-import.target\nConflicts=shutdown.target\n[Service]\nType=oneshot\nRemainAfterExit=true\nExecStart=/bin/zfs-import-rpool-start\n';

ruleTable(rule, {
  valid: [
    { name: 'a mask service ordered Before=initrd-switch-root.target', files: { 'mask-foo.service': mask('Before=initrd-switch-root.target') }, links: wantedBy('initrd-switch-root.target', 'mask-foo.service') },
    { name: 'ordered before initrd-switch-root.service (like initrd-nixos-activation)', files: { 'mask-foo.service': mask('After=initrd-switch-root.target\nBefore=initrd-switch-root.service') }, links: wantedBy('initrd-switch-root.target', 'mask-foo.service') },
    { name: 'a daemon the isolate stops (sshd, networkd in the corpus)', base: 'remote-unlock-luks' },
    { name: 'IgnoreOnIsolate=yes oneshot ordered before initrd.target', files: { 'keep.service': mask('IgnoreOnIsolate=yes\nBefore=initrd.target') }, links: wantedBy('initrd.target', 'keep.service') },
    { name: 'an IgnoreOnIsolate=yes daemon that Conflicts= the switch', files: { 'keep.service': '[Unit]\nDefaultDependencies=no\nIgnoreOnIsolate=yes\nConflicts=initrd-switch-root.target\nBefore=initrd-switch-root.target\n[Service]\nExecStart=/bin/sleep infinity\n' }, links: wantedBy('initrd.target', 'keep.service') },
    {
      name: 'systemd-udevd pulled in through a ZFS import (Wants=systemd-udev-settle.service) is stopped by initrd-udevadm-cleanup-db.service',
      base: 'btrfs-optin-state',
      files: { 'zfs-import-rpool.service': zfsImport },
      links: { 'sysroot-nix.mount.requires/zfs-import-rpool.service': '../zfs-import-rpool.service' },
    },
    {
      name: 'the same daemon, wanted (not required): the stop from the conflict wins',
      files: {
        'helper.service': '[Unit]\nDefaultDependencies=no\n[Service]\nExecStart=/bin/sleep infinity\n',
        'stopper.service': '[Unit]\nDefaultDependencies=no\nConflicts=helper.service\nAfter=helper.service\nBefore=initrd-switch-root.target\n[Service]\nType=oneshot\nExecStart=/bin/true\n',
      },
      links: { ...wantedBy('initrd-switch-root.target', 'helper.service'), ...wantedBy('initrd-switch-root.target', 'stopper.service') },
    },
    {
      name: 'a crypttab key file on another device: systemd-cryptsetup-generator\'s keydev-root-umount.service, pulled in through sysroot.mount',
      files: { '/nix/store/llgrw9p65fxsg618hnnr8js100jq7kc0-initrd-crypttab': 'root /dev/disk/by-uuid/5f1c3e2a-8b4d-4c7e-9a1f-2d3e4f5a6b7c /keys/root.key:UUID=ABCD-1234 luks\n' },
    },
    {
      name: 'a nofail LUKS data volume: the generated mount and cryptsetup unit and systemd\'s own systemd-fsck@ instance, none ordered before initrd-fs.target by design',
      files: {
        '/nix/store/llgrw9p65fxsg618hnnr8js100jq7kc0-initrd-crypttab': 'root /dev/disk/by-uuid/5f1c3e2a-8b4d-4c7e-9a1f-2d3e4f5a6b7c -\ndata /dev/disk/by-uuid/11111111-2222-3333-4444-555555555555 - luks,nofail\n',
        '/nix/store/wpavprphsjxmjm74snh5z8h4r9l6vr8s-initrd-fstab': '/dev/mapper/root / ext4 x-initrd.mount 0 1\n/dev/mapper/data /data ext4 x-initrd.mount,nofail 0 2\n',
      },
    },
    {
      name: 'a daemon initrd-switch-root.target wants itself, on purpose (plymouth-start.service in initrd-switch-root.target.wants)',
      files: { 'helper.service': '[Unit]\nDefaultDependencies=no\nBefore=initrd-switch-root.target\n[Service]\nExecStart=/bin/sleep infinity\n' },
      links: wantedBy('initrd-switch-root.target', 'helper.service'),
    },
    {
      name: 'a daemon the switch target requires itself, even when a conflicting unit would stop it',
      files: {
        'helper.service': '[Unit]\nDefaultDependencies=no\n[Service]\nExecStart=/bin/sleep infinity\n',
        'stopper.service': '[Unit]\nDefaultDependencies=no\nConflicts=helper.service\nAfter=helper.service\nBefore=initrd-switch-root.target\n[Service]\nType=oneshot\nExecStart=/bin/true\n',
      },
      links: { 'initrd-switch-root.target.requires/helper.service': '../helper.service', ...wantedBy('initrd-switch-root.target', 'stopper.service') },
    },
    { name: 'not an initrd', initrd: false, files: { 'mask-foo.service': mask('') }, links: wantedBy('initrd-switch-root.target', 'mask-foo.service') },
  ],
  invalid: [
    { name: 'a mask service wanted by initrd-switch-root.target without Before=', files: { 'mask-foo.service': mask('') }, links: wantedBy('initrd-switch-root.target', 'mask-foo.service'), findings: [{ units: ['mask-foo.service', 'initrd-switch-root.target'], message: /Before=initrd-switch-root\.target/ }] },
    { name: 'an IgnoreOnIsolate=yes daemon ordered Before= the switch still runs across it', files: { 'keep.service': '[Unit]\nDefaultDependencies=no\nIgnoreOnIsolate=yes\nBefore=initrd-switch-root.target\n[Service]\nExecStart=/bin/sleep infinity\n' }, links: wantedBy('initrd.target', 'keep.service'), findings: [{ units: ['keep.service'], message: /long-running/ }] },
    {
      name: 'a daemon pulled in the same way, which nothing stops',
      base: 'btrfs-optin-state',
      files: { 'zfs-import-rpool.service': zfsImport.replace('systemd-udev-settle.service', 'zed.service'), 'zed.service': '[Unit]\nDefaultDependencies=no\n[Service]\nExecStart=/bin/zed -F\n' },
      links: { 'sysroot-nix.mount.requires/zfs-import-rpool.service': '../zfs-import-rpool.service' },
      findings: [{ units: ['zed.service'], message: /keeps running across the switch/ }],
    },
    {
      name: 'a unit wanted by the switch target and not ordered before it (the daemon it conflicts with is wanted on purpose)',
      files: {
        'helper.service': '[Unit]\nDefaultDependencies=no\n[Service]\nExecStart=/bin/sleep infinity\n',
        'late.service': '[Unit]\nDefaultDependencies=no\nConflicts=helper.service\nAfter=helper.service\n[Service]\nType=oneshot\nExecStart=/bin/true\n',
      },
      links: { ...wantedBy('initrd-switch-root.target', 'helper.service'), ...wantedBy('initrd-switch-root.target', 'late.service') },
      findings: [{ units: ['late.service'], message: /Before=initrd-switch-root\.target/ }],
    },
    {
      name: 'a hand-written oneshot that only a generated mount pulls in (RequiredBy=sysroot.mount), not ordered before the switch',
      files: { 'prepare.service': '[Unit]\nDefaultDependencies=no\n[Service]\nType=oneshot\nExecStart=/bin/true\n' },
      links: { 'sysroot.mount.requires/prepare.service': '../prepare.service' },
      findings: [{ units: ['prepare.service'], message: /Before=initrd-switch-root\.target/ }],
    },
    { name: 'IgnoreOnIsolate=yes and unordered: survives into stage 2', files: { 'keep.service': '[Unit]\nDefaultDependencies=no\nIgnoreOnIsolate=yes\n[Service]\nExecStart=/bin/sleep infinity\n' }, links: wantedBy('initrd.target', 'keep.service'), findings: [{ units: ['keep.service'], message: /IgnoreOnIsolate/ }] },
  ],
});
