/**
 * The NixOS corpus (examples/, the repository's copy of ../shared/corpus/nixos), read as a user
 * would (the initrd archives), against expected.json:
 * generated units with their dependencies, facts (edges, aliases, drop-ins, masks), layout,
 * no error findings, and nothing that matches must_not_report.
 */
import { describe, expect, it } from '@jest/globals';
import { lstatSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeSource, checkGraph, type UnitGraph, type UnitSet } from '../../src/index.js';
import type { CheckResult } from '../../src/graph/checks/types.js';
import type { DepEdge } from '../../src/graph/types.js';
import { corpusCases, corpusDir } from '../helpers/fixture.js';

interface Expected {
  errors: Array<{ rule: string; units: string[] }>;
  warnings: Array<{ rule: string; units: string[]; required?: boolean }>;
  must_not_report: Array<{ rule: string; units: string[] }>;
  facts: { edges: Array<[string, string, string]>; aliases?: Record<string, string>; dropins?: string[]; masked: string[] };
  layout: { unit_dir: string; unit_dir_store_path: string; sysroot_fstab: string; crypttab: string };
  generated_units: Record<string, Record<string, unknown>>;
}

/** A dependency `unit KEY other` as an edge predicate in contract form. */
const edgeFor = (unit: string, key: string, other: string): ((e: DepEdge) => boolean) => {
  switch (key) {
    case 'After':
      return (e) => e.kind === 'Before' && e.from === other && e.to === unit;
    case 'Before':
      return (e) => e.kind === 'Before' && e.from === unit && e.to === other;
    case 'RequiredBy':
      return (e) => e.kind === 'Requires' && e.from === other && e.to === unit;
    case 'WantedBy':
      return (e) => e.kind === 'Wants' && e.from === other && e.to === unit;
    default:
      return (e) => e.kind === key && e.from === unit && e.to === other;
  }
};

const DEP_KEYS = ['After', 'Before', 'Requires', 'RequiredBy', 'Wants', 'WantedBy', 'BindsTo', 'Conflicts'];
const MOUNT_DEVICE_KEYS = new Set(['BindsTo']); // systemd 252-257 add Requires+After (+StopPropagatedFrom) for What=, BindsTo only with x-systemd.device-bound

