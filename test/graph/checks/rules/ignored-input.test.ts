import rule from '../../../../src/graph/checks/rules/ignored-input.js';
import { ruleTable, wantedBy } from '../../../helpers/rule-table.js';

const early = (extra: string): string => `[Unit]\nDefaultDependencies=no\n${extra}[Service]\nType=oneshot\nExecStart=/bin/true\n`;

ruleTable(rule, {
  valid: [
    { name: 'files in a unit directory that are not meant as units', files: { 'README': 'notes\n', 'a.service.swp': 'x', 'b.conf': 'x' } },
    { name: 'a clean unit in the transaction', files: { 'a.service': early('After=cryptsetup.target\n') }, links: wantedBy('initrd.target', 'a.service') },
    { name: 'an invalid dependency name in a unit nothing pulls in', files: { 'a.service': early('After=cryptsetup.targt\n') } },
    { name: 'an invalid dependency name in a unit of the transaction (invalid-value reports it)', files: { 'a.service': early('After=cryptsetup.targt\n') }, links: wantedBy('initrd.target', 'a.service') },
    { name: 'a line systemd cannot parse in a unit nothing pulls in', files: { 'a.service': early('this is not an assignment\n') } },
    {
      name: 'a broken section header in a unit of the transaction (load-error reports it)',
      files: { 'a.service': '[Unit]\nDescription=x\n[Service\nExecStart=/bin/true\n' }, links: wantedBy('initrd.target', 'a.service'),
    },
  ],
  invalid: [
    {
      name: 'a unit of step 2 (WantedBy=initrd-switch-root.target): reported in that phase',
      files: { 'b.service': early('After initrd-switch-root.target\n') }, links: wantedBy('initrd-switch-root.target', 'b.service'),
      findings: [{ units: ['b.service'], line: 3, phase: 'initrd-switch-root.target' }],
    },
    {
      name: 'a line without = in a unit of the transaction',
      files: { 'a.service': early('this is not an assignment\n') }, links: wantedBy('initrd.target', 'a.service'),
      findings: [{ units: ['a.service'], line: 3, phase: 'initrd.target' }],
    },
    {
      name: 'a line without = in a drop-in of a unit of the transaction',
      files: { 'a.service': early(''), 'a.service.d/override.conf': '[Unit]\nAfter sysroot.mount\n' }, links: wantedBy('initrd.target', 'a.service'),
      findings: [{ units: ['a.service'], line: 2 }],
    },
    {
      name: 'Before= on a .device: systemd ignores it',
      files: { 'a.service': early('Before=dev-vda.device\n') }, links: wantedBy('initrd.target', 'a.service'),
      findings: [{ units: ['a.service'], line: 3, message: /\.device units cannot be delayed/ }],
    },
    {
      name: 'a .wants/ entry that is a file, not a link',
      files: { 'a.service': early(''), 'initrd.target.wants/a.service': early('') },
      findings: [{ units: ['initrd.target'], message: /not a symlink; systemd ignores it/ }],
    },
    {
      name: 'a unit file whose name is not a valid unit name (a typo in the suffix, a space)',
      files: { 'unlock.servic': early(''), 'my unit.service': early('') },
      findings: [{ units: [], message: /^unlock\.servic is not a valid unit name; systemd skips this file$/ }, { units: [], message: /^my unit\.service is not a valid unit name/ }],
    },
  ],
});
