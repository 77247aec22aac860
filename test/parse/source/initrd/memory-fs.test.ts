/**
 * The RawFs contract of the tree an initrd unpacks to: lstat never follows a link, readdir
 * sorts by code point, and inodes behave like the kernel's (hard links share later writes).
 */
import { describe, it, expect } from '@jest/globals';
import { MemoryRawFs } from '../../../../src/parse/source/initrd/memory-fs.js';
import { readInitrd } from '../../../../src/parse/source/initrd/read-initrd.js';
import { concatBytes, cpioOfTree, writeCpio } from '../../../helpers/cpio-writer.js';
import { symlinkBomb } from '../../../helpers/hostile.js';

describe('MemoryRawFs', () => {
  it('is an empty root when new', () => {
    const fs = new MemoryRawFs();
    expect(fs.lstat('/')).toEqual({ type: 'dir' });
    expect(fs.readdir('/')).toEqual([]);
    expect(fs.lstat('/etc')).toBeUndefined();
  });

  it('answers lstat through real directories only, never through a symlink', async () => {
    const fs = await readInitrd(cpioOfTree({ usr: null, 'usr/lib': null, 'usr/lib/os-release': 'ID=nixos\n', lib: { symlink: 'usr/lib' } }), 'x');
    expect(fs.lstat('/usr/lib/os-release')).toMatchObject({ type: 'file', size: 9 });
    expect(fs.lstat('/lib')).toEqual({ type: 'symlink', target: 'usr/lib' });
    expect(fs.lstat('/lib/os-release')).toBeUndefined();
    expect(fs.readdir('/lib')).toEqual([]);
    expect(fs.readdir('/usr/lib/os-release')).toEqual([]); // not a directory
    expect(fs.lstat('//usr/./lib/')).toEqual({ type: 'dir' });
  });

  it('sorts readdir by code point, not by UTF-16 unit', async () => {
    const names = ['ｚ', 'b', '😀', 'B', 'é', 'a.service', 'a'];
    const fs = await readInitrd(cpioOfTree(Object.fromEntries(names.map((n) => [n, 'x']))), 'x');
    expect(fs.readdir('/')).toEqual(['B', 'a', 'a.service', 'b', 'é', 'ｚ', '😀']);
  });

  it('reports device nodes, fifos and sockets as "other"', async () => {
    const fs = await readInitrd(writeCpio([{ name: 'null', type: 'chr' }, { name: 'sda', type: 'blk' }, { name: 'p', type: 'fifo' }, { name: 's', type: 'sock' }]), 'x');
    expect(fs.readdir('/').map((n) => fs.lstat(`/${n}`)?.type)).toEqual(['other', 'other', 'other', 'other']);
  });

  it('lets a hard-linked name see a later overwrite through the other name, as one inode', async () => {
    const fs = await readInitrd(concatBytes(
      writeCpio([{ name: 'a', ino: 9, nlink: 2 }, { name: 'b', ino: 9, nlink: 2, data: 'old' }]),
      writeCpio([{ name: 'a', data: 'new content' }]), // open(O_TRUNC) of the existing inode
    ), 'x');
    const read = (p: string): string => {
      const n = fs.lstat(p);
      return n?.type === 'file' ? new TextDecoder().decode(n.read()) : '';
    };
    expect([read('/a'), read('/b')]).toEqual(['new content', 'new content']);
  });

  it('bounds the links followed in one lookup in total, as the kernel does: the 4^N symlink bomb is cheap', async () => {
    const start = performance.now();
    const fs = await readInitrd(writeCpio(symlinkBomb(18)), 'bomb.img');
    expect(performance.now() - start).toBeLessThan(2000); // was 4^18 link steps (hours)
    expect(fs.skipped).toContainEqual({
      path: '/bomb/l18/victim.service',
      reason: 'symlink l18 -> l17/l17/l17/l17 does not lead to a directory (too many levels of symbolic links)',
    });
    expect(fs.lstat('/etc/systemd/system')).toEqual({ type: 'dir' });
  });

  it('follows 40 links in one lookup, not 41 (MAXSYMLINKS)', async () => {
    const chain = (n: number) => [
      { name: 'd', type: 'dir' as const },
      { name: 'a0', type: 'symlink' as const, target: 'd' },
      ...Array.from({ length: n - 1 }, (_, i) => ({ name: `a${i + 1}`, type: 'symlink' as const, target: `a${i}` })),
      { name: `a${n - 1}/f`, data: 'x' },
    ];
    expect((await readInitrd(writeCpio(chain(40)), 'x')).lstat('/d/f')).toMatchObject({ type: 'file' });
    const fs = await readInitrd(writeCpio(chain(41)), 'x');
    expect(fs.lstat('/d/f')).toBeUndefined();
    expect(fs.skipped.at(-1)?.reason).toMatch(/^symlink a40 -> a39 does not lead to a directory \(too many levels of symbolic links\)$/);
  });
});
