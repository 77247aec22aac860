/**
 * The open initrd file as a FileInput (types.ts): a system tool decoding the stream that runs to
 * the file's end reads it from the file itself. The descriptor is given once, positioned at the
 * stream: its offset is moved there by reading (a descriptor shared with a child has no seek in
 * Node), so only when the stream starts within SKIP_MAX bytes (an early cpio before it: the
 * microcode, a few MiB at most); and only while the file has the size it had when it was read.
 */
import { fstatSync, readSync } from 'node:fs';
import { UnitgraphError } from '../../../../errors.js';
import type { FileInput } from './types.js';
import { zstdFrameInfo } from './zstd.js';

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

/**
 * The bytes of an initrd file that is one zstd frame from its first byte to its last (dracut's
 * usual output), read sparsely: a buffer of the file's size in which only what zstdFrameInfo
 * reads (the frame header, the block headers) is read from the file; the rest stays unread (and
 * untouched memory) while the system's zstd reads the frame from the file itself. `load` reads
 * all of it: the zstd decoder calls it before it needs the frame's bytes (no zstd on PATH, or the
 * descriptor cannot be given). Undefined for any other file (another layout, a frame that ends
 * before the file does or is malformed), which is then read whole; `fd` is read positionally.
 */
export const readSparseZstd = (fd: number, size: number, label: string): { bytes: Uint8Array; load: () => void } | undefined => {
  if (size < SPARSE_MIN) return undefined;
  const bytes = new Uint8Array(size);
  let complete = true;
  try {
    const info = zstdFrameInfo(bytes, (at, n) => {
      if (!readRange(fd, bytes, at, Math.min(at + n, size))) complete = false;
    });
    if (!complete || info.length !== size) return undefined;
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
