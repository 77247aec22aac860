import rule from '../../../../src/graph/checks/rules/ordering-cycle.js';
import { requiredBy, ruleTable, wantedBy } from '../../../helpers/rule-table.js';

const svc = (extra: string): string => `[Unit]\nDefaultDependencies=no\n${extra}\n[Service]\nType=oneshot\nExecStart=/bin/true\n`;

ruleTable(rule, {
  valid: [
    { name: 'one-way ordering', files: { 'a.service': svc('After=b.service'), 'b.service': svc('') }, links: { ...wantedBy('initrd.target', 'a.service'), ...wantedBy('initrd.target', 'b.service') } },
    { name: 'a cycle between units nothing pulls in is not in the transaction', files: { 'a.service': svc('After=b.service'), 'b.service': svc('After=a.service') } },
    { name: 'the NixOS remote-unlock initrd as shipped', base: 'remote-unlock-luks' },
    {
      name: 'a cycle through a unit that does not exist: it gets no job, so systemd finds no cycle',
      files: { 'early.service': svc('After=absent.target\nBefore=sysinit.target'), 'late.service': svc('After=sysinit.target\nBefore=absent.target') },
      links: { ...wantedBy('sysinit.target', 'early.service'), ...wantedBy('initrd.target', 'late.service'), ...wantedBy('initrd.target', 'absent.target') },
    },
    {
      name: 'a cycle through -.mount (an initrd fstab entry for /, as a dracut --fstab may hold): -.mount is always active and gets no job',
      files: { '-.mount': '[Unit]\nAfter=blockdev@dev-mapper-root.target\nAfter=hook.service\n[Mount]\nWhat=/dev/mapper/root\nWhere=/\n', 'hook.service': svc('After=systemd-journald.socket') },
      links: { ...wantedBy('initrd.target', 'hook.service'), ...wantedBy('initrd.target', '-.mount') },
    },
    { name: 'the NixOS btrfs initrd as shipped', base: 'btrfs-optin-state' },
  ],
  invalid: [
    {
      name: 'two wanted services After= each other: systemd drops one of the jobs',
      files: { 'a.service': svc('After=b.service'), 'b.service': svc('After=a.service') },
      links: { ...wantedBy('initrd.target', 'a.service'), ...wantedBy('initrd.target', 'b.service') },
      findings: [{ units: ['a.service', 'b.service'], message: /delete the start job of one of a\.service, b\.service/ }],
    },
    {
      name: 'the same cycle once the unit exists',
      files: { 'early.service': svc('After=absent.target\nBefore=sysinit.target'), 'late.service': svc('After=sysinit.target\nBefore=absent.target'), 'absent.target': '[Unit]\nDescription=now present\n' },
      links: { ...wantedBy('sysinit.target', 'early.service'), ...wantedBy('initrd.target', 'late.service'), ...wantedBy('initrd.target', 'absent.target') },
      findings: [{ units: ['absent.target'] }],
    },
    {
      name: 'a required cycle cannot be broken',
      files: { 'a.service': svc('After=b.service\nRequires=b.service'), 'b.service': svc('After=a.service') },
      links: { ...requiredBy('initrd.target', 'a.service') },
      findings: [{ units: ['a.service', 'b.service'], message: /transaction fails/ }],
    },
    {
      name: 'a three-unit cycle through a target, wanted job deletable',
      files: { 'a.service': svc('Before=sysroot.mount\nAfter=c.service'), 'c.service': svc('After=initrd-root-fs.target') },
      links: { ...wantedBy('initrd.target', 'a.service'), ...wantedBy('initrd.target', 'c.service') },
      findings: [{ units: ['a.service'] }],
    },
  ],
});
