/**
 * lzma "alone" (.lzma: props byte, u32 dictionary size, u64 size or all-ones for "unknown, up
 * to the end marker"), the format of lib/decompress_unlzma.c. Written from the LZMA
 * specification (the LZMA SDK's public-domain LzmaSpec): the npm decoders measured either
 * buffer the whole output (no way to stop a bomb early) or cannot say where the stream ended.
 * This one flushes its dictionary window in 1 MiB chunks and reports the exact input consumed.
 */
import type { ChunkSink, Decompressor } from './types.js';

const IS_MATCH = 0;
const IS_REP = 192;
const IS_REP_G0 = 204;
const IS_REP_G1 = 216;
const IS_REP_G2 = 228;
const IS_REP0_LONG = 240;
const POS_SLOT = 432;
const SPEC_POS = 688;
const ALIGN = 802;
const LEN_CODER = 818;
const REP_LEN_CODER = 1332;
const LITERAL = 1846;
const FLUSH = 1 << 20;
const END_MARKER = 0xffffffff;

class LzmaDecoder {
  private range = -1; // 0xffffffff
  private code = 0;
  private pos = 5;
  private readonly probs: Uint16Array;
  private readonly win: Uint8Array;
  private wpos = 0;
  private flushed = 0;
  total = 0;

  constructor(
    private readonly input: Uint8Array,
    private readonly lc: number,
    lp: number,
    winSize: number,
    private readonly sink: ChunkSink,
  ) {
    this.probs = new Uint16Array(LITERAL + (0x300 << (lc + lp))).fill(1024);
    this.win = new Uint8Array(winSize);
    for (let i = 13; i < 18; i++) this.code = (this.code << 8) | (input[i] ?? 0);
    this.pos = 18;
  }

  get consumed(): number {
    return this.pos;
  }

  /**
   * One bit with probability probs[i]. range and code are kept as int32 (uint32 bit patterns)
   * so that they stay small integers for the JIT; the comparison flips the sign bit to compare
   * them as unsigned.
   */
  private bit(i: number): number {
    const p = this.probs[i] as number;
    const bound = Math.imul(this.range >>> 11, p);
    let b: number;
    if ((this.code ^ 0x80000000) < (bound ^ 0x80000000)) {
      this.range = bound;
      this.probs[i] = p + ((2048 - p) >>> 5);
      b = 0;
    } else {
      this.range = (this.range - bound) | 0;
      this.code = (this.code - bound) | 0;
      this.probs[i] = p - (p >>> 5);
      b = 1;
    }
    if (this.range >>> 24 === 0) {
      this.range <<= 8;
      this.code = (this.code << 8) | (this.input[this.pos++] ?? 0);
    }
    return b;
  }

  private tree(base: number, bits: number): number {
    let m = 1;
    for (let i = 0; i < bits; i++) m = (m << 1) | this.bit(base + m);
    return m - (1 << bits);
  }

  private reverse(base: number, bits: number): number {
    let m = 1;
    let sym = 0;
    for (let i = 0; i < bits; i++) {
      const b = this.bit(base + m);
      m = (m << 1) | b;
      sym |= b << i;
    }
    return sym;
  }

  private direct(bits: number): number {
    let res = 0;
    for (let i = 0; i < bits; i++) {
      this.range >>>= 1;
      let b = 0;
      if ((this.code ^ 0x80000000) >= (this.range ^ 0x80000000)) {
        this.code = (this.code - this.range) | 0;
        b = 1;
      }
      res = res * 2 + b;
      if (this.range >>> 24 === 0) {
        this.range <<= 8;
        this.code = (this.code << 8) | (this.input[this.pos++] ?? 0);
      }
    }
    return res;
  }

  private length(base: number, posState: number): number {
    if (this.bit(base) === 0) return this.tree(base + 2 + (posState << 3), 3);
    if (this.bit(base + 1) === 0) return 8 + this.tree(base + 130 + (posState << 3), 3);
    return 16 + this.tree(base + 258, 8);
  }

  private distance(len: number): number {
    const posSlot = this.tree(POS_SLOT + ((len < 3 ? len : 3) << 6), 6);
    if (posSlot < 4) return posSlot;
    const directBits = (posSlot >> 1) - 1;
    if (posSlot < 14) {
      const dist = (2 | (posSlot & 1)) << directBits; // small: stays an integer index
      return dist + this.reverse(SPEC_POS + dist - posSlot - 1, directBits);
    }
    const high = (2 | (posSlot & 1)) * 2 ** directBits + this.direct(directBits - 4) * 16;
    return high + this.reverse(ALIGN, 4);
  }

