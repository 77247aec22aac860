/**
 * Inputs that must fail, each with a typed error that names the file and says what is wrong
 * and where: truncation (every format), garbage, empty files, `..` names, the old cpio format,
 * decompression bombs (stopped at the first chunk past a low maxBytes), and every other limit.
 */
import { describe, it, expect } from '@jest/globals';
import { constants, deflateRawSync } from 'node:zlib';
import { readInitrd } from '../../../../src/parse/source/initrd/read-initrd.js';
import { DECOMPRESSORS } from '../../../../src/parse/source/initrd/decompress/index.js';
import { concatBytes, cpioFileHeader, cpioOfTree, writeCpio } from '../../../helpers/cpio-writer.js';
import { compress, FORMATS, type Format } from './compress.js';

const MiB = 1 << 20;
const enc = new TextEncoder();

const rejects = async (input: Uint8Array, kind: string, message: RegExp, limits = {}): Promise<void> => {
  await expect(readInitrd(input, 'boot/initrd.img', limits)).rejects.toMatchObject({ name: 'UnitgraphError', kind, file: 'boot/initrd.img', message: expect.stringMatching(message) });
};

/** Some kilobytes that compress, but not to nothing. */
const sample = (): Uint8Array => cpioOfTree({ etc: null, 'etc/data': enc.encode(Array.from({ length: 20000 }, (_, i) => `${i * 7919 % 10007} `).join('')) });

/** An odc (070707) archive header, as `cpio -H odc` writes it. */
const odc = (name: string, data: string): Uint8Array => {
  const oct = (n: number, width: number): string => n.toString(8).padStart(width, '0');
  const header = `070707${oct(0, 6)}${oct(1, 6)}${oct(0o100644, 6)}${oct(0, 6)}${oct(0, 6)}${oct(1, 6)}${oct(0, 6)}${oct(0, 11)}${oct(name.length + 1, 6)}${oct(data.length, 11)}`;
  return enc.encode(`${header}${name}\0${data}`);
};

describe('malformed input', () => {
  it('an empty file', () => rejects(new Uint8Array(0), 'malformed', /^empty file$/));
  it('a file of NUL bytes only', () => rejects(new Uint8Array(4096), 'malformed', /only NUL bytes/));
  it('garbage at offset 0, shown in hex', () => rejects(enc.encode('hello, world'), 'malformed', /^not an initrd: .*offset 0 \(bytes 68 65 6c 6c 6f 2c/));
  it('junk after an archive', () => rejects(concatBytes(cpioOfTree({ a: 'x' }), enc.encode('JUNK')), 'malformed', /^junk at offset \d+, after the archive data \(bytes 4a 55 4e 4b\)/));
  it('junk inside a compressed segment', () =>
    rejects(compress('gzip', concatBytes(cpioOfTree({ a: 'x' }), enc.encode('JUNK'))), 'malformed', /^junk at decompressed offset 240 of the gzip segment at offset 0: 4a 55 4e 4b where a cpio header should start$/));
  it('broken padding between archives', () =>
    rejects(concatBytes(cpioOfTree({ a: 'x' }, { trailer: false }), new Uint8Array(2), cpioOfTree({ b: 'y' })), 'malformed', /^broken padding/));
  it('a damaged (non-hex) header field', () => {
    const bad = cpioOfTree({ a: 'x' });
    bad[20] = 0x7a; // 'z' inside the mode field
    return rejects(bad, 'malformed', /^damaged cpio header at offset 0/);
  });
  it('a member name with a `..` component, named in the message', () =>
    rejects(cpioOfTree({ etc: null, '../../etc/shadow': 'x' }), 'malformed', /"\.\.\/\.\.\/etc\/shadow" at offset \d+ has a '\.\.' component/));
  it('a member name without its NUL terminator', () =>
    rejects(writeCpio([{ name: 'abcd', data: 'x', nameSize: 4 }]), 'malformed', /not NUL-terminated/));
  it('the old binary/odc format (070707), with a clear message', async () => {
    await rejects(concatBytes(odc('etc/hostname', 'initrd\n'.repeat(20)), odc('TRAILER!!!', '')), 'unsupported', /^old cpio format \(magic 070707\) at offset 0.*cpio -H newc/);
    await rejects(odc('a', 'x'), 'unsupported', /^old cpio format/); // shorter than a newc header
  });
  it('the old binary cpio format, either byte order', async () => {
    await rejects(new Uint8Array([0xc7, 0x71, 0, 0, 1, 0]), 'unsupported', /^old binary cpio format at offset 0.*cpio -H newc/);
    await rejects(new Uint8Array([0x71, 0xc7, 0, 0, 0, 1]), 'unsupported', /^old binary cpio format/);
  });
  it('lzo, recognised but not read', () =>
    rejects(new Uint8Array([0x89, 0x4c, 0x5a, 0x4f, 0, 0x0d, 0x0a, 0x1a, 0x0a, 0x10]), 'unsupported', /^lzo-compressed initrds are not supported.*offset 0/));
  it('old gzip (1f 9e), which the kernel refuses too', () =>
    rejects(concatBytes(new Uint8Array([0x1f, 0x9e]), new Uint8Array(20)), 'unsupported', /old gzip format/));
});

describe('truncated archives', () => {
  it.each([50, 112, 180])('uncompressed, cut at byte %i: says where', async (cut) => {
    const cpio = cpioOfTree({ 'etc/hostname': 'a much longer piece of file content '.repeat(4) });
    await rejects(cpio.subarray(0, cut), 'malformed', new RegExp(`^truncated cpio archive: the data ends at offset ${cut}, inside .*\\(header at offset 0\\), \\d+ bytes short$`));
  });

  it.each(FORMATS)('%s: compressed stream cut short', async (format) => {
    const packed = compress(format, sample());
    const early = cpioOfTree({ early: 'x' }, { padTo: 512 });
    await rejects(concatBytes(early, packed.subarray(0, Math.floor(packed.length * 0.6))), 'malformed', new RegExp(`^the ${format} segment at offset 512 is corrupt or truncated: `));
  });

  it.each(FORMATS)('%s: complete stream whose cpio data ends inside a member', async (format) => {
    const cpio = sample();
    await rejects(compress(format, cpio.subarray(0, 3000)), 'malformed', new RegExp(`^truncated cpio archive: the data ends at decompressed offset 3000 of the ${format} segment at offset 0, inside member "/etc/data" \\(header at decompressed offset \\d+\\), \\d+ bytes short$`));
  });
});

describe('limits', () => {
  it('too many members', () =>
    rejects(cpioOfTree(Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`f${i}`, 'x']))), 'limit', /more than 10 members; if the image is genuine, raise the bound with --max-members$/, { maxMembers: 10 }));
  it('too many segments', () => {
    const seg = compress('zstd', cpioOfTree({ a: 'x' }));
    return rejects(concatBytes(seg, seg, seg), 'limit', /more than 2 concatenated archive segments \(the next one starts at offset \d+\); if the image is genuine, raise the maxSegments read limit$/, { maxSegments: 2 });
  });
  it('a member name longer than PATH_MAX', () =>
    rejects(cpioOfTree({ ['x'.repeat(5000)]: 'x' }), 'limit', /member name at offset 0 is 5001 bytes long, more than 4096 \(the kernel's PATH_MAX\)/));
  it('an uncompressed archive larger than maxBytes', () =>
    rejects(cpioOfTree({ a: 'x'.repeat(5000) }), 'limit', /decompresses to more than 4 KiB; if the image is genuine, raise the bound with --max-bytes$/, { maxBytes: 4096 }));
});

/** A zstd frame: a raw block with `prefix`, then `blocks` RLE blocks of 128 KiB of zeros (4 bytes each). */
const zstdBomb = (prefix: Uint8Array, blocks: number): Uint8Array => {
  const blockHeader = (last: number, type: number, size: number): number[] => {
    const v = size * 8 + type * 2 + last;
    return [v & 255, (v >> 8) & 255, (v >> 16) & 255];
  };
  const rle = new Uint8Array([...blockHeader(0, 1, 128 * 1024), 0]);
  return concatBytes(
    new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38]), // no content size; 128 KiB window
    new Uint8Array(blockHeader(0, 0, prefix.length)), prefix,
    ...Array.from({ length: blocks - 1 }, () => rle),
    new Uint8Array([...blockHeader(1, 1, 128 * 1024), 0]),
  );
};

