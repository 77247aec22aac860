/**
 * The boot plan (src/graph/plan.ts): an initrd is two phases, the start of initrd.target and the
 * isolate of initrd-switch-root.target; --target is exactly one start phase; every check runs
 * over every phase and names it.
 */
import { describe, expect, it } from '@jest/globals';
import { runChecks } from '../../../src/graph/checks/run-checks.js';
import { graphOf } from '../../helpers/fixture.js';
import { wantedBy } from '../../helpers/rule-table.js';

describe('the boot plan of the NixOS remote-unlock initrd', () => {
  it('has two phases: start initrd.target, then isolate initrd-switch-root.target', async () => {
    const g = await graphOf({});
    expect(g.plan.phases.map((p) => [p.target, p.mode])).toEqual([
      ['initrd.target', 'start'],
      ['initrd-switch-root.target', 'isolate'],
    ]);
    const [one, two] = g.plan.phases;
    expect(one?.jobs.has('sysroot.mount')).toBe(true);
    expect(one?.jobs.has('initrd-switch-root.service')).toBe(false);
    expect(two?.jobs.has('initrd-switch-root.service')).toBe(true);
    expect(two?.jobs.has('initrd-nixos-activation.service')).toBe(true);
    // the isolate stops the remote-unlock daemons, keeps mounts (IgnoreOnIsolate by type)
    expect(two?.stopped.has('sshd.service')).toBe(true);
    expect(two?.stopped.has('sysroot.mount')).toBe(false);
    expect(two?.stopped.has('initrd.target')).toBe(true);
    expect(g.plan.notes).toEqual([]);
  });

  it('gives units that get no job none: not-found units, the perpetual -.slice', async () => {
    const g = await graphOf({ files: { 'a.service': '[Unit]\nDefaultDependencies=no\nWants=nosuch.service\n[Service]\nExecStart=/bin/true\n' }, links: wantedBy('initrd.target', 'a.service') });
    const one = g.plan.phases[0];
    expect(one?.units.has('nosuch.service')).toBe(true);
    expect(one?.jobs.has('nosuch.service')).toBe(false);
    expect(one?.jobs.has('-.slice')).toBe(false);
    expect(one?.jobs.has('a.service')).toBe(true);
  });

  it('--target is exactly the start transaction of that unit', async () => {
    const g = await graphOf({ target: 'initrd-switch-root.target' });
    expect(g.plan.phases.map((p) => [p.target, p.mode])).toEqual([['initrd-switch-root.target', 'start']]);
  });

  it('a root has one phase of default.target', async () => {
    const g = await graphOf({ initrd: false });
    expect(g.plan.phases).toHaveLength(1);
  });
});

describe('defects that live only in step 2 are found, with the phase named', () => {
  it('a unit WantedBy=initrd-switch-root.target that Requires= a unit that does not exist', async () => {
    const r = runChecks(
      await graphOf({
        files: { 'late.service': '[Unit]\nDefaultDependencies=no\nRequires=nosuch.service\nBefore=initrd-switch-root.target\n[Service]\nType=oneshot\nExecStart=/bin/true\n' },
        links: wantedBy('initrd-switch-root.target', 'late.service'),
      }),
    );
    const f = r.findings.filter((x) => x.rule === 'missing-unit');
    expect(f.map((x) => [x.units[0], x.phase])).toEqual([['late.service', 'initrd-switch-root.target']]);
  });

  it('an ordering cycle through initrd-switch-root.service', async () => {
    const r = runChecks(
      await graphOf({
        files: { 'loop.service': '[Unit]\nDefaultDependencies=no\nAfter=initrd-switch-root.service\nBefore=initrd-switch-root.target\n[Service]\nType=oneshot\nExecStart=/bin/true\n' },
        links: wantedBy('initrd-switch-root.target', 'loop.service'),
      }),
    );
    const cycles = r.findings.filter((x) => x.rule === 'ordering-cycle');
    expect(cycles).toHaveLength(1);
    expect(cycles[0]?.phase).toBe('initrd-switch-root.target');
    expect(cycles[0]?.units).toContain('loop.service');
    expect(cycles[0]?.units).toContain('initrd-switch-root.service');
  });

  it('a masked hard dependency of a step-2 unit', async () => {
    const r = runChecks(
      await graphOf({
        files: { 'late.service': '[Unit]\nDefaultDependencies=no\nRequires=gone.service\nBefore=initrd-switch-root.target\n[Service]\nType=oneshot\nExecStart=/bin/true\n' },
        links: { ...wantedBy('initrd-switch-root.target', 'late.service'), 'gone.service': '/dev/null' },
      }),
    );
    expect(r.findings.filter((x) => x.rule === 'masked-required').map((x) => x.phase)).toEqual(['initrd-switch-root.target']);
  });

  it('a step-2 unit with a \\x2d mistake in a device name', async () => {
    const r = runChecks(
      await graphOf({
        files: { 'late.service': '[Unit]\nDefaultDependencies=no\nRequires=dev-disk-by-label-persist-data.device\nAfter=dev-disk-by-label-persist-data.device\nBefore=initrd-switch-root.target\n[Service]\nType=oneshot\nExecStart=/bin/true\n' },
        links: wantedBy('initrd-switch-root.target', 'late.service'),
      }),
    );
    const f = r.findings.filter((x) => x.rule === 'device-name-mismatch');
    expect(f.map((x) => [x.units[0], x.phase])).toEqual([['dev-disk-by-label-persist-data.device', 'initrd-switch-root.target']]);
  });

  it('the same defect in both phases is reported once, under step 1', async () => {
    const r = runChecks(
      await graphOf({
        files: { 'both.service': '[Unit]\nDefaultDependencies=no\nRequires=nosuch.service\nBefore=initrd.target initrd-switch-root.target\n[Service]\nType=oneshot\nExecStart=/bin/true\n' },
        links: { ...wantedBy('initrd.target', 'both.service'), ...wantedBy('initrd-switch-root.target', 'both.service') },
      }),
    );
    expect(r.findings.filter((x) => x.rule === 'missing-unit').map((x) => x.phase)).toEqual(['initrd.target']);
  });
});
