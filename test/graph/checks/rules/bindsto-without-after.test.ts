import rule from '../../../../src/graph/checks/rules/bindsto-without-after.js';
import { ruleTable, wantedBy } from '../../../helpers/rule-table.js';

const mount = (deps: string): string => `[Unit]\nDefaultDependencies=no\n${deps}\n[Mount]\nWhat=/dev/mapper/secrets\nWhere=/bootsecrets\nType=ext4\n`;

ruleTable(rule, {
  valid: [
    { name: 'BindsTo= with After=', files: { 'bootsecrets.mount': mount('BindsTo=systemd-cryptsetup@secrets.service\nAfter=systemd-cryptsetup@secrets.service') }, links: wantedBy('initrd.target', 'bootsecrets.mount') },
    { name: 'the implicit BindsTo+After of a mount on its device', files: { 'bootsecrets.mount': mount('') }, links: wantedBy('initrd.target', 'bootsecrets.mount') },
    { name: 'the generated cryptsetup units (BindsTo+After the device)', base: 'btrfs-optin-state' },
    {
      name: 'the ordering written on the other unit (Before=bootsecrets.mount in the cryptsetup unit\'s drop-in)',
      files: { 'bootsecrets.mount': mount('BindsTo=systemd-cryptsetup@secrets.service'), 'systemd-cryptsetup@secrets.service.d/order.conf': '[Unit]\nBefore=bootsecrets.mount\n' },
      links: wantedBy('initrd.target', 'bootsecrets.mount'),
    },
  ],
  invalid: [
    { name: 'bootsecrets.mount BindsTo its cryptsetup unit without After', files: { 'bootsecrets.mount': mount('BindsTo=systemd-cryptsetup@secrets.service') }, links: wantedBy('initrd.target', 'bootsecrets.mount'), findings: [{ units: ['bootsecrets.mount', 'systemd-cryptsetup@secrets.service'], line: 3 }] },
    {
      name: 'BindsTo= with Before= (the unit starts first: the wrong way round)',
      files: { 'bootsecrets.mount': mount('BindsTo=systemd-cryptsetup@secrets.service\nBefore=systemd-cryptsetup@secrets.service') },
      links: wantedBy('initrd.target', 'bootsecrets.mount'),
      findings: [{ units: ['bootsecrets.mount', 'systemd-cryptsetup@secrets.service'], line: 3 }],
    },
  ],
});
