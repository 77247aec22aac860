/**
 * The open initrd file as a FileInput (types.ts): a system tool decoding the stream that runs to
 * the file's end reads it from the file itself. The descriptor is given once, positioned at the
 * stream: its offset is moved there by reading (a descriptor shared with a child has no seek in
 * Node), so only when the stream starts within SKIP_MAX bytes (an early cpio before it: the
 * microcode, a few MiB at most); and only while the file has the size it had when it was read.
 */
import { fstatSync, readSync } from 'node:fs';
import { UnitgraphError } from '../../../../errors.js';
import { HEADER_SIZE, alignName, checkMagic, parseHeaderFields } from '../cpio-header.js';
import type { FileInput } from './types.js';
import { zstdFrameInfo } from './zstd.js';
import { uninitialisedBytes } from '../../bytes.js';

/** Bytes before the stream that may be read again to position the descriptor. */
const SKIP_MAX = 16 * 1024 * 1024;

export interface OpenFile {
  /** Open for reading, its offset still 0: nothing was read through it but positional reads. */
  readonly fd: number;
  /** Its size when its bytes were read. */
  readonly size: number;
  /** When its bytes were read sparsely (readSparseZstd): reads in the rest. */
  readonly load?: () => void;
}

/** The stream at `offset` of `file`; the descriptor is taken at most once per file (`state`). */
export const fileInput = (file: OpenFile, offset: number, state: { taken: boolean }): FileInput => ({
  ...(file.load === undefined ? {} : { load: file.load }),
  take() {
    if (state.taken || offset > SKIP_MAX) return undefined;
    state.taken = true; // whatever happens now, the offset is no longer known
    try {
      if (fstatSync(file.fd).size !== file.size) return undefined;
      const scratch = new Uint8Array(Math.min(offset, 1 << 16));
      for (let left = offset; left > 0;) {
        const n = readSync(file.fd, scratch, 0, Math.min(left, scratch.length), null);
        if (n <= 0) return undefined;
        left -= n;
      }
      return file.fd;
    } catch {
      return undefined;
    }
  },
});

/** Files smaller than this are read whole: a sparse read saves little there. */
const SPARSE_MIN = 1 << 20;

/** Reads [at, end) of the file into the same place of `bytes`; false if the file is shorter. */
const readRange = (fd: number, bytes: Uint8Array, at: number, end: number): boolean => {
  for (let p = at; p < end;) {
    const n = readSync(fd, bytes, p, end - p, p);
    if (n <= 0) return false;
    p += n;
  }
  return true;
};

/** Members of an early cpio walked before the stream, at most. */
const PREFIX_MEMBERS_MAX = 10_000;

/**
 * Where readInitrd's top level would meet the first compressed byte of the file: after the
 * uncompressed cpio members (an early cpio: the microcode) and NUL padding, walked as it walks
 * them (a member at a 4-aligned `0`, its data skipped to the next 4-aligned offset; NUL bytes
 * skipped) from their headers alone. Undefined when the walk meets anything else (a damaged
 * header, old cpio) or passes SKIP_MAX: such a file is read whole.
 */
const streamStart = (fillTo: (end: number) => boolean, bytes: Uint8Array, size: number): number | undefined => {
  let at = 0;
  for (let members = 0; members <= PREFIX_MEMBERS_MAX;) {
    if (at >= Math.min(size, SKIP_MAX)) return undefined;
    if (!fillTo(at + HEADER_SIZE)) return undefined;
    const c = bytes[at];
    if (c === 0) {
      at += 1;
      continue;
    }
    if (c !== 0x30 || at % 4 !== 0) return at;
    const magic = checkMagic(bytes.subarray(at, at + 6));
    if (magic !== 'newc' && magic !== 'crc') return undefined;
    const header = parseHeaderFields(bytes.subarray(at, at + HEADER_SIZE), magic === 'crc');
    if (header === undefined || header.nameSize === 0) return undefined;
    at = Math.ceil((at + HEADER_SIZE + alignName(header.nameSize) + header.fileSize) / 4) * 4;
    members += 1;
  }
  return undefined;
};

/**
 * The bytes of an initrd file whose compressed part is one zstd frame that runs to the end of
 * the file (dracut's usual output, with or without an early cpio before it), read sparsely: a
 * buffer of the file's size in which the early cpio and padding are read whole, and of the
 * frame only what zstdFrameInfo reads (its header, the block headers); the rest stays unread
 * (and untouched memory) while the system's zstd reads the frame from the file itself. `load`
 * reads all of it: the zstd decoder calls it before it needs the frame's bytes (no zstd on
 * PATH, or the descriptor cannot be given). Undefined for any other file (another layout or
 * compression, a frame that ends before the file does or is malformed), which is then read
 * whole; `fd` is read positionally.
 */
export const readSparseZstd = (fd: number, size: number, label: string): { bytes: Uint8Array; load: () => void } | undefined => {
  if (size < SPARSE_MIN) return undefined;
  const bytes = uninitialisedBytes(size); // only what was read is ever looked at, until load() reads it all
  let complete = true;
  const fill = (at: number, end: number): boolean => {
    if (!readRange(fd, bytes, at, Math.min(end, size))) complete = false;
    return complete;
  };
  // the early cpio is read whole in any case: read from 0 on, in order, 64 KiB ahead of the walk
  let prefixRead = 0;
  const fillPrefix = (end: number): boolean => {
    if (end > prefixRead) {
      const to = Math.min(size, Math.max(end, prefixRead + (1 << 16)));
      fill(prefixRead, to);
      prefixRead = to;
    }
    return complete;
  };
  try {
    const start = streamStart(fillPrefix, bytes, size);
    if (start === undefined || !complete || prefixRead < start) return undefined;
    const info = zstdFrameInfo(bytes.subarray(start), (at, n) => void fill(start + at, start + at + n));
    if (!complete || start + info.length !== size) return undefined;
  } catch {
    return undefined; // a malformed frame: read whole, it fails there with its message
  }
  let loaded = false;
  const load = (): void => {
    if (loaded) return;
    let whole: boolean;
    try {
      whole = readRange(fd, bytes, 0, size);
    } catch (e) {
      throw new UnitgraphError('unreadable', `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { file: label, cause: e });
    }
    if (!whole) throw new UnitgraphError('unreadable', 'cannot read: the file shrank while it was read', { file: label });
    loaded = true;
  };
  return { bytes, load };
};
