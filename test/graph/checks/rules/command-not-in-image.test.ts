import { describe, expect, it } from '@jest/globals';
import rule from '../../../../src/graph/checks/rules/command-not-in-image.js';
import { checkOf } from '../../../helpers/fixture.js';
import { ruleTable, wantedBy } from '../../../helpers/rule-table.js';

const BASH = '/nix/store/dbpnxg4pc4nfrk55qw280763c9kcirli-bash-5.2p37/bin/bash';
const SCRIPT = '/nix/store/0000000000000000000000000000000b-unit-script-a-start/bin/a-start';
const CRYPTSETUP = '/nix/store/ggxppn009ygbkjbbfcq4ik3l9637ffxn-cryptsetup-2.7.5-bin/bin';
/** A NixOS-style unit (wanted by initrd.target) running a job script that starts `#!bash` + `set -e`. */
const job = (body: string, service = '', setE = true): { files: Record<string, string>; links: Record<string, string> } => ({
  files: {
    'a.service': `[Unit]\nDefaultDependencies=no\n[Service]\nType=oneshot\n${service}\nExecStart=${SCRIPT} \n`,
    [SCRIPT]: `#!${BASH}\n${setE ? 'set -e\n' : ''}\n${body}\n`,
  },
  links: wantedBy('initrd.target', 'a.service'),
});

ruleTable(rule, {
  valid: [
    { name: 'the remote-unlock corpus: every command of its job scripts resolves', base: 'remote-unlock-luks' },
    { name: 'the btrfs corpus', base: 'btrfs-optin-state' },
    { name: 'commands in DefaultEnvironment=PATH=/bin:/sbin of system.conf', ...job('mkdir -p /run/x\nmodprobe dm_crypt\nudevadm settle') },
    { name: 'builtins and functions of the script', ...job('cleanup() { :; }\ntrap cleanup EXIT\nlocal_fn() { echo hi; }\nlocal_fn\nprintf "%s" x\ncd /\ntest -e /x\n[ -e /x ]\n[[ -e /x ]]') },
    { name: 'a command in Environment=PATH=', ...job('cryptsetup open /dev/vda2 root', `Environment="PATH=${CRYPTSETUP}"`) },
    { name: 'a command in a PATH the script exports', ...job(`export PATH="/bin:${CRYPTSETUP}"\ncryptsetup status root`) },
    { name: '|| true: the script handles the failure', ...job('zpool import -a || true') },
    { name: 'command -v X && X', ...job('command -v plymouth >/dev/null && plymouth quit') },
    { name: 'if type X', ...job('if type zfs >/dev/null 2>&1; then zfs mount -a; fi') },
    { name: 'a unit nothing starts', files: { ...job('zpool import -a').files } },
    { name: 'an absolute path the image has', ...job('/bin/mkdir -p /run/x') },
    { name: 'a name behind a variable is not guessed at', ...job('$TOOL --run\n"${CMD}" x') },
    { name: 'PATH set from something that is not literal: the image cannot tell', ...job('PATH="$(cat /etc/path)"\nzpool import -a') },
    { name: 'a PATH with a directory made at boot (NixOS stage 2: /run/wrappers/bin): the image cannot tell', ...job('zpool import -a\n/run/current-system/sw/bin/zfs mount -a', 'Environment="PATH=/run/wrappers/bin:/bin"') },
    { name: 'an EnvironmentFile= may set PATH: the image cannot tell', ...job('zpool import -a', 'EnvironmentFile=/etc/hostname') },
    { name: 'sh -c with commands that are there', files: { 'a.service': '[Unit]\nDefaultDependencies=no\n[Service]\nType=oneshot\nExecStart=/bin/sh -c "mkdir -p /run/x && udevadm settle"\n' }, links: wantedBy('initrd.target', 'a.service') },
  ],
  invalid: [
    {
      name: 'a NixOS-style job script calling a command absent from its PATH (set -e: an error)',
      ...job('mkdir -p /run/zfs\nzpool import -a\nzpool import -a'),
      findings: [
        { units: ['a.service'], message: /whose command zpool \(line 5\) is not found in its PATH \/bin:\/sbin \(DefaultEnvironment=PATH= of system\.conf\): "command not found" ends the script/, line: 5 },
      ],
    },
    { name: 'not in Environment=PATH= (the store path of another package is not on it)', ...job('btrfs subvolume list /', `Environment="PATH=${CRYPTSETUP}"`), findings: [{ units: ['a.service'], message: /command btrfs .*\(Environment=PATH=\)/ }] },
    { name: 'an absolute path the image lacks', ...job('/nix/store/0000000000000000000000000000000c-zfs-2.2/bin/zpool import -a'), findings: [{ units: ['a.service'], message: /zfs-2\.2\/bin\/zpool \(line 4\) is not in the image/ }] },
    { name: 'in an if condition (a warning)', ...job('if zpool import -a; then echo ok; fi'), findings: [{ units: ['a.service'], message: /"command not found" when it runs/ }] },
    { name: 'without set -e (a warning)', ...job('zpool import -a', '', false), findings: [{ units: ['a.service'], message: /"command not found" when it runs/ }] },
    { name: 'inside sh -c', files: { 'a.service': '[Unit]\nDefaultDependencies=no\n[Service]\nType=oneshot\nExecStart=/bin/sh -c "zpool import -a"\n' }, links: wantedBy('initrd.target', 'a.service'), findings: [{ units: ['a.service'], message: /ExecStart= sh -c, whose command zpool/ }] },
    { name: 'a script the parser cannot read (an info)', ...job('if then fi ('), findings: [{ units: ['a.service'], message: /which the shell parser cannot read/ }] },
  ],
});

describe('command-not-in-image severities', () => {
  it('error under set -e and unguarded, warning in a condition or without set -e, info when unparsable', async () => {
    const sev = async (body: string, setE = true): Promise<string[]> => (await checkOf(job(body, '', setE), rule)).findings.map((f) => f.severity);
    expect(await sev('zpool import -a')).toEqual(['error']);
    expect(await sev('if zpool import -a; then :; fi')).toEqual(['warning']);
    expect(await sev('zpool import -a', false)).toEqual(['warning']);
    expect(await sev('if then fi (')).toEqual(['info']);
  });
});
