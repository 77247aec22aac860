/**
 * Unit changes key by key, through the real loader (fragments, drop-ins, aliases, masks): values
 * assigned several times compared as sequences, store hashes normalised, store-only changes kept
 * apart, moved lines ignored.
 */
import { describe, expect, it } from '@jest/globals';
import { diffUnits } from '../../../src/graph/diff/units.js';
import { normalizeStorePaths } from '../../../src/graph/diff/store-paths.js';
import { loadUnits } from '../../../src/parse/load/load-units.js';
import type { UnitSet } from '../../../src/parse/types.js';
import { makeSource } from '../../helpers/fixture.js';

const units = async (files: Record<string, string>, links: Record<string, string> = {}): Promise<UnitSet> => loadUnits(await makeSource({ base: 'none', files, links }));

const H1 = '0123456789abcdfghijklmnpqrsvwxyz';
const H2 = 'zyxwvsrqpnmlkjihgfdcba9876543210';

describe('normalizeStorePaths', () => {
  it('replaces the 32-character nix base-32 hash of every store path, with or without the leading slash', () => {
    expect(normalizeStorePaths(`ExecStart=/nix/store/${H1}-unit-script-x-start/bin/x-start /nix/store/${H2}-bash-5.2/bin/bash`)).toBe(
      'ExecStart=/nix/store/…-unit-script-x-start/bin/x-start /nix/store/…-bash-5.2/bin/bash',
    );
    expect(normalizeStorePaths(`nix/store/${H1}-systemd-256.10/example`)).toBe('nix/store/…-systemd-256.10/example');
  });

  it('leaves what is not a store hash alone (wrong length, letters outside the alphabet)', () => {
    for (const s of ['/nix/store/abc-short', `/nix/store/${'e'.repeat(32)}-has-e`, '/usr/lib/systemd/systemd']) expect(normalizeStorePaths(s)).toBe(s);
  });
});

