/**
 * zstd, one frame per segment as lib/decompress_unzstd.c reads it (the next frame, if any, is
 * the next segment). The frame's length is found by walking its block headers, like
 * ZSTD_findFrameCompressedSize; the frame is then decoded with fzstd, in one piece when its
 * header states a content size within the byte budget, otherwise block by block (dracut's
 * frames are written to a pipe and carry no content size), so that output stays bounded.
 * When the `zstd` tool is on PATH the frame goes through it instead (external.ts), several
 * times faster, with the same output.
 */
import { ToolUnavailable, decodeWithTool, type ExternalTool } from './external.js';
import { UnsupportedData, type Decompressor } from './types.js';

/**
 * The zstd command line tool: several times faster than fzstd. It is told to ignore the frame
 * checksum because fzstd does not check it either, so that both paths accept the same frames; its
 * default window limit (128 MiB) is the kernel's, which zstdFrameInfo enforces first anyway.
 */
const ZSTD_TOOL: ExternalTool = { command: 'zstd', args: ['-d', '-c', '-q', '--no-check'] };

/** The kernel's ZSTD_WINDOWSIZE_MAX. */
const WINDOW_MAX = 2 ** 27;
const BLOCK_OUT_MAX = 128 * 1024;
/** Frames that state a content size up to this are decoded in one call (faster than streaming). */
const ONE_PIECE_MAX = 64 * 1024 * 1024;

interface FrameInfo {
  readonly length: number;
  readonly contentSize: number | undefined;
  /** Output the raw and RLE blocks make (compressed blocks, at most 128 KiB each, not counted). */
  readonly minOutput: number;
}

const readLE = (b: Uint8Array, at: number, n: number): number => {
  let v = 0;
  for (let i = n - 1; i >= 0; i--) v = v * 256 + (b[at + i] ?? 0);
  return v;
};

/**
 * The frame at the start of `b`: its length, stated content size and least output. `need(at, n)`
 * is told, before they are read, of the bytes it reads (frame header, block headers, at most 18
 * at a time): readSparseZstd fills in just those from the file.
 */
export const zstdFrameInfo = (b: Uint8Array, need: (at: number, n: number) => void = () => undefined): FrameInfo => {
  need(0, 18);
  if (b.length < 6 || readLE(b, 0, 4) !== 0xfd2fb528) throw new Error('not a zstd frame (bad magic)');
  const fhd = b[4] ?? 0;
  if (fhd & 0x08) throw new Error('zstd frame header has the reserved bit set');
  const singleSegment = (fhd >> 5) & 1;
  const fcsFlag = fhd >> 6;
  let at = 5;
  let window = 0;
  if (!singleSegment) {
    const wd = b[at++] ?? 0;
    const base = 2 ** (10 + (wd >> 3));
    window = base + (base / 8) * (wd & 7);
  }
  at += [0, 1, 2, 4][fhd & 3] ?? 0;
  const fcsBytes = fcsFlag === 0 ? singleSegment : 2 ** fcsFlag;
  if (at + fcsBytes > b.length) throw new Error('truncated zstd frame header');
  const contentSize = fcsBytes === 0 ? undefined : readLE(b, at, fcsBytes) + (fcsBytes === 2 ? 256 : 0);
  at += fcsBytes;
  if (singleSegment) window = contentSize ?? 0;
  if (window > WINDOW_MAX) throw new UnsupportedData(`zstd window of ${window} bytes is larger than the kernel's limit of 128 MiB`);
  let minOutput = 0;
  for (;;) {
    if (at + 3 > b.length) throw new Error('truncated zstd frame (a block header is missing)');
    need(at, 4); // the header, and an RLE block's byte
    const bh = readLE(b, at, 3);
    const type = (bh >> 1) & 3;
    const size = bh >>> 3;
    if (type === 3) throw new Error('zstd block of the reserved type');
    if (type !== 1 && size > BLOCK_OUT_MAX) throw new Error('zstd block larger than 128 KiB');
    if (type !== 2) minOutput += size;
    at += 3 + (type === 1 ? 1 : size);
    if (at > b.length) throw new Error('truncated zstd frame (a block is cut short)');
    if (bh & 1) break;
  }
  if (fhd & 0x04) at += 4;
  if (at > b.length) throw new Error('truncated zstd frame (the checksum is missing)');
  return { length: at, contentSize, minOutput };
};

export const zstd: Decompressor = {
  name: 'zstd',
  async decode(input, sink, context) {
    const { length, contentSize, minOutput } = zstdFrameInfo(input);
    const frame = input.subarray(0, length);
    const file = length === input.length ? context.file : undefined;
    if (context.external !== false) {
      try {
        await decodeWithTool(ZSTD_TOOL, frame, sink, context.remainingBytes, file);
        return length;
      } catch (error) {
        if (!(error instanceof ToolUnavailable)) throw error;
      }
    }
    file?.load?.(); // a sparse read (file-input.ts): the frame's bytes are needed now
    const { Decompress, decompress } = await import('fzstd'); // loaded only when a zstd segment is met
    // in one piece only when small: a header may claim up to the whole budget, and one piece
    // means holding all of it at once (a bomb's claim of 2 GiB), where streaming stops early
    if (contentSize !== undefined && contentSize <= Math.min(context.remainingBytes, ONE_PIECE_MAX)) {
      const out = decompress(frame);
      if (out.length !== contentSize) throw new Error(`zstd frame gave ${out.length} bytes, its header says ${contentSize}`);
      for (let at = 0; at < out.length; at += 1 << 20) sink(out.subarray(at, at + (1 << 20)));
    } else {
      // fzstd's stream moves its whole window (up to 128 MiB) for every block: a bomb of RLE
      // blocks would take minutes to reach a bound. Its block headers say how much it makes at
      // least; that is claimed once the first chunk has passed the cpio reader (so that data
      // which is no cpio at all fails as it does through the tool).
      let first = true;
      new Decompress((chunk) => {
        sink(chunk);
        if (first) context.claim?.(minOutput - chunk.length);
        first = false;
      }).push(frame, true);
    }
    return length;
  },
};
