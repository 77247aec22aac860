import rule from '../../../../src/graph/checks/rules/not-enabled.js';
import { ruleTable, wantedBy } from '../../../helpers/rule-table.js';

const svc = '[Unit]\nDefaultDependencies=no\n[Service]\nType=oneshot\nExecStart=/bin/true\n[Install]\nWantedBy=initrd.target\n';

const ZFS = '/nix/store/0123456789abcdfghijklmnpqrsvwxyz-zfs-user-2.2.7';
const zfsImportCache = '[Unit]\nDescription=Import ZFS pools by cache file\nDefaultDependencies=no\nBefore=zfs-import.target\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/sbin/zpool import -c /etc/zfs/zpool.cache -aN\n[Install]\nWantedBy=zfs-import.target\n';

ruleTable(rule, {
  valid: [
    { name: 'linked into initrd.target.wants/', files: { 'a.service': svc }, links: wantedBy('initrd.target', 'a.service') },
    { name: 'the corpus (every WantedBy= has its link)', base: 'remote-unlock-luks' },
    {
      name: 'a unit of a package NixOS adds with boot.initrd.systemd.packages (zfs), disabled by design',
      links: { 'zfs-import-cache.service': `${ZFS}/lib/systemd/system/zfs-import-cache.service` },
      files: { [`${ZFS}/lib/systemd/system/zfs-import-cache.service`]: zfsImportCache },
    },
  ],
  invalid: [
    { name: 'WantedBy= without the link', files: { 'a.service': svc }, findings: [{ units: ['a.service', 'initrd.target'], line: 7 }] },
    {
      name: 'a NixOS unit written from the configuration (/nix/store/<hash>-unit-<name>/<name>) without its link',
      links: { 'a.service': '/nix/store/0123456789abcdfghijklmnpqrsvwxyz-unit-a.service/a.service' },
      files: { '/nix/store/0123456789abcdfghijklmnpqrsvwxyz-unit-a.service/a.service': svc },
      findings: [{ units: ['a.service', 'initrd.target'], line: 7 }],
    },
  ],
});
