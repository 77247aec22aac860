/**
 * Precision first (issue 13): the rules about what systemd makes of the unit text — unit-refused,
 * invalid-value, directive-too-new, directive-removed, deprecated-directive — report nothing on a
 * correct image: both shared NixOS corpus cases and the examples (systemd 256), every correct real
 * dracut image (built with this host's systemd 252), and this machine's own root. The versions are
 * set as the images carry them, so the version-dependent rules run too. A unit refused in the
 * loader would also show here, as a loadError on a unit systemd itself loads.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSource } from '../../src/index.js';
import { buildGraph } from '../../src/graph/build.js';
import { runChecks } from '../../src/graph/checks/run-checks.js';
import { CHECKS } from '../../src/graph/checks/registry.js';
import type { UnitSet } from '../../src/parse/types.js';
import { REPO, corpusCases, corpusDir } from '../helpers/fixture.js';
import { skipTitle } from '../helpers/skip.js';

const RULES = ['unit-refused', 'invalid-value', 'directive-too-new', 'directive-removed', 'deprecated-directive'];
const checks = CHECKS.filter((c) => RULES.includes(c.id));

const DRACUT = join(REPO, 'test', 'fixtures', 'build', 'dracut');
const DRACUT_CORRECT = ['zstd', 'gzip-crypt', 'sshd-crypt', 'xz', 'lz4', 'early-microcode', 'big'].filter((n) => existsSync(join(DRACUT, `${n}.img`)));
const EXAMPLES = readdirSync(join(REPO, 'examples')).filter((d) => existsSync(join(REPO, 'examples', d, 'initrd')));

const findingsOf = async (source: string, version: number | undefined): Promise<string[]> => {
  const { set } = await analyzeSource(source);
  const versioned: UnitSet = version === undefined || set.systemdVersion !== undefined ? set : { ...set, systemdVersion: { version, from: 'test' } };
  const graph = buildGraph(versioned);
  const refusedInLoader = [...set.units.values()].filter((u) => u.loadErrorKind === 'verify' || u.loadErrorKind === 'value').map((u) => `${u.name}: ${u.loadError ?? ''}`);
  return [...refusedInLoader, ...runChecks(graph, {}, checks).findings.map((f) => `${f.rule}: ${f.message}`)];
};

describe('no finding of the unit-value rules on correct images', () => {
  it.each(corpusCases.map((c) => [c]))('NixOS corpus %s (systemd 256)', async (name) => {
    expect(await findingsOf(join(corpusDir(name), 'initrd'), 256)).toEqual([]);
  });
  it.each(EXAMPLES.map((e) => [e]))('examples/%s (systemd 256)', async (name) => {
    expect(await findingsOf(join(REPO, 'examples', name, 'initrd'), 256)).toEqual([]);
  });
  (DRACUT_CORRECT.length > 0 ? it.each(DRACUT_CORRECT.map((n) => [n])) : it.skip.each([['(dracut fixtures not built)']]))(skipTitle(DRACUT_CORRECT.length > 0, 'dracut fixtures not built: bash scripts/build-dracut-fixtures.sh', 'dracut %s.img (systemd 252)'), async (name) => {
    expect(await findingsOf(join(DRACUT, `${name}.img`), 252)).toEqual([]);
  });
  (existsSync('/usr/lib/systemd/system/multi-user.target') ? it : it.skip)(skipTitle(existsSync('/usr/lib/systemd/system/multi-user.target'), 'this machine has no /usr/lib/systemd/system/multi-user.target', "this machine's own root"), async () => {
    expect(await findingsOf('/', undefined)).toEqual([]);
  });
});
