import rule from '../../../../src/graph/checks/rules/exec-not-in-image.js';
import { ruleTable, wantedBy } from '../../../helpers/rule-table.js';

/** A service started in step 1 (wanted by initrd.target), with the given [Unit] and [Service] lines. */
const svc = (service: string, unit = ''): string => `[Unit]\nDefaultDependencies=no\n${unit}\n[Service]\nType=oneshot\n${service}\n`;
const started = (service: string, unit = ''): { files: Record<string, string>; links: Record<string, string> } => ({
  files: { 'a.service': svc(service, unit) },
  links: wantedBy('initrd.target', 'a.service'),
});
const TOOL = '/nix/store/0000000000000000000000000000000a-tool-1.0/bin/tool';
const SCRIPT = '/nix/store/0000000000000000000000000000000b-unit-script-a-start/bin/a-start';

ruleTable(rule, {
  valid: [
    { name: 'the remote-unlock corpus: every executable that runs is there (plymouth and dbus-send are not, and need not be)', base: 'remote-unlock-luks' },
    { name: 'the btrfs corpus', base: 'btrfs-optin-state' },
    { name: 'an absolute path through /bin (a link into initrd-bin-env, then into coreutils)', ...started('ExecStart=/bin/true') },
    { name: 'a bare name resolves in the bin/ of NixOS\'s systemd (nixpkgs patches DEFAULT_PATH)', ...started('ExecStart=udevadm settle') },
    { name: 'a bare name in ExecSearchPath=', ...started('ExecSearchPath=/nix/store/81s3wxk01vkx821lkhmlbbcqz9czh6dm-coreutils-9.5/bin\nExecStart=echo hi') },
    { name: '- prefix: systemd skips a missing executable', ...started('ExecStartPre=-plymouth --wait quit\nExecStart=-/usr/bin/absent') },
    { name: 'prefixes @ + ! !! before a present executable', ...started('ExecStart=@/bin/sh sh -c true\nExecStartPost=+/bin/true\nExecStartPost=!!/bin/true') },
    { name: 'ExecReload= never runs at boot', ...started('ExecStart=/bin/true\nExecReload=/usr/bin/absent') },
    { name: 'a unit nothing starts', files: { 'a.service': svc('ExecStart=/usr/bin/absent') } },
    { name: 'an empty ExecStart= resets the earlier one', ...started('ExecStart=/usr/bin/absent\nExecStart=\nExecStart=/bin/true') },
    { name: 'a path condition that fails in the image: systemd skips the unit', ...started('ExecStart=/usr/bin/absent', 'ConditionPathExists=/etc/absent.conf') },
    { name: 'ConditionFileIsExecutable= on the missing executable itself', ...started('ExecStart=/usr/bin/absent', 'ConditionFileIsExecutable=/usr/bin/absent') },
    { name: 'ConditionPathExists=! on a file the image has', ...started('ExecStart=/usr/bin/absent', 'ConditionPathExists=!/etc/initrd-release') },
    { name: 'ExecStop= of a oneshot with RemainAfterExit=yes that the isolate keeps (nothing stops it)', files: { 'a.service': svc('ExecStart=/bin/true\nRemainAfterExit=yes\nExecStop=/usr/bin/absent', 'IgnoreOnIsolate=yes') }, links: wantedBy('initrd.target', 'a.service') },
    { name: 'a script whose interpreter is there', files: { ...started(`ExecStart=${SCRIPT}`).files, [SCRIPT]: '#!/nix/store/dbpnxg4pc4nfrk55qw280763c9kcirli-bash-5.2p37/bin/bash\nset -e\ntrue\n' }, links: wantedBy('initrd.target', 'a.service') },
    { name: 'an executable with its mode recorded as executable', files: { ...started(`ExecStart=${TOOL}`).files, [TOOL]: 'ELF' }, modes: { [TOOL]: 0o555 }, links: wantedBy('initrd.target', 'a.service') },
    { name: 'a variable as the executable is not guessed at', ...started('ExecStart=$TOOL --run') },
    { name: 'a path made at boot (NixOS stage 2: /run/current-system, /run/wrappers)', ...started('ExecStart=/run/current-system/sw/bin/nixos-activate\nExecStartPost=/run/wrappers/bin/mount') },
    { name: 'a bare name with an ExecSearchPath= that has a directory made at boot', ...started('ExecSearchPath=/run/current-system/sw/bin\nExecStart=zpool import -a') },
  ],
  invalid: [
    { name: 'a dracut-style unit whose binary was not installed', ...started('ExecStart=/usr/sbin/mdmon --offroot'), findings: [{ units: ['a.service'], message: /ExecStart=\/usr\/sbin\/mdmon, which is not in the image/, line: 6 }] },
    { name: 'a bare name found nowhere on systemd\'s search path', ...started('ExecStartPre=zpool import -a\nExecStart=/bin/true'), findings: [{ units: ['a.service'], message: /ExecStartPre=zpool, which is not in the image's .*-systemd-256\.10\/bin:.*\/usr\/sbin/ }] },
    { name: 'ExecCondition= runs too', ...started('ExecCondition=/usr/bin/absent\nExecStart=/bin/true'), findings: [{ units: ['a.service'], message: /ExecCondition=/ }] },
    { name: 'a file without an execute bit', files: { ...started(`ExecStart=${TOOL}`).files, [TOOL]: 'ELF' }, modes: { [TOOL]: 0o444 }, links: wantedBy('initrd.target', 'a.service'), findings: [{ units: ['a.service'], message: /has no execute permission \(mode 0444\)/ }] },
    { name: 'a directory', ...started('ExecStart=/nix/store/81s3wxk01vkx821lkhmlbbcqz9czh6dm-coreutils-9.5/bin'), findings: [{ units: ['a.service'], message: /is a directory/ }] },
    { name: 'a script whose #! interpreter is not in the image', files: { ...started(`ExecStart=${SCRIPT}`).files, [SCRIPT]: '#!/nix/store/0000000000000000000000000000000c-python3-3.12/bin/python3\nprint(1)\n' }, links: wantedBy('initrd.target', 'a.service'), findings: [{ units: ['a.service'], message: /interpreter \/nix\/store\/.*python3 is not in the image/ }] },
    { name: 'ExecStop= of a oneshot without RemainAfterExit= runs as soon as ExecStart= is done', ...started('ExecStart=/bin/true\nExecStop=/usr/bin/absent'), findings: [{ units: ['a.service'], message: /when started runs ExecStop=\/usr\/bin\/absent/ }] },
    {
      name: 'ExecStop= of a running service the isolate of initrd-switch-root.target stops',
      files: { 'a.service': '[Unit]\nDefaultDependencies=no\n[Service]\nExecStart=/bin/sh -c "sleep infinity"\nExecStop=/usr/bin/absent-stop\n' },
      links: wantedBy('initrd.target', 'a.service'),
      findings: [{ units: ['a.service'], message: /when initrd-switch-root\.target stops it runs ExecStop=\/usr\/bin\/absent-stop/ }],
    },
  ],
});
