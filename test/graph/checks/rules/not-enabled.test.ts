import rule from '../../../../src/graph/checks/rules/not-enabled.js';
import { ruleTable, wantedBy } from '../../../helpers/rule-table.js';

const svc = '[Unit]\nDefaultDependencies=no\n[Service]\nType=oneshot\nExecStart=/bin/true\n[Install]\nWantedBy=initrd.target\n';

ruleTable(rule, {
  valid: [
    { name: 'linked into initrd.target.wants/', files: { 'a.service': svc }, links: wantedBy('initrd.target', 'a.service') },
    { name: 'the corpus (every WantedBy= has its link)', base: 'remote-unlock-luks' },
  ],
  invalid: [{ name: 'WantedBy= without the link', files: { 'a.service': svc }, findings: [{ units: ['a.service', 'initrd.target'], line: 7 }] }],
});
