/**
 * Real dracut images (scripts/build-dracut-fixtures.sh, run by .ci/run): every correct image
 * checks clean, each broken image finds exactly its rule, and `list` and the graph agree with
 * what systemd itself loads from the unpacked tree (`systemd --test`, scripts/systemd-oracle.sh).
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSource, checkGraph } from '../../src/index.js';
import { REPO } from '../helpers/fixture.js';
import { oracleEdges, oracleUnits, readOracle, tripleKey } from '../helpers/systemd-oracle.js';

const DIR = join(REPO, 'test', 'fixtures', 'build', 'dracut');
const built = existsSync(join(DIR, 'zstd.img'));
if (!built && process.env['CI'] !== undefined) throw new Error(`dracut fixtures missing in CI: run scripts/build-dracut-fixtures.sh (${DIR})`);
const suite = built ? describe : describe.skip;

const CORRECT = ['zstd', 'gzip-crypt', 'sshd-crypt', 'xz', 'lz4', 'early-microcode', 'big'];
const BROKEN: Record<string, string[]> = {
  'ordering-cycle': ['cycle-a.service'],
  'default-deps-cycle': ['unlock-keys.service'],
  'missing-unit': ['needs-missing.service'],
  'masked-required': ['needs-masked.service'],
  'missing-template': ['needs-instance.service'],
  'device-name-mismatch': ['dev-disk-by-label-my-root.device', 'run-my-data.mount'],
  'leaks-into-switch-root': ['initrd-mask-debug.service'],
  'bindsto-without-after': ['bound-helper.service'],
  'unknown-directive': ['typo.service'],
  'wrong-section': ['misplaced.service'],
};

suite('real dracut images', () => {
  it.each(CORRECT)('%s.img checks clean', async (name) => {
    const { graph } = await analyzeSource(join(DIR, `${name}.img`));
    const r = checkGraph(graph);
    expect(r.findings.map((f) => `${f.rule}: ${f.message}`)).toEqual([]);
    expect(graph.transaction.size).toBeGreaterThan(40);
  });

  it.each(Object.entries(BROKEN))('broken-%s.img finds exactly its rule', async (rule, units) => {
    const { graph } = await analyzeSource(join(DIR, `broken-${rule}.img`));
    const r = checkGraph(graph);
    expect([...new Set(r.findings.map((f) => f.rule))]).toEqual([rule]);
    expect(r.findings.map((f) => f.units[0]).sort()).toEqual([...units].sort());
  });

  const withOracle = [...CORRECT, ...Object.keys(BROKEN).map((r) => `broken-${r}`)].filter((n) => existsSync(join(DIR, `${n}.oracle.json`)));

  it.each(withOracle)('%s: list agrees with the units systemd loads', async (name) => {
    const oracle = readOracle(join(DIR, `${name}.oracle.json`));
    if (oracle === undefined) return;
    const { set } = await analyzeSource(join(DIR, `${name}.img`));
    for (const [unitName, u] of Object.entries(oracle.units)) {
      if (u.host === true) continue;
      const ours = set.lookup(unitName);
      if (u.loadState === 'loaded' && u.fragmentPath) {
        expect([unitName, ours?.realFile]).toEqual([unitName, u.fragmentPath]);
        expect([unitName, (ours?.dropins ?? []).length]).toEqual([unitName, (u.dropins ?? []).length]);
      } else if (u.loadState === 'not-found') {
        expect([unitName, ours?.origin === 'referenced' || ours?.assumed === true]).toEqual([unitName, true]);
      } else if (u.loadState === 'masked') {
        expect([unitName, ours?.masked]).toEqual([unitName, true]);
      }
    }
  });

  it.each(withOracle)('%s: the graph agrees with systemd --test, edge for edge', async (name) => {
    const oracle = readOracle(join(DIR, `${name}.oracle.json`));
    if (oracle === undefined) return;
    const units = oracleUnits(oracle);
    const theirs = oracleEdges(oracle);
    const { graph } = await analyzeSource(join(DIR, `${name}.img`));
    const ours = new Set(graph.edges.filter((e) => units.has(e.from) && units.has(e.to) && e.from !== e.to).map((e) => tripleKey(e.from, e.to, e.kind)));
    const missing = [...theirs].filter((k) => !ours.has(k));
    const extra = [...ours].filter((k) => !theirs.has(k));
    // known and accepted: systemd's perpetual init.scope sits in -.slice; it is not a unit file
    const accepted = (k: string): boolean => k.includes('init.scope');
    expect(missing.filter((k) => !accepted(k))).toEqual([]);
    expect(extra.filter((k) => !accepted(k))).toEqual([]);
    process.stdout.write(`edge agreement ${name}: ${theirs.size - missing.length}/${theirs.size} of systemd's edges, ${extra.length} extra\n`);
  });
});
