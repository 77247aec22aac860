import rule from '../../../../src/graph/checks/rules/load-error.js';
import { ruleTable, wantedBy } from '../../../helpers/rule-table.js';

const bad = '[Unit]\nDescription=caf\u00e9 ok\nDefaultDependencies=no\n[Service]\nExecStart=/bin/true\n';

ruleTable(rule, {
  valid: [
    { name: 'valid UTF-8 everywhere', files: { 'a.service': bad }, links: wantedBy('initrd.target', 'a.service') },
    { name: 'a broken unit nothing pulls in', files: { 'a.service': '[Unit]\nDescription=x\n[Service\nExecStart=/bin/true\n' } },
    { name: 'a mount not named after Where= (device-name-mismatch reports it)', files: { 'boot-secrets.mount': '[Mount]\nWhat=/dev/vda2\nWhere=/boot-secrets\n' }, links: wantedBy('initrd.target', 'boot-secrets.mount') },
  ],
  invalid: [
    { name: 'a broken section header ends the parse: bad-setting', files: { 'a.service': '[Unit]\nDescription=x\n[Service\nExecStart=/bin/true\n' }, links: wantedBy('initrd.target', 'a.service'), findings: [{ units: ['a.service'], line: 3 }] },
  ],
});
