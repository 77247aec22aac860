import { describe, expect, it } from '@jest/globals';
import rule from '../../../../src/graph/checks/rules/deprecated-directive.js';
import { ruleTable, wantedBy } from '../../../helpers/rule-table.js';
import { graphOf } from '../../../helpers/fixture.js';

const svc = (unit: string, service: string): string => `[Unit]\nDefaultDependencies=no\n${unit}\n[Service]\nType=oneshot\nExecStart=/bin/true\n${service}`;
const one = (text: string): { files: Record<string, string>; links: Record<string, string> } => ({ files: { 'a.service': text }, links: wantedBy('initrd.target', 'a.service') });

ruleTable(rule, {
  valid: [
    { name: 'the NixOS remote-unlock corpus', base: 'remote-unlock-luks' },
    { name: 'the NixOS btrfs corpus', base: 'btrfs-optin-state' },
    { name: 'current names', ...one(svc('Requires=b.service\nStartLimitIntervalSec=10\nFailureAction=reboot', '')) },
  ],
  invalid: [
    { name: 'RequiresOverridable=', ...one(svc('RequiresOverridable=b.service', '')), findings: [{ units: ['a.service'], message: /RequiresOverridable= in \[Unit\] is an old name that systemd maps to Requires=/, line: 3 }] },
    { name: 'StartLimitInterval= in [Unit]', ...one(svc('StartLimitInterval=10', '')), findings: [{ units: ['a.service'], message: /maps to StartLimitIntervalSec=;/ }] },
    { name: 'FailureAction= in [Service]', ...one(svc('', 'FailureAction=reboot\n')), findings: [{ units: ['a.service'], message: /maps to FailureAction= in \[Unit\]/, line: 7 }] },
  ],
});

describe('obsolete dependency names are mapped as systemd maps them', () => {
  it('RequiresOverridable= and RequisiteOverridable= are Requires and Requisite edges', async () => {
    const g = await graphOf({ ...one(svc('RequiresOverridable=b.service\nRequisiteOverridable=c.service', '')), files: { 'a.service': svc('RequiresOverridable=b.service\nRequisiteOverridable=c.service', ''), 'b.service': svc('', ''), 'c.service': svc('', '') } });
    const kinds = g.graph.outEdges('a.service').map((k) => g.graph.getEdgeAttributes(k)).filter((e) => e.to === 'b.service' || e.to === 'c.service').map((e) => `${e.kind} ${e.to}`);
    expect(kinds.sort()).toEqual(['Requires b.service', 'Requisite c.service']);
  });
});
