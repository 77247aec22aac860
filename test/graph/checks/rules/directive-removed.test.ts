import rule from '../../../../src/graph/checks/rules/directive-removed.js';
import { ruleTable, wantedBy } from '../../../helpers/rule-table.js';

const svc = (unit: string, service: string): string => `[Unit]\nDefaultDependencies=no\n${unit}\n[Service]\nType=oneshot\nExecStart=/bin/true\n${service}`;
// on a bare tree: the corpus's own units are written for its systemd (256)
const TARGET = '[Unit]\nDescription=Initrd Default Target\n';
const one = (text: string): { base: 'none'; files: Record<string, string>; links: Record<string, string> } => ({ base: 'none', files: { 'a.service': text, 'initrd.target': TARGET }, links: wantedBy('initrd.target', 'a.service') });

ruleTable(rule, {
  valid: [
    { name: 'the NixOS corpus on 256', base: 'remote-unlock-luks', systemdVersion: 256 },
    { name: 'the NixOS btrfs corpus on 256', base: 'btrfs-optin-state', systemdVersion: 256 },
    { name: 'ConditionNull= on 246, its last version', systemdVersion: 246, ...one(svc('ConditionNull=true', '')) },
    { name: 'ConditionNull= when the version is unknown', ...one(svc('ConditionNull=true', '')) },
    { name: 'an old name systemd still maps (deprecated-directive)', systemdVersion: 257, ...one(svc('RequiresOverridable=b.service', '')) },
  ],
  invalid: [
    { name: 'ConditionNull= on 252 (removed after 246)', systemdVersion: 252, ...one(svc('ConditionNull=true', '')), findings: [{ units: ['a.service'], message: /ConditionNull= in \[Unit\] was removed after systemd 246; the image has systemd 252/, line: 3 }] },
    { name: 'SysVStartPriority=, ignored by every version', ...one(svc('', 'SysVStartPriority=20\n')), findings: [{ units: ['a.service'], message: /SysVStartPriority= .*no longer supported/, line: 7 }] },
  ],
});