describe.each(corpusCases)('NixOS corpus: %s', (name) => {
  const expected = JSON.parse(readFileSync(join(corpusDir(name), 'expected.json'), 'utf8')) as Expected;
  let set: UnitSet;
  let graph: UnitGraph;
  let result: CheckResult;
  const has = (pred: (e: DepEdge) => boolean): boolean => graph.edges.some(pred);

  it('loads and checks the archive', async () => {
    ({ set, graph } = await analyzeSource(join(corpusDir(name), 'initrd')));
    result = checkGraph(graph);
    expect(set.initrd).toBe(true);
    expect(graph.target).toBe('initrd.target');
  });

  it('reports no error, and every required finding', () => {
    expect(result.findings.filter((f) => f.severity === 'error')).toEqual([]);
    for (const w of [...expected.errors, ...expected.warnings.filter((x) => x.required !== false)]) {
      expect(result.findings.some((f) => f.rule === w.rule && w.units.every((u) => f.units.includes(u)))).toBe(true);
    }
  });

  it('reports nothing beyond what expected.json lists (optional findings included)', () => {
    const listed = [...expected.errors, ...expected.warnings];
    const extra = result.findings.filter((f) => !listed.some((w) => w.rule === f.rule && w.units.every((u) => f.units.includes(u))));
    expect(extra.map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
  });

  it('reports nothing listed in must_not_report', () => {
    for (const m of expected.must_not_report) {
      const hits = result.findings.filter((f) => f.rule === m.rule && f.units.some((u) => m.units.includes(u)));
      expect(hits).toEqual([]);
    }
  });

  it('has every generated unit, made by a generator, with its dependencies', () => {
    for (const [unitName, spec] of Object.entries(expected.generated_units)) {
      const unit = set.units.get(unitName);
      expect(unit?.origin).toBe('generator');
      for (const key of DEP_KEYS) {
        for (const other of (spec[key] as string[] | undefined) ?? []) {
          const target = unit?.type === 'mount' && MOUNT_DEVICE_KEYS.has(key) ? 'Requires' : key;
          expect([unitName, key, other, has(edgeFor(unitName, target, other))]).toEqual([unitName, key, other, true]);
        }
      }
      for (const k of ['What', 'Where', 'Type', 'Options', 'ExecStart', 'ExecStop']) {
        if (spec[k] === undefined) continue;
        const section = k.startsWith('Exec') ? 'Service' : 'Mount';
        const d = unit?.directives.filter((x) => x.section === section && x.key === k).at(-1);
        expect([unitName, k, d?.value]).toEqual([unitName, k, spec[k]]);
      }
    }
  });

  it('holds the facts: edges, aliases, drop-ins, masks', () => {
    for (const [unit, key, other] of expected.facts.edges) {
      expect([unit, key, other, has(edgeFor(unit, key, other))]).toEqual([unit, key, other, true]);
    }
    for (const [alias, canonical] of Object.entries(expected.facts.aliases ?? {})) {
      expect([alias, set.aliases.get(alias)]).toEqual([alias, canonical]);
    }
    for (const dropin of expected.facts.dropins ?? []) {
      const unit = set.units.get(set.aliases.get(dropin.split('.d/')[0] ?? '') ?? dropin.split('.d/')[0] ?? '');
      expect([dropin, unit?.dropins.some((d) => d.endsWith(dropin))]).toEqual([dropin, true]);
    }
    for (const m of expected.facts.masked) expect(set.units.get(m)?.masked).toBe(true);
  });

  it('resolves the layout: the unit directory is a link into the store, fstab from SYSTEMD_SYSROOT_FSTAB', () => {
    expect(set.searchPath).toContain(expected.layout.unit_dir.replace(/^\//, ''));
    const anyUnit = [...set.units.values()].find((u) => u.origin === 'file' && u.file?.startsWith('etc/systemd/system/'));
    expect(anyUnit).toBeDefined();
    const sysroot = set.units.get('sysroot.mount');
    expect(sysroot?.directives.find((d) => d.key === 'SourcePath')?.value).toBe(expected.layout.sysroot_fstab);
  });
});

/**
 * The same archive unpacked to a directory, links and all (as `zstd -dc initrd | cpio -idm`
 * leaves it): `etc/systemd/system` is an absolute link to `/nix/store/…-initrd-units`, which must
 * resolve inside the directory, not on the host. Same unit set, same graph, same findings.
 */
describe.each(corpusCases)('NixOS corpus %s unpacked to a directory', (name) => {
  const unpack = async (): Promise<string> => {
    const { readInitrd } = await import('../../src/parse/source/initrd/read-initrd.js');
    const fs = await readInitrd(readFileSync(join(corpusDir(name), 'initrd')), name);
    const dest = mkdtempSync(join(tmpdir(), `unitgraph-unpacked-${name}-`));
    const walk = (dir: string): void => {
      for (const entry of fs.readdir(dir === '' ? '/' : dir)) {
        const path = `${dir}/${entry}`;
        const node = fs.lstat(path);
        if (node?.type === 'dir') {
          mkdirSync(join(dest, path));
          walk(path);
        } else if (node?.type === 'symlink') symlinkSync(node.target, join(dest, path));
        else if (node?.type === 'file') writeFileSync(join(dest, path), node.read());
      }
    };
    walk('');
    return dest;
  };

  it('gives the unit set, graph and findings of the archive', async () => {
    const dir = await unpack();
    try {
      expect(lstatSync(join(dir, 'etc', 'systemd', 'system')).isSymbolicLink()).toBe(true);
      const fromDir = await analyzeSource(dir);
      const fromArchive = await analyzeSource(join(corpusDir(name), 'initrd'));
      expect(fromDir.set.sourceKind).toBe('root');
      expect(fromDir.set.initrd).toBe(true);
      const units = (s: UnitSet) => [...s.units.values()].map((u) => [u.name, u.origin, u.file, u.masked, [...u.aliases].sort(), u.dropins]).sort();
      expect(units(fromDir.set)).toEqual(units(fromArchive.set));
      const edges = (g: UnitGraph) => g.edges.map((e) => `${e.from} ${e.kind} ${e.to} ${e.origin} ${e.file ?? ''}:${e.line ?? ''}`).sort();
      expect(edges(fromDir.graph)).toEqual(edges(fromArchive.graph));
      const findings = (g: UnitGraph) => checkGraph(g).findings.map((f) => `${f.rule} ${f.units.join(',')} ${f.message}`);
      expect(findings(fromDir.graph)).toEqual(findings(fromArchive.graph));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
