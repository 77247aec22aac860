import rule from '../../../../src/graph/checks/rules/unknown-directive.js';
import { ruleTable, wantedBy } from '../../../helpers/rule-table.js';

const svc = (unit: string, service = ''): string => `[Unit]\nDefaultDependencies=no\n${unit}\n[Service]\nType=oneshot\nExecStart=/bin/true\n${service}`;

ruleTable(rule, {
  valid: [
    { name: 'directives of newer systemd (ImportCredential=, 254)', files: { 'a.service': svc('', 'ImportCredential=foo.*\n') }, links: wantedBy('initrd.target', 'a.service') },
    { name: 'Delegate=, SuccessExitStatus=, ConditionACPower=, Upholds=', files: { 'a.service': svc('ConditionACPower=true\nUpholds=b.service', 'Delegate=yes\nSuccessExitStatus=0 1\n') }, links: wantedBy('initrd.target', 'a.service') },
    { name: 'X- sections and keys', files: { 'a.service': svc('X-Owner=me', '[X-Custom]\nAnything=goes\n') }, links: wantedBy('initrd.target', 'a.service') },
    { name: 'the corpus', base: 'remote-unlock-luks' },
  ],
  invalid: [
    { name: 'a typo Afer=', files: { 'rollback.service': svc('Afer=zfs-import-rpool.service') }, links: wantedBy('initrd.target', 'rollback.service'), findings: [{ units: ['rollback.service'], message: /Afer=.*did you mean After=/, line: 3 }] },
  ],
});
