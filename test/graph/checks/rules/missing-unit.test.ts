import rule from '../../../../src/graph/checks/rules/missing-unit.js';
import { ruleTable, wantedBy } from '../../../helpers/rule-table.js';

const svc = (deps: string): string => `[Unit]\nDefaultDependencies=no\n${deps}\n[Service]\nType=oneshot\nExecStart=/bin/true\n`;

/** The btrfs corpus's SYSTEMD_SYSROOT_FSTAB (replaced here by an empty one). */
const SYSROOT_FSTAB = '/nix/store/wa3qjggvgazjnwvprybhbz1avhg53h5g-initrd-fstab';

ruleTable(rule, {
  valid: [
    { name: 'Wants= on an absent unit is harmless', files: { 'a.service': svc('Wants=absent.service') }, links: wantedBy('initrd.target', 'a.service') },
    { name: 'Requires= on a device (udev makes it)', files: { 'a.service': svc('Requires=dev-mapper-root.device\nAfter=dev-mapper-root.device') }, links: wantedBy('initrd.target', 'a.service') },
    { name: 'Requires= on sysroot.mount made by the fstab generator', files: { 'a.service': svc('Requires=sysroot.mount') }, links: wantedBy('initrd.target', 'a.service') },
    { name: 'Requires= on the cryptsetup unit made by the crypttab generator', files: { 'a.service': svc('Requires=systemd-cryptsetup@root.service') }, links: wantedBy('initrd.target', 'a.service') },
    { name: 'a unit outside the transaction', files: { 'a.service': svc('Requires=absent.service') } },
    { name: 'the corpus (initrd.target Wants=initrd-usr-fs.target, basic.target Wants=tmp.mount)', base: 'remote-unlock-luks' },
    { name: 'the btrfs corpus (rollback Requires=dev-mapper-enc.device)', base: 'btrfs-optin-state' },
    { name: 'root=/dev/nfs: the initrd\'s network code mounts the root; fstab-generator\'s initrd-usr-fs.target.requires/sysroot.mount is not reported', base: 'btrfs-optin-state', files: { [SYSROOT_FSTAB]: '' }, cmdline: 'root=/dev/nfs nfsroot=10.0.0.1:/srv/root ip=dhcp' },
    { name: 'root=gpt-auto: sysroot.mount comes from systemd-gpt-auto-generator', base: 'btrfs-optin-state', files: { [SYSROOT_FSTAB]: '' }, cmdline: 'root=gpt-auto' },
  ],
  invalid: [
    { name: 'Requires= on an absent service', files: { 'a.service': svc('Requires=absent.service') }, links: wantedBy('initrd.target', 'a.service'), findings: [{ units: ['a.service', 'absent.service'], line: 3 }] },
    { name: 'BindsTo= on an absent mount', files: { 'a.service': svc('BindsTo=boot-secrets.mount\nAfter=boot-secrets.mount') }, links: wantedBy('initrd.target', 'a.service'), findings: [{ units: ['a.service', 'boot-secrets.mount'] }] },
    {
      name: 'a kernel command line without root= and an fstab without /: nothing makes sysroot.mount, which fstab-generator links into initrd-usr-fs.target.requires/',
      base: 'btrfs-optin-state',
      files: { [SYSROOT_FSTAB]: '' },
      cmdline: 'rd.luks.uuid=c3f1a9d2-6e8b-4f3a-b2c1-9d8e7f6a5b4c',
      findings: [{ units: ['initrd-usr-fs.target', 'sysroot.mount'] }],
    },
    {
      name: 'an image without sysinit.target: every service with default dependencies requires it (reported once, with the count)',
      base: 'none',
      files: {
        'initrd.target': '[Unit]\nDescription=Initrd\n',
        'a.service': '[Service]\nType=oneshot\nExecStart=/bin/true\n',
        'b.service': '[Service]\nType=oneshot\nExecStart=/bin/true\n',
      },
      links: { ...wantedBy('initrd.target', 'a.service'), ...wantedBy('initrd.target', 'b.service') },
      findings: [{ units: ['sysinit.target', 'a.service', 'b.service'], message: /^sysinit\.target does not exist .* 2 units of the transaction need it .*Requires=sysinit\.target\), e\.g\. a\.service, b\.service/ }],
    },
    { name: 'a .requires/ link to an absent unit', files: {}, links: { 'initrd.target.requires/absent.service': '../absent.service' }, findings: [{ units: ['initrd.target', 'absent.service'] }] },
  ],
});
