/**
 * The initrd reader's tree (MemoryRawFs through the Extractor, the kernel's do_name/clean_path/
 * maybe_link): archives whose members replace one another (a directory by a symlink, a file by a
 * directory, names under a symlinked directory, hard links, `./` and `//` in names) give the same
 * tree with the directory cache slot() keeps and with every lookup walked from the root; and
 * normaliseName's shortcut for names already normal gives what splitting and joining gives.
 */
import { describe, it, expect, afterEach } from '@jest/globals';
import fc from 'fast-check';
import { readInitrd, type InitrdFs } from '../../src/parse/source/initrd/read-initrd.js';
import { MemoryRawFs } from '../../src/parse/source/initrd/memory-fs.js';
import { normaliseName } from '../../src/parse/source/initrd/cpio-header.js';
import { treeListing, writeCpio, type CpioEntry } from '../helpers/cpio-writer.js';

const listing = (fs: InitrdFs): string[] => treeListing(fs, true);

const seg = fc.constantFrom('a', 'b', 'c', 'd');
const name = fc.tuple(fc.array(seg, { minLength: 1, maxLength: 4 }), fc.constantFrom('', './', '/'), fc.constantFrom('/', '/', '/', '//', '/./'))
  .map(([parts, lead, sep]) => lead + parts.join(sep));
const entry: fc.Arbitrary<CpioEntry> = fc.oneof(
  fc.tuple(name, fc.stringMatching(/^[a-z]{0,4}$/)).map(([n, data]) => ({ name: n, data })),
  name.map((n) => ({ name: n, type: 'dir' as const })),
  fc.tuple(name, fc.constantFrom('a', 'b', '/a', '/b/c', '..', '.', 'c/d', '/')).map(([n, target]) => ({ name: n, type: 'symlink' as const, target })),
  fc.tuple(name, fc.integer({ min: 1, max: 3 })).map(([n, ino]) => ({ name: n, data: `h${ino}`, ino, nlink: 2 })),
);

afterEach(() => {
  MemoryRawFs.cacheDirs = true;
});

describe('MemoryRawFs lookups', () => {
  it('give the same tree with the last directory cached as with every lookup walked', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 40 }), async (entries) => {
        const bytes = writeCpio(entries);
        MemoryRawFs.cacheDirs = false;
        const walked = await readInitrd(bytes, 'x.cpio');
        MemoryRawFs.cacheDirs = true;
        const cached = await readInitrd(bytes, 'x.cpio');
        expect(listing(cached)).toEqual(listing(walked));
        expect(cached.skipped).toEqual(walked.skipped);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('normaliseName', () => {
  const reference = (n: string): string | 'dotdot' => {
    const parts: string[] = [];
    for (const p of n.split('/')) {
      if (p === '' || p === '.') continue;
      if (p === '..') return 'dotdot';
      parts.push(p);
    }
    return `/${parts.join('/')}`;
  };
  it('gives what splitting and joining the components gives', () => {
    const part = fc.constantFrom('etc', 'a', '.', '..', '', '...', '.x', 'x.', 'TRAILER');
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), fc.constantFrom('', '/', './', '//'), fc.constantFrom('', '/'), (parts, lead, trail) => {
        const n = lead + parts.join('/') + trail;
        const got = normaliseName(n);
        expect('dotdot' in got ? 'dotdot' : got.path).toBe(reference(n));
      }),
      { numRuns: 20_000 },
    );
  });
});
