/**
 * Dependencies systemd v256 derives from a unit's own settings (origin 'implicit'): mount devices
 * and parents, RequiresMountsFor=, slices, triggers, Sockets=, Type=dbus, the journald socket.
 * Each case: unit files in (the first is the unit under test), its implicit edges out.
 */
import { describe, expect, it } from '@jest/globals';
import { implicitDependencies, IMPLICIT_SOURCE_KEYS } from '../../../src/graph/implicit-deps.js';
import type { UnitOrigin } from '../../../src/parse/types.js';
import { edgeStrings, makeContext, makeUnit } from '../../helpers/make-unit.js';

interface Case {
  name: string;
  units: Record<string, string>;
  /** origin/masking of the other units, by name */
  origin?: Record<string, UnitOrigin | 'masked'>;
  initrd?: boolean;
  version?: number;
  want: string[];
}

const JOURNAL = (u: string): string => `systemd-journald.socket Before ${u}`;
const SLICE = (u: string, s = 'system.slice'): string[] => [`${u} Requires ${s}`, `${s} Before ${u}`];
const ROOT = (u: string): string => `-.mount Before ${u}`;
const SVC = '[Service]\nExecStart=/bin/true\n';
const SYSROOT = '[Mount]\nWhat=/dev/mapper/root\nWhere=/sysroot\nType=ext4\n';
const SYSROOT_NIX = '[Mount]\nWhat=/dev/disk/by-label/nix\nWhere=/sysroot/nix\n';
const NIXDEV = 'dev-disk-by\\x2dlabel-nix';

