/**
 * bzip2, one stream per segment (lib/decompress_bunzip2.c), decoded by seek-bzip (MIT, pure
 * JS). It reads through a byte-stream object and writes byte by byte, so the input position
 * after the stream's end-of-stream marker is the exact length taken, and output is handed on
 * in 64 KiB chunks, so a bomb stops at the first chunk past the limit.
 */
import type { Decompressor } from './types.js';

const CHUNK = 64 * 1024;

export const bzip2: Decompressor = {
  name: 'bzip2',
  async decode(input, sink) {
    const { default: Bunzip } = await import('seek-bzip'); // loaded only when a bzip2 segment is met
    let pos = 0;
    const readByte = (): number => {
      if (pos >= input.length) throw new Error('truncated bzip2 stream');
      return input[pos++] as number;
    };
    const source = {
      readByte,
      read(buffer: Uint8Array, offset: number, length: number): number {
        for (let i = 0; i < length; i++) buffer[offset + i] = readByte();
        return length;
      },
      seek(position: number): void {
        pos = position;
      },
    };
    let chunk = new Uint8Array(CHUNK);
    let fill = 0;
    const output = {
      writeByte(byte: number): void {
        chunk[fill++] = byte;
        if (fill === CHUNK) {
          sink(chunk);
          chunk = new Uint8Array(CHUNK);
          fill = 0;
        }
      },
    };
    try {
      Bunzip.decode(source, output, false);
    } catch (error) {
      if (error instanceof TypeError && 'errorCode' in error) throw new Error(`bzip2: ${error.message}`, { cause: error });
      throw error;
    }
    if (fill > 0) sink(chunk.subarray(0, fill));
    return pos;
  },
};
