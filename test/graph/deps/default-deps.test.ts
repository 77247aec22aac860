/**
 * DefaultDependencies=yes, per unit type, as systemd v256 adds them (src/core/<type>.c:
 * <type>_add_default_dependencies). Each case: unit files in, the edges of one unit out.
 */
import { describe, expect, it } from '@jest/globals';
import { defaultDependencies } from '../../../src/graph/default-deps.js';
import { edgeStrings, makeContext, makeUnit, type MakeUnitOptions } from '../../helpers/make-unit.js';

interface Case {
  name: string;
  /** The unit under test first; other units only make up the context. */
  units: Record<string, string>;
  opts?: MakeUnitOptions;
  initrd?: boolean;
  version?: number;
  want: string[];
}

const SERVICE = ['foo.service Requires sysinit.target', 'sysinit.target Before foo.service', 'basic.target Before foo.service',
  'foo.service Before shutdown.target', 'foo.service Conflicts shutdown.target'];
const UMOUNT = (m: string): string[] => [`${m} Before umount.target`, `${m} Conflicts umount.target`];

const cases: Case[] = [
  // services
  { name: 'service: Requires+After sysinit, After basic, Before+Conflicts shutdown', units: { 'foo.service': '[Service]\nExecStart=/bin/true\n' }, want: SERVICE },
  { name: 'service in the initrd: the same (service.c has no in_initrd() case)', initrd: true, units: { 'foo.service': '[Service]\nExecStart=/bin/true\n' }, want: SERVICE },
  { name: 'service with DefaultDependencies=no: nothing', units: { 'foo.service': '[Unit]\nDefaultDependencies=no\n[Service]\nExecStart=/bin/true\n' }, want: [] },
  { name: 'an empty DefaultDependencies= is ignored, not a reset', units: { 'foo.service': '[Unit]\nDefaultDependencies=no\nDefaultDependencies=\n' }, want: [] },
  { name: 'the last parseable DefaultDependencies= wins', units: { 'foo.service': '[Unit]\nDefaultDependencies=no\nDefaultDependencies=true\n' }, want: SERVICE },
  { name: 'an absent (referenced) service is not loaded: nothing', units: { 'foo.service': '' }, opts: { origin: 'referenced' }, want: [] },
  { name: 'a masked service: nothing', units: { 'foo.service': '' }, opts: { masked: true }, want: [] },
  { name: 'a template is never loaded: nothing', units: { 'foo@.service': '[Service]\nExecStart=/bin/true\n' }, want: [] },
  // socket, timer, path
  {
    name: 'socket: Before sockets.target, Requires+After sysinit, Before+Conflicts shutdown',
    units: { 'foo.socket': '[Socket]\nListenStream=/run/foo.sock\n' },
    want: ['foo.socket Before sockets.target', 'foo.socket Requires sysinit.target', 'sysinit.target Before foo.socket',
      'foo.socket Before shutdown.target', 'foo.socket Conflicts shutdown.target'],
  },
  {
    name: 'timer without OnCalendar=: Before timers.target, sysinit, shutdown',
    units: { 'foo.timer': '[Timer]\nOnBootSec=5min\n' },
    want: ['foo.timer Before timers.target', 'foo.timer Requires sysinit.target', 'sysinit.target Before foo.timer',
      'foo.timer Before shutdown.target', 'foo.timer Conflicts shutdown.target'],
  },
  {
    name: 'timer with OnCalendar=: also After time-set.target and time-sync.target',
    units: { 'foo.timer': '[Timer]\nOnCalendar=daily\n' },
    want: ['foo.timer Before timers.target', 'foo.timer Requires sysinit.target', 'sysinit.target Before foo.timer',
      'time-set.target Before foo.timer', 'time-sync.target Before foo.timer', 'foo.timer Before shutdown.target', 'foo.timer Conflicts shutdown.target'],
  },
  {
    name: 'timer: an empty On*= clears OnCalendar= too',
    units: { 'foo.timer': '[Timer]\nOnCalendar=daily\nOnActiveSec=\nOnBootSec=1h\n' },
    want: ['foo.timer Before timers.target', 'foo.timer Requires sysinit.target', 'sysinit.target Before foo.timer',
      'foo.timer Before shutdown.target', 'foo.timer Conflicts shutdown.target'],
  },
  {
    name: 'path: Before paths.target, sysinit, shutdown',
    units: { 'foo.path': '[Path]\nPathExists=/run/flag\n' },
    want: ['foo.path Before paths.target', 'foo.path Requires sysinit.target', 'sysinit.target Before foo.path',
      'foo.path Before shutdown.target', 'foo.path Conflicts shutdown.target'],
  },
  // swap, automount
  { name: 'swap: Before swap.target, Before+Conflicts umount.target', units: { 'dev-sda2.swap': '[Swap]\nWhat=/dev/sda2\n' }, want: ['dev-sda2.swap Before swap.target', ...UMOUNT('dev-sda2.swap')] },
  {
    name: 'automount: Before local-fs.target, After local-fs-pre.target, umount',
    units: { 'data.automount': '[Automount]\nWhere=/data\n' },
    want: ['data.automount Before local-fs.target', 'local-fs-pre.target Before data.automount', ...UMOUNT('data.automount')],
  },
  // targets, slices, devices
  { name: 'target: Before+Conflicts shutdown.target', units: { 'foo.target': '[Unit]\nDescription=x\n' }, want: ['foo.target Before shutdown.target', 'foo.target Conflicts shutdown.target'] },
  { name: 'shutdown.target itself: nothing', units: { 'shutdown.target': '[Unit]\nDescription=x\n' }, want: [] },
  { name: 'slice: Before+Conflicts shutdown.target', units: { 'foo.slice': '[Slice]\n' }, want: ['foo.slice Before shutdown.target', 'foo.slice Conflicts shutdown.target'] },
  { name: 'an absent slice still loads (no fragment needed)', units: { 'system-foo.slice': '' }, opts: { origin: 'referenced' }, want: ['system-foo.slice Before shutdown.target', 'system-foo.slice Conflicts shutdown.target'] },
  { name: 'system.slice and -.slice are perpetual: nothing', units: { 'system.slice': '[Slice]\n' }, want: [] },
  { name: 'device: nothing', units: { 'dev-sda.device': '[Unit]\nDescription=x\n' }, want: [] },
  { name: 'a scope read from a file is refused (only transient scopes exist): nothing', units: { 'foo.scope': '[Scope]\n' }, want: [] },
  // mounts
  {
    name: 'initrd: sysroot.mount Before initrd-root-fs.target, After local-fs-pre.target',
    initrd: true,
    units: { 'sysroot.mount': '[Mount]\nWhat=/dev/mapper/root\nWhere=/sysroot\n' },
    want: ['sysroot.mount Before initrd-root-fs.target', 'local-fs-pre.target Before sysroot.mount', ...UMOUNT('sysroot.mount')],
  },
  {
    name: 'initrd: sysroot-nix.mount Before initrd-fs.target',
    initrd: true,
    units: { 'sysroot-nix.mount': '[Mount]\nWhat=/dev/disk/by-label/nix\nWhere=/sysroot/nix\n' },
    want: ['sysroot-nix.mount Before initrd-fs.target', 'local-fs-pre.target Before sysroot-nix.mount', ...UMOUNT('sysroot-nix.mount')],
  },
  {
    name: 'not in the initrd, /sysroot is an ordinary local mount',
    units: { 'sysroot.mount': '[Mount]\nWhat=/dev/mapper/root\nWhere=/sysroot\n' },
    want: ['sysroot.mount Before local-fs.target', 'local-fs-pre.target Before sysroot.mount', ...UMOUNT('sysroot.mount')],
  },
  {
    name: 'nofail: no Before= on the fs target, the rest stays',
    initrd: true,
    units: { 'sysroot-nix.mount': '[Mount]\nWhat=/dev/disk/by-label/nix\nWhere=/sysroot/nix\nOptions=noatime,nofail\n' },
    want: ['local-fs-pre.target Before sysroot-nix.mount', ...UMOUNT('sysroot-nix.mount')],
  },
  {
    name: 'nofail followed by fail: the last one wins',
    units: { 'data.mount': '[Mount]\nWhat=/dev/sdb1\nWhere=/data\nOptions=nofail,fail\n' },
    want: ['data.mount Before local-fs.target', 'local-fs-pre.target Before data.mount', ...UMOUNT('data.mount')],
  },
  {
    name: 'x-initrd.mount in the initrd: an ordinary local mount',
    initrd: true,
    units: { 'data.mount': '[Mount]\nWhat=/dev/sdb1\nWhere=/data\nOptions=x-initrd.mount\n' },
    want: ['data.mount Before local-fs.target', 'local-fs-pre.target Before data.mount', ...UMOUNT('data.mount')],
  },
  { name: 'x-initrd.mount on the host: extrinsic, nothing', units: { 'data.mount': '[Mount]\nWhat=/dev/sdb1\nWhere=/data\nOptions=x-initrd.mount\n' }, want: [] },
  {
    name: 'initrd: /sysusr/usr goes before initrd-usr-fs.target',
    initrd: true,
    units: { 'sysusr-usr.mount': '[Mount]\nWhat=/dev/disk/by-partlabel/usr\nWhere=/sysusr/usr\n' },
    want: ['sysusr-usr.mount Before initrd-usr-fs.target', 'local-fs-pre.target Before sysusr-usr.mount', ...UMOUNT('sysusr-usr.mount')],
  },
  {
    name: 'network file system: remote-fs targets, network.target, network-online.target',
    units: { 'mnt-nfs.mount': '[Mount]\nWhat=server:/export\nWhere=/mnt/nfs\nType=nfs4\n' },
    want: ['mnt-nfs.mount Before remote-fs.target', 'remote-fs-pre.target Before mnt-nfs.mount', ...UMOUNT('mnt-nfs.mount'),
      'network.target Before mnt-nfs.mount', 'mnt-nfs.mount Wants network-online.target', 'network-online.target Before mnt-nfs.mount'],
  },
  {
    name: '_netdev makes any mount a network mount; in the initrd /sysroot still wins',
    initrd: true,
    units: { 'sysroot.mount': '[Mount]\nWhat=/dev/sda1\nWhere=/sysroot\nOptions=_netdev\n' },
    want: ['sysroot.mount Before initrd-root-fs.target', 'local-fs-pre.target Before sysroot.mount', ...UMOUNT('sysroot.mount'),
      'network.target Before sysroot.mount', 'sysroot.mount Wants network-online.target', 'network-online.target Before sysroot.mount'],
  },
  {
    name: 'tmpfs: also After swap.target',
    units: { 'scratch.mount': '[Mount]\nWhat=tmpfs\nWhere=/scratch\nType=tmpfs\n' },
    want: ['scratch.mount Before local-fs.target', 'local-fs-pre.target Before scratch.mount', ...UMOUNT('scratch.mount'), 'swap.target Before scratch.mount'],
  },
  { name: 'extrinsic /usr: nothing', units: { 'usr.mount': '[Mount]\nWhat=/dev/sda3\nWhere=/usr\n' }, want: [] },
  { name: 'extrinsic below /run/initramfs: nothing', units: { 'run-initramfs-x.mount': '[Mount]\nWhat=tmpfs\nWhere=/run/initramfs/x\nType=tmpfs\n' }, want: [] },
  { name: 'mount with DefaultDependencies=no: nothing', initrd: true, units: { 'sysroot.mount': '[Unit]\nDefaultDependencies=no\n[Mount]\nWhat=/dev/vda\nWhere=/sysroot\n' }, want: [] },
  { name: 'an absent mount unit (no fragment) is not loaded: nothing', units: { 'data.mount': '' }, opts: { origin: 'referenced' }, want: [] },
  { name: 'v256: credential mounts get no default dependencies', units: { 'run-credentials-foo.service.mount': '[Mount]\nWhat=tmpfs\nWhere=/run/credentials/foo.service\nType=tmpfs\n' }, want: [] },
  {
    name: 'v251: /sysroot in the initrd had no After=local-fs-pre.target yet',
    initrd: true,
    version: 251,
    units: { 'sysroot.mount': '[Mount]\nWhat=/dev/mapper/root\nWhere=/sysroot\n' },
    want: ['sysroot.mount Before initrd-root-fs.target', ...UMOUNT('sysroot.mount')],
  },
];