const cases: Case[] = [
  // ---- mounts
  {
    name: 'NixOS sysroot.mount: Requires+After the device, StopPropagatedFrom it, After blockdev@, -.mount, slice, journald',
    initrd: true,
    units: { 'sysroot.mount': SYSROOT },
    want: ['sysroot.mount Requires dev-mapper-root.device', 'dev-mapper-root.device Before sysroot.mount', 'dev-mapper-root.device PropagatesStopTo sysroot.mount',
      'blockdev@dev-mapper-root.target Before sysroot.mount', ROOT('sysroot.mount'), ...SLICE('sysroot.mount'), JOURNAL('sysroot.mount')],
  },
  {
    name: 'sysroot-nix.mount: Requires+After its parent sysroot.mount',
    initrd: true,
    units: { 'sysroot-nix.mount': SYSROOT_NIX, 'sysroot.mount': SYSROOT },
    want: [`sysroot-nix.mount Requires ${NIXDEV}.device`, `${NIXDEV}.device Before sysroot-nix.mount`, `${NIXDEV}.device PropagatesStopTo sysroot-nix.mount`,
      `blockdev@${NIXDEV}.target Before sysroot-nix.mount`, 'sysroot-nix.mount Requires sysroot.mount', 'sysroot.mount Before sysroot-nix.mount',
      ROOT('sysroot-nix.mount'), ...SLICE('sysroot-nix.mount'), JOURNAL('sysroot-nix.mount')],
  },
  {
    name: 'a generated parent (fstab-generator) is a fragment too',
    initrd: true,
    units: { 'sysroot-nix.mount': SYSROOT_NIX, 'sysroot.mount': SYSROOT },
    origin: { 'sysroot.mount': 'generator' },
    want: [`sysroot-nix.mount Requires ${NIXDEV}.device`, `${NIXDEV}.device Before sysroot-nix.mount`, `${NIXDEV}.device PropagatesStopTo sysroot-nix.mount`,
      `blockdev@${NIXDEV}.target Before sysroot-nix.mount`, 'sysroot-nix.mount Requires sysroot.mount', 'sysroot.mount Before sysroot-nix.mount',
      ROOT('sysroot-nix.mount'), ...SLICE('sysroot-nix.mount'), JOURNAL('sysroot-nix.mount')],
  },
  {
    name: 'a masked parent mount is not loaded: no dependency on it',
    initrd: true,
    units: { 'sysroot-nix.mount': SYSROOT_NIX, 'sysroot.mount': SYSROOT },
    origin: { 'sysroot.mount': 'masked' },
    want: [`sysroot-nix.mount Requires ${NIXDEV}.device`, `${NIXDEV}.device Before sysroot-nix.mount`, `${NIXDEV}.device PropagatesStopTo sysroot-nix.mount`,
      `blockdev@${NIXDEV}.target Before sysroot-nix.mount`, ROOT('sysroot-nix.mount'), ...SLICE('sysroot-nix.mount'), JOURNAL('sysroot-nix.mount')],
  },
  {
    name: 'x-systemd.device-bound: BindsTo= instead of Requires=, no StopPropagatedFrom=',
    units: { 'data.mount': '[Mount]\nWhat=/dev/sdb1\nWhere=/data\nOptions=x-systemd.device-bound\n' },
    want: ['data.mount BindsTo dev-sdb1.device', 'dev-sdb1.device Before data.mount', 'blockdev@dev-sdb1.target Before data.mount',
      ROOT('data.mount'), ...SLICE('data.mount'), JOURNAL('data.mount')],
  },
  {
    name: 'v256: x-systemd.device-bound=no: Requires=, and no StopPropagatedFrom= either',
    units: { 'data.mount': '[Mount]\nWhat=/dev/sdb1\nWhere=/data\nOptions=x-systemd.device-bound=no\n' },
    want: ['data.mount Requires dev-sdb1.device', 'dev-sdb1.device Before data.mount', 'blockdev@dev-sdb1.target Before data.mount',
      ROOT('data.mount'), ...SLICE('data.mount'), JOURNAL('data.mount')],
  },
  {
    name: 'v252: x-systemd.device-bound=no still means BindsTo= (only the presence counted)',
    version: 252,
    units: { 'data.mount': '[Mount]\nWhat=/dev/sdb1\nWhere=/data\nOptions=x-systemd.device-bound=no\n' },
    want: ['data.mount BindsTo dev-sdb1.device', 'dev-sdb1.device Before data.mount', 'blockdev@dev-sdb1.target Before data.mount',
      ROOT('data.mount'), ...SLICE('data.mount'), JOURNAL('data.mount')],
  },
  {
    name: 'bind mount: no device; RequiresMountsFor= its source instead',
    initrd: true,
    units: { 'sysroot-nix-store.mount': '[Mount]\nWhat=/sysroot/nix/.ro-store\nWhere=/sysroot/nix/store\nOptions=bind\n', 'sysroot.mount': SYSROOT, 'sysroot-nix.mount': SYSROOT_NIX },
    want: ['sysroot-nix-store.mount Requires sysroot-nix.mount', 'sysroot-nix.mount Before sysroot-nix-store.mount', 'sysroot-nix-store.mount Requires sysroot.mount',
      'sysroot.mount Before sysroot-nix-store.mount', ROOT('sysroot-nix-store.mount'), ...SLICE('sysroot-nix-store.mount'), JOURNAL('sysroot-nix-store.mount')],
  },
  {
    name: 'tmpfs (What= is not a path): only parent, slice, journald',
    units: { 'tmp.mount': '[Mount]\nWhat=tmpfs\nWhere=/tmp\nType=tmpfs\n' },
    want: [ROOT('tmp.mount'), ...SLICE('tmp.mount'), JOURNAL('tmp.mount')],
  },
  {
    name: 'network mount with a host:path source: no device, no source mount',
    units: { 'mnt-nfs.mount': '[Mount]\nWhat=server:/export\nWhere=/mnt/nfs\nType=nfs\n' },
    want: [ROOT('mnt-nfs.mount'), ...SLICE('mnt-nfs.mount'), JOURNAL('mnt-nfs.mount')],
  },
  {
    name: 'What=/dev/root is no device unit',
    initrd: true,
    units: { 'sysroot.mount': '[Mount]\nWhat=/dev/root\nWhere=/sysroot\n' },
    want: [ROOT('sysroot.mount'), ...SLICE('sysroot.mount'), JOURNAL('sysroot.mount')],
  },
  {
    name: 'an extrinsic mount (x-initrd.mount on the host) lives in -.slice',
    units: { 'data.mount': '[Mount]\nWhat=/dev/sdb1\nWhere=/data\nOptions=x-initrd.mount\n' },
    want: ['data.mount Requires dev-sdb1.device', 'dev-sdb1.device Before data.mount', 'dev-sdb1.device PropagatesStopTo data.mount',
      'blockdev@dev-sdb1.target Before data.mount', ROOT('data.mount'), ...SLICE('data.mount', '-.slice'), JOURNAL('data.mount')],
  },
  {
    name: 'v252: quota options pull in quotacheck and quotaon',
    version: 252,
    units: { 'home.mount': '[Mount]\nWhat=tmpfs\nWhere=/home\nType=ext4\nOptions=usrquota\n' },
    want: ['home.mount Before systemd-quotacheck.service', 'home.mount Wants systemd-quotacheck.service', 'home.mount Before quotaon.service',
      'home.mount Wants quotaon.service', ROOT('home.mount'), ...SLICE('home.mount'), JOURNAL('home.mount')],
  },
  {
    name: 'v256: quota is the fstab generator\'s business',
    units: { 'home.mount': '[Mount]\nWhat=tmpfs\nWhere=/home\nType=ext4\nOptions=usrquota\n' },
    want: [ROOT('home.mount'), ...SLICE('home.mount'), JOURNAL('home.mount')],
  },
  {
    name: '-.mount without a file (perpetual): only its slice; it logs nowhere',
    units: { '-.mount': '' },
    origin: { '-.mount': 'referenced' },
    want: ['-.mount Requires -.slice', '-.slice Before -.mount'],
  },
  // ---- RequiresMountsFor= / WantsMountsFor=
  {
    name: 'RequiresMountsFor=: Requires+After the mount units of every prefix that exist',
    units: { 'foo.service': `[Unit]\nRequiresMountsFor=/var/lib/foo\n${SVC}`, 'var.mount': '[Mount]\nWhat=/dev/sdc\nWhere=/var\n', 'var-lib.mount': '[Mount]\nWhat=/dev/sdd\nWhere=/var/lib\n' },
    origin: { 'var-lib.mount': 'generator' },
    want: ['foo.service Requires var.mount', 'var.mount Before foo.service', 'foo.service Requires var-lib.mount', 'var-lib.mount Before foo.service',
      ROOT('foo.service'), ...SLICE('foo.service'), JOURNAL('foo.service')],
  },
  {
    name: '-.mount with a fragment is required too',
    units: { 'foo.service': `[Unit]\nRequiresMountsFor=/srv\n${SVC}`, '-.mount': '[Mount]\nWhat=/dev/sda1\nWhere=/\n' },
    want: ['foo.service Requires -.mount', ROOT('foo.service'), ...SLICE('foo.service'), JOURNAL('foo.service')],
  },
  {
    name: 'v256 WantsMountsFor=: Wants= instead of Requires=',
    units: { 'foo.service': `[Unit]\nWantsMountsFor=/var/lib/foo\n${SVC}`, 'var.mount': '[Mount]\nWhat=/dev/sdc\nWhere=/var\n' },
    want: ['foo.service Wants var.mount', 'var.mount Before foo.service', ROOT('foo.service'), ...SLICE('foo.service'), JOURNAL('foo.service')],
  },
  {
    name: 'v252 knows no WantsMountsFor=',
    version: 252,
    units: { 'foo.service': `[Unit]\nWantsMountsFor=/var/lib/foo\n${SVC}`, 'var.mount': '[Mount]\nWhat=/dev/sdc\nWhere=/var\n' },
    want: [...SLICE('foo.service'), JOURNAL('foo.service')],
  },
  // ---- sockets, timers, paths, automounts
  {
    name: 'socket: Triggers+Before its service, the mounts of its path, its slice',
    units: { 'foo.socket': '[Socket]\nListenStream=/run/foo.sock\n' },
    want: ['foo.socket Triggers foo.service', 'foo.socket Before foo.service', ROOT('foo.socket'), ...SLICE('foo.socket')],
  },
  {
    name: 'socket with Accept=yes and only stream sockets: no trigger dependency',
    units: { 'foo.socket': '[Socket]\nListenStream=%t/foo.sock\nAccept=yes\n', 'run.mount': '[Mount]\nWhat=tmpfs\nWhere=/run\n' },
    want: ['foo.socket Requires run.mount', 'run.mount Before foo.socket', ROOT('foo.socket'), ...SLICE('foo.socket')],
  },
  {
    name: 'socket with Accept=yes but a datagram port: triggers its service',
    units: { 'foo.socket': '[Socket]\nListenDatagram=514\nAccept=yes\n' },
    want: ['foo.socket Triggers foo.service', 'foo.socket Before foo.service', ...SLICE('foo.socket')],
  },
  {
    name: 'socket Service=, BindToDevice=, ExecStartPre= (journald)',
    units: { 'foo.socket': '[Socket]\nListenStream=80\nService=bar.service\nBindToDevice=eth0\nExecStartPre=/bin/true\n' },
    want: ['foo.socket Triggers bar.service', 'foo.socket Before bar.service', 'foo.socket BindsTo sys-subsystem-net-devices-eth0.device',
      'sys-subsystem-net-devices-eth0.device Before foo.socket', ...SLICE('foo.socket'), JOURNAL('foo.socket')],
  },
  {
    name: 'timer: Triggers+Before the service of the same name; Persistent= needs /var/lib/systemd/timers',
    units: { 'foo.timer': '[Timer]\nOnCalendar=daily\nPersistent=true\n' },
    want: ['foo.timer Triggers foo.service', 'foo.timer Before foo.service', ROOT('foo.timer')],
  },
  {
    name: 'timer Unit=: the first one wins',
    units: { 'foo.timer': '[Timer]\nOnBootSec=1\nUnit=bar.service\nUnit=baz.service\n' },
    want: ['foo.timer Triggers bar.service', 'foo.timer Before bar.service'],
  },
  {
    name: 'path: triggers, and RequiresMountsFor= the watched path',
    initrd: true,
    units: { 'flag.path': '[Path]\nPathExists=/sysroot/etc/flag\nUnit=x.service\n', 'sysroot.mount': SYSROOT },
    want: ['flag.path Triggers x.service', 'flag.path Before x.service', 'flag.path Requires sysroot.mount', 'sysroot.mount Before flag.path', ROOT('flag.path')],
  },
  {
    name: 'automount: triggers the mount of the same name; needs its parent',
    initrd: true,
    units: { 'sysroot-data.automount': '[Automount]\nWhere=/sysroot/data\n', 'sysroot.mount': SYSROOT },
    want: ['sysroot-data.automount Triggers sysroot-data.mount', 'sysroot-data.automount Before sysroot-data.mount',
      'sysroot-data.automount Requires sysroot.mount', 'sysroot.mount Before sysroot-data.automount', ROOT('sysroot-data.automount')],
  },
  // ---- services
  { name: 'service: slice and the journald socket (StandardOutput=journal is the default)', units: { 'foo.service': SVC }, want: [...SLICE('foo.service'), JOURNAL('foo.service')] },
  { name: 'StandardOutput=null: no journald socket', units: { 'foo.service': `${SVC}StandardOutput=null\n` }, want: SLICE('foo.service') },
  { name: 'StandardOutput=null, StandardError=kmsg: journald socket', units: { 'foo.service': `${SVC}StandardOutput=null\nStandardError=kmsg\n` }, want: [...SLICE('foo.service'), JOURNAL('foo.service')] },
  { name: 'StandardInput=socket: output inherits the socket, no journald', units: { 'foo.service': `${SVC}StandardInput=socket\n` }, want: SLICE('foo.service') },
  { name: 'StandardInput=tty, StandardOutput=journal: journald', units: { 'foo.service': `${SVC}StandardInput=tty\nStandardOutput=journal\n` }, want: [...SLICE('foo.service'), JOURNAL('foo.service')] },
  { name: 'an invalid StandardOutput= is ignored', units: { 'foo.service': `${SVC}StandardOutput=null\nStandardOutput=bogus\n` }, want: SLICE('foo.service') },
  {
    name: 'LogNamespace=: the namespace\'s journald units instead',
    units: { 'foo.service': `${SVC}LogNamespace=ns\n` },
    want: [...SLICE('foo.service'), ...['systemd-journald@ns.socket', 'systemd-journald-varlink@ns.socket', 'systemd-journald-sync@ns.service'].flatMap((n) => [`foo.service Requires ${n}`, `${n} Before foo.service`])],
  },
  {
    name: 'Type=dbus: Requires+After dbus.socket',
    units: { 'foo.service': `${SVC}Type=dbus\nBusName=org.example.Foo\n` },
    want: ['foo.service Requires dbus.socket', 'dbus.socket Before foo.service', ...SLICE('foo.service'), JOURNAL('foo.service')],
  },
  {
    name: 'BusName= without Type= implies Type=dbus',
    units: { 'foo.service': `${SVC}BusName=org.example.Foo\n` },
    want: ['foo.service Requires dbus.socket', 'dbus.socket Before foo.service', ...SLICE('foo.service'), JOURNAL('foo.service')],
  },
  { name: 'BusName= with Type=simple: no dbus.socket', units: { 'foo.service': `${SVC}Type=simple\nBusName=org.example.Foo\n` }, want: [...SLICE('foo.service'), JOURNAL('foo.service')] },
  {
    name: 'Sockets=: Wants+After each socket, which triggers the service',
    units: { 'foo.service': `${SVC}Sockets=a.socket b.socket\nSockets=not-a-socket.service\n` },
    want: ['foo.service Wants a.socket', 'a.socket Before foo.service', 'a.socket Triggers foo.service', 'foo.service Wants b.socket', 'b.socket Before foo.service',
      'b.socket Triggers foo.service', ...SLICE('foo.service'), JOURNAL('foo.service')],
  },
  { name: 'an instance goes to system-<template>.slice', units: { 'getty@tty1.service': SVC }, want: [...SLICE('getty@tty1.service', 'system-getty.slice'), JOURNAL('getty@tty1.service')] },
  {
    name: 'the per-template slice escapes the prefix',
    units: { 'systemd-fsck@dev-sda1.service': SVC },
    want: [...SLICE('systemd-fsck@dev-sda1.service', 'system-systemd\\x2dfsck.slice'), JOURNAL('systemd-fsck@dev-sda1.service')],
  },
  { name: 'Slice=', units: { 'foo.service': `${SVC}Slice=machine.slice\n` }, want: [...SLICE('foo.service', 'machine.slice'), JOURNAL('foo.service')] },
  {
    name: 'v256 PrivateTmp=yes: WantsMountsFor=/tmp /var/tmp, After systemd-tmpfiles-setup.service',
    units: { 'foo.service': `${SVC}PrivateTmp=yes\n`, 'tmp.mount': '[Mount]\nWhat=tmpfs\nWhere=/tmp\nType=tmpfs\n' },
    want: ['foo.service Wants tmp.mount', 'tmp.mount Before foo.service', ROOT('foo.service'), 'systemd-tmpfiles-setup.service Before foo.service', ...SLICE('foo.service'), JOURNAL('foo.service')],
  },
  {
    name: 'v252 PrivateTmp=yes: After+Wants tmp.mount by name, RequiresMountsFor=/var/tmp',
    version: 252,
    units: { 'foo.service': `${SVC}PrivateTmp=yes\n`, 'var.mount': '[Mount]\nWhat=/dev/sdc\nWhere=/var\n' },
    want: ['foo.service Wants tmp.mount', 'tmp.mount Before foo.service', 'foo.service Requires var.mount', 'var.mount Before foo.service', ROOT('foo.service'),
      'systemd-tmpfiles-setup.service Before foo.service', ...SLICE('foo.service'), JOURNAL('foo.service')],
  },
  {
    name: 'v256 DynamicUser=yes implies PrivateTmp=yes',
    units: { 'foo.service': `${SVC}DynamicUser=yes\n` },
    want: [ROOT('foo.service'), 'systemd-tmpfiles-setup.service Before foo.service', ...SLICE('foo.service'), JOURNAL('foo.service')],
  },
  { name: 'v257 DynamicUser=yes: a disconnected /tmp, no dependencies', version: 257, units: { 'foo.service': `${SVC}DynamicUser=yes\n` }, want: [...SLICE('foo.service'), JOURNAL('foo.service')] },
  { name: 'v257 PrivateTmp=disconnected: no dependencies', version: 257, units: { 'foo.service': `${SVC}PrivateTmp=disconnected\n` }, want: [...SLICE('foo.service'), JOURNAL('foo.service')] },
  {
    name: 'StateDirectory=: RequiresMountsFor=/var/lib/<dir>, After systemd-remount-fs.service',
    units: { 'foo.service': `${SVC}StateDirectory=foo\n`, 'var-lib.mount': '[Mount]\nWhat=/dev/sdd\nWhere=/var/lib\n' },
    want: ['foo.service Requires var-lib.mount', 'var-lib.mount Before foo.service', ROOT('foo.service'), 'systemd-remount-fs.service Before foo.service', ...SLICE('foo.service'), JOURNAL('foo.service')],
  },
  {
    name: 'v256 WorkingDirectory=-/srv: Wants=, not Requires=',
    units: { 'foo.service': `${SVC}WorkingDirectory=-/srv\n`, 'srv.mount': '[Mount]\nWhat=/dev/sde\nWhere=/srv\n' },
    want: ['foo.service Wants srv.mount', 'srv.mount Before foo.service', ROOT('foo.service'), ...SLICE('foo.service'), JOURNAL('foo.service')],
  },
  {
    name: 'ManagedOOMSwap=kill: Wants+After systemd-oomd.service',
    units: { 'foo.service': `${SVC}ManagedOOMSwap=kill\n` },
    want: ['foo.service Wants systemd-oomd.service', 'systemd-oomd.service Before foo.service', ...SLICE('foo.service'), JOURNAL('foo.service')],
  },
  {
    name: 'a service with DefaultDependencies=no keeps its implicit dependencies (not oomd)',
    units: { 'foo.service': `[Unit]\nDefaultDependencies=no\n${SVC}ManagedOOMSwap=kill\n` },
    want: [...SLICE('foo.service'), JOURNAL('foo.service')],
  },
  // ---- swap, slices, the rest
  {
    name: 'swap on a device: Requires+After it (never BindsTo), After blockdev@',
    units: { 'dev-sda2.swap': '[Swap]\nWhat=/dev/sda2\n' },
    want: ['dev-sda2.swap Requires dev-sda2.device', 'dev-sda2.device Before dev-sda2.swap', 'blockdev@dev-sda2.target Before dev-sda2.swap',
      ROOT('dev-sda2.swap'), ...SLICE('dev-sda2.swap'), JOURNAL('dev-sda2.swap')],
  },
  {
    name: 'swap file: After systemd-remount-fs.service',
    units: { 'swapfile.swap': '[Swap]\nWhat=/swapfile\n' },
    want: ['systemd-remount-fs.service Before swapfile.swap', ROOT('swapfile.swap'), ...SLICE('swapfile.swap'), JOURNAL('swapfile.swap')],
  },
  { name: 'slice: Requires+After its parent', units: { 'foo-bar.slice': '[Slice]\n' }, want: SLICE('foo-bar.slice', 'foo.slice') },
  { name: 'system.slice: in -.slice', units: { 'system.slice': '' }, origin: { 'system.slice': 'referenced' }, want: SLICE('system.slice', '-.slice') },
  { name: '-.slice: nothing', units: { '-.slice': '' }, want: [] },
  { name: 'target: nothing', units: { 'foo.target': '[Unit]\nWants=a.service\n' }, want: [] },
  { name: 'device: nothing', units: { 'dev-sda.device': '' }, want: [] },
];

