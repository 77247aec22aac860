/**
 * The image's systemd version: where it is found (a NixOS store path, an FHS libsystemd-shared or
 * -core, the version string in PID 1's binary), `--systemd-version`, and that the graph's implicit
 * dependencies follow it (PrivateTmp=yes: v252 Wants=/After=tmp.mount, v256 RequiresMountsFor-style
 * Wants on /tmp's mount).
 */
import { describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { detectSystemdVersion, parseSystemdVersion } from '../../../src/parse/load/generators/version.js';
import { loadUnits } from '../../../src/parse/load/load-units.js';
import { buildGraph } from '../../../src/graph/build.js';
import { MapRawFs } from '../../../src/parse/source/mount-fs.js';
import { Vfs } from '../../../src/parse/source/vfs.js';
import type { Source } from '../../../src/parse/source/open-source.js';
import { main } from '../../../cli/main.js';
import { memoryIo } from '../../../cli/io.js';
import { corpusDir, makeSource } from '../../helpers/fixture.js';

const H = '0123456789abcdfghijklmnpqrsvwxyz';
const tree = (files: Record<string, string>, links: Record<string, string> = {}): Source => {
  const vfs = new Vfs(new MapRawFs(new Map(Object.entries(files)), new Map(Object.entries(links))), 'fixture');
  return { kind: 'root', label: 'fixture', vfs, initrd: true, notes: [] };
};
const SVC = '[Unit]\nDescription=x\n[Service]\nType=oneshot\nExecStart=/bin/true\nPrivateTmp=yes\n';
const UNITS = {
  '/usr/lib/systemd/system/initrd.target': '[Unit]\nDescription=Initrd\n',
  '/usr/lib/systemd/system/sysinit.target': '[Unit]\nDescription=sysinit\n',
  '/usr/lib/systemd/system/var-tmp.mount': '[Mount]\nWhat=/dev/vda3\nWhere=/var/tmp\nType=ext4\n',
  '/etc/systemd/system/private.service': SVC,
};
const LINKS = { '/etc/systemd/system/initrd.target.wants/private.service': '../private.service' };

describe('detecting the systemd version', () => {
  it('a NixOS store path found through /init gives major and patch', () => {
    const store = `/nix/store/${H}-systemd-256.10`;
    const src = tree({ [`${store}/lib/systemd/libsystemd-shared-256.so`]: 'ELF', [`${store}/lib/systemd/systemd`]: 'ELF' }, { '/init': `${store}/lib/systemd/systemd` });
    const v = detectSystemdVersion({ read: (p) => src.vfs.readText(p), isFile: (p) => src.vfs.stat(p)?.type === 'file', list: (p) => src.vfs.readdir(p), readlink: (p) => src.vfs.readlink(p) });
    expect(v).toEqual({ version: 256, patch: 10, path: `${store}/lib/systemd/libsystemd-shared-256.so` });
  });

  it('a store path found by listing /nix/store (no /init link); other store paths named systemd-* are not it', () => {
    const files = {
      [`/nix/store/${H}-systemd-257.3/lib/systemd/libsystemd-shared-257.so`]: 'ELF',
      [`/nix/store/${H.replace('0', 'a')}-systemd-boot-builder/bin/x`]: '#!/bin/sh\n',
    };
    const src = tree(files);
    expect(detectSystemdVersion({ read: (p) => src.vfs.readText(p), list: (p) => src.vfs.readdir(p) })).toEqual(expect.objectContaining({ version: 257, patch: 3 }));
  });

  it('an FHS libsystemd-core-NNN.so counts; the patch level comes from PID 1\'s version string', () => {
    const files = {
      '/usr/lib64/systemd/libsystemd-core-255.so': 'ELF',
      '/usr/lib/systemd/systemd': '\u007fELF...systemd 255.7-1.fc40 running in %ssystem mode (%s)...',
    };
    const src = tree(files);
    expect(detectSystemdVersion({ read: (p) => src.vfs.readText(p) })).toEqual({ version: 255, patch: 7, path: '/usr/lib64/systemd/libsystemd-core-255.so' });
  });

  it('a library tagged with the whole package version (Fedora) gives major and patch', () => {
    const src = tree({ '/usr/lib64/systemd/libsystemd-shared-256.11-1.fc41.so': 'ELF', '/usr/lib64/systemd/libsystemd-core-256.11-1.fc41.so': 'ELF' });
    expect(detectSystemdVersion({ read: (p) => src.vfs.readText(p), list: (p) => src.vfs.readdir(p) })).toEqual({ version: 256, patch: 11, path: '/usr/lib64/systemd/libsystemd-shared-256.11-1.fc41.so' });
  });

  it('--systemd-version accepts 252 and 252.39, nothing else', () => {
    expect(parseSystemdVersion('252')).toEqual({ version: 252 });
    expect(parseSystemdVersion('256.10')).toEqual({ version: 256, patch: 10 });
    expect(parseSystemdVersion('v2')).toBeUndefined();
    expect(parseSystemdVersion('latest')).toBeUndefined();
  });

  it('the shared NixOS corpus is systemd 256.10 (its store path)', async () => {
    const set = loadUnits(await makeSource({ base: 'remote-unlock-luks' }));
    expect(set.systemdVersion).toEqual({ version: 256, patch: 10, from: expect.stringMatching(/^nix\/store\/[0-9a-z]{32}-systemd-256\.10\/lib\/systemd\/libsystemd-shared-256\.so$/) });
    expect(set.notes[0]).toMatch(/^systemd 256\.10 found in the image \(nix\/store\/.*-systemd-256\.10\/.*\): generators and implicit dependencies emulated as that version$/);
  });
});

describe('the graph follows the version', () => {
  const edgesOf = (set: ReturnType<typeof loadUnits>): string[] =>
    buildGraph(set).edges.filter((e) => (e.to === 'private.service' || e.from === 'private.service') && e.origin === 'implicit').map((e) => `${e.from} ${e.kind} ${e.to}`).sort();

  it('v252 (libsystemd-shared-252.so in the image): PrivateTmp=yes adds Wants=/After=tmp.mount by name and Requires=var-tmp.mount', () => {
    const set = loadUnits(tree({ ...UNITS, '/usr/lib/x86_64-linux-gnu/systemd/libsystemd-shared-252.so': 'ELF' }, LINKS));
    expect(set.systemdVersion?.version).toBe(252);
    const edges = edgesOf(set);
    expect(edges).toContain('private.service Wants tmp.mount');
    expect(edges).toContain('tmp.mount Before private.service');
    expect(edges).toContain('private.service Requires var-tmp.mount');
  });

  it('unknown version: emulated as 256 (no tmp.mount where none exists, Wants=var-tmp.mount; a note says so)', () => {
    const set = loadUnits(tree(UNITS, LINKS));
    expect(set.systemdVersion).toBeUndefined();
    expect(set.notes).toContainEqual(expect.stringMatching(/^systemd version not found in the image .* emulated as systemd 256; pass --systemd-version N/));
    const edges = edgesOf(set);
    expect(edges.filter((e) => e.includes('tmp.mount') && !e.includes('var-tmp'))).toEqual([]);
    expect(edges).toContain('private.service Wants var-tmp.mount');
    expect(edges).not.toContain('private.service Requires var-tmp.mount');
  });

  it('--systemd-version 252 overrides what the image says', () => {
    const set = loadUnits(tree({ ...UNITS, '/usr/lib/systemd/libsystemd-shared-256.so': 'ELF' }, LINKS), { systemdVersion: { version: 252 } });
    expect(set.systemdVersion).toEqual({ version: 252, from: '--systemd-version' });
    expect(set.notes).toContainEqual('systemd 252 (--systemd-version): generators and implicit dependencies emulated as that version');
    expect(edgesOf(set)).toContain('private.service Wants tmp.mount');
  });
});

describe('--systemd-version on the command line', () => {
  const LUKS = join(corpusDir('remote-unlock-luks'), 'initrd');
  it('every analysing command takes it; a bad value is exit 2', async () => {
    const io = memoryIo();
    expect(await main(['check', LUKS, '--systemd-version', '252', '--format', 'json'], io)).toBe(0);
    expect((JSON.parse(io.out) as { notes: string[] }).notes).toContain('systemd 252 (--systemd-version): generators and implicit dependencies emulated as that version');
    const bad = memoryIo();
    expect(await main(['check', LUKS, '--systemd-version', 'new'], bad)).toBe(2);
    expect(bad.err).toMatch(/--systemd-version: not a systemd version: new/);
  });
});
