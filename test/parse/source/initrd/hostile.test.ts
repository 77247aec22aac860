/**
 * Hostile archives with the default limits (issue 16): decompression bombs of every format stop
 * within seconds at the first error or at the ratio bound, output is streamed through the cpio
 * reader (the decompressor's whole output is never collected), and only the members that can
 * matter keep their bytes; every member stays listed with its size and mode.
 */
import { describe, it, expect, jest } from '@jest/globals';
import { readInitrd } from '../../../../src/parse/source/initrd/read-initrd.js';
import { RATIO_SLACK } from '../../../../src/parse/source/initrd/limits.js';
import { concatBytes, cpioFileHeader, cpioOfTree, writeCpio } from '../../../helpers/cpio-writer.js';
import { zstdRleFrame } from '../../../helpers/hostile.js';
import { compress, type Format } from './compress.js';

const MiB = 1 << 20;
/** A loose bound on time in tests (the machine may be shared); bombs used to take 20-50 s. */
const SLOW = 15_000;
const enc = new TextEncoder();

/** A valid archive start: a unit tree, then a member claiming 4 GiB - 1 (its data follows). */
const prefix = (): Uint8Array => concatBytes(
  writeCpio([
    { name: 'etc', type: 'dir' }, { name: 'etc/systemd', type: 'dir' }, { name: 'etc/systemd/system', type: 'dir' },
    { name: 'etc/systemd/system/x.service', data: '[Service]\nExecStart=/bin/true\n' },
  ], { trailer: false }),
  cpioFileHeader('usr/lib/huge', 0xffffffff),
);

/** The bytes of a zstd frame holding `head` as a raw block, then RLE zeros up to `size` bytes. */
const zstdMemberBomb = (size: number): Uint8Array => {
  const head = prefix();
  const rle = zstdRleFrame(size - head.length);
  const raw = [(head.length << 3) & 0xff, (head.length >> 5) & 0xff, (head.length >> 13) & 0xff];
  return concatBytes(rle.subarray(0, 6), new Uint8Array(raw), head, rle.subarray(6));
};

const timed = async (input: Uint8Array, options = {}, limits = {}): Promise<{ error: unknown; ms: number }> => {
  const start = performance.now();
  try {
    await readInitrd(input, 'bomb.img', limits, { keep: 'relevant', ...options });
    return { error: undefined, ms: performance.now() - start };
  } catch (error) {
    return { error, ms: performance.now() - start };
  }
};

