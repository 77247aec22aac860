/**
 * Uncompressed newc archives through readInitrd: the kernel's cpio state machine, member names,
 * hard links, overwriting, several archives with NUL padding, and the 070702 checksum.
 */
import { describe, it, expect } from '@jest/globals';
import { readInitrd, type InitrdFs } from '../../../../src/parse/source/initrd/read-initrd.js';
import { createHash } from 'node:crypto';
import { CpioReader, type CpioMember } from '../../../../src/parse/source/initrd/cpio.js';
import { keepAll, keepRelevant, type KeepPolicy } from '../../../../src/parse/source/initrd/keep.js';
import { ReadBudget, resolveReadLimits } from '../../../../src/parse/source/initrd/limits.js';
import { concatBytes, cpioOfTree, treeListing, writeCpio } from '../../../helpers/cpio-writer.js';

const text = (fs: InitrdFs, path: string): string | undefined => {
  const node = fs.lstat(path);
  return node?.type === 'file' ? new TextDecoder().decode(node.read()) : undefined;
};

const listing = (fs: InitrdFs): string[] => treeListing(fs);

describe('newc archives', () => {
  it('reads directories, files, symlinks and device nodes', async () => {
    const fs = await readInitrd(writeCpio([
      { name: '.', type: 'dir' },
      { name: 'etc', type: 'dir' },
      { name: 'etc/hostname', data: 'initrd\n' },
      { name: 'etc/os-release', type: 'symlink', target: '../usr/lib/os-release' },
      { name: 'dev', type: 'dir' },
      { name: 'dev/console', type: 'chr', devMajor: 0 },
      { name: 'dev/fifo', type: 'fifo' },
    ]), 'test.cpio');
    expect(listing(fs)).toEqual(['/dev/', '/dev/console (other)', '/dev/fifo (other)', '/etc/', '/etc/hostname', '/etc/os-release -> ../usr/lib/os-release']);
    expect(text(fs, '/etc/hostname')).toBe('initrd\n');
    expect(fs.lstat('/etc/hostname')).toMatchObject({ type: 'file', size: 7 });
    expect(fs.segments).toEqual([{ offset: 0, compression: 'none', compressedBytes: expect.any(Number), decompressedBytes: expect.any(Number), members: 7 }]);
  });

  it('normalises member names ("./etc", "etc", "/etc//x/")', async () => {
    const fs = await readInitrd(writeCpio([
      { name: './etc/a', data: 'a' }, { name: 'etc/b', data: 'b' }, { name: '/etc//c/', data: 'c' }, { name: './', type: 'dir' },
    ]), 'x');
    expect(fs.readdir('/etc')).toEqual(['a', 'b', 'c']);
  });

  it('keeps file bytes as views into the input, without copying', async () => {
    const input = cpioOfTree({ a: 'hello' });
    const node = (await readInitrd(input, 'x')).lstat('/a');
    expect(node?.type === 'file' && node.read().buffer).toBe(input.buffer);
  });

  it('creates missing parent directories and follows symlinks in parent components', async () => {
    const fs = await readInitrd(cpioOfTree({
      'usr/lib/systemd/system/a.service': '[Unit]\n', // no directory entries before it
      lib: { symlink: 'usr/lib' },
      'lib/modules-load.d/x.conf': 'x\n', // written through /lib -> usr/lib, as the kernel does
      bin: { symlink: '/usr/bin' },
      'bin/sh': 'sh', // /usr/bin does not exist: the kernel's open fails (ENOENT)
    }), 'x');
    expect(fs.lstat('/usr/lib/systemd/system')?.type).toBe('dir');
    expect(text(fs, '/usr/lib/modules-load.d/x.conf')).toBe('x\n');
    expect(fs.lstat('/lib')).toEqual({ type: 'symlink', target: 'usr/lib' });
    expect(fs.lstat('/usr/bin')).toBeUndefined();
    expect(fs.skipped).toEqual([{ path: '/bin/sh', reason: expect.stringContaining('/usr/bin') }]);
  });

  it('lets a later member replace an earlier one, as the kernel overwrites', async () => {
    const fs = await readInitrd(writeCpio([
      { name: 'f', data: 'first' }, { name: 'f', data: 'second' },
      { name: 'l', type: 'symlink', target: 'a' }, { name: 'l', data: 'now a file' },
      { name: 'g', data: 'a file' }, { name: 'g', type: 'symlink', target: 'b' },
      { name: 'd', data: 'a file' }, { name: 'd', type: 'dir' }, { name: 'd/x', data: 'x' },
      { name: 'd', data: 'cannot replace a non-empty directory' },
      { name: 'e', type: 'dir' }, { name: 'e', type: 'dir' }, // mkdir EEXIST: harmless
    ]), 'x');
    expect(text(fs, '/f')).toBe('second');
    expect(text(fs, '/l')).toBe('now a file');
    expect(fs.lstat('/g')).toEqual({ type: 'symlink', target: 'b' });
    expect(text(fs, '/d/x')).toBe('x');
    expect(fs.skipped.map((s) => s.path)).toEqual(['/d']);
    expect(fs.lstat('/e')?.type).toBe('dir');
  });

  it('joins newc hard links (data on the last name) into one inode', async () => {
    const fs = await readInitrd(writeCpio([
      { name: 'bin', type: 'dir' },
      { name: 'bin/a', ino: 7, nlink: 3 },
      { name: 'bin/b', ino: 7, nlink: 3 },
      { name: 'bin/c', ino: 7, nlink: 3, data: 'shared' },
      { name: 'bin/other-dev', ino: 7, nlink: 2, devMajor: 8, data: 'not linked: another device' },
    ]), 'x');
    const [a, b, c] = ['/bin/a', '/bin/b', '/bin/c'].map((p) => fs.lstat(p));
    expect([a, b, c].map((n) => n?.type === 'file' && new TextDecoder().decode(n.read()))).toEqual(['shared', 'shared', 'shared']);
    expect(a?.type === 'file' && c?.type === 'file' && a.read()).toBe(c?.type === 'file' && c.read());
    expect(text(fs, '/bin/other-dev')).toBe('not linked: another device');
  });

  it('forgets hard-link groups at TRAILER!!!, as the kernel frees its link hash', async () => {
    const first = writeCpio([{ name: 'a', ino: 5, nlink: 2, data: 'one' }]);
    const second = writeCpio([{ name: 'b', ino: 5, nlink: 2, data: 'two' }]);
    const fs = await readInitrd(concatBytes(first, second), 'x');
    expect([text(fs, '/a'), text(fs, '/b')]).toEqual(['one', 'two']);
  });

  it('reads concatenated archives with NUL padding between them, one segment each', async () => {
    const early = writeCpio([{ name: 'kernel/x86/microcode/GenuineIntel.bin', data: 'ucode' }], { padTo: 512 });
    const main = cpioOfTree({ etc: null, 'etc/initrd-release': 'ID=x\n' });
    const input = concatBytes(early, new Uint8Array(1024), main);
    const fs = await readInitrd(input, 'x');
    expect(text(fs, '/kernel/x86/microcode/GenuineIntel.bin')).toBe('ucode');
    expect(text(fs, '/etc/initrd-release')).toBe('ID=x\n');
    expect(fs.segments.map((s) => [s.offset, s.compression, s.members])).toEqual([[0, 'none', 1], [early.length + 1024, 'none', 2]]);
  });

  it('reads 070702 archives and checks their data checksums', async () => {
    const fs = await readInitrd(writeCpio([{ name: 'a', data: 'checked' }], { magic: '070702' }), 'x');
    expect(text(fs, '/a')).toBe('checked');
    await expect(readInitrd(writeCpio([{ name: 'a', data: 'checked', check: 1 }], { magic: '070702' }), 'x.cpio'))
      .rejects.toMatchObject({ kind: 'malformed', file: 'x.cpio', message: expect.stringContaining('bad data checksum for cpio member "/a"') });
  });

  it('parses the same members whatever the chunking of the stream', () => {
    const input = cpioOfTree({ etc: null, 'etc/a': 'x'.repeat(300), 'etc/l': { symlink: '/nix/store/abc' }, 'etc/b': '' });
    const run = (chunk: number): string[] => {
      const seen: string[] = [];
      const reader = new CpioReader('x', new ReadBudget(resolveReadLimits(), 'x'), (m: CpioMember) => {
        seen.push(m.kind === 'file' ? `${m.path}:${m.data.length}` : m.kind === 'symlink' ? `${m.path}->${m.target}` : m.kind);
      });
      for (let at = 0; at < input.length; at += chunk) {
        const piece = input.subarray(at, at + chunk);
        let i = 0;
        while (i < piece.length) {
          i += reader.write(piece, i);
          if (i < piece.length) reader.startMember();
        }
      }
      reader.checkEnd();
      return seen;
    };
    const whole = run(input.length);
    expect(whole).toEqual(['dir', '/etc/a:300', '/etc/l->/nix/store/abc', '/etc/b:0', 'trailer']);
    for (const chunk of [1, 3, 7, 64, 111]) expect(run(chunk)).toEqual(whole);
  });

  it('keeps the same bytes when the decoder reuses one buffer for every chunk (transient chunks)', () => {
    // files that end inside a chunk, run across several, are kept whole (keepAll) or by policy
    // (keepRelevant: units and /etc kept, a short script kept by its #!, an ELF dropped by its head)
    const elf = new Uint8Array(5000).fill(7);
    elf.set([0x7f, 0x45, 0x4c, 0x46]);
    const input = cpioOfTree({
      etc: null, 'etc/a': 'x'.repeat(300), 'etc/l': { symlink: '/nix/store/abc' }, 'etc/b': '',
      usr: null, 'usr/lib': null, 'usr/lib/x.service': `[Service]\nExecStart=/bin/true ${'y'.repeat(900)}\n`,
      'usr/lib/run.sh': `#!/bin/sh\n${'echo z\n'.repeat(200)}`, 'usr/lib/prog': elf,
      // small text kept by its head, one shorter than the head itself (decided on its end)
      'usr/lib/note.txt': 'hello, world\n'.repeat(20), 'usr/lib/ab': 'ab',
    });
    const run = (chunk: number, keep: KeepPolicy, transient: boolean): string[] => {
      // the bytes are looked at after the whole read: by then every chunk has been overwritten
      const seen: (() => string)[] = [];
      const reader = new CpioReader('x', new ReadBudget(resolveReadLimits(), 'x'), (m: CpioMember) => {
        if (m.kind !== 'file') return void seen.push(() => (m.kind === 'symlink' ? `${m.path}->${m.target}` : m.kind));
        seen.push(() => `${m.path}:${m.data.length}:${m.data.kept}:${createHash('sha1').update(m.data.bytes()).digest('hex')}`);
      }, keep);
      const scratch = new Uint8Array(chunk);
      for (let at = 0; at < input.length; at += chunk) {
        const n = Math.min(chunk, input.length - at);
        scratch.set(input.subarray(at, at + n));
        const piece = transient ? scratch.subarray(0, n) : input.subarray(at, at + n);
        let i = 0;
        while (i < piece.length) {
          i += reader.write(piece, i, transient);
          if (i < piece.length) reader.startMember();
        }
        scratch.fill(0xee); // what the decoder's next read would do to the bytes
      }
      reader.checkEnd();
      return seen.map((f) => f());
    };
    for (const keep of [keepAll, keepRelevant]) {
      const whole = run(input.length, keep, false);
      expect(whole.length).toBe(12); // 3 dirs, 7 files, a symlink, the trailer
      for (const chunk of [1, 3, 7, 64, 111, 4096]) expect(run(chunk, keep, true)).toEqual(whole);
    }
    expect(run(input.length, keepRelevant, false).filter((m) => m.includes(':true:')).map((m) => m.split(':')[0]))
      .toEqual(['/etc/a', '/etc/b', '/usr/lib/x.service', '/usr/lib/run.sh', '/usr/lib/note.txt', '/usr/lib/ab']);
  });
});
