/**
 * lz4 "legacy" frame, as written by `lz4 -l` and read by lib/decompress_unlz4.c: the magic
 * 02 21 4c 18, then blocks, each a little-endian u32 compressed size and an independent LZ4
 * block of at most 8 MiB output. A repeated magic is skipped; the stream ends at the end of the
 * input, at a zero size word (padding) or when fewer than 4 bytes remain. No npm package reads
 * this framing, so the framing and the block decoder are here. The framing is walked first
 * (lz4Extent: where the stream ends, and any block the kernel refuses for its size); the blocks
 * are then decoded by the system's `lz4` when it is on PATH (external.ts; LZ4_decompress_safe,
 * the kernel's own block decoder, about ten times faster than the one here), else here.
 */
import { ToolFailed, ToolUnavailable, decodeWithTool, type ExternalTool } from './external.js';
import type { Decompressor } from './types.js';
import { uninitialisedBytes } from '../../bytes.js';

const MAGIC = 0x184c2102;
const BLOCK_OUT_MAX = 8 << 20;
/** LZ4_COMPRESSBOUND(8 MiB): unlz4 refuses a longer block ("chunk length is longer than allocated"). */
const BLOCK_IN_MAX = BLOCK_OUT_MAX + Math.floor(BLOCK_OUT_MAX / 255) + 16;

/**
 * The lz4 tool reads the legacy frame (and a repeated magic: a next legacy frame) as unlz4 does;
 * it is given exactly the stream's bytes, which end before any zero size word or trailing bytes.
 */
const LZ4_TOOL: ExternalTool = { command: 'lz4', args: ['-d', '-c', '-q'] };

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

/**
 * The stream at the start of `input` walked by its size words alone, as unlz4 walks it: where it
 * ends, after its last block (before a zero size word, or fewer than 4 trailing bytes). Throws for
 * a bad magic, a block longer than the kernel allows, or one cut short by the end of the input.
 */
export const lz4Extent = (input: Uint8Array): number => {
  if (u32(input, 0) !== MAGIC) throw new Error('not an lz4 legacy frame (bad magic)');
  let at = 4;
  while (input.length - at >= 4) {
    const size = u32(input, at);
    if (size === MAGIC) {
      at += 4;
      continue;
    }
    if (size === 0) break;
    if (size > BLOCK_IN_MAX) throw new Error('lz4 block is longer than the kernel allows (8 MiB of output at most)');
    at += 4;
    if (at + size > input.length) throw new Error('truncated lz4 stream (a block is cut short)');
    at += size;
  }
  return at;
};

export const lz4: Decompressor = {
  name: 'lz4',
  async decode(input, sink, context) {
    const length = lz4Extent(input);
    if (context.external !== false) {
      try {
        await decodeWithTool(LZ4_TOOL, input.subarray(0, length), sink, context.remainingBytes, length === input.length ? context.file : undefined);
        return length;
      } catch (error) {
        if (error instanceof ToolUnavailable) {
          // decoded here below
        } else if (error instanceof ToolFailed) {
          // the tool's complaint is LZ4_decompress_safe's, as the kernel's would be; said the way
          // the decoder here says it, so both paths fail alike
          throw new Error('lz4 block is corrupt', { cause: error });
        } else throw error;
      }
    }
    const scratch = uninitialisedBytes(BLOCK_OUT_MAX); // each block is copied out up to what it wrote
    for (let at = 4; at < length; ) {
      const size = u32(input, at);
      at += 4;
      if (size === MAGIC) continue;
      const n = decodeLz4Block(input.subarray(at, at + size), scratch);
      sink(scratch.slice(0, n));
      at += size;
    }
    return length;
  },
};