describe('decompression bombs with the default limits', () => {
  it('2 GiB of zeros in a 64 KiB zstd frame: the first chunk is refused (no cpio magic), in both decoders', async () => {
    const bomb = zstdRleFrame(2 ** 31 + MiB);
    expect(bomb.length).toBeLessThan(70_000);
    for (const external of [true, false]) {
      const { error, ms } = await timed(bomb, { externalDecompressors: external });
      expect(error).toMatchObject({ kind: 'malformed', message: expect.stringMatching(/^no cpio magic at decompressed offset 0 of the zstd segment/) });
      // was 19-21 s and 2.1 GiB: the tool's whole output was collected first (the 3 s goal is
      // measured on the CLI by scripts/bombs.sh; here only a loose bound, the machine may be busy)
      expect(ms).toBeLessThan(SLOW);
    }
  });

  it('one member of 4 GiB in a zstd frame: stopped at the ratio bound, in both decoders', async () => {
    const bomb = zstdMemberBomb(2 ** 31 + MiB);
    for (const external of [true, false]) {
      const { error, ms } = await timed(bomb, { externalDecompressors: external });
      expect(error).toMatchObject({ kind: 'limit', file: 'bomb.img', message: expect.stringMatching(/^the archive decompresses to more than 6\d(\.\d)? MiB, over 32 times its own [\d.]+ KiB \(a decompression bomb\?\); if the image is genuine, raise the bound with --max-ratio$/) });
      expect(ms).toBeLessThan(SLOW);
    }
  });

  const ZEROS = 96 * MiB; // past the 64 MiB that any file may decompress to
  it.each(['gzip', 'xz', 'lzma', 'bzip2', 'lz4'] as Format[])('%s, one member of zeros: stopped at the ratio bound', async (format) => {
    const bomb = compress(format, concatBytes(prefix(), new Uint8Array(ZEROS)));
    const { error, ms } = await timed(bomb, { externalDecompressors: false });
    // stopped after about 64 MiB (was: the 2 GiB maxBytes, 25-53 s)
    expect(error).toMatchObject({ kind: 'limit', message: expect.stringMatching(/^the archive decompresses to more than [67]\d(\.\d)? MiB, over 32 times its own .*--max-ratio$/) });
    expect(ms).toBeLessThan(SLOW);
  });

  it('--max-ratio 0 lifts the ratio bound (then --max-bytes still holds)', async () => {
    const bomb = zstdMemberBomb(RATIO_SLACK + 8 * MiB);
    const { error } = await timed(bomb, {}, { maxRatio: 0, maxBytes: RATIO_SLACK + 4 * MiB });
    expect(error).toMatchObject({ kind: 'limit', message: expect.stringMatching(/^the archive decompresses to more than 68 MiB; .*--max-bytes$/) });
  });

  it('a read that takes longer than maxSeconds stops with a limit error naming --max-seconds', async () => {
    const bomb = compress('gzip', concatBytes(prefix(), new Uint8Array(8 * MiB)));
    const realNow = Date.now;
    let calls = 0;
    const now = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + (calls++ > 0 ? 61_000 : 0)); // 61 s pass after the start
    try {
      const { error } = await timed(bomb);
      expect(error).toMatchObject({ kind: 'limit', message: expect.stringMatching(/^reading the archive took more than 60 s \([\d.]+ (KiB|MiB) decompressed so far\); if the image is genuine, raise the bound with --max-seconds$/) });
    } finally {
      now.mockRestore();
    }
    const { error } = await timed(bomb, {}, { maxSeconds: 1.5 as unknown as number });
    expect(error).toMatchObject({ kind: 'usage', message: '--max-seconds must be a non-negative integer, got 1.5' });
  });
});

