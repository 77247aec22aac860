/**
 * gzip, as lib/decompress_inflate.c reads it: the 10-byte header (method 8) and an optional
 * file name, a raw deflate stream, then the 8-byte trailer (CRC-32 and size, which the kernel
 * does not check and neither do we). Header flags the kernel cannot skip are refused.
 * Node's zlib inflates in 256 KiB output chunks, so a bomb is stopped at the first chunk past
 * the limit.
 */
import { createInflateRaw } from 'node:zlib';
import { UnsupportedData, type ChunkSink, type Decompressor } from './types.js';

const FHCRC = 0x02;
const FEXTRA = 0x04;
const FNAME = 0x08;
const FCOMMENT = 0x10;
const CHUNK = 256 * 1024;

/** Length of the gzip header at the start of `input`. */
const headerLength = (input: Uint8Array): number => {
  if (input.length < 10) throw new Error('truncated gzip header');
  if (input[1] === 0x9e) throw new UnsupportedData('old gzip format (magic 1f 9e), which the kernel refuses too ("Not a gzip file")');
  if (input[2] !== 8) throw new UnsupportedData(`gzip compression method ${input[2]} is not deflate`);
  const flags = input[3] ?? 0;
  if (flags & (FHCRC | FEXTRA | FCOMMENT)) {
    throw new UnsupportedData(`gzip header flags 0x${flags.toString(16)} (extra field, comment or header CRC), which the kernel's gunzip cannot skip`);
  }
  let at = 10;
  if (flags & FNAME) {
    const nul = input.indexOf(0, at);
    if (nul < 0) throw new Error('truncated gzip header (file name)');
    at = nul + 1;
  }
  return at;
};

const inflate = (input: Uint8Array, sink: ChunkSink): Promise<number> =>
  new Promise((resolve, reject) => {
    const z = createInflateRaw({ chunkSize: CHUNK });
    z.on('data', (chunk: Buffer) => {
      try {
        sink(chunk);
      } catch (error) {
        z.destroy(error as Error);
      }
    });
    z.on('error', reject);
    z.on('end', () => resolve(z.bytesWritten));
    z.end(Buffer.from(input.buffer, input.byteOffset, input.byteLength));
  });

export const gzip: Decompressor = {
  name: 'gzip',
  async decode(input, sink) {
    const start = headerLength(input);
    const deflated = await inflate(input.subarray(start), sink);
    const end = start + deflated + 8;
    if (end > input.length) throw new Error('truncated gzip stream (the 8-byte trailer is missing)');
    return end;
  },
};
