import rule from '../../../../src/graph/checks/rules/duplicate-unlock.js';
import { ruleTable, wantedBy } from '../../../helpers/rule-table.js';

/** The btrfs corpus's crypttab line `enc /dev/disk/by-uuid/c3f1… - discard`. */
const ENC = '/dev/disk/by-uuid/c3f1a9d2-6e8b-4f3a-b2c1-9d8e7f6a5b4c';
const base = 'btrfs-optin-state' as const;
const early = (exec: string, extra = ''): string =>
  `[Unit]\nDefaultDependencies=no\nBefore=sysroot.mount\n${extra}\n[Service]\nType=oneshot\n${exec}\n`;
const script = (body: string): string => `#!/bin/sh\nset -e\n${body}\n`;

ruleTable(rule, {
  valid: [
    { name: 'the btrfs corpus (only the generated systemd-cryptsetup@enc.service opens enc)', base: 'btrfs-optin-state' },
    { name: 'another device under another name', base, files: { 'u.service': early('ExecStart=/sbin/cryptsetup open /dev/sdb1 data') }, links: wantedBy('initrd.target', 'u.service') },
    { name: 'device and name from shell variables are not guessed', base, files: { 'u.service': early('ExecStart=/run/unlock.sh'), '/run/unlock.sh': script('cryptsetup open "$DEV" "$NAME"') }, links: wantedBy('initrd.target', 'u.service') },
    { name: 'cryptsetup close and luksFormat open nothing', base, files: { 'u.service': early(`ExecStart=/sbin/cryptsetup close enc\nExecStartPost=/sbin/cryptsetup luksFormat ${ENC}`) }, links: wantedBy('initrd.target', 'u.service') },
    { name: 'ExecStart= pointing at a link loop: not a script, and not the end of the job', base, files: { 'u.service': early('ExecStart=/run/loop-a') }, links: { ...wantedBy('initrd.target', 'u.service'), '/run/loop-a': '/run/loop-b', '/run/loop-b': '/run/loop-a' } },
    { name: 'a commented-out open in the script', base, files: { 'u.service': early('ExecStart=/run/unlock.sh'), '/run/unlock.sh': script(`# cryptsetup open ${ENC} enc`) }, links: wantedBy('initrd.target', 'u.service') },
    { name: 'a unit outside the transaction (not wanted by anything)', base, files: { 'u.service': early(`ExecStart=/sbin/cryptsetup open ${ENC} enc`) } },
    { name: 'a masked unlock unit (/run/systemd/system/u.service -> /dev/null over the unit in generator.late)', base, files: { '/run/systemd/generator.late/u.service': early(`ExecStart=/sbin/cryptsetup open ${ENC} enc`) }, links: { ...wantedBy('initrd.target', 'u.service'), 'u.service': '/dev/null' } },
    { name: 'ExecStart= reset by a drop-in', base, files: { 'u.service': early(`ExecStart=/sbin/cryptsetup open ${ENC} enc`), 'u.service.d/10-reset.conf': '[Service]\nExecStart=\nExecStart=/bin/true\n' }, links: wantedBy('initrd.target', 'u.service') },
  ],
  invalid: [
    {
      name: 'unlock-luks in the remote-unlock corpus: its script opens the crypttab device, after systemd-cryptsetup@root (sysinit.target wants cryptsetup.target)',
      base: 'remote-unlock-luks',
      findings: [{ units: ['unlock-luks.service', 'systemd-cryptsetup@root.service'], message: /ordered before unlock-luks\.service.*ignores its failure/, line: 4 }],
    },
    {
      name: 'an early unlock script with DefaultDependencies=no: nothing orders it against the generated unit, a race',
      base,
      files: { 'u.service': early('ExecStart=/run/unlock.sh'), '/run/unlock.sh': script(`echo waiting\ncryptsetup open --type luks \\\n  ${ENC} enc`) },
      links: wantedBy('initrd.target', 'u.service'),
      findings: [{ units: ['u.service', 'systemd-cryptsetup@enc.service'], message: /nothing orders u\.service and systemd-cryptsetup@enc\.service one after the other: they race/, line: 4 }],
    },
    {
      name: 'the command word quoted apart in the script (crypt"setup"): still cryptsetup to the shell, still found',
      base,
      files: { 'u.service': early('ExecStart=/run/unlock.sh'), '/run/unlock.sh': script(`crypt"setup" open ${ENC} enc`) },
      links: wantedBy('initrd.target', 'u.service'),
      findings: [{ units: ['u.service', 'systemd-cryptsetup@enc.service'], message: /they race/, line: 3 }],
    },
    {
      name: 'ExecStart= with the command word quoted apart (/sbin/crypt"setup", systemd unquotes it): still found',
      base,
      files: { 'u.service': early(`ExecStart=/sbin/crypt"setup" open ${ENC} enc`) },
      links: wantedBy('initrd.target', 'u.service'),
      findings: [{ units: ['u.service', 'systemd-cryptsetup@enc.service'], message: /they race/ }],
    },
    {
      name: 'the same device as UUID= (upper case) under another name, in ExecStart= itself',
      base,
      files: { 'u.service': early('ExecStart=-/sbin/cryptsetup luksOpen -d /etc/key UUID=C3F1A9D2-6E8B-4F3A-B2C1-9D8E7F6A5B4C cryptroot') },
      links: wantedBy('initrd.target', 'u.service'),
      findings: [{ units: ['u.service', 'systemd-cryptsetup@enc.service'], message: /as \/dev\/mapper\/enc and \/dev\/mapper\/cryptroot.*u\.service ignores its failure/ }],
    },
    {
      name: 'one unit trying twice, both failures ignored: still one unit that ignores its failure',
      base,
      files: { 'u.service': early(`ExecStartPre=-/sbin/cryptsetup open ${ENC} enc\nExecStart=-/sbin/cryptsetup open ${ENC} enc`) },
      links: wantedBy('initrd.target', 'u.service'),
      findings: [{ units: ['u.service', 'systemd-cryptsetup@enc.service'], message: /\(u\.service ignores its failure, so the loser is never seen\)$/ }],
    },
    {
      name: 'two hand-written units open the same name (systemd-cryptsetup attach and legacy cryptsetup create)',
      base,
      files: {
        'a.service': early("ExecStart=/usr/lib/systemd/systemd-cryptsetup attach 'vault' '/dev/vdb' 'none' 'luks'"),
        'b.service': early('ExecStart=/sbin/cryptsetup create vault /dev/vdc', 'After=a.service'),
      },
      links: { ...wantedBy('initrd.target', 'a.service'), ...wantedBy('initrd.target', 'b.service') },
      findings: [{ units: ['a.service', 'b.service'], message: /a\.service is ordered before b\.service/ }],
    },
  ],
});
