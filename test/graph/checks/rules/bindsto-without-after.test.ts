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
    {
      name: 'nfs-utils: nfs-idmapd BindsTo=nfs-server and Before= it (deliberate: the server needs it first)',
      files: {
        'nfs-idmapd.service': '[Unit]\nBindsTo=nfs-server.service\nBefore=nfs-server.service\n[Service]\nType=forking\nExecStart=/usr/sbin/rpc.idmapd\n',
        'nfs-server.service': '[Unit]\nRequires=nfs-idmapd.service\n[Service]\nType=oneshot\nExecStart=/usr/sbin/rpc.nfsd\n',
      },
      links: wantedBy('initrd.target', 'nfs-server.service'),
    },
    {
      name: 'nfs-utils: nfs-mountd BindsTo=nfs-server, the ordering written in nfs-server (After=nfs-mountd)',
      files: {
        'nfs-mountd.service': '[Unit]\nBindsTo=nfs-server.service\n[Service]\nType=forking\nExecStart=/usr/sbin/rpc.mountd\n',
        'nfs-server.service': '[Unit]\nRequires=nfs-mountd.service\nAfter=nfs-mountd.service\n[Service]\nType=oneshot\nExecStart=/usr/sbin/rpc.nfsd\n',
      },
      links: wantedBy('initrd.target', 'nfs-server.service'),
    },
  ],
  invalid: [
    { name: 'bootsecrets.mount BindsTo its cryptsetup unit without After', files: { 'bootsecrets.mount': mount('BindsTo=systemd-cryptsetup@secrets.service') }, links: wantedBy('initrd.target', 'bootsecrets.mount'), findings: [{ units: ['bootsecrets.mount', 'systemd-cryptsetup@secrets.service'], line: 3, message: /not ordered/ }] },
    {
      name: 'BindsTo= in a drop-in, no ordering in either unit',
      files: { 'bootsecrets.mount': mount(''), 'bootsecrets.mount.d/bind.conf': '[Unit]\nBindsTo=bound-peer.service\n', 'bound-peer.service': '[Unit]\nDefaultDependencies=no\n[Service]\nType=oneshot\nExecStart=/bin/true\n' },
      links: wantedBy('initrd.target', 'bootsecrets.mount'),
      findings: [{ units: ['bootsecrets.mount', 'bound-peer.service'], line: 2 }],
    },
  ],
});