describe('implicitDependencies (v256)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const units = Object.entries(c.units).map(([n, t]) => {
        const o = c.origin?.[n];
        return makeUnit(n, t, o === 'masked' ? { masked: true } : o === undefined ? {} : { origin: o });
      });
      const ctx = makeContext(units, { initrd: c.initrd ?? false, ...(c.version === undefined ? {} : { systemdVersion: c.version }) });
      expect(edgeStrings(implicitDependencies(units[0]!, ctx))).toEqual([...c.want].sort());
    });
  }

  it('a referenced (absent) service or a masked one has none', () => {
    const a = makeUnit('a.service', '', { origin: 'referenced' });
    const b = makeUnit('b.service', SVC, { masked: true });
    expect(implicitDependencies(a, makeContext([a]))).toEqual([]);
    expect(implicitDependencies(b, makeContext([b]))).toEqual([]);
  });

  it('edges carry origin implicit, the cause in `via`, and the directive\'s file and line', () => {
    const u = makeUnit('sysroot.mount', SYSROOT);
    const e = implicitDependencies(u, makeContext([u], { initrd: true })).find((x) => x.kind === 'Requires' && x.to.endsWith('.device'));
    expect(e).toEqual({ from: 'sysroot.mount', to: 'dev-mapper-root.device', kind: 'Requires', origin: 'implicit',
      file: 'etc/systemd/system/sysroot.mount', line: 2, via: 'What=/dev/mapper/root: Requires=dev-mapper-root.device' });
  });

  it('lists the settings it translates, so the builder does not translate them again', () => {
    expect(IMPLICIT_SOURCE_KEYS).toContainEqual(['Unit', 'RequiresMountsFor']);
    expect(IMPLICIT_SOURCE_KEYS).toContainEqual(['Service', 'Sockets']);
  });
});
