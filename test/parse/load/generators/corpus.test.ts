/**
 * The NixOS corpus: what the generators create from each image's SYSTEMD_SYSROOT_FSTAB and
 * /etc/crypttab must account for every item of expected.json's `generated_units`:
 *  - What/Where/Type/Options and DefaultDependencies/IgnoreOnIsolate exactly;
 *  - each After/Before/BindsTo/Requires/Wants/Conflicts item either written by the generator, or
 *    added by systemd itself when it loads the unit (IMPLICIT below: src/core/mount.c
 *    mount_add_device_dependencies(), mount_add_mount_dependencies(), mount_add_default_dependencies());
 *  - each RequiredBy item as a `<target>.requires/<unit>` link;
 * and nothing beyond it. The corpus is the repository's copy in examples/ (scripts/sync-corpus.sh).
 */
import { describe, expect, it } from '@jest/globals';
import { escapePath, unescapePath } from '../../../../src/parse/load/escape.js';
import { runGenerators } from '../../../../src/parse/load/generators/index.js';
import { nixosSystemdPaths } from '../../../../src/parse/load/generators/nixos-paths.js';
import type { GeneratedTree } from '../../../../src/parse/load/generators/types.js';
import type { CorpusCase } from '../../../helpers/fixture.js';
import { archiveReader, expectedOf, readUnit } from './helpers.js';

type Expected = Record<string, Record<string, string | string[]>>;
const DEPS = ['After', 'Before', 'BindsTo', 'Requires', 'Wants', 'Conflicts'] as const;
const GEN = '/run/systemd/generator/';

const instanceOf = (unit: string): string => /@(.*)\.[a-z]+$/.exec(unit)?.[1] ?? '';

/** What systemd adds to a generated mount unit when loading it (not written by the generator). */
const implicit = (unit: string, text: string): Map<string, Set<string>> => {
  const out = new Map<string, Set<string>>(DEPS.map((d) => [d, new Set<string>()]));
  if (!unit.endsWith('.mount')) return out;
  const u = readUnit(text);
  const what = u.value('Mount', 'What') ?? '';
  const where = u.value('Mount', 'Where') ?? '';
  if (u.value('Unit', 'DefaultDependencies') !== 'no') out.get('After')?.add('local-fs-pre.target');
  if (what.startsWith('/dev/')) {
    const dev = `${escapePath(what) ?? ''}.device`;
    out.get('After')?.add(dev);
    out.get('BindsTo')?.add(dev); // a mount from a unit file is bound to its device
  }
  // RequiresMountsFor= of the parent directories: After= + Requires= on their mount units
  for (let p = where; p !== '/' && p !== ''; p = p.slice(0, p.lastIndexOf('/')) || '/') {
    if (p === where) continue;
    out.get('After')?.add(`${escapePath(p) ?? ''}.mount`);
    out.get('Requires')?.add(`${escapePath(p) ?? ''}.mount`);
  }
  return out;
};

const readers = {
  'remote-unlock-luks': await archiveReader('remote-unlock-luks'),
  'btrfs-optin-state': await archiveReader('btrfs-optin-state'),
} as const;

/** As loadUnits() runs them: the executables' paths are those of the systemd /init links to. */
const run = (c: CorpusCase, systemdVersion?: number, cmdline?: string): GeneratedTree =>
  runGenerators({
    initrd: true, read: readers[c].read, env: new Map(), paths: nixosSystemdPaths(readers[c].readlink) ?? {},
    ...(systemdVersion === undefined ? {} : { systemdVersion }), ...(cmdline === undefined ? {} : { cmdline }),
  });

