import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import rule from '../../../../src/graph/checks/rules/missing-unit.js';
import { analyzeSource, checkGraph } from '../../../../src/index.js';
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

/**
 * systemd's own verdict on the same tree (TEST-65-ANALYZE expects it): `systemd-analyze verify`
 * fails a service whose default dependency sysinit.target is absent, "Unit sysinit.target not
 * found", and so does missing-unit. Runs where systemd-analyze is installed.
 */
const analyze = ['/usr/bin/systemd-analyze', '/bin/systemd-analyze'].find((p) => existsSync(p));
(analyze === undefined ? describe.skip : describe)('missing-unit and systemd-analyze verify agree on a tree without sysinit.target', () => {
  it.each([[false], [true]])('with sysinit.target present: %s', async (present) => {
    const root = mkdtempSync(join(tmpdir(), 'unitgraph-sysinit-'));
    mkdirSync(join(root, 'etc/systemd/system/default.target.wants'), { recursive: true });
    mkdirSync(join(root, 'usr/lib/systemd/system'), { recursive: true });
    writeFileSync(join(root, 'etc/systemd/system/a.service'), '[Service]\nType=oneshot\nExecStart=-/bin/true\n');
    writeFileSync(join(root, 'usr/lib/systemd/system/default.target'), '[Unit]\nDescription=Default\n');
    symlinkSync('../a.service', join(root, 'etc/systemd/system/default.target.wants/a.service'));
    if (present) writeFileSync(join(root, 'usr/lib/systemd/system/sysinit.target'), '[Unit]\nDescription=System Initialization\n');
    let out = '';
    try {
      out = execFileSync(analyze as string, ['verify', `--root=${root}`, '--man=no', 'a.service'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      out = String((e as { stderr?: string }).stderr ?? '') + String((e as { stdout?: string }).stdout ?? '');
    }
    const systemdFails = /Unit sysinit\.target not found/.test(out);
    const { graph } = await analyzeSource(root);
    const ours = checkGraph(graph).findings.filter((f) => f.rule === 'missing-unit' && f.units[0] === 'sysinit.target');
    expect({ systemd: systemdFails, unitgraph: ours.length === 1 }).toEqual({ systemd: !present, unitgraph: !present });
  });
});
