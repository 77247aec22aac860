import rule from '../../../../src/graph/checks/rules/invalid-value.js';
import { describe, expect, it } from '@jest/globals';
import { ruleTable, wantedBy } from '../../../helpers/rule-table.js';
import { checkOf, graphOf } from '../../../helpers/fixture.js';
import { runChecks } from '../../../../src/graph/checks/run-checks.js';

const svc = (unit: string, service: string): string => `[Unit]\nDefaultDependencies=no\n${unit}\n[Service]\nType=oneshot\nExecStart=/bin/true\n${service}`;
const one = (text: string, name = 'a.service'): { files: Record<string, string>; links: Record<string, string> } => ({ files: { [name]: text }, links: wantedBy('initrd.target', name) });

ruleTable(rule, {
  valid: [
    { name: 'the NixOS remote-unlock corpus', base: 'remote-unlock-luks' },
    { name: 'the NixOS btrfs corpus', base: 'btrfs-optin-state' },
    { name: 'booleans, time spans, enums of every spelling', ...one(svc('JobTimeoutSec=5min 30s\nOnFailureJobMode=replace-irreversibly\nJobTimeoutAction=poweroff-force', 'RemainAfterExit=On\nTimeoutStartSec=infinity\nRestart=on-failure\nRestartSec=100ms\nKillMode=mixed\nStandardOutput=journal+console\nStandardError=file:/run/a.log\nProtectSystem=strict\nPrivateTmp=yes\n')) },
    { name: 'Type=notify-reload with systemd 253', systemdVersion: 253, ...one(svc('', 'Type=notify-reload\n').replace('Type=oneshot\n', '')) },
    { name: 'Type=notify-reload when the version is unknown', ...one(svc('', 'Type=notify-reload\n').replace('Type=oneshot\n', '')) },
    { name: 'specifiers are systemd\'s business', ...one(svc('After=%i.service', 'ExecStartPost=%h/bin/x\nWorkingDirectory=%h\n')) },
    { name: 'Environment= with quotes and escapes', ...one(svc('', 'Environment="PATH=/bin:/sbin" A=1 \'B=two words\'\n')) },
    { name: 'bare executable names and prefixes', ...one(svc('', 'ExecStartPre=-+systemctl start x\nExecStartPost=!!/bin/true\n')) },
    { name: 'a bad value in a unit nothing pulls in', files: { 'a.service': svc('', 'RemainAfterExit=maybe\n') } },
    { name: 'a bad value in a section the unit type does not read (wrong-section reports it)', ...one(svc('', '[Mount]\nTimeoutSec=5x\n')) },
  ],
  invalid: [
    { name: 'a Type= value systemd rejects', ...one(svc('', 'Type=simpel\n').replace('Type=oneshot\n', '')), findings: [{ units: ['a.service'], message: /Type=simpel: "simpel" is not one of .*simple.*systemd ignores this assignment/, line: 6 }] },
    { name: 'Type=notify-reload on systemd 252', systemdVersion: 252, ...one(svc('', 'Type=notify-reload\n').replace('Type=oneshot\n', '')), findings: [{ units: ['a.service'], message: /from systemd 253 on, the image has 252/ }] },
    { name: 'a boolean that is none', ...one(svc('', 'RemainAfterExit=maybe\n')), findings: [{ units: ['a.service'], message: /not a boolean/, line: 7 }] },
    { name: 'a time span with a unit systemd does not know', ...one(svc('JobTimeoutSec=5 mins', '')), findings: [{ units: ['a.service'], message: /JobTimeoutSec=5 mins: .*not a time span/ }] },
    { name: 'OnFailureJobMode= misspelt', ...one(svc('OnFailureJobMode=replace-irreversible', '')), findings: [{ units: ['a.service'], message: /OnFailureJobMode=replace-irreversible: .*replace-irreversibly/ }] },
    { name: 'JobTimeoutAction= unknown', ...one(svc('JobTimeoutAction=reboot-now', '')), findings: [{ units: ['a.service'], message: /JobTimeoutAction=reboot-now/ }] },
    { name: 'KillMode= unknown', ...one(svc('', 'KillMode=group\n')), findings: [{ units: ['a.service'], message: /KillMode=group: .*control-group/ }] },
    { name: 'Restart= unknown', ...one(svc('', 'Restart=on-fail\n')), findings: [{ units: ['a.service'], message: /Restart=on-fail/ }] },
    { name: 'StandardOutput= unknown', ...one(svc('', 'StandardOutput=console\n')), findings: [{ units: ['a.service'], message: /StandardOutput=console: .*journal\+console/ }] },
    { name: 'a dependency that is no unit name', ...one(svc('After=sysroot', '')), findings: [{ units: ['a.service'], message: /"sysroot" is not a valid unit name; systemd adds no dependency on it/ }] },
    { name: 'Environment= with an unbalanced quote', ...one(svc('', 'Environment="A=1 B=2\n')), findings: [{ units: ['a.service'], message: /unbalanced quotes/ }] },
    { name: 'a mount Where= that is not absolute', ...one('[Mount]\nWhat=tmpfs\nWhere=/run/a\nWhere=run/a\n', 'run-a.mount'), findings: [{ units: ['run-a.mount'], message: /not an absolute path/, line: 4 }] },
    {
      name: 'an ExecStart= neither absolute nor a file name: the unit is refused, and what requires it named',
      files: { 'a.service': svc('', 'ExecStart=bin/unlock\n').replace('Type=oneshot\nExecStart=/bin/true\n', 'Type=oneshot\n'), 'b.service': svc('Requires=a.service', '') },
      links: wantedBy('initrd.target', 'b.service'),
      findings: [{ units: ['a.service', 'b.service'], message: /"bin\/unlock" is neither a valid executable name nor an absolute path; systemd refuses the unit.*b\.service requires it/ }],
    },
    { name: 'the same with the - prefix: only the line is ignored', ...one(svc('', 'ExecStartPost=-bin/x\n')), findings: [{ units: ['a.service'], message: /the "-" prefix makes systemd ignore this line$/ }] },
  ],
});

describe('invalid-value severities', () => {
  const refused = { files: { 'a.service': svc('', 'ExecStart=bin/unlock\n').replace('ExecStart=/bin/true\n', ''), 'b.service': svc('', 'RemainAfterExit=maybe\n') }, links: { ...wantedBy('initrd.target', 'a.service'), ...wantedBy('initrd.target', 'b.service') } };
  it('error where systemd refuses the unit, warning where it ignores the assignment', async () => {
    const r = await checkOf(refused, rule);
    expect(r.findings.map((f) => [f.units[0], f.severity])).toEqual([['a.service', 'error'], ['b.service', 'warning']]);
  });
  it('a severity set in the configuration applies to both', async () => {
    const r = runChecks(await graphOf(refused), { rules: { 'invalid-value': 'info' } }, [rule]);
    expect(r.findings.map((f) => f.severity)).toEqual(['info', 'info']);
  });
});
