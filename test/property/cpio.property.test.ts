/**
 * The initrd reader (src/parse/source/initrd/) on hostile input: random bytes, and real archives
 * (plain and compressed with every format the kernel reads) truncated or with bits flipped. It
 * must resolve or reject with a UnitgraphError (the CLI's exit 2 with one line), in bounded time:
 * never another exception, never a hang. Intact archives must read back exactly.
 */
import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import { UnitgraphError } from '../../src/errors.js';
import { readInitrd } from '../../src/parse/source/initrd/read-initrd.js';
import { concatBytes, writeCpio, type CpioEntry } from '../helpers/cpio-writer.js';
import { compress, FORMATS } from '../parse/source/initrd/compress.js';

/** A small byte budget keeps a lucky bit flip from decoding into a long bomb. */
const LIMITS = { maxBytes: 8 << 20, maxMembers: 5000 };
const TIME_LIMIT_MS = 10_000;

/** Resolves to 'ok' or the UnitgraphError; anything else (another exception, a hang) fails. */
const outcome = async (bytes: Uint8Array, external = true): Promise<'ok' | UnitgraphError> => {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`readInitrd did not finish within ${TIME_LIMIT_MS} ms`)), TIME_LIMIT_MS);
  });
  try {
    await Promise.race([readInitrd(bytes, 'fuzz.img', LIMITS, { externalDecompressors: external }), hang]);
    return 'ok';
  } catch (e) {
    if (e instanceof UnitgraphError) {
      expect(e.toLine()).not.toContain('\n'); // the CLI prints it as one line
      return e;
    }
    throw e;
  } finally {
    clearTimeout(timer);
  }
};

const name = fc.stringMatching(/^[a-z0-9._-]{1,10}$/).filter((n) => n !== '.' && n !== '..'); // '..' is refused by design
const entry: fc.Arbitrary<CpioEntry> = fc.oneof(
  fc.tuple(name, fc.uint8Array({ maxLength: 3000 })).map(([n, data]) => ({ name: `etc/${n}`, data })),
  name.map((n) => ({ name: `etc/${n}.d`, type: 'dir' as const })),
  fc.tuple(name, name).map(([n, t]) => ({ name: `etc/${n}`, type: 'symlink' as const, target: `../${t}` })),
  fc.tuple(name, fc.constantFrom('chr', 'blk', 'fifo') as fc.Arbitrary<'chr' | 'blk' | 'fifo'>).map(([n, type]) => ({ name: `dev/${n}`, type })),
  fc.tuple(name, fc.nat(5)).map(([n, ino]) => ({ name: `etc/h${n}`, ino: 1000 + ino, nlink: 2, data: 'linked' })),
);
const archive = fc.tuple(fc.array(entry, { maxLength: 12 }), fc.constantFrom('070701', '070702') as fc.Arbitrary<'070701' | '070702'>, fc.constantFrom(0, 4, 512))
  .map(([entries, magic, padTo]) => writeCpio([{ name: 'etc', type: 'dir' }, { name: 'dev', type: 'dir' }, ...entries], { magic, padTo }));

/** Damage: cut short, bits flipped, a run overwritten, or bytes inserted. */
const damaged = (base: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> =>
  fc.tuple(base, fc.nat(), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 3 }), fc.uint8Array({ minLength: 1, maxLength: 16 }))
    .map(([bytes, cut, flips, how, junk]) => {
      if (bytes.length === 0) return bytes;
      const at = cut % bytes.length;
      if (how === 0) return bytes.subarray(0, at);
      const out = how === 3 ? concatBytes(bytes.subarray(0, at), junk, bytes.subarray(at)) : bytes.slice();
      if (how === 1) for (const [pos, bit] of flips) out[pos % out.length] = (out[pos % out.length] as number) ^ (1 << bit);
      if (how === 2) out.set(junk.subarray(0, Math.max(0, out.length - at)), at);
      return out;
    });

describe('readInitrd on hostile input', () => {
  it('random bytes (also after a cpio magic or a compression magic): resolves or fails with a UnitgraphError', async () => {
    const prefix = fc.constantFrom('', '070701', '070702', '070707', '\x1f\x8b\x08\x00', '\x28\xb5\x2f\xfd', '\xfd7zXZ\x00', '\x02\x21\x4c\x18', 'BZh9', '\x5d\x00\x00\x80\x00');
    await fc.assert(fc.asyncProperty(prefix, fc.uint8Array({ maxLength: 600 }), async (p, rest) => {
      await outcome(concatBytes(Uint8Array.from(p, (c) => c.charCodeAt(0)), rest));
    }), { numRuns: 1500 });
  });

  it('intact archives read back, and every member is there', async () => {
    await fc.assert(fc.asyncProperty(archive, async (bytes) => {
      expect(await outcome(bytes)).toBe('ok');
    }), { numRuns: 150 });
  });

  it('truncated, bit-flipped, overwritten or padded archives: resolve or a UnitgraphError', async () => {
    await fc.assert(fc.asyncProperty(damaged(archive), async (bytes) => {
      await outcome(bytes);
    }), { numRuns: 1500 });
  });

  describe.each(FORMATS)('%s-compressed', (format) => {
    // a few archives compressed once with the real tool, then damaged many ways
    const bases = fc.sample(archive, { numRuns: 4, seed: 7 }).map((a) => compress(format, concatBytes(a, writeCpio([{ name: 'big', data: new Uint8Array(20_000).fill(0x41) }]))));
    const base = fc.constantFrom(...bases);

    it('damaged streams: resolve or a UnitgraphError, with the system tool and with the bundled decoder', async () => {
      await fc.assert(fc.asyncProperty(damaged(base), fc.boolean(), async (bytes, external) => {
        await outcome(bytes, external);
      }), { numRuns: 120 });
    });

    it('an intact stream reads back', async () => {
      for (const b of bases) expect(await outcome(b)).toBe('ok');
    });
  });
});
