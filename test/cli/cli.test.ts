/**
 * End-to-end through main(argv, io): the commands' output shapes (contract), exit codes, and the
 * bad-input matrix — every failure is exit 2 with exactly one line on stderr naming the file.
 */
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { main } from '../../cli/main.js';
import { memoryIo } from '../../cli/io.js';
import { concatBytes, cpioFileHeader, cpioOfTree } from '../helpers/cpio-writer.js';
import { corpusDir, REPO } from '../helpers/fixture.js';

const LUKS = join(corpusDir('remote-unlock-luks'), 'initrd');
const BTRFS = join(corpusDir('btrfs-optin-state'), 'initrd');

const run = async (...argv: string[]) => {
  const io = memoryIo();
  const code = await main(argv, io);
  return { code, out: io.out, err: io.err, files: io.files };
};

const tmp = (): string => mkdtempSync(join(tmpdir(), 'unitgraph-cli-'));

describe('check', () => {
  it('exits 0 on a correct image and prints the contract JSON', async () => {
    const r = await run('check', BTRFS, '--format', 'json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as Record<string, unknown>;
    expect(Object.keys(j).slice(0, 6)).toEqual(['source', 'target', 'units', 'findings', 'summary', 'notes']);
    expect(j['target']).toBe('initrd.target');
    expect(j['summary']).toEqual({ errors: 0, warnings: 0, infos: 0 });
  });

  it('exits 1 with --strict when there are warnings, 0 without', async () => {
    expect((await run('check', LUKS)).code).toBe(0);
    const strict = await run('check', LUKS, '--strict');
    expect(strict.code).toBe(1);
    expect(strict.out).toMatch(/after-without-wants/);
  });

  it('turns a rule off and counts ignored findings (unitgraph.json / --config)', async () => {
    const dir = tmp();
    writeFileSync(join(dir, 'off.json'), JSON.stringify({ rules: { 'after-without-wants': 'off' } }));
    writeFileSync(join(dir, 'ignore.json'), JSON.stringify({ ignore: [{ rule: 'after-without-wants', units: ['unlock-luks.service'] }] }));
    const off = await run('check', LUKS, '--strict', '--config', join(dir, 'off.json'), '--format', 'json');
    expect(off.code).toBe(0);
    const ign = JSON.parse((await run('check', LUKS, '--config', join(dir, 'ignore.json'), '--format', 'json')).out) as { suppressed: number; findings: unknown[] };
    expect(ign.suppressed).toBe(1);
    expect(ign.findings).toEqual([expect.objectContaining({ rule: 'duplicate-unlock', severity: 'info' })]);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ rules: { 'no-such-rule': 'off' } }));
    const bad = await run('check', LUKS, '--config', join(dir, 'bad.json'));
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/bad\.json: unknown rule "no-such-rule"/);
  });

  it('writes GitHub annotations and SARIF', async () => {
    const gh = await run('check', LUKS, '--format', 'github');
    expect(gh.out).toMatch(/^::warning file=etc\/systemd\/system\/unlock-luks\.service,line=2,title=unitgraph after-without-wants::/m);
    expect(gh.out).toMatch(/^::notice file=nix\/store\/[a-z0-9]{32}-unit-script-unlock-luks-start\/bin\/unlock-luks-start,line=4,title=unitgraph duplicate-unlock::/m);
    const sarif = JSON.parse((await run('check', LUKS, '--format', 'sarif')).out) as { version: string; runs: Array<{ results: Array<{ ruleId: string; level: string }> }> };
    expect(sarif.version).toBe('2.1.0');
    expect(sarif.runs[0]?.results.map((r) => [r.ruleId, r.level])).toEqual([['after-without-wants', 'warning'], ['duplicate-unlock', 'note']]);
  });
});

