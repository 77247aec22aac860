import rule from '../../../../src/graph/checks/rules/ordering-cycle.js';
import { requiredBy, ruleTable, wantedBy } from '../../../helpers/rule-table.js';

const svc = (extra: string): string => `[Unit]\nDefaultDependencies=no\n${extra}\n[Service]\nType=oneshot\nExecStart=/bin/true\n`;

ruleTable(rule, {
  valid: [
    { name: 'one-way ordering', files: { 'a.service': svc('After=b.service'), 'b.service': svc('') }, links: { ...wantedBy('initrd.target', 'a.service'), ...wantedBy('initrd.target', 'b.service') } },
    { name: 'a cycle between units nothing pulls in is not in the transaction', files: { 'a.service': svc('After=b.service'), 'b.service': svc('After=a.service') } },
    { name: 'the NixOS remote-unlock initrd as shipped', base: 'remote-unlock-luks' },
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
