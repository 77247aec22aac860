/**
 * Precision first (issue 13): the rules that check what the units run against the image's own
 * contents report nothing on any correct real image: both shared NixOS corpus cases, the
 * examples built from them, every real dracut image (scripts/build-dracut-fixtures.sh), broken
 * ones included (their one defect is of another rule). Each broken fixture here is a real image
 * with one defect added, found under its rule and nothing else.
 */
import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzeSource } from '../../src/index.js';
import { buildGraph } from '../../src/graph/build.js';
import { CHECKS } from '../../src/graph/checks/registry.js';
import { runChecks } from '../../src/graph/checks/run-checks.js';
import { loadUnits } from '../../src/parse/load/load-units.js';
import { readInitrd } from '../../src/parse/source/initrd/read-initrd.js';
import { MapRawFs } from '../../src/parse/source/mount-fs.js';
import { Vfs } from '../../src/parse/source/vfs.js';
import { corpusCases, corpusDir, REPO } from '../helpers/fixture.js';
import { skipTitle } from '../helpers/skip.js';

const IMAGE_RULES = ['exec-not-in-image', 'command-not-in-image', 'file-not-in-image'];
const rules = CHECKS.filter((c) => IMAGE_RULES.includes(c.id));
const DRACUT = join(REPO, 'test', 'fixtures', 'build', 'dracut');
const dracutImages = existsSync(DRACUT) ? readdirSync(DRACUT).filter((f) => f.endsWith('.img')).sort() : [];

const found = async (path: string): Promise<string[]> => {
  const { graph } = await analyzeSource(path);
  return runChecks(graph, {}, rules).findings.map((f) => `${f.rule} ${f.units.join(',')}: ${f.message}`);
};

describe('no finding on a correct image', () => {
  it.each(corpusCases.map((c) => [c]))('the shared NixOS corpus: %s', async (name) => {
    expect(await found(join(corpusDir(name), 'initrd'))).toEqual([]);
  });
  it.each([['nixos-remote-unlock'], ['nixos-btrfs-optin']])('examples/%s/initrd', async (name) => {
    expect(await found(join(REPO, 'examples', name, 'initrd'))).toEqual([]);
  });
  // this machine's own root, as a booted system (stage 2): every unit of default.target's transaction
  (existsSync('/etc/systemd/system') ? it : it.skip)(skipTitle(existsSync('/etc/systemd/system'), 'this machine has no /etc/systemd/system', 'this machine\'s own root'), async () => {
    expect(await found('/')).toEqual([]);
  }, 60_000);
  (dracutImages.length === 0 ? it.skip : it).each(dracutImages.map((f) => [f]))(skipTitle(dracutImages.length > 0, 'dracut fixtures not built: bash scripts/build-dracut-fixtures.sh', 'the real dracut image %s'), async (file) => {
    expect(await found(join(DRACUT, file))).toEqual([]);
  });
});

/** A real dracut image with files added over it (unit files under /etc/systemd/system, or a replaced /etc/crypttab). */
const withFiles = async (image: string, files: Record<string, string>, links: Record<string, string> = {}): Promise<string[]> => {
  const raw = await readInitrd(readFileSync(image), image);
  const fs = new MapRawFs(new Map(Object.entries(files)), new Map(Object.entries(links)));
  const prefixes = [...new Set([...Object.keys(files), ...Object.keys(links)].map((p) => (p.startsWith('/etc/systemd/system/') ? '/etc/systemd/system' : p)))];
  const vfs = new Vfs(raw, image).withMounts(prefixes.map((prefix) => ({ prefix, fs })));
  const set = loadUnits({ kind: 'initrd', label: image, vfs, initrd: true, notes: [] });
  const r = runChecks(buildGraph(set), {}, CHECKS);
  return r.findings.map((f) => `${f.rule} ${f.units[0] ?? ''}`);
};

const zstd = join(DRACUT, 'zstd.img');
(existsSync(zstd) ? describe : describe.skip)(skipTitle(existsSync(zstd), 'dracut fixtures not built: bash scripts/build-dracut-fixtures.sh', 'broken fixtures on a real dracut image, one defect each'), () => {
  it('a unit whose binary the image does not hold: exec-not-in-image, and nothing else', async () => {
    const got = await withFiles(
      zstd,
      { '/etc/systemd/system/raid-assemble.service': '[Unit]\nDefaultDependencies=no\nBefore=initrd-root-device.target\n[Service]\nType=oneshot\nExecStart=/sbin/mdadm --assemble --scan\n' },
      { '/etc/systemd/system/initrd.target.wants/raid-assemble.service': '../raid-assemble.service' },
    );
    expect(got).toEqual(['exec-not-in-image raid-assemble.service']);
  });

  it('an EnvironmentFile= the image does not hold: file-not-in-image, and nothing else', async () => {
    const got = await withFiles(
      zstd,
      { '/etc/systemd/system/net-setup.service': '[Unit]\nDefaultDependencies=no\nBefore=initrd-root-device.target\n[Service]\nType=oneshot\nEnvironmentFile=/etc/sysconfig/net-setup\nExecStart=/bin/sh -c "echo $IFACE"\n' },
      { '/etc/systemd/system/initrd.target.wants/net-setup.service': '../net-setup.service' },
    );
    expect(got).toEqual(['file-not-in-image net-setup.service']);
  });
});

const gzipCrypt = join(DRACUT, 'gzip-crypt.img');
(existsSync(gzipCrypt) ? describe : describe.skip)(skipTitle(existsSync(gzipCrypt), 'dracut fixtures not built: bash scripts/build-dracut-fixtures.sh', 'a crypttab key file missing from a real dracut image'), () => {
  it('is file-not-in-image on the volume whose key it is, and nothing else', async () => {
    const got = await withFiles(gzipCrypt, {
      '/etc/crypttab': 'cryptroot UUID=6e7f3c1a-9d2b-4c5e-8f10-2a3b4c5d6e7f none luks,discard\ncryptdata /dev/disk/by-partlabel/srv-data /etc/keys/srv.key luks\n',
    });
    expect(got).toEqual(['file-not-in-image systemd-cryptsetup@cryptdata.service']);
  });
});
