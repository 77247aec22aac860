import { describe, expect, it } from '@jest/globals';
import rule from '../../../../src/graph/checks/rules/file-not-in-image.js';
import { runChecks } from '../../../../src/graph/checks/run-checks.js';
import { checkOf, graphOf } from '../../../helpers/fixture.js';
import { ruleTable, wantedBy } from '../../../helpers/rule-table.js';

const svc = (service: string, unit = ''): string => `[Unit]\nDefaultDependencies=no\n${unit}\n[Service]\nType=oneshot\nExecStart=/bin/true\n${service}\n`;
const started = (service: string, unit = ''): { files: Record<string, string>; links: Record<string, string> } => ({
  files: { 'a.service': svc(service, unit) },
  links: wantedBy('initrd.target', 'a.service'),
});
/** The btrfs corpus's /etc/crypttab (a link to this store file), replaced in the crypttab cases. */
const CRYPTTAB = '/nix/store/d2wwyjwh1ll21160ymg3h9qzx8kikgr8-initrd-crypttab';
const DEV = '/dev/disk/by-uuid/c3f1a9d2-6e8b-4f3a-b2c1-9d8e7f6a5b4c';
const mount = (options: string, what: string): Record<string, string> => ({ 'srv.mount': `[Unit]\nDefaultDependencies=no\n[Mount]\nWhat=${what}\nWhere=/srv\nOptions=${options}\n` });

ruleTable(rule, {
  valid: [
    { name: 'the remote-unlock corpus', base: 'remote-unlock-luks' },
    { name: 'the btrfs corpus (its data key file is on /sysroot, mounted at boot)', base: 'btrfs-optin-state' },
    { name: 'EnvironmentFile= with "-": systemd reads it only if it is there', ...started('EnvironmentFile=-/etc/sysconfig/absent') },
    { name: 'EnvironmentFile= that the image has', ...started('EnvironmentFile=/etc/hostname') },
    { name: 'EnvironmentFile= under /run is made at boot', ...started('EnvironmentFile=/run/initramfs/env') },
    { name: 'an empty EnvironmentFile= resets the list', ...started('EnvironmentFile=/etc/absent\nEnvironmentFile=') },
    { name: 'a unit nothing starts', files: { 'a.service': svc('EnvironmentFile=/etc/absent') } },
    { name: 'ConditionPathExists= with | (triggering) or ! (negated)', ...started('', 'ConditionPathExists=|/etc/absent\nConditionPathExists=!/etc/absent') },
    { name: 'ConditionPathExists= in a root, which gains files after it is built', ...started('', 'ConditionPathExists=/etc/krb5.keytab'), initrd: false, target: 'initrd.target' },
    { name: 'ConditionPathExists= on /sysroot, /dev, /sys', ...started('', 'ConditionPathExists=/sysroot/etc/os-release\nConditionPathExists=/dev/tpmrm0\nAssertPathExists=/sys/firmware/efi') },
    { name: 'a crypttab key file of none or -', base: 'btrfs-optin-state', files: { [CRYPTTAB]: `enc ${DEV} none discard\n` } },
    { name: 'a crypttab key file on a key device (path:device)', base: 'btrfs-optin-state', files: { [CRYPTTAB]: `enc ${DEV} /keys/enc.key:LABEL=usbkey discard\n` } },
    { name: 'a crypttab key file the initrd holds', base: 'btrfs-optin-state', files: { [CRYPTTAB]: `enc ${DEV} /etc/hostname discard\n` } },
    { name: 'a crypttab key file /dev/urandom (swap)', base: 'btrfs-optin-state', files: { [CRYPTTAB]: `enc ${DEV} /dev/urandom swap\n` } },
    { name: 'a bind mount of a directory the image has', files: mount('bind', '/etc/ssh'), links: wantedBy('initrd.target', 'srv.mount') },
    { name: 'a bind mount from the real root', files: mount('bind', '/sysroot/srv'), links: wantedBy('initrd.target', 'srv.mount') },
    { name: 'What= of a mount that is no bind mount is a device', files: mount('ro', '/dev/vdb1'), links: wantedBy('initrd.target', 'srv.mount') },
  ],
  invalid: [
    { name: 'EnvironmentFile= missing', ...started('EnvironmentFile=/etc/default/unlock'), findings: [{ units: ['a.service'], message: /EnvironmentFile=\/etc\/default\/unlock .*not in the image/, line: 7 }] },
    {
      name: 'a crypttab key file missing from the initrd',
      base: 'btrfs-optin-state',
      files: { [CRYPTTAB]: `enc ${DEV} /etc/secrets/enc.key discard\n` },
      findings: [{ units: ['systemd-cryptsetup@enc.service'], message: /unlocks enc with the key file \/etc\/secrets\/enc\.key/ }],
    },
    { name: 'a bind mount of a path the image lacks', files: mount('bind,ro', '/etc/absent-dir'), links: wantedBy('initrd.target', 'srv.mount'), findings: [{ units: ['srv.mount'], message: /bind-mounts \/etc\/absent-dir/ }] },
    { name: 'AssertPathExists= on a path the image lacks', ...started('', 'AssertPathExists=/etc/absent.conf'), findings: [{ units: ['a.service'], message: /AssertPathExists=\/etc\/absent\.conf/ }] },
    { name: 'ConditionPathExists= on a path the image lacks (an info)', ...started('', 'ConditionPathExists=/etc/absent.conf'), findings: [{ units: ['a.service'], message: /ConditionPathExists=\/etc\/absent\.conf.*skips the unit/ }] },
  ],
});

describe('file-not-in-image severities', () => {
  it('a ConditionPathExists= is an info (a condition may be false on purpose), the rest warnings', async () => {
    const r = await checkOf({ ...started('EnvironmentFile=/etc/default/unlock', 'ConditionPathExists=/etc/absent.conf\nAssertPathExists=/etc/absent2.conf') }, rule);
    expect(r.findings.map((f) => [f.severity, f.message.split(' ')[1]])).toEqual([
      ['warning', 'has'],
      ['info', 'has'],
    ]);
  });
  it('the configuration still sets the severity of every finding of the rule', async () => {
    const r = await runChecks(await graphOf(started('', 'ConditionPathExists=/etc/absent.conf')), { rules: { 'file-not-in-image': 'error' } }, [rule]);
    expect(r.findings.map((f) => f.severity)).toEqual(['error']);
  });
});
