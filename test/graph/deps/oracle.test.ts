/**
 * Cross-check against the real systemd on this machine (Debian 12: v252), when there is one:
 * `systemd --test --system` run unprivileged with SYSTEMD_UNIT_PATH pointing at a directory of
 * test units prints every loaded unit with its dependencies. Each unit's own forward
 * dependencies there must equal explicit + implicit + default edges here (emulating v252).
 * Skipped when no systemd binary (or not v252) is available.
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultDependencies, targetDefaultOrdering, type DepContext } from '../../../src/graph/default-deps.js';
import { explicitDependencies } from '../../../src/graph/explicit-deps.js';
import { implicitDependencies } from '../../../src/graph/implicit-deps.js';
import { PULL_KINDS, type DepEdge } from '../../../src/graph/types.js';
import { makeContext, makeUnit } from '../../helpers/make-unit.js';
import { skipTitle } from '../../helpers/skip.js';

const SYSTEMD = '/lib/systemd/systemd';
const version = ((): number | undefined => {
  if (!existsSync(SYSTEMD) || process.getuid?.() !== 0) return undefined;
  try {
    const m = /^systemd (\d+)/.exec(execFileSync(SYSTEMD, ['--version'], { encoding: 'utf8' }));
    return m?.[1] === undefined ? undefined : Number(m[1]);
  } catch {
    return undefined;
  }
})();

const wantsLine = (files: Record<string, string>): string => `[Unit]\nWants=${Object.keys(files).filter((n) => !n.includes('@.')).join(' ')}\n`;

const FORWARD: Record<string, (u: string, o: string) => string> = {
  Requires: (u, o) => `${u} Requires ${o}`, Requisite: (u, o) => `${u} Requisite ${o}`, Wants: (u, o) => `${u} Wants ${o}`,
  BindsTo: (u, o) => `${u} BindsTo ${o}`, PartOf: (u, o) => `${u} PartOf ${o}`, Upholds: (u, o) => `${u} Upholds ${o}`,
  Conflicts: (u, o) => `${u} Conflicts ${o}`, Before: (u, o) => `${u} Before ${o}`, After: (u, o) => `${o} Before ${u}`,
  Triggers: (u, o) => `${u} Triggers ${o}`, TriggeredBy: (u, o) => `${o} Triggers ${u}`,
  PropagatesStopTo: (u, o) => `${u} PropagatesStopTo ${o}`, StopPropagatedFrom: (u, o) => `${o} PropagatesStopTo ${u}`,
};

/** The forward dependencies systemd recorded as the unit's own (any origin-* flag). */
const oracle = (files: Record<string, string>, initrd: boolean): Map<string, Set<string>> => {
  const dir = mkdtempSync(join(tmpdir(), 'unitgraph-oracle-'));
  try {
    chmodSync(dir, 0o755);
    for (const [n, t] of Object.entries(files)) writeFileSync(join(dir, n), t, { mode: 0o644 });
    writeFileSync(join(dir, 'oracle.target'), wantsLine(files), { mode: 0o644 });
    const out = execFileSync('runuser', ['-u', 'nobody', '--', SYSTEMD, '--test', '--system', '--unit=oracle.target', '--no-pager'], {
      encoding: 'utf8', env: { PATH: process.env.PATH ?? '/usr/bin:/bin', SYSTEMD_UNIT_PATH: dir, ...(initrd ? { SYSTEMD_IN_INITRD: '1' } : { SYSTEMD_IN_INITRD: '0' }) },
      stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 << 20,
    });
    const res = new Map<string, Set<string>>();
    let cur = '';
    for (const line of out.split('\n')) {
      const u = /^\t-> Unit (.+):$/.exec(line);
      if (u?.[1] !== undefined) cur = u[1];
      const m = /^\t\t(\w+): (\S+) \(([^)]*)\)$/.exec(line);
      if (m === null || cur === '' || !(m[1] as string in FORWARD) || !/origin-/.test(m[3] as string)) continue;
      const set = res.get(cur) ?? new Set<string>();
      set.add((FORWARD[m[1] as string] as (u: string, o: string) => string)(cur, m[2] as string));
      res.set(cur, set);
    }
    return res;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** Ours: every edge whose owner is the unit, as systemd would list it on that unit. */
const ours = (files: Record<string, string>, initrd: boolean): Map<string, Set<string>> => {
  const units = Object.entries(files).map(([n, t]) => makeUnit(n, t));
  units.push(makeUnit('oracle.target', wantsLine(files)));
  const base = makeContext(units, { initrd, systemdVersion: 252 });
  const befores = new Set<string>();
  const ctx: DepContext = { ...base, hasBefore: (a, b) => befores.has(`${a} ${b}`) };
  const res = new Map<string, Set<string>>();
  const put = (owner: string, e: DepEdge): void => {
    const s = res.get(owner) ?? new Set<string>();
    s.add(`${e.from} ${e.kind} ${e.to}`);
    res.set(owner, s);
    if (e.kind === 'Before') befores.add(`${e.from} ${e.to}`);
  };
  const pulls = new Map<string, string[]>();
  for (const u of units) {
    for (const e of [...explicitDependencies(u, (n) => n, []), ...implicitDependencies(u, ctx), ...defaultDependencies(u, ctx)]) {
      put(u.name, e);
      if (PULL_KINDS.has(e.kind)) pulls.set(e.from, [...(pulls.get(e.from) ?? []), e.to]);
    }
  }
  for (const u of units) if (u.type === 'target') for (const e of targetDefaultOrdering(u, pulls.get(u.name) ?? [], ctx)) put(u.name, e);
  return res;
};

const CASES: Array<{ name: string; initrd: boolean; files: Record<string, string> }> = [
  {
    name: 'initrd: sysroot.mount, sysroot-nix.mount (nofail), a service, a socket, a timer',
    initrd: true,
    files: {
      'sysroot.mount': '[Mount]\nWhat=/dev/mapper/root\nWhere=/sysroot\nType=ext4\n',
      'sysroot-nix.mount': '[Mount]\nWhat=/dev/disk/by-label/nix\nWhere=/sysroot/nix\nOptions=nofail\n',
      'foo.service': '[Unit]\nRequiresMountsFor=/sysroot/nix/store\n[Service]\nExecStart=/bin/true\nStateDirectory=foo\nPrivateTmp=yes\n',
      'early.service': '[Unit]\nDefaultDependencies=no\n[Service]\nType=oneshot\nExecStart=/bin/true\nStandardOutput=null\n',
      'foo.socket': '[Socket]\nListenStream=/run/foo.sock\n',
      'bar.socket': '[Socket]\nListenStream=1234\nAccept=yes\nBindToDevice=eth0\n',
      'foo.timer': '[Timer]\nOnCalendar=daily\nPersistent=true\n',
      'bus.service': '[Service]\nBusName=org.example.Foo\nExecStart=/bin/true\nSockets=foo.socket\n',
    },
  },
  {
    name: 'host: x-initrd.mount, nfs, tmpfs, bind mount, automount, path, slice',
    initrd: false,
    files: {
      'data.mount': '[Mount]\nWhat=/dev/sdb1\nWhere=/data\nOptions=x-initrd.mount,x-systemd.device-bound\n',
      'data-net.mount': '[Mount]\nWhat=server:/export\nWhere=/data/net\nType=nfs\n',
      'scratch.mount': '[Mount]\nWhat=tmpfs\nWhere=/scratch\nType=tmpfs\n',
      'srv.mount': '[Mount]\nWhat=/data/srv\nWhere=/srv\nOptions=bind\n',
      'srv.automount': '[Automount]\nWhere=/srv\n',
      'watch.path': '[Path]\nPathExists=/data/flag\nUnit=foo.service\n',
      'foo.service': '[Service]\nExecStart=/bin/true\nSlice=my.slice\n',
      'getty@tty1.service': '[Service]\nExecStart=/bin/true\nStandardInput=tty\n',
      'my-sub.slice': '[Slice]\n',
    },
  },
  {
    name: 'initrd: /sysusr/usr, quota, device-bound=no, /dev/root, loop, _netdev, fuse',
    initrd: true,
    files: {
      'sysusr-usr.mount': '[Mount]\nWhat=/dev/disk/by-partlabel/usr\nWhere=/sysusr/usr\n',
      'home.mount': '[Mount]\nWhat=/dev/sda3\nWhere=/home\nType=ext4\nOptions=usrquota,x-systemd.device-bound=no\n',
      'sysroot.mount': '[Mount]\nWhat=/dev/root\nWhere=/sysroot\n',
      'sysroot-img.mount': '[Mount]\nWhat=/sysroot/disk.img\nWhere=/sysroot/img\nOptions=loop,_netdev\n',
      'mnt-ssh.mount': '[Mount]\nWhat=me@host:/\nWhere=/mnt/ssh\nType=fuse.sshfs\n',
      'mnt.automount': '[Automount]\nWhere=/mnt\n[Unit]\nDefaultDependencies=no\n',
    },
  },
  {
    name: 'services: stdio, namespaces, images, directories, dbus, sockets',
    initrd: false,
    files: {
      'a.service': '[Service]\nExecStart=/bin/true\nStandardInput=socket\n',
      'b.service': '[Service]\nExecStart=/bin/true\nStandardOutput=null\nStandardError=kmsg\n',
      'c.service': '[Service]\nExecStart=/bin/true\nLogNamespace=foo\nWorkingDirectory=-/srv/c\nRootImage=/var/lib/img.raw\nPrivateDevices=yes\n',
      'd.service': '[Service]\nType=dbus\nBusName=org.example.D\nExecStart=/bin/true\nRuntimeDirectory=d\nCacheDirectory=d\nLogsDirectory=d:e\nDynamicUser=yes\n',
      'e.service': '[Service]\nType=simple\nBusName=org.example.E\nExecStart=/bin/true\nStandardOutput=syslog\nWorkingDirectory=/srv/e\nRootDirectory=/srv/root\n',
      'f.socket': '[Socket]\nListenFIFO=/run/f.fifo\nListenStream=@abstract\nService=e.service\nExecStartPre=/bin/true\n',
      'g@.service': '[Service]\nExecStart=/bin/true\n',
      'g@x.service': '[Service]\nExecStart=/bin/true\nSlice=not-a-slice.service\n',
      'srv.mount': '[Mount]\nWhat=/dev/sdc1\nWhere=/srv\n',
      'var-lib.mount': '[Mount]\nWhat=/dev/sdc2\nWhere=/var/lib\n',
    },
  },
  {
    name: 'targets: DefaultDependencies=no on either side, an existing order, a target pulling a target',
    initrd: false,
    files: {
      'a.target': '[Unit]\nWants=x.service y.service z.service b.target\n',
      'b.target': '[Unit]\nRequires=a-helper.service\nDefaultDependencies=no\n',
      'x.service': '[Unit]\nDefaultDependencies=no\n[Service]\nExecStart=/bin/true\n',
      'y.service': '[Unit]\nAfter=a.target\n[Service]\nExecStart=/bin/true\n',
      'z.service': '[Unit]\nBefore=a.target\n[Service]\nExecStart=/bin/true\n',
      'a-helper.service': '[Service]\nExecStart=/bin/true\n',
    },
  },
];

(version === 252 ? describe : describe.skip)(skipTitle(version === 252, version === undefined ? 'needs root and systemd (systemd --test)' : `the host's systemd is ${version}, not 252`, 'against systemd 252 --test'), () => {
  for (const c of CASES) {
    it(c.name, () => {
      const want = oracle(c.files, c.initrd);
      const got = ours(c.files, c.initrd);
      for (const name of [...Object.keys(c.files), 'oracle.target']) {
        expect({ name, edges: [...(got.get(name) ?? [])].sort() }).toEqual({ name, edges: [...(want.get(name) ?? [])].sort() });
      }
    });
  }
});
