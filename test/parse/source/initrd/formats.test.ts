/**
 * Every compression the kernel accepts, made by the real tools, alone and in the segment
 * layouts real images have: an uncompressed early cpio, NUL padding, then the compressed main
 * archive; and compressed streams back to back.
 */
import { describe, it, expect } from '@jest/globals';
import { looksLikeInitrd, readInitrd, type InitrdFs } from '../../../../src/parse/source/initrd/read-initrd.js';
import { concatBytes, cpioOfTree, writeCpio } from '../../../helpers/cpio-writer.js';
import { compress, FORMATS } from './compress.js';
import { lz4Extent } from '../../../../src/parse/source/initrd/decompress/lz4.js';

/** Deterministic, compressible, not trivially so: words from a small PRNG. */
const payload = (size: number, seed = 1): Uint8Array => {
  const words = ['Unit', 'Service', 'After=', 'Wants=', 'ExecStart=', '/usr/lib/systemd/', 'initrd', '.target', '\n'];
  const out = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; ) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    const w = x % 7 === 0 ? String(x) : (words[x % words.length] as string);
    for (let j = 0; j < w.length && i < size; j++) out[i++] = w.charCodeAt(j);
  }
  return out;
};

const bytesOf = (fs: InitrdFs, path: string): Uint8Array | undefined => {
  const node = fs.lstat(path);
  return node?.type === 'file' ? node.read() : undefined;
};

/** jest's toEqual walks typed arrays element by element: far too slow for megabytes. */
const same = (a: Uint8Array | undefined, b: Uint8Array): boolean => a !== undefined && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(b);

const unitTree = (tag: string) => ({
  etc: null, 'etc/systemd': null, 'etc/systemd/system': null,
  [`etc/systemd/system/${tag}.service`]: `[Unit]\nDescription=${tag}\n`,
  'etc/systemd/system/default.target': { symlink: 'initrd.target' },
});

