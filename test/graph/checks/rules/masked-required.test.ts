import rule from '../../../../src/graph/checks/rules/masked-required.js';
import { ruleTable, wantedBy } from '../../../helpers/rule-table.js';

const svc = (deps: string): string => `[Unit]\nDefaultDependencies=no\n${deps}\n[Service]\nType=oneshot\nExecStart=/bin/true\n`;

ruleTable(rule, {
  valid: [
    { name: 'Wants= on a masked unit', files: { 'a.service': svc('Wants=m.service') }, links: { 'm.service': '/dev/null', ...wantedBy('initrd.target', 'a.service') } },
    { name: 'Requires= on an unmasked unit', files: { 'a.service': svc('Requires=m.service'), 'm.service': svc('') }, links: wantedBy('initrd.target', 'a.service') },
    { name: 'systemd.mask= (no rd.) is for the main system: the initrd ignores it', cmdline: 'root=fstab systemd.mask=m.service', files: { 'a.service': svc('Requires=m.service'), 'm.service': svc('') }, links: wantedBy('initrd.target', 'a.service') },
  ],
  invalid: [
    { name: 'Requires= on a unit linked to /dev/null', files: { 'a.service': svc('Requires=m.service') }, links: { 'm.service': '/dev/null', ...wantedBy('initrd.target', 'a.service') }, findings: [{ units: ['a.service', 'm.service'], message: /masked/ }] },
    { name: 'Requires= on an empty unit file', files: { 'a.service': svc('Requires=m.service'), 'm.service': '' }, links: wantedBy('initrd.target', 'a.service'), findings: [{ units: ['a.service', 'm.service'], message: /empty/ }] },
    { name: 'a mask through a chain of links (NixOS -disabled store path)', files: { 'a.service': svc('Requisite=m.service') }, links: { 'm.service': '/run/store/x-unit-m.service-disabled/m.service', '/run/store/x-unit-m.service-disabled/m.service': '/dev/null', ...wantedBy('initrd.target', 'a.service') }, findings: [{ units: ['a.service', 'm.service'] }] },
    {
      name: 'rd.systemd.mask= on the kernel command line masks exactly as a /dev/null link does',
      cmdline: 'root=fstab rd.systemd.mask=m.service',
      files: { 'a.service': svc('Requires=m.service'), 'm.service': svc('') },
      links: wantedBy('initrd.target', 'a.service'),
      findings: [{ units: ['a.service', 'm.service'], message: /m\.service is masked \(run\/systemd\/generator\.early\/m\.service -> \/dev\/null\)/ }],
    },
    {
      name: 'rd.systemd.mask= without a suffix means .service (unit_name_mangle)',
      cmdline: 'root=fstab rd.systemd.mask=m',
      files: { 'a.service': svc('Requires=m.service'), 'm.service': svc('') },
      links: wantedBy('initrd.target', 'a.service'),
      findings: [{ units: ['a.service', 'm.service'] }],
    },
  ],
});
