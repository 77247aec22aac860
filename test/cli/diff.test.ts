/**
 * `unitgraph diff` end to end through main(argv, io): the contract's JSON shape, the text summary,
 * colour only on a terminal, the exit codes (--exit-code: 1 on a difference; store-only changes
 * count only with --keep-store-hashes; 2 when a source cannot be read), and the union SVG.
 * Generations are built by test/helpers/next-generation.ts from the shared corpus archives.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../cli/main.js';
import { memoryIo } from '../../cli/io.js';
import { corpusInitrd, writeVariant, type VariantName } from '../helpers/next-generation.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'unitgraph-cli-diff-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LUKS = corpusInitrd('remote-unlock-luks');
const BTRFS = corpusInitrd('btrfs-optin-state');

const run = async (argv: string[], env: Record<string, string | undefined> = {}, tty = false) => {
  const io = Object.assign(memoryIo(env), { stdoutIsTTY: tty });
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err, files: io.files };
};

const variant = (name: VariantName) => writeVariant(dir, name);

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/;

describe('diff of a generation with itself', () => {
  it.each([['remote-unlock-luks', LUKS], ['btrfs-optin-state', BTRFS]])('reports no differences for %s and exits 0 with --exit-code', async (_name, path) => {
    const r = await run(['diff', path, path, '--exit-code']);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.out.split('\n').filter((l) => l !== '' && !l.startsWith('---') && !l.startsWith('+++'))).toEqual(['no differences']);
  });

  it('prints the empty contract JSON', async () => {
    const r = await run(['diff', LUKS, LUKS, '--format', 'json', '--exit-code']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as Record<string, unknown>;
    expect(Object.keys(j).slice(0, 4)).toEqual(['units', 'edges', 'ordering', 'findings']);
    expect(j).toMatchObject({
      units: { added: [], removed: [], changed: [], storeOnly: [] },
      edges: { added: [], removed: [] },
      ordering: { gained: [], lost: [] },
      findings: { new: [], resolved: [] },
    });
  });
});

describe('diff of two generations', () => {
  it('prints a git-diff-like summary of an ordering edge replaced, and nothing else', async () => {
    const v = await variant('ordering-replaced');
    const r = await run(['diff', v.old, v.new]);
    expect(r.code).toBe(0); // no --exit-code: a difference is still a success
    expect(r.out).not.toMatch(ANSI);
    expect(r.out.replaceAll(v.old, 'OLD').replaceAll(v.new, 'NEW')).toBe(
      [
        '--- OLD (initrd.target: 103 units, 60 in the boot plan)',
        '+++ NEW (initrd.target: 103 units, 60 in the boot plan)',
        '',
        'units',
        '~ unlock-luks.service',
        '    [Unit] After: network-online.target → systemd-networkd.service',
        '',
        'edges',
        '+ systemd-networkd.service → unlock-luks.service Before (file)  [etc/systemd/system/unlock-luks.service:2]',
        '- network-online.target → unlock-luks.service Before (file)  [etc/systemd/system/unlock-luks.service:2]',
        '',
        'ordering among the jobs of initrd.target',
        '+ systemd-networkd.service before unlock-luks.service',
        '',
        'findings',
        '- warning after-without-wants unlock-luks.service, network-online.target: unlock-luks.service is ordered After=network-online.target, but nothing in the transaction of initrd.target pulls in network-online.target, so this ordering has no effect; add Wants=network-online.target',
        '',
        'units: 0 added, 0 removed, 1 changed; edges: 1 added, 1 removed; ordering: 1 gained, 0 lost; findings: 0 new, 1 resolved',
        '',
      ].join('\n'),
    );
  });

  it('exits 1 with --exit-code on a real difference', async () => {
    const v = await variant('remote-next');
    const r = await run(['diff', v.old, v.new, '--exit-code']);
    expect(r.code).toBe(1);
    expect(r.err).toBe('');
    const lines = r.out.split('\n');
    for (const l of [
      '+ ssh-banner.service',
      '~ kmod-static-nodes.service',
      '    masked: no → yes',
      '~ systemd-networkd-wait-online.service',
      '    [Service] ExecStart: /nix/store/…-systemd-256.10/lib/systemd/systemd-networkd-wait-online "--timeout=120" "--any" → /nix/store/…-systemd-256.10/lib/systemd/systemd-networkd-wait-online "--timeout=30" "--any"',
      '- kmod-static-nodes.service leaves it',
      '+ initrd.target → ssh-banner.service Wants (wants-dir)  [etc/systemd/system/initrd.target.wants/ssh-banner.service]',
      '+ basic.target before sshd.service',
    ])
      expect(lines).toContain(l);
    // the rebuilt script's unit is only counted, not listed
    expect(r.out).not.toContain('~ initrd-nixos-copy-secrets.service');
    expect(lines[lines.length - 2]).toContain('1 more unit changed only in store paths (--keep-store-hashes lists it)');
  });

  it('treats a store-hash-only rebuild as no difference unless --keep-store-hashes', async () => {
    const v = await variant('store-hash-only');
    const quiet = await run(['diff', v.old, v.new, '--exit-code']);
    expect(quiet.code).toBe(0);
    expect(quiet.out).toContain('no differences; 1 more unit changed only in store paths');
    expect(quiet.out).not.toContain('~ ');

    const kept = await run(['diff', v.old, v.new, '--exit-code', '--keep-store-hashes']);
    expect(kept.code).toBe(1);
    expect(kept.out).toContain('~ initrd-nixos-copy-secrets.service  only its store paths changed (e.g. the script it runs)');
    expect(kept.out).toMatch(/\[Service\] ExecStart: \/nix\/store\/[0-9a-z]{32}-unit-script-initrd-nixos-copy-secrets-start\/bin\/initrd-nixos-copy-secrets-start → \/nix\/store\/[0-9a-z]{32}-unit-script/);

    const json = JSON.parse((await run(['diff', v.old, v.new, '--format', 'json'])).out) as { units: { changed: unknown[]; storeOnly: Array<{ name: string; storeOnly: boolean }> } };
    expect(json.units.changed).toEqual([]);
    expect(json.units.storeOnly.map((u) => [u.name, u.storeOnly])).toEqual([['initrd-nixos-copy-secrets.service', true]]);
  });

  it('prints JSON in the contract shape, sorted and stable', async () => {
    const v = await variant('remote-next');
    const r = await run(['diff', v.old, v.new, '--format', 'json']);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(Object.keys(j).slice(0, 4)).toEqual(['units', 'edges', 'ordering', 'findings']);
    const strings = (x: unknown): boolean => Array.isArray(x) && x.every((s) => typeof s === 'string');
    const sorted = (xs: string[]): boolean => xs.every((x, i) => i === 0 || (xs[i - 1] as string) <= x);
    expect(strings(j.units.added) && strings(j.units.removed)).toBe(true);
    expect(j.units.added).toEqual(['ssh-banner.service']);
    for (const u of j.units.changed) {
      expect(typeof u.name).toBe('string');
      for (const c of u.changes) {
        expect(Object.keys(c).slice(0, 4)).toEqual(['section', 'key', 'old', 'new']);
        for (const k of ['section', 'key']) expect(typeof c[k]).toBe('string');
        for (const k of ['old', 'new']) expect(c[k] === null || typeof c[k] === 'string').toBe(true);
      }
    }
    expect(sorted(j.units.changed.map((u: { name: string }) => u.name))).toBe(true);
    expect(j.units.changed.find((u: { name: string }) => u.name === 'unlock-luks.service')).toEqual({
      name: 'unlock-luks.service', changes: [{ section: 'Unit', key: 'After', old: 'network-online.target', new: 'systemd-networkd.service' }],
    });
    for (const side of ['added', 'removed']) {
      for (const e of j.edges[side]) {
        expect(Object.keys(e).slice(0, 4)).toEqual(['from', 'to', 'kind', 'origin']);
        expect(['file', 'wants-dir', 'default', 'implicit', 'generator']).toContain(e.origin);
      }
      const keys = j.edges[side].map((e: { from: string; to: string }) => `${e.from}\u0000${e.to}`);
      expect(sorted(keys)).toBe(true);
    }
    expect(j.edges.added).toContainEqual({ from: 'systemd-networkd.service', to: 'unlock-luks.service', kind: 'Before', origin: 'file', file: 'etc/systemd/system/unlock-luks.service', line: 2 });
    // kmod-static-nodes.service, masked, left the transaction and took its ordering with it
    expect(j.ordering).toEqual({
      gained: [['basic.target', 'sshd.service'], ['systemd-networkd.service', 'unlock-luks.service']],
      lost: [['kmod-static-nodes.service', 'systemd-tmpfiles-setup-dev.service'], ['systemd-journald.socket', 'kmod-static-nodes.service']],
    });
    expect(j.findings.new).toEqual([]);
    expect(j.findings.resolved.map((f: { rule: string; severity: string; units: string[] }) => [f.rule, f.severity, f.units])).toEqual([
      ['after-without-wants', 'warning', ['unlock-luks.service', 'network-online.target']],
    ]);
    expect(typeof j.findings.resolved[0].message).toBe('string');
    // byte-stable: the same inputs give the same output
    expect((await run(['diff', v.old, v.new, '--format', 'json'])).out).toBe(r.out);
  });

  it('reports a new finding when the new generation breaks something', async () => {
    const broken = join(dir, 'broken.cpio');
    const { Generation } = await import('../helpers/next-generation.js');
    const g = await Generation.fromCorpus('btrfs-optin-state');
    const rollback = g.unitText('rollback.service').replace('Requires=dev-mapper-enc.device', 'Requires=dev-mapper-enc.device does-not-exist.service');
    g.setNixosUnit('rollback.service', rollback);
    g.rehashUnitsDir();
    writeFileSync(broken, g.toCpio());
    const j = JSON.parse((await run(['diff', BTRFS, broken, '--format', 'json'])).out) as { findings: { new: Array<{ rule: string; units: string[] }>; resolved: unknown[] } };
    expect(j.findings.new.map((f) => [f.rule, f.units])).toEqual([['missing-unit', ['rollback.service', 'does-not-exist.service']]]);
    expect(j.findings.resolved).toEqual([]);
    const back = JSON.parse((await run(['diff', broken, BTRFS, '--format', 'json'])).out) as { findings: { new: unknown[]; resolved: Array<{ rule: string }> } };
    expect([back.findings.new, back.findings.resolved.map((f) => f.rule)]).toEqual([[], ['missing-unit']]);
  });
});

describe('colour', () => {
  it('uses ANSI colour only on a terminal without NO_COLOR', async () => {
    const v = await variant('ordering-replaced');
    expect((await run(['diff', v.old, v.new], {}, true)).out).toMatch(ANSI);
    expect((await run(['diff', v.old, v.new], { NO_COLOR: '1' }, true)).out).not.toMatch(ANSI);
    expect((await run(['diff', v.old, v.new], {}, false)).out).not.toMatch(ANSI);
    expect((await run(['diff', v.old, v.new, '--format', 'json'], {}, true)).out).not.toMatch(ANSI);
  });
});

describe('-o FILE.svg', () => {
  it('writes the union graph: added, removed and changed units and edges coloured, the rest faded', async () => {
    const v = await variant('remote-next');
    const r = await run(['diff', v.old, v.new, '-o', 'diff.svg']);
    expect(r.code).toBe(0);
    const svg = r.files.get('diff.svg') ?? '';
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('g.unit { opacity: 0.3; }');
    expect(svg).toMatch(/g\.unit\[data-unit="ssh-banner\.service"\][^{]*\{ opacity: 1; \}/);
    expect(svg).toMatch(/g\.unit\[data-unit="kmod-static-nodes\.service"\] > rect/);
    expect(svg).toContain('data-unit="ssh-banner.service"');
    expect(svg).toContain('<marker id="arrow-diff-added"');
    expect(r.out).toContain('+ ssh-banner.service'); // the text is still printed
  }, 60_000);

  it('draws and lists a unit that joins the boot, and the ordering gained through it', async () => {
    const v = await variant('waits-online');
    const r = await run(['diff', v.old, v.new, '-o', 'diff.svg']);
    expect(r.code).toBe(0);
    const svg = r.files.get('diff.svg') ?? '';
    // drawn: in full, with a ring of its own; the new ordering edge coloured added
    expect(svg).toContain('data-unit="systemd-networkd-wait-online.service"');
    expect(svg).toMatch(/g\.unit\[data-unit="systemd-networkd-wait-online\.service"\][^{]*\{ opacity: 1; \}/);
    expect(svg).toMatch(/g\.unit\[data-unit="systemd-networkd-wait-online\.service"\] > rect[^{]*\{ filter: drop-shadow\(0 0 0 #00838f\)/);
    expect(svg).toMatch(/path\.edge\[data-edge="Before:systemd-networkd-wait-online\.service-(>|\\3e )unlock-luks\.service"\][^{]*\{ opacity: 1; stroke: #188038/);
    // listed in the header
    expect(svg).toContain('joined (teal ring): systemd-networkd-wait-online.service (joins the boot: a job in step 1 (initrd.target))');
    expect(svg).toContain('ordering gained: systemd-networkd-wait-online.service before unlock-luks.service, systemd-networkd.service before systemd-networkd-wait-online.service');
  }, 60_000);

  it('draws and lists a unit that leaves the boot (masked), and the ordering lost with it', async () => {
    const v = await variant('unit-masked');
    const r = await run(['diff', v.old, v.new, '-o', 'diff.svg']);
    expect(r.code).toBe(0);
    const svg = r.files.get('diff.svg') ?? '';
    expect(svg).toContain('data-unit="kmod-static-nodes.service"');
    expect(svg).toMatch(/g\.unit\[data-unit="kmod-static-nodes\.service"\] > rect[^{]*\{ filter: drop-shadow\(0 0 0 #80868b\)[^}]*stroke-dasharray: 6 3;/);
    expect(svg).toContain('left (grey ring, dashed): kmod-static-nodes.service (leaves the boot: no job in step 1 (initrd.target))');
    expect(svg).toContain('ordering lost: kmod-static-nodes.service before systemd-tmpfiles-setup-dev.service, systemd-journald.socket before kmod-static-nodes.service');
  }, 60_000);
});

describe('failures', () => {
  it('exits 2 with one line naming the file when a source cannot be read', async () => {
    const r = await run(['diff', LUKS, join(dir, 'nope.img'), '--exit-code']);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err).toContain('nope.img');
  });

  it('exits 2 with one line when the SVG cannot be written', async () => {
    const io = Object.assign(memoryIo(), {
      writeFile: () => {
        throw new Error('EACCES: permission denied');
      },
    });
    expect(await main(['diff', LUKS, LUKS, '-o', '/ro/diff.svg'], io)).toBe(2);
    expect(io.err.trim().split('\n')).toEqual(['unitgraph: /ro/diff.svg: cannot write: EACCES: permission denied']);
  }, 60_000);

  it('exits 2 on a bad --format', async () => {
    expect((await run(['diff', LUKS, LUKS, '--format', 'sarif'])).code).toBe(2);
  });
});
