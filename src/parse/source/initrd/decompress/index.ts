/**
 * The decompressors by name, and the choice among them by magic bytes exactly as the kernel's
 * lib/decompress.c makes it: two bytes decide (the decoder then checks the rest of its header).
 */
import { bzip2 } from './bzip2.js';
import { gzip } from './gzip.js';
import { lz4 } from './lz4.js';
import { lzma } from './lzma.js';
import type { Compression, Decompressor } from './types.js';
import { xz } from './xz.js';
import { zstd } from './zstd.js';

export type { ChunkSink, Compression, DecodeContext, Decompressor } from './types.js';
export { UnsupportedData } from './types.js';

/** lzo (lzop) is recognised but not read: no small pure-JS lzop decoder was found. */
export const DECOMPRESSORS: Readonly<Record<Compression, Decompressor | undefined>> = {
  gzip, bzip2, lzma, xz, lzo: undefined, lz4, zstd,
};

/** lib/decompress.c's compressed_formats table. */
const KERNEL_MAGICS: readonly (readonly [number, number, Compression])[] = [
  [0x1f, 0x8b, 'gzip'],
  [0x1f, 0x9e, 'gzip'],
  [0x42, 0x5a, 'bzip2'],
  [0x5d, 0x00, 'lzma'],
  [0xfd, 0x37, 'xz'],
  [0x89, 0x4c, 'lzo'],
  [0x02, 0x21, 'lz4'],
  [0x28, 0xb5, 'zstd'],
];

/** decompress_method(): the compression whose two magic bytes start `bytes` at `offset`. */
export const detectCompression = (bytes: Uint8Array, offset = 0): Compression | undefined => {
  if (bytes.length - offset < 2) return undefined;
  const [a, b] = [bytes[offset], bytes[offset + 1]];
  return KERNEL_MAGICS.find(([m0, m1]) => m0 === a && m1 === b)?.[2];
};
