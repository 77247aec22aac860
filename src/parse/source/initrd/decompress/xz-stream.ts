/**
 * The length of one .xz stream (header, blocks, index, footer), found from the front without
 * decompressing: a block either states its compressed size or is walked through its LZMA2
 * chunk headers, which carry every chunk's packed size. The kernel's unxz stops right after the
 * stream footer too, leaving stream padding to the NUL-skipping outer loop.
 */
const CHECK_SIZES = [0, 4, 4, 4, 8, 8, 8, 16, 16, 16, 32, 32, 32, 64, 64, 64];
const LZMA2_FILTER = 0x21;

const truncated = (): never => {
  throw new Error('truncated xz stream');
};

const byteAt = (b: Uint8Array, at: number): number => b[at] ?? truncated();

/** A multibyte integer; returns [value, next offset]. */
const varint = (b: Uint8Array, at: number): [number, number] => {
  let value = 0;
  for (let i = 0; i < 9; i++) {
    const byte = byteAt(b, at + i);
    value += (byte & 0x7f) * 2 ** (7 * i);
    if (!(byte & 0x80)) return [value, at + i + 1];
  }
  throw new Error('bad xz multibyte integer');
};

/** End of the LZMA2 data starting at `at`. */
const lzma2End = (b: Uint8Array, start: number): number => {
  let at = start;
  for (;;) {
    const control = byteAt(b, at);
    if (control === 0x00) return at + 1;
    if (control === 0x01 || control === 0x02) {
      at += 3 + (byteAt(b, at + 1) * 256 + byteAt(b, at + 2) + 1);
    } else if (control >= 0x80) {
      const packed = byteAt(b, at + 3) * 256 + byteAt(b, at + 4) + 1;
      at += (control >= 0xc0 ? 6 : 5) + packed;
    } else {
      throw new Error(`bad LZMA2 chunk control byte 0x${control.toString(16)}`);
    }
  }
};

export const xzStreamLength = (b: Uint8Array): number => {
  if (b.length < 12) truncated();
  if (b[0] !== 0xfd || b[1] !== 0x37 || b[2] !== 0x7a || b[3] !== 0x58 || b[4] !== 0x5a || b[5] !== 0x00) {
    throw new Error('not an xz stream (bad magic)');
  }
  const checkSize = CHECK_SIZES[byteAt(b, 7) & 0x0f] ?? 0;
  let at = 12;
  for (;;) {
    const first = byteAt(b, at);
    if (first === 0x00) break; // the index
    const headerEnd = at + (first + 1) * 4;
    const flags = byteAt(b, at + 1);
    let p = at + 2;
    let compressed: number | undefined;
    if (flags & 0x40) [compressed, p] = varint(b, p);
    if (flags & 0x80) p = varint(b, p)[1];
    let filter = 0;
    for (let f = 0; f <= (flags & 3); f++) {
      [filter, p] = varint(b, p);
      const [propsSize, next] = varint(b, p);
      p = next + propsSize;
    }
    let dataEnd: number;
    if (compressed !== undefined) dataEnd = headerEnd + compressed;
    else if (filter === LZMA2_FILTER) dataEnd = lzma2End(b, headerEnd);
    else throw new Error(`xz block with filter 0x${filter.toString(16)} last and no stated size`);
    at = headerEnd + Math.ceil((dataEnd - headerEnd) / 4) * 4 + checkSize; // padded data, then the check
  }
  const indexStart = at;
  let [records, p] = varint(b, at + 1);
  for (; records > 0; records--) p = varint(b, varint(b, p)[1])[1];
  at = indexStart + Math.ceil((p - indexStart) / 4) * 4 + 4; // padding, CRC32
  const end = at + 12;
  if (end > b.length) truncated();
  if (b[end - 2] !== 0x59 || b[end - 1] !== 0x5a) throw new Error('bad xz stream footer');
  return end;
};