describe('diffUnits', () => {
  it('reports a single-valued key as old → new, and keys that appear or vanish with null', async () => {
    const a = await units({ 'a.service': '[Unit]\nDescription=A\nAfter=x.service\n\n[Service]\nType=simple\n' });
    const b = await units({ 'a.service': '[Unit]\nDescription=A\n\n[Service]\nType=oneshot\nRemainAfterExit=yes\n' });
    const d = diffUnits(a, b, false);
    expect(d.changed).toEqual([
      {
        name: 'a.service',
        changes: [
          { section: 'Unit', key: 'After', old: 'x.service', new: null },
          { section: 'Service', key: 'RemainAfterExit', old: null, new: 'yes' },
          { section: 'Service', key: 'Type', old: 'simple', new: 'oneshot' },
        ],
      },
    ]);
    expect([d.added, d.removed, d.storeOnly]).toEqual([[], [], []]);
  });

  it('compares a key assigned several times as the sequence of its values, with what was added and removed', async () => {
    const a = await units({ 'a.service': '[Service]\nEnvironment=A=1\nEnvironment=B=2\nExecStart=/bin/a\n' });
    const b = await units({ 'a.service': '[Service]\nEnvironment=A=1\nEnvironment=C=3\nEnvironment=B=2\nExecStart=/bin/a\n' });
    expect(diffUnits(a, b, false).changed[0]?.changes).toEqual([
      { section: 'Service', key: 'Environment', old: 'A=1\nB=2', new: 'A=1\nC=3\nB=2', removed: [], added: ['C=3'] },
    ]);
  });

  it('sees an option changed only in a drop-in (ExecStart reset and replaced)', async () => {
    const frag = '[Service]\nExecStart=/bin/wait\n';
    const a = await units({ 'w.service': frag, 'w.service.d/override.conf': '[Service]\nExecStart=\nExecStart=/bin/wait --timeout=120\n' });
    const b = await units({ 'w.service': frag, 'w.service.d/override.conf': '[Service]\nExecStart=\nExecStart=/bin/wait --timeout=30\n' });
    expect(diffUnits(a, b, false).changed).toEqual([
      {
        name: 'w.service',
        changes: [{ section: 'Service', key: 'ExecStart', old: '/bin/wait\n\n/bin/wait --timeout=120', new: '/bin/wait\n\n/bin/wait --timeout=30', removed: ['/bin/wait --timeout=120'], added: ['/bin/wait --timeout=30'] }],
      },
    ]);
  });

  it('reports a drop-in added with the keys it sets, and an alias added', async () => {
    const a = await units({ 'a.service': '[Service]\nExecStart=/bin/a\n' });
    const b = await units({ 'a.service': '[Service]\nExecStart=/bin/a\n', 'a.service.d/10-nice.conf': '[Service]\nNice=5\n' }, { 'b.service': 'a.service' });
    const c = diffUnits(a, b, false).changed;
    expect(c).toHaveLength(1);
    expect(c[0]?.changes).toEqual([{ section: 'Service', key: 'Nice', old: null, new: '5' }]);
    expect(c[0]?.dropins?.added).toHaveLength(1);
    expect(c[0]?.dropins?.added[0]).toMatch(/a\.service\.d\/10-nice\.conf$/);
    expect(c[0]?.aliases).toEqual({ added: ['b.service'], removed: [] });
  });

  it('does not see a directive that only moved to another line', async () => {
    const a = await units({ 'a.service': '[Unit]\nDescription=A\n[Service]\nExecStart=/bin/a\n' });
    const b = await units({ 'a.service': '# a comment\n\n[Unit]\n\nDescription=A\n\n\n[Service]\n# run it\nExecStart=/bin/a\n' });
    expect(diffUnits(a, b, false)).toEqual({ added: [], removed: [], changed: [], storeOnly: [], origins: {} });
  });

  it('keeps a unit whose only change is a store hash apart, and shows it as it is', async () => {
    const a = await units({ 's.service': `[Service]\nExecStart=/nix/store/${H1}-unit-script-s-start/bin/s-start\n` });
    const b = await units({ 's.service': `[Service]\nExecStart=/nix/store/${H2}-unit-script-s-start/bin/s-start\n` });
    const d = diffUnits(a, b, false);
    expect(d.changed).toEqual([]);
    expect(d.storeOnly).toEqual([
      {
        name: 's.service',
        storeOnly: true,
        changes: [{ section: 'Service', key: 'ExecStart', old: `/nix/store/${H1}-unit-script-s-start/bin/s-start`, new: `/nix/store/${H2}-unit-script-s-start/bin/s-start`, storeOnly: true }],
      },
    ]);
    const kept = diffUnits(a, b, true);
    expect(kept.storeOnly).toEqual([]);
    expect(kept.changed.map((u) => [u.name, u.storeOnly])).toEqual([['s.service', true]]);
  });

  it('shows only the real part of a unit that changed in both ways (normalised), and all of it with keepStoreHashes', async () => {
    const a = await units({ 's.service': `[Unit]\nAfter=a.service\n[Service]\nExecStart=/nix/store/${H1}-x/bin/x\n` });
    const b = await units({ 's.service': `[Unit]\nAfter=b.service\n[Service]\nExecStart=/nix/store/${H2}-x/bin/x --flag\nExecStartPre=/nix/store/${H2}-pre/bin/pre\n` });
    expect(diffUnits(a, b, false).changed[0]?.changes).toEqual([
      { section: 'Unit', key: 'After', old: 'a.service', new: 'b.service' },
      { section: 'Service', key: 'ExecStart', old: '/nix/store/…-x/bin/x', new: '/nix/store/…-x/bin/x --flag' },
      { section: 'Service', key: 'ExecStartPre', old: null, new: '/nix/store/…-pre/bin/pre' },
    ]);
    const a2 = await units({ 's.service': `[Unit]\nAfter=a.service\n[Service]\nExecStart=/nix/store/${H1}-x/bin/x\n` });
    const b2 = await units({ 's.service': `[Unit]\nAfter=b.service\n[Service]\nExecStart=/nix/store/${H2}-x/bin/x\n` });
    expect(diffUnits(a2, b2, false).changed[0]?.changes.map((c) => c.key)).toEqual(['After']);
    const kept = diffUnits(a2, b2, true).changed[0];
    expect(kept?.storeOnly).toBeUndefined();
    expect(kept?.changes.map((c) => [c.key, c.storeOnly ?? false])).toEqual([['After', false], ['ExecStart', true]]);
  });

  it('reports masking as the masked state and the fragment, not as every directive gone', async () => {
    const a = await units({ 'm.service': '[Unit]\nDescription=M\n[Service]\nExecStart=/bin/m\n' });
    const b = await units({}, { 'm.service': '/dev/null' });
    const c = diffUnits(a, b, false).changed;
    expect(c).toHaveLength(1);
    expect(c[0]?.changes).toEqual([]);
    expect(c[0]?.masked).toEqual({ old: false, new: true });
    expect(c[0]?.realFile?.new).toBe('/dev/null');
  });

  it('lists units added and removed with their origin', async () => {
    const a = await units({ 'a.service': '[Service]\nExecStart=/bin/a\n', 'old.service': '[Service]\nExecStart=/bin/o\n' });
    const b = await units({ 'a.service': '[Service]\nExecStart=/bin/a\n', 'new.service': '[Service]\nExecStart=/bin/n\n' });
    const d = diffUnits(a, b, false);
    expect([d.added, d.removed, d.origins]).toEqual([['new.service'], ['old.service'], { 'new.service': 'file', 'old.service': 'file' }]);
  });
});