describe('list and show', () => {
  it('lists units with origins (generator, file, referenced) in the contract shape', async () => {
    const r = await run('list', LUKS, '--format', 'json');
    expect(r.code).toBe(0);
    const units = (JSON.parse(r.out) as { units: Array<Record<string, unknown>> }).units;
    const byName = new Map(units.map((u) => [u['name'], u]));
    expect(byName.get('sysroot.mount')).toMatchObject({ type: 'mount', origin: 'generator', file: 'run/systemd/generator/sysroot.mount', masked: false });
    expect(byName.get('initrd.target')).toMatchObject({ origin: 'file', aliases: ['default.target'], dropins: ['etc/systemd/system/initrd.target.d/overrides.conf'] });
    expect(byName.get('initrd-usr-fs.target')).toMatchObject({ origin: 'referenced', file: null });
    expect(Object.keys(units[0] ?? {})).toEqual(['name', 'type', 'file', 'origin', 'masked', 'aliases', 'dropins']);
  });

  it('shows a unit merged, with line origins and dependencies both ways', async () => {
    const r = await run('show', LUKS, 'sysroot.mount');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^What=\/dev\/mapper\/root\s+# run\/systemd\/generator\/sysroot\.mount:\d+$/m);
    expect(r.out).toMatch(/Before\s+initrd-root-fs\.target/);
    expect(r.out).toMatch(/-> sysroot\.mount:[\s\S]*unlock-luks\.service/);
    const j = JSON.parse((await run('show', LUKS, 'default.target', '--format', 'json')).out) as { name: string };
    expect(j.name).toBe('initrd.target');
  });

  it('why: explains the ordering chain and the pull-in chain', async () => {
    const r = await run('why', LUKS, 'unlock-luks.service', 'initrd.target');
    expect(r.out).toMatch(/unlock-luks\.service is ordered before initrd\.target:/);
    expect(r.out).toMatch(/initrd\.target pulls in unlock-luks\.service/);
    const none = await run('why', LUKS, 'sshd.service', 'sysroot.mount');
    expect(none.out).toMatch(/not ordered against each other/);
  });

  it('graph: contract JSON, DOT and Mermaid', async () => {
    const j = JSON.parse((await run('graph', LUKS)).out) as { target: string; nodes: Array<{ id: string }>; edges: Array<Record<string, unknown>> };
    expect(j.target).toBe('initrd.target');
    expect(j.edges).toContainEqual(expect.objectContaining({ from: 'unlock-luks.service', to: 'sysroot.mount', kind: 'Before', origin: 'file' }));
    expect(j.edges.some((e) => e['kind'] === 'After' || e['kind'] === 'WantedBy')).toBe(false);
    expect((await run('graph', LUKS, '--format', 'dot')).out).toMatch(/^digraph "initrd.target" \{/);
    expect((await run('graph', LUKS, '--format', 'mermaid')).out).toMatch(/^flowchart LR/);
  });
});

describe('bad input: exit 2, one line naming the file, in bounded time', () => {
  const dir = tmp();
  const f = (name: string, data: Uint8Array | string): string => {
    const p = join(dir, name);
    writeFileSync(p, data);
    return p;
  };
  const unitTree = { 'etc/systemd/system/a.service': '[Service]\nExecStart=/bin/true\n' };
  const good = cpioOfTree(unitTree);
  mkdirSync(join(dir, 'loop/etc/systemd'), { recursive: true });
  symlinkSync('system', join(dir, 'loop/etc/systemd/system'));
  mkdirSync(join(dir, 'nothing'));
  writeFileSync(join(dir, 'nothing', 'README'), 'no units here\n');
  // a valid cpio member of 64 MiB of zeros: ~64 KiB gzipped
  const bomb = gzipSync(concatBytes(cpioFileHeader('big', 64 * 1024 * 1024), new Uint8Array(64 * 1024 * 1024)));
  const cases: Array<[string, string[], RegExp]> = [
    ['a missing path', ['check', join(dir, 'absent.img')], /absent\.img: no such file or directory/],
    ['an empty file', ['list', f('empty.img', '')], /empty\.img: empty file/],
    ['garbage', ['list', f('garbage.img', 'this is not an archive at all, just text\n')], /garbage\.img: not an initrd/],
    ['a truncated archive', ['list', f('truncated.img', good.subarray(0, good.length - 200))], /truncated\.img: .*(truncated|ends)/i],
    ['a truncated gzip archive', ['list', f('truncated.gz', gzipSync(good).subarray(0, 40))], /truncated\.gz: /],
    ['a ../ member name', ['list', f('dotdot.img', cpioOfTree({ '../etc/evil.service': 'x' }))], /dotdot\.img: .*\.\./],
    ['a symlink loop', ['list', join(dir, 'loop')], /loop: symlink loop/],
    ['a directory with no units', ['list', join(dir, 'nothing')], /nothing: no systemd units here/],
    [
      'a dracut squash image (the units inside squash-root.img, a squashfs)',
      ['check', f('squash.img', cpioOfTree({ init: '#!/bin/sh\n', 'squash-root.img': concatBytes(new TextEncoder().encode('hsqs'), new Uint8Array(4096)), 'usr/lib/dracut/modules.txt': 'squash\n' }))],
      /squash\.img: the archive holds no systemd unit directory: its units are inside squash-root\.img, a squashfs image \(dracut's squash module\), which unitgraph cannot read .*unsquashfs -d DIR squash-root\.img/,
    ],
    ['a small file that decompresses past the limit', ['list', f('bomb.gz', bomb), '--max-bytes', '16M'], /bomb\.gz: .*(limit|16)/i],
    ['an unknown option', ['list', LUKS, '--no-such-option'], /unknown option/],
    ['an unknown unit for show', ['show', LUKS, 'nope.service'], /no unit nope\.service/],
  ];
  it.each(cases)('%s', async (_name, argv, message) => {
    const t0 = Date.now();
    const r = await run(...argv);
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    const lines = r.err.trimEnd().split('\n');
    expect(lines[0]).toMatch(message);
    if (!argv.includes('--no-such-option')) expect(lines).toHaveLength(1);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it('a link loop outside the unit tree (a binary the generators probe, a script ExecStart= runs) is no failure', async () => {
    const root = join(dir, 'loop-bin');
    mkdirSync(join(root, 'etc/systemd/system/initrd.target.wants'), { recursive: true });
    mkdirSync(join(root, 'sbin'));
    writeFileSync(join(root, 'etc/initrd-release'), '');
    writeFileSync(join(root, 'etc/fstab'), '/dev/sda2 /sysroot/data ext4 x-initrd.mount 0 2\n');
    writeFileSync(join(root, 'etc/systemd/system/initrd.target'), '[Unit]\nDescription=initrd\n');
    writeFileSync(join(root, 'etc/systemd/system/sysinit.target'), '[Unit]\nDescription=sysinit\n'); // x.service's default Requires=
    writeFileSync(join(root, 'etc/systemd/system/x.service'), '[Service]\nType=oneshot\nExecStart=/sbin/fsck\n');
    symlinkSync('../x.service', join(root, 'etc/systemd/system/initrd.target.wants/x.service'));
    symlinkSync('/sbin/fsck2', join(root, 'sbin/fsck'));
    symlinkSync('/sbin/fsck', join(root, 'sbin/fsck2'));
    const r = await run('check', root, '--cmdline', 'root=/dev/sda1', '--format', 'json');
    // the loop is the one finding: x.service's executable cannot be resolved (ELOOP), 203/EXEC at boot
    expect([r.code, r.err]).toEqual([1, '']);
    const j = JSON.parse(r.out) as { units: number; findings: Array<{ rule: string; units: string[] }> };
    expect(j.units).toBeGreaterThan(5);
    expect(j.findings.map((f) => [f.rule, ...f.units])).toEqual([['exec-not-in-image', 'x.service']]);
  });

  it('a root whose default.target is a link (to multi-user.target) is checked through it, and so is --target default.target', async () => {
    const root = join(dir, 'stage2');
    const units = join(root, 'etc/systemd/system');
    mkdirSync(join(units, 'multi-user.target.wants'), { recursive: true });
    writeFileSync(join(units, 'multi-user.target'), '[Unit]\nDescription=Multi-User System\n');
    symlinkSync('multi-user.target', join(units, 'default.target'));
    writeFileSync(join(units, 'app.service'), '[Unit]\nAfter=network-online.target\n[Service]\nExecStart=/bin/sleep infinity\n');
    writeFileSync(join(units, 'network-online.target'), '[Unit]\nDescription=Network is Online\n');
    writeFileSync(join(units, 'sysinit.target'), '[Unit]\nDescription=System Initialization\n'); // app.service's default Requires=
    symlinkSync('../app.service', join(units, 'multi-user.target.wants/app.service'));
    for (const extra of [[], ['--target', 'default.target']]) {
      const r = await run('check', root, '--format', 'json', ...extra);
      const j = JSON.parse(r.out) as { target: string; findings: Array<{ rule: string; units: string[] }> };
      expect(j.target).toBe('multi-user.target');
      expect(j.findings.map((f) => [f.rule, ...f.units])).toEqual([['after-without-wants', 'app.service', 'network-online.target']]);
    }
  });

  it('the installed binary prints no stack trace without --debug, and one with it', () => {
    const bin = join(REPO, 'bin', 'unitgraph.js');
    const call = (extra: string[]): { status: number; stderr: string } => {
      try {
        execFileSync(process.execPath, [bin, 'list', join(dir, 'empty.img'), ...extra], { stdio: 'pipe' });
        return { status: 0, stderr: '' };
      } catch (e) {
        const err = e as { status: number; stderr: Buffer };
        return { status: err.status, stderr: err.stderr.toString() };
      }
    };
    const plain = call([]);
    expect(plain.status).toBe(2);
    expect(plain.stderr).toBe(`unitgraph: ${join(dir, 'empty.img')}: empty file\n`);
    const debug = call(['--debug']);
    expect(debug.status).toBe(2);
    expect(debug.stderr).toMatch(/\n\s+at /);
  });
});
