/**
 * Acceptance: next generations of the shared NixOS corpus (test/helpers/next-generation.ts), each
 * with one realistic change, go through the real pipeline (archive → units → graph → checks) and
 * the diff. Every change must land in its category, and nothing else may be reported: the store
 * hash churn of a rebuild (new unit store paths, a new initrd-units directory, a new fstab path)
 * must stay out of the real changes.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeSource, checkGraph } from '../../../src/index.js';
import { diffGraphs, hasDifferences, type DiffInput, type GraphDiff } from '../../../src/graph/diff/index.js';
import { corpusInitrd, Generation, writeVariant, type CorpusCase, type VariantName } from '../../helpers/next-generation.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'unitgraph-diff-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const analyzed = new Map<string, Promise<DiffInput>>();
const analyze = (path: string): Promise<DiffInput> => {
  let p = analyzed.get(path);
  if (p === undefined) {
    p = analyzeSource(path).then(({ set, graph }) => ({ set, graph, findings: checkGraph(graph).findings }));
    analyzed.set(path, p);
  }
  return p;
};

const diffVariant = async (name: VariantName, keepStoreHashes = false): Promise<GraphDiff> => {
  const paths = await writeVariant(dir, name);
  const [a, b] = await Promise.all([analyze(paths.old), analyze(paths.new)]);
  return diffGraphs(a, b, { keepStoreHashes });
};

/** Everything a diff reports, in a form a test can compare whole. */
const summary = (d: GraphDiff) => ({
  added: d.units.added,
  removed: d.units.removed,
  changed: Object.fromEntries(
    d.units.changed.map((u) => [
      u.name,
      [
        ...(u.masked === undefined ? [] : [`masked: ${String(u.masked.old)} → ${String(u.masked.new)}`]),
        ...(u.origin === undefined ? [] : [`origin: ${u.origin.old} → ${u.origin.new}`]),
        ...(u.file === undefined ? [] : [`file: ${String(u.file.old)} → ${String(u.file.new)}`]),
        ...(u.realFile === undefined ? [] : [`realFile: ${String(u.realFile.old)} → ${String(u.realFile.new)}`]),
        ...(u.aliases === undefined ? [] : [`aliases: -${u.aliases.removed.join(',')} +${u.aliases.added.join(',')}`]),
        ...(u.dropins === undefined ? [] : [`dropins: -${u.dropins.removed.join(',')} +${u.dropins.added.join(',')}`]),
        ...u.changes.map((c) =>
          c.removed === undefined ? `[${c.section}] ${c.key}: ${String(c.old)} → ${String(c.new)}` : `[${c.section}] ${c.key}: -${JSON.stringify(c.removed)} +${JSON.stringify(c.added)}`,
        ),
      ],
    ]),
  ),
  storeOnly: d.units.storeOnly.map((u) => u.name),
  joined: d.transaction.joined,
  left: d.transaction.left,
  edgesAdded: d.edges.added.map((e) => `${e.from} ${e.kind} ${e.to} (${e.origin})`),
  edgesRemoved: d.edges.removed.map((e) => `${e.from} ${e.kind} ${e.to} (${e.origin})`),
  gained: d.ordering.gained.map(([a, b]) => `${a} < ${b}`),
  lost: d.ordering.lost.map(([a, b]) => `${a} < ${b}`),
  newFindings: d.findings.new.map((f) => `${f.rule}: ${f.units.join(' ')}`),
  resolved: d.findings.resolved.map((f) => `${f.rule}: ${f.units.join(' ')}`),
});

const NOTHING = {
  added: [], removed: [], changed: {}, storeOnly: [], joined: [], left: [], edgesAdded: [], edgesRemoved: [], gained: [], lost: [], newFindings: [], resolved: [],
};

const S = '/nix/store/…-systemd-256.10';

describe('diffing a generation with itself', () => {
  it.each(['remote-unlock-luks', 'btrfs-optin-state'] as CorpusCase[])('reports nothing for the %s archive', async (c) => {
    const a = await analyze(corpusInitrd(c));
    for (const keepStoreHashes of [false, true]) {
      const d = diffGraphs(a, a, { keepStoreHashes });
      expect(summary(d)).toEqual(NOTHING);
      expect(hasDifferences(d)).toBe(false);
    }
  });

  it.each(['remote-unlock-luks', 'btrfs-optin-state'] as CorpusCase[])('reports nothing for %s rewritten as plain cpio by the generation writer', async (c) => {
    const path = join(dir, `${c}.roundtrip.cpio`);
    writeFileSync(path, (await Generation.fromCorpus(c)).toCpio());
    const d = diffGraphs(await analyze(corpusInitrd(c)), await analyze(path), { keepStoreHashes: true });
    expect(summary(d)).toEqual(NOTHING);
  });
});