  private put(byte: number): void {
    this.win[this.wpos++] = byte;
    this.total++;
    if (this.wpos === this.win.length) {
      this.flush();
      this.wpos = 0;
      this.flushed = 0;
    }
  }

  private back(dist: number): number {
    const i = this.wpos - dist - 1;
    return this.win[i < 0 ? i + this.win.length : i] as number;
  }

  flush(): void {
    if (this.wpos > this.flushed) this.sink(this.win.slice(this.flushed, this.wpos));
    this.flushed = this.wpos;
  }

  run(unpackSize: number, dictSize: number, lp: number, pb: number): void {
    const pbMask = (1 << pb) - 1;
    const lpMask = (1 << lp) - 1;
    const lc = this.lc;
    let state = 0;
    let rep0 = 0, rep1 = 0, rep2 = 0, rep3 = 0;
    while (this.total < unpackSize) {
      if (this.pos > this.input.length) throw new Error('truncated lzma stream');
      if (this.wpos - this.flushed >= FLUSH) this.flush();
      const posState = this.total & pbMask;
      if (this.bit(IS_MATCH + (state << 4) + posState) === 0) {
        const prev = this.total === 0 ? 0 : this.back(0);
        const base = LITERAL + 0x300 * (((this.total & lpMask) << lc) + (prev >> (8 - lc)));
        let symbol = 1;
        if (state >= 7) {
          let match = this.back(rep0);
          do {
            const matchBit = (match >> 7) & 1;
            match <<= 1;
            const b = this.bit(base + ((1 + matchBit) << 8) + symbol);
            symbol = (symbol << 1) | b;
            if (matchBit !== b) break;
          } while (symbol < 0x100);
        }
        while (symbol < 0x100) symbol = (symbol << 1) | this.bit(base + symbol);
        this.put(symbol & 0xff);
        state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
        continue;
      }
      let len: number;
      if (this.bit(IS_REP + state) !== 0) {
        if (this.total === 0) throw new Error('lzma data is corrupt (repeated match at the start)');
        if (this.bit(IS_REP_G0 + state) === 0) {
          if (this.bit(IS_REP0_LONG + (state << 4) + posState) === 0) {
            state = state < 7 ? 9 : 11;
            this.put(this.back(rep0));
            continue;
          }
        } else {
          let dist: number;
          if (this.bit(IS_REP_G1 + state) === 0) dist = rep1;
          else {
            if (this.bit(IS_REP_G2 + state) === 0) dist = rep2;
            else {
              dist = rep3;
              rep3 = rep2;
            }
            rep2 = rep1;
          }
          rep1 = rep0;
          rep0 = dist;
        }
        len = this.length(REP_LEN_CODER, posState);
        state = state < 7 ? 8 : 11;
      } else {
        rep3 = rep2;
        rep2 = rep1;
        rep1 = rep0;
        len = this.length(LEN_CODER, posState);
        state = state < 7 ? 7 : 10;
        rep0 = this.distance(len);
        if (rep0 === END_MARKER) break;
        if (rep0 >= dictSize || rep0 >= this.total) throw new Error('lzma data is corrupt (match distance out of range)');
      }
      for (let n = Math.min(len + 2, unpackSize - this.total); n > 0; n--) this.put(this.back(rep0));
    }
    if (this.pos > this.input.length) throw new Error('truncated lzma stream');
    this.flush();
  }
}

export const lzma: Decompressor = {
  name: 'lzma',
  async decode(input, sink, context) {
    if (input.length < 18) throw new Error('truncated lzma header');
    let props = input[0] as number;
    if (props >= 9 * 5 * 5) throw new Error('bad lzma header (properties byte)');
    const lc = props % 9;
    props = (props - lc) / 9;
    const lp = props % 5;
    const pb = (props - lp) / 5;
    const dictSize = Math.max(1, (input[1] ?? 0) + (input[2] ?? 0) * 2 ** 8 + (input[3] ?? 0) * 2 ** 16 + (input[4] ?? 0) * 2 ** 24);
    let unpackSize = 0;
    for (let i = 12; i >= 5; i--) unpackSize = unpackSize * 256 + (input[i] ?? 0);
    if (unpackSize >= 2 ** 64 - 1) unpackSize = Infinity; // all ones: size unknown, end marker
    // The window never needs to exceed what may be written before the byte budget fails.
    const winSize = Math.max(4096, Math.min(dictSize, unpackSize, context.remainingBytes + 1));
    const decoder = new LzmaDecoder(input, lc, lp, winSize, sink);
    decoder.run(unpackSize, dictSize, lp, pb);
    return decoder.consumed;
  },
};
