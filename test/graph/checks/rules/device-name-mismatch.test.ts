import rule from '../../../../src/graph/checks/rules/device-name-mismatch.js';
import { ruleTable, wantedBy } from '../../../helpers/rule-table.js';

const svc = (deps: string): string => `[Unit]\nDefaultDependencies=no\n${deps}\n[Service]\nType=oneshot\nExecStart=/bin/true\n`;
const bootsecrets = '[Unit]\nDefaultDependencies=no\n[Mount]\nWhat=/dev/zvol/rpool/volumes/bootsecrets-part1\nWhere=/bootsecrets\nType=ext4\n';
const zvolMount = '[Unit]\nDefaultDependencies=no\n[Mount]\nWhat=/dev/zvol/rpool/crypt-root\nWhere=/sysroot/secrets\nType=ext4\n';

ruleTable(rule, {
  valid: [
    { name: 'a correct \\x2d escape', files: { 'a.service': svc('Requires=dev-disk-by\\x2dlabel-my\\x2droot.device\nAfter=dev-disk-by\\x2dlabel-my\\x2droot.device') }, links: wantedBy('initrd.target', 'a.service') },
    { name: 'the zvol named correctly', files: { 'sysroot-secrets.mount': zvolMount, 'a.service': svc('After=dev-zvol-rpool-crypt\\x2droot.device') }, links: wantedBy('initrd.target', 'a.service') },
    { name: 'a dash-free path', files: { 'a.service': svc('After=dev-mapper-root.device') }, links: wantedBy('initrd.target', 'a.service') },
    { name: 'the corpus (generated names from crypttab)', base: 'remote-unlock-luks' },
    { name: 'fully escaped, the path used in the image', files: { 'sysroot-data.mount': '[Unit]\nDefaultDependencies=no\n[Mount]\nWhat=/dev/disk/by-label/persist-data\nWhere=/sysroot/data\nType=ext4\n', 'a.service': svc('After=dev-disk-by\\x2dlabel-persist\\x2ddata.device') }, links: wantedBy('initrd.target', 'a.service') },
    {
      name: 'WantedBy= the zvol device, correctly escaped (dev-zvol-rpool-volumes-bootsecrets\\x2dpart1.device.wants/)',
      files: { 'bootsecrets.mount': bootsecrets, 'unlock-secrets.service': svc('') },
      links: { 'dev-zvol-rpool-volumes-bootsecrets\\x2dpart1.device.wants/unlock-secrets.service': '../unlock-secrets.service' },
    },
  ],
  invalid: [
    {
      name: '- where systemd writes \\x2d in a by-label path',
      files: { 'a.service': svc('Requires=dev-disk-by-label-my-root.device\nAfter=dev-disk-by-label-my-root.device') },
      links: wantedBy('initrd.target', 'a.service'),
      findings: [{ units: ['dev-disk-by-label-my-root.device', 'a.service'], message: /dev-disk-by\\x2dlabel-my\\x2droot\.device/ }],
    },
    {
      name: 'a ZFS zvol written with - (the mount in the image names the real path)',
      files: { 'sysroot-secrets.mount': zvolMount, 'a.service': svc('After=dev-zvol-rpool-crypt-root.device') },
      links: wantedBy('initrd.target', 'a.service'),
      findings: [{ units: ['dev-zvol-rpool-crypt-root.device', 'a.service'], message: /dev-zvol-rpool-crypt\\x2droot\.device/ }],
    },
    {
      name: 'half escaped: by\\x2dlabel right, the label\'s own dash written as - (the path is used in the image)',
      files: { 'sysroot-data.mount': '[Unit]\nDefaultDependencies=no\n[Mount]\nWhat=/dev/disk/by-label/persist-data\nWhere=/sysroot/data\nType=ext4\n', 'a.service': svc('Requires=dev-disk-by\\x2dlabel-persist-data.device\nAfter=dev-disk-by\\x2dlabel-persist-data.device') },
      links: wantedBy('initrd.target', 'a.service'),
      findings: [{ units: ['dev-disk-by\\x2dlabel-persist-data.device', 'a.service'], message: /dev-disk-by\\x2dlabel-persist\\x2ddata\.device/ }],
    },
    {
      name: 'NixOS wantedBy = [ "dev-zvol-rpool-volumes-bootsecrets-part1.device" ]: only the .wants/ directory names the device',
      files: { 'bootsecrets.mount': bootsecrets, 'unlock-secrets.service': svc('') },
      links: { 'dev-zvol-rpool-volumes-bootsecrets-part1.device.wants/unlock-secrets.service': '../unlock-secrets.service' },
      findings: [{ units: ['dev-zvol-rpool-volumes-bootsecrets-part1.device', 'unlock-secrets.service'], message: /dev-zvol-rpool-volumes-bootsecrets\\x2dpart1\.device/ }],
    },
    {
      name: 'RequiredBy= a device under /dev/disk/by/label (impossible), only a .requires/ directory names it',
      files: { 'unlock-secrets.service': svc('') },
      links: { 'dev-disk-by-label-secrets.device.requires/unlock-secrets.service': '../unlock-secrets.service' },
      findings: [{ units: ['dev-disk-by-label-secrets.device', 'unlock-secrets.service'], message: /dev-disk-by\\x2dlabel-secrets\.device/ }],
    },
    {
      name: 'a mount unit not named after its Where=',
      files: { 'boot-secrets.mount': '[Mount]\nWhat=/dev/vda2\nWhere=/boot-secrets\n' },
      findings: [{ units: ['boot-secrets.mount'], message: /boot\\x2dsecrets\.mount/, line: 3 }],
    },
  ],
});