describe('next generations of the corpus', () => {
  it('a unit added with its wants link: the unit, its edges, and the ordering it creates', async () => {
    const d = await diffVariant('unit-added');
    expect(summary(d)).toEqual({
      ...NOTHING,
      added: ['ssh-banner.service'],
      edgesAdded: [
        'basic.target Before ssh-banner.service (default)',
        'initrd.target Wants ssh-banner.service (wants-dir)',
        'ssh-banner.service Before initrd.target (default)',
        'ssh-banner.service Before shutdown.target (default)',
        'ssh-banner.service Conflicts shutdown.target (default)',
        'ssh-banner.service Before sshd.service (file)',
        'ssh-banner.service Requires sysinit.target (default)',
        'ssh-banner.service Requires system.slice (implicit)',
        'sysinit.target Before ssh-banner.service (default)',
        'system.slice Before ssh-banner.service (implicit)',
        'systemd-journald.socket Before ssh-banner.service (implicit)',
      ],
      // sshd.service has DefaultDependencies=false; the new unit keeps them and is Before=sshd,
      // so sshd now waits for basic.target: one pair, not every predecessor of basic.target
      gained: ['basic.target < sshd.service'],
    });
    expect(d.origins['ssh-banner.service']).toBe('file');
  });

  it('an ordering edge replaced (After=X → After=Y): key change, edge swap, ordering gained, warning resolved', async () => {
    const d = await diffVariant('ordering-replaced');
    expect(summary(d)).toEqual({
      ...NOTHING,
      changed: { 'unlock-luks.service': ['[Unit] After: network-online.target → systemd-networkd.service'] },
      edgesAdded: ['systemd-networkd.service Before unlock-luks.service (file)'],
      edgesRemoved: ['network-online.target Before unlock-luks.service (file)'],
      // network-online.target is not in the transaction, so nothing was lost
      gained: ['systemd-networkd.service < unlock-luks.service'],
      resolved: ['after-without-wants: unlock-luks.service network-online.target'],
    });
    expect(d.edges.added[0]).toMatchObject({ file: 'etc/systemd/system/unlock-luks.service', line: 2 });
  });

  it('a unit masked with /dev/null: the masked state and the fragment, its own edges, and the transaction it left', async () => {
    const d = await diffVariant('unit-masked');
    expect(summary(d)).toEqual({
      ...NOTHING,
      changed: { 'kmod-static-nodes.service': ['masked: false → true', `realFile: ${S.slice(1)}/example/systemd/system/kmod-static-nodes.service → /dev/null`] },
      left: ['kmod-static-nodes.service'],
      // the unit that left the transaction takes its ordering with it (issue 14); its Before
      // sysinit.target is implied by the first pair
      lost: ['kmod-static-nodes.service < systemd-tmpfiles-setup-dev.service', 'systemd-journald.socket < kmod-static-nodes.service'],
      edgesRemoved: [
        'kmod-static-nodes.service Before sysinit.target (file)',
        'kmod-static-nodes.service Requires system.slice (implicit)',
        'kmod-static-nodes.service Before systemd-tmpfiles-setup-dev.service (file)',
        'sysinit.target Wants kmod-static-nodes.service (wants-dir)',
        'system.slice Before kmod-static-nodes.service (implicit)',
        'systemd-journald.socket Before kmod-static-nodes.service (implicit)',
      ],
    });
  });

  it('an option changed only in a drop-in: one key, nothing else', async () => {
    const d = await diffVariant('dropin-option');
    expect(summary(d)).toEqual({
      ...NOTHING,
      changed: {
        'systemd-networkd-wait-online.service': [
          `[Service] ExecStart: -${JSON.stringify([`${S}/lib/systemd/systemd-networkd-wait-online "--timeout=120" "--any"`])} +${JSON.stringify([`${S}/lib/systemd/systemd-networkd-wait-online "--timeout=30" "--any"`])}`,
        ],
      },
    });
    // the whole sequence (fragment, reset, drop-in) is there for who wants it
    const c = d.units.changed[0]?.changes[0];
    expect(c?.old?.split('\n')).toEqual([`${S}/lib/systemd/systemd-networkd-wait-online`, '', `${S}/lib/systemd/systemd-networkd-wait-online "--timeout=120" "--any"`]);
  });

  it('a store hash changed only (a script rebuilt): quiet by default, a storeOnly change with --keep-store-hashes', async () => {
    const d = await diffVariant('store-hash-only');
    expect(summary(d)).toEqual({ ...NOTHING, storeOnly: ['initrd-nixos-copy-secrets.service'] });
    expect(hasDifferences(d)).toBe(false);
    const only = d.units.storeOnly[0];
    expect(only?.storeOnly).toBe(true);
    expect(only?.changes.map((c) => [c.section, c.key, c.storeOnly])).toEqual([['Service', 'ExecStart', true]]);
    expect(only?.changes[0]?.old).toMatch(/^\/nix\/store\/[0-9a-z]{32}-unit-script-initrd-nixos-copy-secrets-start\//);

    const kept = await diffVariant('store-hash-only', true);
    // even with the hashes kept, the rebuilt unit is the only difference: the new initrd-units
    // directory is invisible (units are named by their path on the search path)
    expect(summary(kept)).toEqual({ ...NOTHING, changed: { 'initrd-nixos-copy-secrets.service': summary(kept).changed['initrd-nixos-copy-secrets.service'] } });
    expect(kept.units.storeOnly).toEqual([]);
    expect(kept.units.changed.map((u) => [u.name, u.storeOnly])).toEqual([['initrd-nixos-copy-secrets.service', true]]);
    expect(kept.units.changed[0]?.realFile?.storeOnly).toBe(true);
    expect(hasDifferences(kept)).toBe(true);
  });

  it('a crypttab key file moved: the generated cryptsetup unit changes, its dependencies do not', async () => {
    const d = await diffVariant('key-file-moved');
    const attach = (key: string): string => `/nix/store/…-systemd-256.10/bin/systemd-cryptsetup attach 'data' '/dev/disk/by-uuid/0d7e5c4b-3a29-4f18-8e6d-5c4b3a291f08' '${key}' ''`;
    expect(summary(d)).toEqual({
      ...NOTHING,
      changed: {
        'systemd-cryptsetup@data.service': [
          '[Unit] RequiresMountsFor: /sysroot/persist/keys/data.key → /sysroot/persist/secrets/data.key',
          `[Service] ExecStart: ${attach('/sysroot/persist/keys/data.key')} → ${attach('/sysroot/persist/secrets/data.key')}`,
        ],
      },
    });
  });

  it('a mount renamed because its key file moved: the mounts swap, every edge follows, the rest only changes store paths', async () => {
    const d = await diffVariant('mount-renamed');
    const s = summary(d);
    expect(s).toEqual({
      ...NOTHING,
      added: ['sysroot-keys.mount'],
      removed: ['sysroot-persist.mount'],
      changed: {
        'systemd-cryptsetup@data.service': [
          '[Unit] RequiresMountsFor: /sysroot/persist/keys/data.key → /sysroot/keys/data.key',
          "[Service] ExecStart: /nix/store/…-systemd-256.10/bin/systemd-cryptsetup attach 'data' '/dev/disk/by-uuid/0d7e5c4b-3a29-4f18-8e6d-5c4b3a291f08' '/sysroot/persist/keys/data.key' '' → /nix/store/…-systemd-256.10/bin/systemd-cryptsetup attach 'data' '/dev/disk/by-uuid/0d7e5c4b-3a29-4f18-8e6d-5c4b3a291f08' '/sysroot/keys/data.key' ''",
        ],
      },
      // the new fstab has a new store path: the units naming it changed in store paths only
      storeOnly: ['initrd-parse-etc.service', 'sysroot-nix.mount', 'sysroot-var-log.mount', 'sysroot.mount'],
      edgesAdded: s.edgesAdded,
      edgesRemoved: s.edgesRemoved,
    });
    // every edge of the old mount is there for the new one, and no other edge changed
    expect(s.edgesAdded.length).toBeGreaterThan(10);
    expect(s.edgesRemoved.map((e) => e.replaceAll('sysroot-persist.mount', 'sysroot-keys.mount')).sort()).toEqual([...s.edgesAdded].sort());
    expect(s.edgesAdded).toEqual(expect.arrayContaining([
      'initrd-fs.target Requires sysroot-keys.mount (wants-dir)',
      'systemd-cryptsetup@data.service Requires sysroot-keys.mount (implicit)',
      'sysroot-keys.mount Before systemd-cryptsetup@data.service (implicit)',
    ]));
    expect(d.origins).toEqual({ 'sysroot-keys.mount': 'generator', 'sysroot-persist.mount': 'generator' });
  });

  it('all remote-unlock-luks changes at once: exactly the union of the single changes', async () => {
    const all = summary(await diffVariant('remote-next'));
    const parts = await Promise.all((['ordering-replaced', 'unit-masked', 'unit-added', 'dropin-option', 'store-hash-only'] as const).map(async (v) => summary(await diffVariant(v))));
    const keys = Object.keys(NOTHING) as Array<keyof typeof NOTHING>;
    const flat = (s: ReturnType<typeof summary>, k: keyof typeof NOTHING): string[] => (k === 'changed' ? Object.keys(s.changed) : (s[k] as string[]));
    for (const k of keys) expect([k, [...flat(all, k)].sort()]).toEqual([k, parts.flatMap((p) => flat(p, k)).sort()]);
    for (const p of parts) for (const [name, changes] of Object.entries(p.changed)) expect(all.changed[name]).toEqual(changes);
  });
});
