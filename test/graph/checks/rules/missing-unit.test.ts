import rule from '../../../../src/graph/checks/rules/missing-unit.js';
import { ruleTable, wantedBy } from '../../../helpers/rule-table.js';

const svc = (deps: string): string => `[Unit]\nDefaultDependencies=no\n${deps}\n[Service]\nType=oneshot\nExecStart=/bin/true\n`;

ruleTable(rule, {
  valid: [
    { name: 'Wants= on an absent unit is harmless', files: { 'a.service': svc('Wants=absent.service') }, links: wantedBy('initrd.target', 'a.service') },
    { name: 'Requires= on a device (udev makes it)', files: { 'a.service': svc('Requires=dev-mapper-root.device\nAfter=dev-mapper-root.device') }, links: wantedBy('initrd.target', 'a.service') },
    { name: 'Requires= on sysroot.mount made by the fstab generator', files: { 'a.service': svc('Requires=sysroot.mount') }, links: wantedBy('initrd.target', 'a.service') },
    { name: 'Requires= on the cryptsetup unit made by the crypttab generator', files: { 'a.service': svc('Requires=systemd-cryptsetup@root.service') }, links: wantedBy('initrd.target', 'a.service') },
    { name: 'a unit outside the transaction', files: { 'a.service': svc('Requires=absent.service') } },
    { name: 'the corpus (initrd.target Wants=initrd-usr-fs.target, basic.target Wants=tmp.mount)', base: 'remote-unlock-luks' },
    { name: 'the btrfs corpus (rollback Requires=dev-mapper-enc.device)', base: 'btrfs-optin-state' },
  ],
  invalid: [
    { name: 'Requires= on an absent service', files: { 'a.service': svc('Requires=absent.service') }, links: wantedBy('initrd.target', 'a.service'), findings: [{ units: ['a.service', 'absent.service'], line: 3 }] },
    { name: 'BindsTo= on an absent mount', files: { 'a.service': svc('BindsTo=boot-secrets.mount\nAfter=boot-secrets.mount') }, links: wantedBy('initrd.target', 'a.service'), findings: [{ units: ['a.service', 'boot-secrets.mount'] }] },
    { name: 'a .requires/ link to an absent unit', files: {}, links: { 'initrd.target.requires/absent.service': '../absent.service' }, findings: [{ units: ['initrd.target', 'absent.service'] }] },
  ],
});
