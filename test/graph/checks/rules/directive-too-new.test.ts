import rule from '../../../../src/graph/checks/rules/directive-too-new.js';
import { ruleTable, wantedBy } from '../../../helpers/rule-table.js';

const svc = (unit: string, service: string): string => `[Unit]\nDefaultDependencies=no\n${unit}\n[Service]\nType=oneshot\nExecStart=/bin/true\n${service}`;
// on a bare tree: the corpus's own units are written for its systemd (256)
const TARGET = '[Unit]\nDescription=Initrd Default Target\n';
const one = (text: string): { base: 'none'; files: Record<string, string>; links: Record<string, string> } => ({ base: 'none', files: { 'a.service': text, 'initrd.target': TARGET }, links: wantedBy('initrd.target', 'a.service') });

ruleTable(rule, {
  valid: [
    { name: 'the NixOS corpus on its own systemd (256)', base: 'remote-unlock-luks', systemdVersion: 256 },
    { name: 'the NixOS btrfs corpus on 256', base: 'btrfs-optin-state', systemdVersion: 256 },
    { name: 'ImportCredential= (254) on systemd 254', systemdVersion: 254, ...one(svc('', 'ImportCredential=foo.*\n')) },
    { name: 'ImportCredential= when the version is unknown', ...one(svc('', 'ImportCredential=foo.*\n')) },
    { name: 'keys of v245 on an older systemd (the table starts at 245)', systemdVersion: 240, ...one(svc('StartLimitIntervalSec=10', '')) },
    { name: 'X- keys', systemdVersion: 245, ...one(svc('X-Anything=1', '')) },
    { name: 'a newer key in a unit nothing pulls in', systemdVersion: 252, base: 'none', files: { 'a.service': svc('', 'ImportCredential=foo.*\n'), 'initrd.target': TARGET } },
  ],
  invalid: [
    {
      name: 'a directive newer than the image\'s systemd: ImportCredential= (254) on 252',
      systemdVersion: 252,
      ...one(svc('', 'ImportCredential=foo.*\n')),
      findings: [{ units: ['a.service'], message: /ImportCredential= in \[Service\] is known to systemd from 254 on; the image has systemd 252/, line: 7 }],
    },
    { name: 'SurviveFinalKillSignal= (255) in [Unit] on 254', systemdVersion: 254, ...one(svc('SurviveFinalKillSignal=yes', '')), findings: [{ units: ['a.service'], message: /from 255 on/, line: 3 }] },
  ],
});
