/**
 * Generators of the hostile inputs of issue 16, small enough to build in a test: nothing large
 * is committed. The big decompression bombs are made by scripts/bombs.sh with the real tools.
 */
import type { CpioEntry } from './cpio-writer.js';

/**
 * The exponential symlink archive: `bomb/l0 -> .`, `bomb/lN -> l(N-1)/l(N-1)/l(N-1)/l(N-1)`,
 * then a member below `bomb/lN`. A lookup that bounds only the nesting depth of links (not their
 * total number) walks 4^N links to place that member.
 */
export const symlinkBomb = (levels: number, member = 'victim.service'): CpioEntry[] => [
  { name: 'etc', type: 'dir' },
  { name: 'etc/systemd', type: 'dir' },
  { name: 'etc/systemd/system', type: 'dir' },
  { name: 'bomb', type: 'dir' },
  { name: 'bomb/l0', type: 'symlink', target: '.' },
  ...Array.from({ length: levels }, (_, i): CpioEntry => {
    const prev = `l${i}`;
    return { name: `bomb/l${i + 1}`, type: 'symlink', target: [prev, prev, prev, prev].join('/') };
  }),
  { name: `bomb/l${levels}/${member}`, data: '[Unit]\nDescription=victim\n' },
];

/**
 * A zstd frame of `size` bytes that are all `byte`, made of RLE blocks (4 bytes per 128 KiB):
 * the 69 KB "2 GiB of zeros" bomb, built without compressing anything. No content size in the
 * header (as from a pipe); window 128 MiB.
 */
export const zstdRleFrame = (size: number, byte = 0): Uint8Array => {
  const BLOCK = 128 * 1024;
  const blocks = Math.max(1, Math.ceil(size / BLOCK));
  const out = new Uint8Array(6 + blocks * 4);
  out.set([0x28, 0xb5, 0x2f, 0xfd, 0x00, (17 << 3) | 0]); // magic, FHD 0 (no FCS, no checksum), window 2^27
  for (let b = 0; b < blocks; b++) {
    const n = b === blocks - 1 ? size - b * BLOCK : BLOCK;
    const last = b === blocks - 1 ? 1 : 0;
    const header = (n << 3) | (1 << 1) | last; // RLE block
    const at = 6 + b * 4;
    out[at] = header & 0xff;
    out[at + 1] = (header >>> 8) & 0xff;
    out[at + 2] = (header >>> 16) & 0xff;
    out[at + 3] = byte;
  }
  return out;
};