/** A gzip member of `mib` MiB of zeros after `prefix`, from repeated full-flushed deflate blocks. */
const gzipBomb = (prefix: Uint8Array, mib: number): Uint8Array => {
  const flush = { finishFlush: constants.Z_FULL_FLUSH };
  const block = deflateRawSync(new Uint8Array(MiB), { ...flush, level: 9 });
  return concatBytes(
    new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]),
    deflateRawSync(prefix, flush),
    ...Array.from({ length: mib }, () => block),
    new Uint8Array([0x03, 0x00]), // final empty block
    new Uint8Array(8), // trailer (not checked, as by the kernel)
  );
};

describe('decompression bombs against a low maxBytes', () => {
  const hugeFile = cpioFileHeader('bomb', 4095 * MiB);
  const cases: [string, () => Uint8Array][] = [
    ['zstd, 4 GiB from 128 KiB', () => zstdBomb(hugeFile, 32760)],
    ['gzip, 4 GiB from 4 MiB', () => gzipBomb(hugeFile, 4095)],
    ...(['xz', 'lzma', 'bzip2', 'lz4'] as Format[]).map((f): [string, () => Uint8Array] =>
      [`${f}, 32 MiB of zeros`, () => compress(f, concatBytes(cpioFileHeader('bomb', 32 * MiB), new Uint8Array(32 * MiB)))]),
  ];

  it.each(cases)('%s: fails fast with a limit error', async (_name, make) => {
    const bomb = make();
    expect(bomb.length).toBeLessThan(5 * MiB);
    const start = performance.now();
    await rejects(bomb, 'limit', /more than 1 MiB; if the image is genuine, raise the bound with --max-bytes$/, { maxBytes: MiB });
    expect(performance.now() - start).toBeLessThan(3000);
  });

  it.each(cases)('%s: the decoder hands out bounded chunks and stops when refused', async (name, make) => {
    const bomb = make();
    const decoder = DECOMPRESSORS[name.split(',')[0] as Format];
    let seen = 0;
    let largest = 0;
    const refused = new Error('enough');
    await expect(decoder?.decode(bomb, (chunk) => {
      seen += chunk.length;
      largest = Math.max(largest, chunk.length);
      if (seen > MiB) throw refused;
    }, { remainingBytes: MiB })).rejects.toBe(refused);
    expect(largest).toBeLessThanOrEqual(8 * MiB); // lz4's block size; the others are smaller
    expect(seen).toBeLessThanOrEqual(MiB + largest);
  });
});
