import rule from '../../../../src/graph/checks/rules/after-without-wants.js';
import { ruleTable, wantedBy } from '../../../helpers/rule-table.js';

const svc = (deps: string): string => `[Unit]\n${deps}\n[Service]\nType=oneshot\nExecStart=/bin/true\n`;

ruleTable(rule, {
  valid: [
    { name: 'After= and Wants= network-online.target', files: { 'a.service': svc('After=network-online.target\nWants=network-online.target') }, links: wantedBy('initrd.target', 'a.service'), base: 'btrfs-optin-state' },
    { name: 'After=network.target (a passive target)', base: 'btrfs-optin-state', files: { 'a.service': svc('After=network.target') }, links: wantedBy('initrd.target', 'a.service') },
    { name: 'the btrfs corpus', base: 'btrfs-optin-state' },
  ],
  invalid: [
    { name: 'unlock-luks in the remote-unlock corpus (After=network-online.target, never pulled in)', base: 'remote-unlock-luks', findings: [{ units: ['unlock-luks.service', 'network-online.target'] }] },
  ],
});
