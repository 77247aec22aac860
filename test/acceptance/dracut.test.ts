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
import { skipTitle } from '../helpers/skip.js';

const DIR = join(REPO, 'test', 'fixtures', 'build', 'dracut');
const built = existsSync(join(DIR, 'zstd.img'));
if (!built && process.env['CI'] !== undefined) throw new Error(`dracut fixtures missing in CI: run scripts/build-dracut-fixtures.sh (${DIR})`);
const suite = built ? describe : describe.skip;

// images added later (nfs, privatetmp, ...) are skipped where an older fixture build lacks them; CI builds them all
const CORRECT = ['zstd', 'gzip-crypt', 'sshd-crypt', 'xz', 'lz4', 'early-microcode', 'big', 'nfs', 'privatetmp']
  .filter((n) => existsSync(join(DIR, `${n}.img`)) || process.env['CI'] !== undefined);
/**
 * Images of what real systems hold (test/fixtures/dracut/<name>/README.md): name → [findings as
 * "rule unit", the kernel command line the oracle and unitgraph both assume]. plymouth.img is
 * tested apart below.
 */
const REAL: Record<string, [string[], string | undefined]> = {
  // Debian's `systemctl enable` aliases: syslog.service -> /lib/systemd/system/rsyslog.service is
  // rsyslog.service; sshd.service -> /lib/systemd/system/ssh.service dangles (ssh is not in the image)
  // (rsyslog.service's /usr/sbin/rsyslogd is in the image: the fixture script installs it)
  'debian-alias': [['missing-unit remote-unlock.service'], undefined],
  // rd.systemd.mask= on the kernel command line masks as a /dev/null link does
  'cmdline-mask': [['masked-required needs-helper.service'], 'root=/dev/sda1 rd.systemd.mask=helper-daemon.service'],
};
const cmdlineOf = (name: string): { load: { cmdline: string } } | undefined => {
  const c = REAL[name]?.[1];
  return c === undefined ? undefined : { load: { cmdline: c } };
};
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