describe.each(['btrfs-optin-state', 'remote-unlock-luks'] as const)('NixOS corpus %s', (c) => {
  const expected = (expectedOf(c) as { generated_units: Expected }).generated_units;
  const tree = run(c);

  it('reads SYSTEMD_SYSROOT_FSTAB from system.conf and assumes root=fstab', () => {
    expect(tree.notes).toContain('kernel command line assumed: root=fstab (NixOS; SYSTEMD_SYSROOT_FSTAB is set in system.conf)');
    expect(tree.diagnostics).toEqual([]);
  });

  it.each(Object.keys(expected))('generates %s with the expected settings and dependencies', (unit) => {
    const exp = expected[unit] as Record<string, string | string[]>;
    const text = tree.files.get(GEN + unit);
    expect(text).toBeDefined();
    const u = readUnit(text as string, instanceOf(unit));
    for (const key of ['What', 'Where', 'Type', 'Options'] as const)
      if (exp[key] !== undefined) expect(u.value('Mount', key)).toBe(exp[key]);
    for (const key of ['DefaultDependencies', 'IgnoreOnIsolate'] as const)
      if (exp[key] !== undefined) expect(u.value('Unit', key)).toBe(exp[key]);
    for (const key of ['ExecStart', 'ExecStop'] as const)
      if (exp[key] !== undefined) expect([key, u.value('Service', key)]).toEqual([key, exp[key]]);
    const imp = implicit(unit, text as string);
    for (const dep of DEPS) {
      for (const item of (exp[dep] as string[] | undefined) ?? []) {
        const explicit = u.get('Unit', dep).includes(item);
        expect({ dep, item, accounted: explicit || (imp.get(dep)?.has(item) ?? false) }).toEqual({ dep, item, accounted: true });
      }
    }
    for (const target of (exp['RequiredBy'] as string[] | undefined) ?? [])
      expect(tree.links.get(`${GEN}${target}.requires/${unit}`)).toBe(`../${unit}`);
  });

  it('has no generated unit beyond what expected.json lists', () => {
    const units = [...tree.files.keys()].filter((p) => !p.includes('.d/')).map((p) => p.slice(GEN.length));
    expect(units.filter((u) => expected[u] === undefined)).toEqual([]);
  });

  it('writes the initrd-root-device.target drop-in for the /sysroot device (v254+)', () => {
    const dev = `${escapePath(String(expected['sysroot.mount']?.['What'])) ?? ''}.device`;
    expect(tree.files.get(`${GEN}initrd-root-device.target.d/50-root-device.conf`)).toBe(
      `# Automatically generated by systemd-fstab-generator\n\n[Unit]\nRequires=${dev}\nAfter=${dev}\n`);
    expect(unescapePath(dev.slice(0, -'.device'.length))).toBe(expected['sysroot.mount']?.['What']);
  });
});

describe('systemd 252 generates differently from 256 for the same image', () => {
  it('systemd 252 writes Conflicts=/Before=umount.target for the volume "root"', () => {
    const tree = run('remote-unlock-luks', 252);
    const u = readUnit(tree.files.get(`${GEN}systemd-cryptsetup@root.service`) as string, 'root');
    expect(u.get('Unit', 'Conflicts')).toEqual(['umount.target']);
    expect(u.get('Unit', 'Before')).toContain('umount.target');
  });

  it('systemd 252 still uses systemd-fsck-root.service for /sysroot, but orders it before initrd-fs.target', () => {
    const tree = run('remote-unlock-luks', 252, '');
    const u = readUnit(tree.files.get(`${GEN}sysroot.mount`) as string);
    expect(u.get('Unit', 'Requires')).toEqual(['systemd-fsck-root.service']);
    expect(u.get('Unit', 'Before')).toEqual(['initrd-fs.target']);
    expect(tree.links.get(`${GEN}initrd-fs.target.requires/sysroot.mount`)).toBe('../sysroot.mount');
    expect([...tree.files.keys()].some((p) => p.includes('initrd-root-device.target.d'))).toBe(false);
  });

  it('systemd 252 does not know root=fstab: What=fstab, and the fstab\'s / is refused as a duplicate', () => {
    const tree = run('remote-unlock-luks', 252);
    expect(readUnit(tree.files.get(`${GEN}sysroot.mount`) as string).value('Mount', 'What')).toBe('fstab');
    expect(tree.diagnostics.map((d) => d.code)).toContain('generator-duplicate-unit');
  });
});
