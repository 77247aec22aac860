import rule from '../../../../src/graph/checks/rules/missing-template.js';
import { ruleTable, wantedBy } from '../../../helpers/rule-table.js';

const svc = (deps: string): string => `[Unit]\nDefaultDependencies=no\n${deps}\n[Service]\nType=oneshot\nExecStart=/bin/true\n`;

ruleTable(rule, {
  valid: [
    { name: 'an instance of a template that exists (modprobe@.service)', files: { 'a.service': svc('Requires=modprobe@drm.service') }, links: wantedBy('initrd.target', 'a.service') },
    { name: 'Wants= an instance of an absent template', files: { 'a.service': svc('Wants=zfs-import@rpool.service') }, links: wantedBy('initrd.target', 'a.service') },
    { name: 'a template shipped with the fixture', files: { 'a.service': svc('Requires=zfs-import@rpool.service'), 'zfs-import@.service': svc('Description=import %i') }, links: wantedBy('initrd.target', 'a.service') },
  ],
  invalid: [
    { name: 'Requires= an instance whose template is absent', files: { 'a.service': svc('Requires=zfs-import@rpool.service') }, links: wantedBy('initrd.target', 'a.service'), findings: [{ units: ['a.service', 'zfs-import@rpool.service'], message: /zfs-import@\.service/ }] },
  ],
});