describe('which members keep their bytes (openSource reads with keep: relevant)', () => {
  const elf = concatBytes(new Uint8Array([0x7f, 0x45, 0x4c, 0x46]), new Uint8Array(5000));
  const tree = {
    etc: null,
    'etc/fstab': '/dev/sda1 /sysroot ext4 defaults 0 0\n',
    'etc/systemd': null,
    'etc/systemd/system': null,
    'etc/systemd/system/a.service': '[Service]\nExecStart=/nix/store/abc-unit-script/bin/start\n',
    usr: null,
    'usr/lib': null,
    'usr/lib/os-release': 'ID=test\n',
    'usr/lib/systemd': null,
    'usr/lib/systemd/system': null,
    'usr/lib/systemd/system/b.service.d': null,
    'usr/lib/systemd/system/b.service.d/x.conf': '[Unit]\n',
    'usr/bin': null,
    'usr/bin/tool': elf,
    'nix/store/abc-unit-script/bin/start': '#!/bin/sh\necho hi\n',
    'usr/lib/firmware.bin': new Uint8Array(100_000).fill(7),
    'usr/lib/one': 'x',
    'nix/store/def-initrd-fstab': '/dev/sda2 /sysroot ext4 defaults 0 0\n',
    'usr/lib/mod.ko.zst': concatBytes(new Uint8Array([0x28, 0xb5, 0x2f, 0xfd]), new Uint8Array(100)),
    'usr/lib/blob': new Uint8Array(100), // starts with NUL: binary
    'usr/lib/systemd/systemd': concatBytes(elf, enc.encode('systemd 252.39-1~deb12u2 running in system mode')), // PID 1: its version
  };

  it('keeps units, drop-ins, /etc, release files, #! scripts and small text files; lists the rest with size and mode, bytes dropped', async () => {
    const compressed = compress('gzip', cpioOfTree(tree));
    const fs = await readInitrd(compressed, 'x.img', {}, { keep: 'relevant' });
    const text = (p: string): string => {
      const n = fs.lstat(p);
      return n?.type === 'file' ? new TextDecoder().decode(n.read()) : `(${n?.type})`;
    };
    expect(text('/etc/fstab')).toBe(tree['etc/fstab']);
    expect(text('/etc/systemd/system/a.service')).toBe(tree['etc/systemd/system/a.service']);
    expect(text('/usr/lib/os-release')).toBe('ID=test\n');
    expect(text('/usr/lib/systemd/system/b.service.d/x.conf')).toBe('[Unit]\n');
    expect(text('/nix/store/abc-unit-script/bin/start')).toBe('#!/bin/sh\necho hi\n');
    expect(text('/nix/store/def-initrd-fstab')).toBe(tree['nix/store/def-initrd-fstab']); // NixOS: SYSTEMD_SYSROOT_FSTAB
    expect(text('/usr/lib/one')).toBe('x');
    expect(text('/usr/lib/systemd/systemd')).toContain('systemd 252.39-1~deb12u2 running'); // the version's patch level
    for (const [p, size] of [['/usr/bin/tool', elf.length], ['/usr/lib/firmware.bin', 100_000], ['/usr/lib/mod.ko.zst', 104], ['/usr/lib/blob', 100]] as const) {
      const n = fs.lstat(p);
      expect(n).toMatchObject({ type: 'file', size, mode: 0o644 });
      expect(() => n?.type === 'file' && n.read()).toThrow(new RegExp(`^the ${size} bytes of ${p} were not kept`));
    }
  });

  it('the default (keep: all) still reads every member, as views into the input', async () => {
    const fs = await readInitrd(cpioOfTree(tree), 'x.img');
    const n = fs.lstat('/usr/bin/tool');
    expect(n?.type === 'file' && n.read()).toEqual(elf);
  });

  it('executable bits are listed for dropped members', async () => {
    const fs = await readInitrd(writeCpio([{ name: 'bin', type: 'dir' }, { name: 'bin/sh', data: elf, mode: 0o755 }]), 'x.img', {}, { keep: 'relevant' });
    expect(fs.lstat('/bin/sh')).toMatchObject({ type: 'file', size: elf.length, mode: 0o755 });
  });

  it('a kept file does not pin the decompressed chunk it came in (it is a copy)', async () => {
    const fs = await readInitrd(compress('gzip', cpioOfTree(tree)), 'x.img', {}, { keep: 'relevant' });
    const n = fs.lstat('/etc/fstab');
    const bytes = n?.type === 'file' ? n.read() : new Uint8Array();
    expect(bytes.buffer.byteLength).toBe(bytes.length);
  });

  it('bounds the bytes kept in all (maxKeptBytes, default 256 MiB), not only each file', async () => {
    const many = cpioOfTree({ etc: null, ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`etc/f${i}`, 'x'.repeat(200)])) });
    await expect(readInitrd(many, 'x.img', { maxKeptBytes: 1000 }, { keep: 'relevant' })).rejects.toMatchObject({
      kind: 'limit', file: 'x.img', message: 'more than 1000 bytes of unit files, configuration, scripts and small text files (at /etc/f5); no genuine initrd has that much; raise the maxKeptBytes read limit to read it',
    });
    await expect(readInitrd(many, 'x.img', { maxKeptBytes: 2000 }, { keep: 'relevant' })).resolves.toBeDefined();
  });

  it('a 070702 (crc) archive still checks the sums of dropped members', async () => {
    const bad = writeCpio([{ name: 'usr', type: 'dir' }, { name: 'usr/blob', data: enc.encode('abc'), check: 1 }], { magic: '070702' });
    await expect(readInitrd(bad, 'x.img', {}, { keep: 'relevant' })).rejects.toMatchObject({ message: expect.stringMatching(/^bad data checksum for cpio member "\/usr\/blob"/) });
  });
});
