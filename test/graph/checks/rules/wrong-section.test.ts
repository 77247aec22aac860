import rule from '../../../../src/graph/checks/rules/wrong-section.js';
import { ruleTable, wantedBy } from '../../../helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    { name: 'Before= in [Unit]', files: { 'a.service': '[Unit]\nBefore=sysroot.mount\n[Service]\nExecStart=/bin/true\n' }, links: wantedBy('initrd.target', 'a.service') },
    { name: 'the corpus', base: 'btrfs-optin-state' },
  ],
  invalid: [
    { name: 'Before= in [Service]', files: { 'a.service': '[Unit]\nDescription=x\n[Service]\nBefore=sysroot.mount\nExecStart=/bin/true\n' }, links: wantedBy('initrd.target', 'a.service'), findings: [{ units: ['a.service'], message: /Before= belongs in \[Unit\]/, line: 4 }] },
    { name: '[Mount] in a service', files: { 'a.service': '[Unit]\nDescription=x\n[Service]\nExecStart=/bin/true\n[Mount]\nWhat=/dev/sda\n' }, links: wantedBy('initrd.target', 'a.service'), findings: [{ units: ['a.service'] }] },
  ],
});
