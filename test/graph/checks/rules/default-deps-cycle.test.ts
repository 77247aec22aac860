import rule from '../../../../src/graph/checks/rules/default-deps-cycle.js';
import { ruleTable, wantedBy } from '../../../helpers/rule-table.js';

ruleTable(rule, {
  valid: [
    { name: 'DefaultDependencies=no and Before=sysinit.target', files: { 'early.service': '[Unit]\nDefaultDependencies=no\nBefore=sysinit.target\n[Service]\nType=oneshot\nExecStart=/bin/true\n' }, links: wantedBy('sysinit.target', 'early.service') },
    { name: 'default deps and Before=sysroot.mount: sysroot.mount is only After=local-fs-pre.target (unlock-luks in the corpus)', base: 'remote-unlock-luks' },
    { name: 'btrfs rollback with DefaultDependencies=no', base: 'btrfs-optin-state' },
  ],
  invalid: [
    {
      name: 'a service with default dependencies ordered Before=sysinit.target',
      files: { 'early.service': '[Unit]\nBefore=sysinit.target\n[Service]\nType=oneshot\nExecStart=/bin/true\n' },
      links: wantedBy('sysinit.target', 'early.service'),
      findings: [{ units: ['early.service'], message: /early\.service keeps DefaultDependencies=yes; fix: add DefaultDependencies=no/ }],
    },
    {
      name: 'a rollback service kept with default dependencies Before=cryptsetup.target',
      base: 'btrfs-optin-state',
      files: { 'zfs-rollback.service': '[Unit]\nBefore=cryptsetup.target\n[Service]\nType=oneshot\nExecStart=/bin/true\n' },
      links: wantedBy('initrd.target', 'zfs-rollback.service'),
      findings: [{ units: ['zfs-rollback.service'] }],
    },
  ],
});