describe('each compression', () => {
  it.each(FORMATS)('%s: a whole archive, content intact', async (format) => {
    const big = payload(format === 'lz4' ? 9 << 20 : 1 << 20); // lz4: more than one 8 MiB block
    const cpio = writeCpio([{ name: 'usr', type: 'dir' }, { name: 'usr/big', data: big }, { name: 'usr/small', data: 'small' }]);
    const fs = await readInitrd(compress(format, cpio), 'initrd.img');
    expect(same(bytesOf(fs, '/usr/big'), big)).toBe(true);
    expect(new TextDecoder().decode(bytesOf(fs, '/usr/small'))).toBe('small');
    expect(fs.segments).toEqual([{ offset: 0, compression: format, compressedBytes: expect.any(Number), decompressedBytes: cpio.length, members: 3 }]);
  });

  it.each(FORMATS)('%s: early uncompressed cpio, NUL padding, compressed main archive', async (format) => {
    const early = writeCpio([
      { name: 'kernel', type: 'dir' }, { name: 'kernel/x86', type: 'dir' }, { name: 'kernel/x86/microcode', type: 'dir' },
      { name: 'kernel/x86/microcode/AuthenticAMD.bin', data: payload(3000, 7) },
    ], { padTo: 512 });
    const main = compress(format, cpioOfTree(unitTree('main')));
    const input = concatBytes(early, new Uint8Array(2048), main);
    const fs = await readInitrd(input, 'initrd.img');
    expect(same(bytesOf(fs, '/kernel/x86/microcode/AuthenticAMD.bin'), payload(3000, 7))).toBe(true);
    expect(fs.lstat('/etc/systemd/system/main.service')?.type).toBe('file');
    expect(fs.segments.map((s) => [s.offset, s.compression, s.members])).toEqual([[0, 'none', 4], [early.length + 2048, format, 5]]);
    expect(fs.segments[1]?.compressedBytes).toBe(main.length);
  });

  it.each(FORMATS)('%s: two compressed segments back to back, the second overriding the first', async (format) => {
    const first = compress(format, cpioOfTree({ ...unitTree('one'), 'etc/machine-id': 'first\n' }));
    const second = compress(format, cpioOfTree({ ...unitTree('two'), 'etc/machine-id': 'second\n' }));
    // The legacy lz4 frame has no end mark: the kernel's unlz4 stops at a zero size word.
    const gap = format === 'lz4' ? new Uint8Array(4) : new Uint8Array(0);
    const fs = await readInitrd(concatBytes(first, gap, second), 'initrd.img');
    expect(fs.readdir('/etc/systemd/system')).toEqual(['default.target', 'one.service', 'two.service']);
    expect(new TextDecoder().decode(bytesOf(fs, '/etc/machine-id'))).toBe('second\n');
    expect(fs.segments.map((s) => [s.offset, s.compression])).toEqual([[0, format], [first.length + gap.length, format]]);
  });

  it('mixes formats: gzip, then xz, then (4-aligned with NULs) an uncompressed archive, then zstd', async () => {
    const gz = compress('gzip', cpioOfTree({ a: 'gzip' }));
    const xz = compress('xz', cpioOfTree({ b: 'xz' }));
    const pad = new Uint8Array((4 - ((gz.length + xz.length) % 4)) % 4);
    const input = concatBytes(gz, xz, pad, cpioOfTree({ c: 'plain' }), compress('zstd', cpioOfTree({ d: 'zstd', a: 'replaced' })));
    const fs = await readInitrd(input, 'x');
    expect(fs.readdir('/')).toEqual(['a', 'b', 'c', 'd']);
    expect(new TextDecoder().decode(bytesOf(fs, '/a'))).toBe('replaced');
    expect(fs.segments.map((s) => s.compression)).toEqual(['gzip', 'xz', 'none', 'zstd']);
  });

  it('refuses a cpio header at an unaligned offset after a compressed segment, as the kernel does', async () => {
    const gz = compress('gzip', cpioOfTree({ a: 'gzip' }));
    const pad = new Uint8Array(((4 - (gz.length % 4)) % 4) + 1); // one NUL too many
    await expect(readInitrd(concatBytes(gz, pad, cpioOfTree({ c: 'plain' })), 'x'))
      .rejects.toMatchObject({ kind: 'malformed', message: expect.stringMatching(/^junk at offset \d+, after the archive data \(bytes 30 37 30 37 30 31/) });
  });

  it('reads 070702 (newc + crc) inside a compressed segment', async () => {
    const fs = await readInitrd(compress('zstd', writeCpio([{ name: 'a', data: 'crc' }], { magic: '070702' })), 'x');
    expect(new TextDecoder().decode(bytesOf(fs, '/a'))).toBe('crc');
  });
});

describe('looksLikeInitrd', () => {
  const cpio = cpioOfTree({ a: 'x' });
  it.each(FORMATS)('recognises %s', (format) => {
    expect(looksLikeInitrd(compress(format, cpio).subarray(0, 16))).toBe(true);
  });
  it('recognises newc, 070702, the old format, and leading NUL padding', () => {
    expect(looksLikeInitrd(cpio.subarray(0, 8))).toBe(true);
    expect(looksLikeInitrd(writeCpio([], { magic: '070702' }))).toBe(true);
    expect(looksLikeInitrd(new TextEncoder().encode('070707000000'))).toBe(true);
    expect(looksLikeInitrd(concatBytes(new Uint8Array(512), cpio).subarray(0, 520))).toBe(true);
  });
  it('rejects other files', () => {
    for (const head of ['[Unit]\nDescription=x', '#!/bin/sh\n', '', 'BZ', '\0\0\0', '\0\x00070701']) {
      expect(looksLikeInitrd(new TextEncoder().encode(head))).toBe(false);
    }
    expect(looksLikeInitrd(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]))).toBe(false); // ELF
  });
});

describe('lz4 legacy framing, as unlz4 walks it', () => {
  it('refuses a block longer than LZ4_COMPRESSBOUND(8 MiB), as the kernel does, before decoding anything', () => {
    const word = (n: number): number[] => [n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24];
    const bound = (8 << 20) + Math.floor((8 << 20) / 255) + 16;
    const magic = word(0x184c2102);
    expect(() => lz4Extent(new Uint8Array([...magic, ...word(bound + 1), 0, 0]))).toThrow(/longer than the kernel allows/);
    // at the bound it is a block like any other: here cut short by the end of the input
    expect(() => lz4Extent(new Uint8Array([...magic, ...word(bound), 0, 0]))).toThrow(/cut short/);
    // a repeated magic is skipped, a zero size word ends the stream before it, as do 3 trailing bytes
    expect(lz4Extent(new Uint8Array([...magic, ...word(2), 0x10, 0x41, ...magic, ...word(0), 9, 9]))).toBe(14);
    expect(lz4Extent(new Uint8Array([...magic, ...word(2), 0x10, 0x41, 1, 2, 3]))).toBe(10);
  });
});
