/**
 * A target is ordered After= what it pulls in (target.c: target_add_default_dependencies,
 * unit.c: unit_add_default_target_dependency), unless either side has DefaultDependencies=no,
 * either is not loaded, or the target is already ordered Before= the unit (no loop is made).
 */
import { describe, expect, it } from '@jest/globals';
import { targetDefaultOrdering } from '../../../src/graph/default-deps.js';
import { edgeStrings, makeContext, makeUnit } from '../../helpers/make-unit.js';

interface Case {
  name: string;
  target: string;
  units: Record<string, string>;
  pulled: string[];
  masked?: string[];
  before?: Array<[string, string]>;
  want: string[];
}

const SVC = '[Service]\nExecStart=/bin/true\n';

const cases: Case[] = [
  {
    name: 'After= every pulled unit that keeps default dependencies',
    target: '[Unit]\nWants=foo.service sysroot.mount\n',
    units: { 'foo.service': SVC, 'sysroot.mount': '[Mount]\nWhat=/dev/vda\nWhere=/sysroot\n' },
    pulled: ['foo.service', 'sysroot.mount'],
    want: ['foo.service Before t.target', 'sysroot.mount Before t.target'],
  },
  {
    name: 'the pulled unit has DefaultDependencies=no: no After=',
    target: '[Unit]\nWants=early.service\n',
    units: { 'early.service': '[Unit]\nDefaultDependencies=no\n[Service]\nExecStart=/bin/true\n' },
    pulled: ['early.service'],
    want: [],
  },
  {
    name: 'the target has DefaultDependencies=no: no After=',
    target: '[Unit]\nDefaultDependencies=no\nWants=foo.service\n',
    units: { 'foo.service': SVC },
    pulled: ['foo.service'],
    want: [],
  },
  {
    name: 'the target is already Before= the unit (unit After=target): no After=, that would be a loop',
    target: '[Unit]\nWants=late.service\n',
    units: { 'late.service': '[Unit]\nAfter=t.target\n[Service]\nExecStart=/bin/true\n' },
    pulled: ['late.service'],
    before: [['t.target', 'late.service']],
    want: [],
  },
  {
    name: 'the unit is already Before= the target: systemd records the same ordering again',
    target: '[Unit]\nWants=early.service\n',
    units: { 'early.service': '[Unit]\nBefore=t.target\n[Service]\nExecStart=/bin/true\n' },
    pulled: ['early.service'],
    before: [['early.service', 't.target']],
    want: ['early.service Before t.target'],
  },
  {
    name: 'absent, masked and template units are not loaded: nothing',
    target: '[Unit]\nWants=gone.service masked.service\n',
    units: { 'masked.service': SVC },
    masked: ['masked.service'],
    pulled: ['gone.service', 'masked.service', 'foo@.service'],
    want: [],
  },
  {
    name: 'a device loads without a file: After= it',
    target: '[Unit]\nRequires=dev-mapper-root.device\n',
    units: {},
    pulled: ['dev-mapper-root.device'],
    want: ['dev-mapper-root.device Before t.target'],
  },
  {
    name: 'perpetual units (-.mount) have DefaultDependencies=no',
    target: '[Unit]\nWants=-.mount\n',
    units: {},
    pulled: ['-.mount'],
    want: [],
  },
  {
    name: 'a target pulling a target',
    target: '[Unit]\nWants=other.target\n',
    units: { 'other.target': '[Unit]\nDescription=x\n' },
    pulled: ['other.target'],
    want: ['other.target Before t.target'],
  },
];

describe('targetDefaultOrdering', () => {
  for (const c of cases) {
    it(c.name, () => {
      const target = makeUnit('t.target', c.target);
      const others = Object.entries(c.units).map(([n, t]) => makeUnit(n, t, { masked: c.masked?.includes(n) ?? false }));
      const ctx = makeContext([target, ...others], { before: c.before ?? [] });
      expect(edgeStrings(targetDefaultOrdering(target, c.pulled, ctx))).toEqual([...c.want].sort());
    });
  }

  it('only targets order themselves after what they pull in', () => {
    const svc = makeUnit('foo.service', '[Unit]\nWants=bar.service\n');
    const bar = makeUnit('bar.service', SVC);
    expect(targetDefaultOrdering(svc, ['bar.service'], makeContext([svc, bar]))).toEqual([]);
  });

  it('the edge names the rule and carries origin default', () => {
    const target = makeUnit('t.target', '[Unit]\nWants=foo.service\n');
    const [e] = targetDefaultOrdering(target, ['foo.service'], makeContext([target, makeUnit('foo.service', SVC)]));
    expect(e).toEqual({ from: 'foo.service', to: 't.target', kind: 'Before', origin: 'default',
      via: 'DefaultDependencies=yes (target): After=foo.service (pulled in by t.target)' });
  });
});
