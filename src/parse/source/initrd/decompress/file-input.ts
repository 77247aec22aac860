/**
 * The open initrd file as a FileInput (types.ts): a system tool decoding the stream that runs to
 * the file's end reads it from the file itself. The descriptor is given once, positioned at the
 * stream: its offset is moved there by reading (a descriptor shared with a child has no seek in
 * Node), so only when the stream starts within SKIP_MAX bytes (an early cpio before it: the
 * microcode, a few MiB at most); and only while the file has the size it had when it was read.
 */
import { fstatSync, readSync } from 'node:fs';
import type { FileInput } from './types.js';

/** Bytes before the stream that may be read again to position the descriptor. */
const SKIP_MAX = 16 * 1024 * 1024;

export interface OpenFile {
  /** Open for reading, its offset still 0: nothing was read through it but positional reads. */
  readonly fd: number;
  /** Its size when its bytes were read. */
  readonly size: number;
}

/** The stream at `offset` of `file`; the descriptor is taken at most once per file (`state`). */
export const fileInput = (file: OpenFile, offset: number, state: { taken: boolean }): FileInput => ({
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
