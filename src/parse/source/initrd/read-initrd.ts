/**
 * Reads an initrd file the way the kernel's unpack_to_rootfs (init/initramfs.c) does: at a
 * 4-aligned `0` a newc member is read in place; NUL bytes are skipped; anything else must be a
 * compressed stream (chosen by lib/decompress.c's magic table), whose output goes through the
 * same cpio reader and must end between members, after which reading goes on right after the
 * bytes that stream took. Typically: an uncompressed early cpio (microcode), NUL padding, then
 * the compressed main archive; any number of segments may follow one another.
 *
 * Async because the xz decoder is (its WebAssembly stream is pulled chunk by chunk).
 */
import { UnitgraphError, fail } from '../../../errors.js';
import { hexPreview } from './cpio-header.js';
import { CpioReader, type CpioMember } from './cpio.js';
import { DECOMPRESSORS, UnsupportedData, detectCompression, type Compression } from './decompress/index.js';
import { fileInput, type OpenFile } from './decompress/file-input.js';
import { Extractor, type SkippedMember } from './extract.js';
import { keepAll, keepRelevant } from './keep.js';
import { ReadBudget, resolveReadLimits, type ReadLimits } from './limits.js';
import { MemoryRawFs } from './memory-fs.js';

export { looksLikeInitrd } from './sniff.js';
export { DEFAULT_READ_LIMITS, type ReadLimits } from './limits.js';
export type { Compression } from './decompress/index.js';
export { readSparseZstd, type OpenFile } from './decompress/file-input.js';

export interface SegmentInfo {
  /** File offset where the segment starts. */
  readonly offset: number;
  readonly compression: Compression | 'none';
  /** Bytes of the file the segment takes (for 'none': up to the end of its last member). */
  readonly compressedBytes: number;
  readonly decompressedBytes: number;
  /** Members read from it, TRAILER!!! not counted. */
  readonly members: number;
}

/**
 * The unpacked tree (a RawFs; files' bytes are views into the input or the decompressed data,
 * not to be written to), with what was read to build it.
 */
export class InitrdFs extends MemoryRawFs {
  readonly segments: SegmentInfo[] = [];
  /** Members the kernel would not create (unknown type, a non-empty directory in the way, ...). */
  readonly skipped: SkippedMember[] = [];
}

const LZO_HELP = 'lzo-compressed initrds are not supported; unpack it with lzop -d, or rebuild it with zstd or gzip';

export interface ReadOptions {
  /**
   * Whether zstd and xz segments may be decoded by the system's `zstd`/`xz` when on PATH (the
   * default; several times faster). false: the bundled decoders only. The tree is the same.
   */
  readonly externalDecompressors?: boolean;
  /**
   * Whose bytes to hold (keep.ts): 'all' (the default here: every member readable) or
   * 'relevant' (openSource's choice: unit files, configuration, scripts; every other member is
   * listed with its size and mode, its bytes dropped as they stream past).
   */
  readonly keep?: 'all' | 'relevant';
  /**
   * The open file `bytes` were read from (positionally: its offset still 0). A system tool then
   * reads the stream that runs to the end of the file from the file itself, not from a pipe.
   */
  readonly file?: OpenFile;
}

export async function readInitrd(bytes: Uint8Array, file: string, limits: Partial<ReadLimits> = {}, options: ReadOptions = {}): Promise<InitrdFs> {
  const budget = new ReadBudget(resolveReadLimits(limits), file, bytes.length);
  if (bytes.length === 0) fail('malformed', 'empty file', { file });
  const fs = new InitrdFs();
  const extractor = new Extractor(fs, fs.skipped);
  const segments = fs.segments;
  let members = 0;
  let trailer = false;
  const reader = new CpioReader(file, budget, (member: CpioMember) => {
    if (member.kind === 'trailer') trailer = true;
    else members += 1;
    extractor.apply(member);
  }, options.keep === 'relevant' ? keepRelevant : keepAll);
  const top = (pos: number): string => `offset ${pos}`;
  const fileState = { taken: false };
  reader.beginStream(0, top);

  let open: number | undefined; // start of the uncompressed segment being read
  const closeOpen = (): void => {
    if (open === undefined) return;
    const size = reader.memberEnd - open;
    segments.push({ offset: open, compression: 'none', compressedBytes: size, decompressedBytes: size, members });
    open = undefined;
  };

  let off = 0;
  while (off < bytes.length) {
    const c = bytes[off];
    if (c === 0x30 && off % 4 === 0) {
      if (open === undefined) {
        budget.addSegment(off);
        open = off;
        members = 0;
      }
      reader.pos = off;
      reader.startMember();
      trailer = false;
      const n = reader.write(bytes, off);
      budget.addBytes(n);
      off += n;
      reader.checkEnd();
      if (trailer) closeOpen();
      continue;
    }
    if (c === 0) {
      off += 1;
      continue;
    }
    closeOpen();
    off += await readCompressed(bytes, off);
  }
  closeOpen();
  if (segments.length === 0) fail('malformed', 'the file holds only NUL bytes, no cpio archive', { file });
  return fs;

  async function readCompressed(input: Uint8Array, at: number): Promise<number> {
    const compression = detectCompression(input, at);
    if (compression === undefined) {
      const [b0, b1] = [input[at], input[at + 1]];
      if ((b0 === 0xc7 && b1 === 0x71) || (b0 === 0x71 && b1 === 0xc7)) {
        fail('unsupported', `old binary cpio format at offset ${at}; the kernel reads only newc: rebuild the archive with cpio -H newc`, { file });
      }
      const what = at === 0 ? 'not an initrd: no cpio archive or known compression at offset 0' : `junk at offset ${at}, after the archive data`;
      return fail('malformed', `${what} (bytes ${hexPreview(input.subarray(at))})`, { file });
    }
    const decoder = DECOMPRESSORS[compression];
    if (decoder === undefined) return fail('unsupported', `${LZO_HELP} (segment at offset ${at})`, { file });
    budget.addSegment(at);
    const segment = `the ${compression} segment at offset ${at}`;
    reader.beginStream(0, (pos, short) => (short ? `decompressed offset ${pos}` : `decompressed offset ${pos} of ${segment}`));
    members = 0;
    let produced = 0;
    const feed = (chunk: Uint8Array, transient = false): void => {
      budget.addBytes(chunk.length);
      produced += chunk.length;
      let i = 0;
      while (i < chunk.length) {
        i += reader.write(chunk, i, transient);
        if (i === chunk.length) break;
        if (chunk[i] !== 0x30) {
          fail('malformed', `junk at ${reader.describe(reader.pos)}: ${hexPreview(chunk.subarray(i), 8)} where a cpio header should start`, { file });
        }
        reader.startMember();
      }
    };
    let consumed: number;
    try {
      const context = {
        get remainingBytes() { return budget.remainingBytes; },
        external: options.externalDecompressors ?? true,
        claim: (n: number) => budget.claim(n),
        ...(options.file === undefined ? {} : { file: fileInput(options.file, at, fileState) }),
      };
      consumed = await decoder.decode(input.subarray(at), feed, context);
    } catch (error) {
      if (error instanceof UnitgraphError) throw error;
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof UnsupportedData) return fail('unsupported', `${segment}: ${message}`, { file, cause: error });
      return fail('malformed', `${segment} is corrupt or truncated: ${message}`, { file, cause: error });
    }
    reader.checkEnd();
    segments.push({ offset: at, compression, compressedBytes: consumed, decompressedBytes: produced, members });
    reader.beginStream(at + consumed, top);
    return consumed;
  }
}