describe('defaultDependencies (v256)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const entries = Object.entries(c.units);
      const units = entries.map(([n, t], i) => makeUnit(n, t, i === 0 ? c.opts : {}));
      const ctx = makeContext(units, { initrd: c.initrd ?? false, ...(c.version === undefined ? {} : { systemdVersion: c.version }) });
      expect(edgeStrings(defaultDependencies(units[0]!, ctx))).toEqual([...c.want].sort());
    });
  }

  it('edges carry origin default, the rule in `via`, and the DefaultDependencies= line when there is one', () => {
    const u = makeUnit('foo.service', '[Unit]\nDescription=x\nDefaultDependencies=yes\n');
    const e = defaultDependencies(u, makeContext([u])).find((x) => x.from === 'basic.target');
    expect(e).toEqual({ from: 'basic.target', to: 'foo.service', kind: 'Before', origin: 'default',
      file: 'etc/systemd/system/foo.service', line: 3, via: 'DefaultDependencies=yes (service): After=basic.target' });
    const plain = makeUnit('bar.service', '[Service]\nExecStart=/bin/true\n');
    const e2 = defaultDependencies(plain, makeContext([plain]))[0];
    expect(e2?.file).toBeUndefined();
    expect(e2?.via).toBe('DefaultDependencies=yes (service): Requires=sysinit.target');
  });

  it('Conflicts= is normalised from the unit to the other unit', () => {
    const u = makeUnit('foo.socket', '[Socket]\nListenStream=1\n');
    expect(defaultDependencies(u, makeContext([u])).filter((e) => e.kind === 'Conflicts').map((e) => [e.from, e.to])).toEqual([['foo.socket', 'shutdown.target']]);
  });
});
