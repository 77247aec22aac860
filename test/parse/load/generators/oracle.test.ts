/**
 * The emulation against the real generators of this machine (Debian bookworm: systemd 252):
 * every file and link they write must be byte-identical to what the emulation writes with
 * `systemdVersion` set to the host's version and Debian's build paths. Skipped without binaries.
 */
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runCryptsetupGenerator } from '../../../../src/parse/load/generators/crypttab.js';
import { runFstabGenerator } from '../../../../src/parse/load/generators/fstab.js';
import type { GeneratedTree } from '../../../../src/parse/load/generators/types.js';
import { cleanup, GENERATOR_BIN_DIR, ORACLE_NOT_IN_CONTAINER, oracleVersion, runOracle, type OracleInput } from './oracle.js';
import { skipTitle } from '../../../helpers/skip.js';

const host = GENERATOR_BIN_DIR === undefined ? undefined : oracleVersion();
const version = host?.version;
const suite = version === undefined ? describe.skip : describe;

const hostRead = (p: string): string | undefined => {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return undefined;
  }
};

const relative = (t: GeneratedTree): Map<string, string> => {
  const out = new Map<string, string>();
  const strip = (p: string): string => p.replace(/^\/run\/systemd\/generator\//, '');
  for (const [p, text] of t.files) out.set(strip(p), text);
  for (const [p, target] of t.links) out.set(strip(p), `-> ${target}`);
  return new Map([...out].sort(([a], [b]) => (a < b ? -1 : 1)));
};

const compare = (input: OracleInput): void => {
  const oracle = runOracle(input);
  const env = new Map([
    ['PATH', '/usr/sbin:/usr/bin:/sbin:/bin'],
    ['SYSTEMD_FSTAB', oracle.paths.fstab],
    ['SYSTEMD_CRYPTTAB', oracle.paths.crypttab],
    ['RUNTIME_DIRECTORY', oracle.paths.runtime],
    ...(input.sysrootFstab === undefined ? [] : [['SYSTEMD_SYSROOT_FSTAB', oracle.paths.sysrootFstab] as [string, string]]),
  ]);
  const run = input.generator === 'fstab' ? runFstabGenerator : runCryptsetupGenerator;
  const tree = run({
    initrd: input.initrd, read: hostRead, env, cmdline: input.cmdline, systemdVersion: version as number, systemdPatch: host?.patch ?? 0,
    paths: { libexecDir: '/lib/systemd', unitDir: '/lib/systemd/system', umountPath: '/bin/umount' },
  });
  cleanup(oracle.work);
  expect(Object.fromEntries(relative(tree))).toEqual(Object.fromEntries(oracle.out));
};

const FSTAB = `# comment
UUID=4a3b-99ff /data ext4 defaults,x-systemd.device-timeout=2min 0 2
LABEL=my\\040disk /mnt/my\\040disk ext4 ro 0 0
/dev/disk/by-id/ata-ST-1000-part1 /srv/a-b xfs nofail,x-systemd.requires=/srv,x-systemd.after=foo.service,x-systemd.before=bar.target 0 2
/dev/sdb2 none swap defaults,nofail 0 0
/dev/sdb3 swap swap noauto,x-systemd.device-timeout=0 0 0
server:/export /net nfs _netdev,bg 0 0
/dev/sdc1 /auto ext4 x-systemd.automount,x-systemd.idle-timeout=90,x-systemd.mount-timeout=1min30s 0 2
/srv/src /srv/bind none bind,x-systemd.requires-mounts-for=/srv/src 0 0
/dev/sdd1 /opt/extra/ ext4 noauto,x-systemd.wanted-by=multi-user.target 0 0
/dev/sdd2 /iscsi ext4 _netdev,x-systemd.rw-only 0 1
tmpfs /tmp tmpfs mode=1777,size=50% 0 0
/dev/sde1 /data ext4 defaults 0 2
garbage
/dev/sdf1 /onlytwo
/dev/sdg1 relative ext4 defaults 0 0
/dev/sda1 / ext4 defaults,nofail,x-systemd.automount 0 1
/dev/sdh1 /grow ext4 x-systemd.growfs,x-systemd.makefs 0 2
/dev/sdh2 none swap x-systemd.makefs 0 0
/dev/sdh3 /usr ext4 defaults 0 2
`;

const SYSROOT_FSTAB = `/dev/mapper/root / ext4 x-initrd.mount,noatime 0 1
/dev/mapper/root /usr ext4 subvol=usr 0 0
/dev/vg/var-lib /var/lib ext4 x-initrd.mount,nofail 0 2
/dev/vg/home /home ext4 defaults 0 2
/persist/etc /etc/persist none bind,x-initrd.mount 0 0
`;

const CRYPTTAB = `# name device key options
root /dev/disk/by-uuid/5f1c3e2a-8b4d-4c7e-9a1f-2d3e4f5a6b7c - 
enc\tUUID=c3f1a9d2-6e8b-4f3a-b2c1-9d8e7f6a5b4c\tnone\tdiscard,x-initrd.attach
data-1 /dev/sdb1 /etc/keys/data.key nofail,x-systemd.device-timeout=10s
usbkey /dev/sdc1 /keys/k.bin:LABEL=KEYS keyfile-timeout=5s
usbkey2 /dev/sdc2 /keys/k2.bin:/dev/disk/by-label/KEYS2
net /dev/sdd1 /dev/urandom _netdev,noauto
scratch /dev/sde1 /dev/urandom tmp=xfs
swapc /dev/sde2 /dev/urandom swap,nofail
loop /var/lib/disk.img /dev/sdz9 keyfile-timeout=1min
hdr /dev/sdf1 - header=/boot/hdr.img
hdr2 /dev/sdf2 - header=/hdr.img:UUID=1111-2222
malformed
`;

const DRACUT = fileURLToPath(new URL('../../../fixtures/dracut/', import.meta.url));

suite(skipTitle(version !== undefined, 'systemd\'s generators are not installed here', `the emulation matches this machine's generators (systemd ${version ?? 'absent'})`), () => {
  it('fstab-generator on a booted system', () => {
    compare({ generator: 'fstab', initrd: false, cmdline: '', fstab: ORACLE_NOT_IN_CONTAINER ? FSTAB : FSTAB.replace(/^.* swap .*$/gm, '') });
  });

  it('fstab-generator in the initrd: /etc/fstab, the sysroot fstab and root= from the command line', () => {
    compare({
      generator: 'fstab', initrd: true, cmdline: 'root=/dev/disk/by-uuid/aa-bb rootfstype=ext4 rootflags=noatime rw',
      fstab: '/dev/sda9 /run/initramfs/x ext4 defaults 0 2\n', sysrootFstab: SYSROOT_FSTAB,
    });
  });

  it('fstab-generator in the initrd: root=LABEL=, mount.usr=, x-systemd.device-timeout on root', () => {
    compare({ generator: 'fstab', initrd: true, cmdline: 'root=LABEL=root-fs mount.usr=/dev/sda3 mount.usrfstype=xfs ro', sysrootFstab: SYSROOT_FSTAB });
  });

  it('fstab-generator in the initrd: root=tmpfs, fstab=0', () => {
    compare({ generator: 'fstab', initrd: true, cmdline: 'root=tmpfs fstab=0', fstab: FSTAB });
    compare({ generator: 'fstab', initrd: true, cmdline: 'root=tmpfs rootflags=size=1G' });
    for (const c of ['rootflags=mode=0700,size=1G ro', 'rootflags=mode=0700', 'rootflags=ro', 'rootfstype=ramfs', 'rw', 'ro'])
      compare({ generator: 'fstab', initrd: true, cmdline: `root=tmpfs ${c}` });
  });

  it('both generators on the dracut fixture fstab and crypttab (an initrd that names /sysroot itself)', () => {
    compare({ generator: 'fstab', initrd: true, cmdline: '', fstab: readFileSync(`${DRACUT}fstab`, 'utf8') });
    compare({ generator: 'cryptsetup', initrd: true, cmdline: '', crypttab: readFileSync(`${DRACUT}crypttab`, 'utf8') });
  });

  it('cryptsetup-generator: crypttab with key devices, headers, tmp/swap, loop files, a malformed line', () => {
    compare({ generator: 'cryptsetup', initrd: true, cmdline: '', crypttab: CRYPTTAB });
  });

  it('cryptsetup-generator outside the initrd', () => {
    compare({ generator: 'cryptsetup', initrd: false, cmdline: 'rd.luks.uuid=ignored', crypttab: CRYPTTAB });
  });

  it('cryptsetup-generator: rd.luks.uuid / rd.luks.name allow-list, luks.options, luks.key', () => {
    compare({
      generator: 'cryptsetup', initrd: true,
      cmdline: 'rd.luks.name=5f1c3e2a-8b4d-4c7e-9a1f-2d3e4f5a6b7c=cryptroot rd.luks.uuid=luks-0123456789abcdef0123456789abcdef ' +
        'rd.luks.options=0123456789abcdef0123456789abcdef=discard,nofail rd.luks.key=0123456789abcdef0123456789abcdef=/k.key:LABEL=K',
      crypttab: CRYPTTAB,
    });
  });
});
