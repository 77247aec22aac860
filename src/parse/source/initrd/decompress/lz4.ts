/**
 * lz4 "legacy" frame, as written by `lz4 -l` and read by lib/decompress_unlz4.c: the magic
 * 02 21 4c 18, then blocks, each a little-endian u32 compressed size and an independent LZ4
 * block of at most 8 MiB output. A repeated magic is skipped; the stream ends at the end of the
 * input, at a zero size word (padding) or when fewer than 4 bytes remain. No npm package reads
 * this framing, so the framing and the block decoder are here.
 */
import type { Decompressor } from './types.js';

const MAGIC = 0x184c2102;
const BLOCK_OUT_MAX = 8 << 20;

const u32 = (b: Uint8Array, at: number): number =>
  ((b[at] ?? 0) | ((b[at + 1] ?? 0) << 8) | ((b[at + 2] ?? 0) << 16) | ((b[at + 3] ?? 0) << 24)) >>> 0;

const corrupt = (): never => {
  throw new Error('lz4 block is corrupt');
};

/** Decodes one LZ4 block into `out`; returns the output length. */
export const decodeLz4Block = (src: Uint8Array, out: Uint8Array): number => {
  let s = 0;
  let d = 0;
  const end = src.length;
  while (s < end) {
    const token = src[s++] as number;
    let literals = token >> 4;
    if (literals === 15) {
      let b: number;
      do literals += b = src[s++] ?? corrupt(); while (b === 255);
    }
    if (s + literals > end || d + literals > out.length) corrupt();
    if (literals > 32) {
      out.set(src.subarray(s, s + literals), d);
      s += literals;
      d += literals;
    } else {
      for (const stop = s + literals; s < stop; ) out[d++] = src[s++] as number;
    }
    if (s === end) break; // the last sequence has literals only
    const offset = (src[s] ?? corrupt()) | ((src[s + 1] ?? corrupt()) << 8);
    s += 2;
    if (offset === 0 || offset > d) corrupt();
    let length = token & 15;
    if (length === 15) {
      let b: number;
      do length += b = src[s++] ?? corrupt(); while (b === 255);
    }
    length += 4;
    if (d + length > out.length) corrupt();
    if (offset >= length && length > 32) {
      out.copyWithin(d, d - offset, d - offset + length);
      d += length;
    } else if (length > 32) {
      // an overlapping match repeats the last `offset` bytes: copy in doubling runs (a run of
      // zeros, offset 1, is log2(length) copies instead of a byte loop)
      const src = d - offset;
      const stop = d + length;
      while (d < stop) {
        const n = Math.min(d - src, stop - d);
        out.copyWithin(d, src, src + n);
        d += n;
      }
    } else {
      for (const stop = d + length; d < stop; d++) out[d] = out[d - offset] as number;
    }
  }
  return d;
};

export const lz4: Decompressor = {
  name: 'lz4',
  async decode(input, sink) {
    if (u32(input, 0) !== MAGIC) throw new Error('not an lz4 legacy frame (bad magic)');
    const scratch = new Uint8Array(BLOCK_OUT_MAX);
    let at = 4;
    while (input.length - at >= 4) {
      const size = u32(input, at);
      if (size === MAGIC) {
        at += 4;
        continue;
      }
      if (size === 0) break;
      at += 4;
      if (at + size > input.length) throw new Error('truncated lz4 stream (a block is cut short)');
      const n = decodeLz4Block(input.subarray(at, at + size), scratch);
      sink(scratch.slice(0, n));
      at += size;
    }
    return at;
  },
};
