/**
 * Ordering cycles, differentially against systemd itself: each scenario adds one hand-written
 * x.service (and its .wants/ link) to a real unpacked dracut image (scripts/build-dracut-fixtures.sh),
 * runs `systemd --test` on it (scripts/systemd-oracle.sh, which logs "Found ordering cycle" when
 * systemd's transaction has one) and `check`, and requires both to agree with what is written here.
 * The scenarios are the slips stage-1 authors make: a unit kept with DefaultDependencies=yes
 * ordered before an early target, a key fetcher wanted by cryptsetup.target, an early unit waiting
 * for a mount. Runs where the fixtures are built and systemd is installed (CI installs both); the
 * tree is hard-linked (cp -al), and only new files are added to the copy.
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSource, checkGraph } from '../../src/index.js';
import { REPO } from '../helpers/fixture.js';
import { skipTitle } from '../helpers/skip.js';

const DIR = join(REPO, 'test', 'fixtures', 'build', 'dracut');
const ORACLE = join(REPO, 'scripts', 'systemd-oracle.sh');
const CMDLINE = 'root=/dev/sda1';
const runnable = ['zstd', 'gzip-crypt'].every((n) => existsSync(join(DIR, `${n}.root`))) && existsSync('/usr/lib/systemd/systemd') && process.getuid?.() === 0;

const svc = (unit: string): string => `${unit}\n[Service]\nType=oneshot\nExecStart=/bin/true\n`;

/** [name, base image, x.service's [Unit] section, the directory whose .wants/ links it, systemd finds a cycle] */
const SCENARIOS: ReadonlyArray<readonly [string, string, string, string, boolean]> = [
  ['default deps, Before=sysroot.mount (unlock-luks in the NixOS corpus)', 'zstd', '[Unit]\nBefore=sysroot.mount', 'initrd.target', false],
  ['default deps, Before=initrd-root-device.target', 'zstd', '[Unit]\nBefore=initrd-root-device.target', 'initrd.target', false],
  ['default deps, Before=local-fs.target', 'zstd', '[Unit]\nBefore=local-fs.target', 'initrd.target', true],
  ['default deps, wanted by sysinit.target (systemd skips the target\'s After= that would loop)', 'zstd', '[Unit]\nDescription=x', 'sysinit.target', false],
  ['default deps, Before=systemd-udevd.service', 'zstd', '[Unit]\nBefore=systemd-udevd.service', 'initrd.target', true],
  ['default deps, Before=sysinit.target, wanted by it', 'zstd', '[Unit]\nBefore=sysinit.target', 'sysinit.target', true],
  ['default deps, After=sysroot.mount, Before=basic.target', 'zstd', '[Unit]\nBefore=basic.target\nAfter=sysroot.mount', 'initrd.target', true],
  ['DefaultDependencies=no, Before=local-fs-pre.target, After=initrd-root-fs.target', 'zstd', '[Unit]\nDefaultDependencies=no\nBefore=local-fs-pre.target\nAfter=initrd-root-fs.target', 'initrd.target', false],
  ['a key fetcher with default deps wanted by cryptsetup.target', 'gzip-crypt', '[Unit]\nDescription=fetch keys', 'cryptsetup.target', true],
  ['default deps, Before=cryptsetup.target', 'gzip-crypt', '[Unit]\nBefore=cryptsetup.target', 'initrd.target', true],
  ['default deps, Before= a generated cryptsetup unit', 'gzip-crypt', '[Unit]\nBefore=systemd-cryptsetup@cryptroot.service', 'initrd.target', true],
  ['DefaultDependencies=no, After=sysroot.mount, Before= the root\'s cryptsetup unit', 'gzip-crypt', '[Unit]\nDefaultDependencies=no\nBefore=systemd-cryptsetup@cryptroot.service\nAfter=sysroot.mount', 'initrd.target', true],
  ['DefaultDependencies=no, Requires+After a data mount, Before=cryptsetup.target', 'gzip-crypt', '[Unit]\nDefaultDependencies=no\nBefore=cryptsetup.target\nRequires=sysroot-srv.mount\nAfter=sysroot-srv.mount', 'initrd.target', true],
  ['DefaultDependencies=no, After=cryptsetup.target, Before=sysroot.mount (correct)', 'gzip-crypt', '[Unit]\nDefaultDependencies=no\nAfter=cryptsetup.target\nBefore=sysroot.mount', 'initrd.target', false],
];

const why = process.getuid?.() !== 0 ? 'needs root (systemd --test)' : !existsSync('/usr/lib/systemd/systemd') ? 'systemd is not installed' : 'dracut fixtures not built: bash scripts/build-dracut-fixtures.sh';
(runnable ? describe : describe.skip)(skipTitle(runnable, why, 'ordering cycles agree with systemd --test'), () => {
  it.each(SCENARIOS)('%s', async (_name, base, unit, wantedBy, cycle) => {
    // beside the fixtures (git-ignored), so that the hard links stay on one file system
    const work = mkdtempSync(join(DIR, '.cycle-'));
    chmodSync(work, 0o755); // the oracle runs systemd and the generators as nobody: they must reach the tree
    try {
      const tree = join(work, 'root');
      try {
        execFileSync('cp', ['-al', join(DIR, `${base}.root`), tree], { stdio: 'ignore' });
      } catch {
        rmSync(tree, { recursive: true, force: true });
        execFileSync('cp', ['-a', join(DIR, `${base}.root`), tree]);
      }
      const units = join(tree, 'etc', 'systemd', 'system');
      mkdirSync(join(units, `${wantedBy}.wants`), { recursive: true });
      writeFileSync(join(units, 'x.service'), svc(unit));
      symlinkSync('../x.service', join(units, `${wantedBy}.wants`, 'x.service'));
      const json = join(work, 'oracle.json');
      execFileSync('bash', [ORACLE, '--quiet', '--json', json, '--cmdline', CMDLINE, tree], { stdio: 'ignore', timeout: 60_000 });
      const log = (JSON.parse(readFileSync(json, 'utf8')) as { log: string[] }).log;
      const systemdCycle = log.some((l) => /Found ordering cycle/.test(l));
      const { graph } = await analyzeSource(tree, { load: { cmdline: CMDLINE } });
      const ours = checkGraph(graph).findings.filter((f) => f.rule === 'ordering-cycle' || f.rule === 'default-deps-cycle');
      expect({ systemd: systemdCycle, unitgraph: ours.length > 0 }).toEqual({ systemd: cycle, unitgraph: cycle });
      if (cycle) expect(ours.some((f) => f.units.includes('x.service'))).toBe(true);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 90_000);
});