suite(skipTitle(built, 'dracut fixtures not built: bash scripts/build-dracut-fixtures.sh (needs ../shared/tools/dracut-initrd)', 'real dracut images'), () => {
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

  const realBuilt = Object.entries(REAL).filter(([n]) => existsSync(join(DIR, `${n}.img`)));
  (realBuilt.length > 0 ? it.each(realBuilt) : it.skip.each(Object.entries(REAL)))('%s.img finds what systemd fails on, and nothing else', async (name, [want]) => {
    const { graph } = await analyzeSource(join(DIR, `${name}.img`), cmdlineOf(name));
    const r = checkGraph(graph);
    expect(r.findings.map((f) => `${f.rule} ${f.units[0] ?? ''}`).sort()).toEqual([...want].sort());
  });

  (existsSync(join(DIR, 'debian-alias.img')) ? it : it.skip)('debian-alias.img: the aliases resolve to their units, as in systemd', async () => {
    const { set, graph } = await analyzeSource(join(DIR, 'debian-alias.img'));
    expect(set.aliases.get('syslog.service')).toBe('rsyslog.service');
    expect(graph.edges.some((e) => e.from === 'syslog.socket' && e.to === 'rsyslog.service' && e.kind === 'Triggers')).toBe(true);
    expect(set.lookup('sshd.service')?.origin).toBe('referenced');
  });

  (existsSync(join(DIR, 'nfs.img')) ? it : it.skip)('nfs.img: nfs-idmapd/nfs-mountd BindsTo=nfs-server and ordered before it is no bindsto-without-after', async () => {
    const { graph } = await analyzeSource(join(DIR, 'nfs.img'));
    for (const u of ['nfs-idmapd.service', 'nfs-mountd.service']) {
      expect(graph.transaction.has(u)).toBe(true);
      expect(graph.edges.some((e) => e.from === u && e.to === 'nfs-server.service' && e.kind === 'BindsTo')).toBe(true);
      expect(graph.edges.some((e) => e.from === u && e.to === 'nfs-server.service' && e.kind === 'Before')).toBe(true);
    }
  });

  (existsSync(join(DIR, 'privatetmp.img')) ? it : it.skip)('privatetmp.img: systemd 252 is detected and its PrivateTmp=yes edges are made (Wants=/After=tmp.mount)', async () => {
    const { set, graph } = await analyzeSource(join(DIR, 'privatetmp.img'));
    expect(set.systemdVersion).toEqual(expect.objectContaining({ version: 252, patch: 39 }));
    const own = graph.edges.filter((e) => e.origin === 'implicit' && (e.from === 'private-scratch.service' || e.to === 'private-scratch.service')).map((e) => `${e.from} ${e.kind} ${e.to}`);
    expect(own).toEqual(expect.arrayContaining(['private-scratch.service Wants tmp.mount', 'tmp.mount Before private-scratch.service']));
  });

  // plymouth links plymouth-start.service into initrd-switch-root.target.wants on purpose: the
  // splash survives the switch (plymouth-switch-root.service hands it over). A unit step 2 of the
  // boot pulls in is no leak; that falls out of the boot plan (the isolate of
  // initrd-switch-root.target starts it).
  (existsSync(join(DIR, 'plymouth.img')) ? it : it.skip)('plymouth.img checks clean (plymouth-start.service is started by step 2 on purpose)', async () => {
    const { graph } = await analyzeSource(join(DIR, 'plymouth.img'));
    expect(graph.graph.hasNode('plymouth-start.service')).toBe(true);
    expect(graph.plan.phases[1]?.jobs.has('plymouth-start.service')).toBe(true);
    expect(checkGraph(graph).findings.map((f) => `${f.rule} ${f.units.join(',')}`)).toEqual([]);
  });

  const withOracle = [...CORRECT, ...Object.keys(REAL), 'plymouth', ...Object.keys(BROKEN).map((r) => `broken-${r}`)].filter((n) => existsSync(join(DIR, `${n}.oracle.json`)));

  it.each(withOracle)('%s: list agrees with the units systemd loads', async (name) => {
    const oracle = readOracle(join(DIR, `${name}.oracle.json`));
    if (oracle === undefined) return;
    const { set } = await analyzeSource(join(DIR, `${name}.img`), cmdlineOf(name));
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
    const { graph } = await analyzeSource(join(DIR, `${name}.img`), cmdlineOf(name));
    const ours = new Set(graph.edges.filter((e) => units.has(e.from) && units.has(e.to) && e.from !== e.to).map((e) => tripleKey(e.from, e.to, e.kind)));
    const missing = [...theirs].filter((k) => !ours.has(k));
    const extra = [...ours].filter((k) => !theirs.has(k));
    // known and accepted: systemd's perpetual init.scope sits in -.slice; it is not a unit file.
    // And where systemd --test runs on a container host (CI, this repository's build machines),
    // swap_add_default_dependencies() returns early (swap.c: detect_container() > 0), so a swap's
    // Before=/Conflicts=umount.target, which real hardware gets and unitgraph emulates, is not in
    // the oracle (gzip-crypt's dev-mapper-cryptswap.swap, now that the oracle's fstab generator
    // keeps swap entries).
    const container = ((oracle as { log?: string[] }).log ?? []).some((l) => /^Detected virtualization (?!none)/.test(l) && !/\b(kvm|qemu|vmware|xen|microsoft|oracle|bochs|uml|parallels|bhyve|qnx|acrn|powervm|zvm|amazon|apple|sre|google|vm-other)\b/.test(l));
    const accepted = (k: string): boolean => k.includes('init.scope') || (container && /^\S+\.swap umount\.target (Before|Conflicts)$/.test(k));
    expect(missing.filter((k) => !accepted(k))).toEqual([]);
    expect(extra.filter((k) => !accepted(k))).toEqual([]);
    process.stdout.write(`edge agreement ${name}: ${theirs.size - missing.length}/${theirs.size} of systemd's edges, ${extra.length} extra\n`);
  });
});
