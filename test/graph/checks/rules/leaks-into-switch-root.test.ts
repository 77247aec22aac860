import rule from '../../../../src/graph/checks/rules/leaks-into-switch-root.js';
import { ruleTable, wantedBy } from '../../../helpers/rule-table.js';

const mask = (extra: string): string =>
  `[Unit]\nDefaultDependencies=no\n${extra}\n[Service]\nType=oneshot\nExecStart=/bin/ln -sf /dev/null /sysroot/etc/systemd/system/foo.service\n`;

ruleTable(rule, {
  valid: [
    { name: 'a mask service ordered Before=initrd-switch-root.target', files: { 'mask-foo.service': mask('Before=initrd-switch-root.target') }, links: wantedBy('initrd-switch-root.target', 'mask-foo.service') },
    { name: 'ordered before initrd-switch-root.service (like initrd-nixos-activation)', files: { 'mask-foo.service': mask('After=initrd-switch-root.target\nBefore=initrd-switch-root.service') }, links: wantedBy('initrd-switch-root.target', 'mask-foo.service') },
    { name: 'a daemon the isolate stops (sshd, networkd in the corpus)', base: 'remote-unlock-luks' },
    { name: 'IgnoreOnIsolate=yes oneshot ordered before initrd.target', files: { 'keep.service': mask('IgnoreOnIsolate=yes\nBefore=initrd.target') }, links: wantedBy('initrd.target', 'keep.service') },
    { name: 'an IgnoreOnIsolate=yes daemon that Conflicts= the switch', files: { 'keep.service': '[Unit]\nDefaultDependencies=no\nIgnoreOnIsolate=yes\nConflicts=initrd-switch-root.target\nBefore=initrd-switch-root.target\n[Service]\nExecStart=/bin/sleep infinity\n' }, links: wantedBy('initrd.target', 'keep.service') },
    { name: 'not an initrd', initrd: false, files: { 'mask-foo.service': mask('') }, links: wantedBy('initrd-switch-root.target', 'mask-foo.service') },
  ],
  invalid: [
    { name: 'a mask service wanted by initrd-switch-root.target without Before=', files: { 'mask-foo.service': mask('') }, links: wantedBy('initrd-switch-root.target', 'mask-foo.service'), findings: [{ units: ['mask-foo.service', 'initrd-switch-root.target'], message: /Before=initrd-switch-root\.target/ }] },
    { name: 'an IgnoreOnIsolate=yes daemon ordered Before= the switch still runs across it', files: { 'keep.service': '[Unit]\nDefaultDependencies=no\nIgnoreOnIsolate=yes\nBefore=initrd-switch-root.target\n[Service]\nExecStart=/bin/sleep infinity\n' }, links: wantedBy('initrd.target', 'keep.service'), findings: [{ units: ['keep.service'], message: /long-running/ }] },
    { name: 'a daemon pulled in by initrd-switch-root.target', files: { 'helper.service': '[Unit]\nDefaultDependencies=no\nBefore=initrd-switch-root.target\n[Service]\nExecStart=/bin/sleep infinity\n' }, links: wantedBy('initrd-switch-root.target', 'helper.service'), findings: [{ units: ['helper.service'], message: /keeps running across the switch/ }] },
    { name: 'IgnoreOnIsolate=yes and unordered: survives into stage 2', files: { 'keep.service': '[Unit]\nDefaultDependencies=no\nIgnoreOnIsolate=yes\n[Service]\nExecStart=/bin/sleep infinity\n' }, links: wantedBy('initrd.target', 'keep.service'), findings: [{ units: ['keep.service'], message: /IgnoreOnIsolate/ }] },
  ],
});
