/**
 * Cheap recognition of an initrd from its first bytes, for source-kind detection: optional NUL
 * padding, then a cpio magic (newc, newc+crc, or an old format so that its clear refusal is
 * what the user sees) or a compression magic the kernel accepts. Longer magics than the
 * kernel's two bytes are used here, to keep unrelated files out.
 */
const MAGICS: readonly (readonly number[])[] = [
  [0x30, 0x37, 0x30, 0x37, 0x30, 0x31], // 070701 newc
  [0x30, 0x37, 0x30, 0x37, 0x30, 0x32], // 070702 newc + crc
  [0x30, 0x37, 0x30, 0x37, 0x30, 0x37], // 070707 odc (refused later, with a message)
  [0xc7, 0x71], // old binary cpio, little-endian (refused later)
  [0x71, 0xc7], // old binary cpio, big-endian (refused later)
  [0x1f, 0x8b, 0x08], // gzip
  [0x1f, 0x9e], // old gzip (refused later)
  [0x42, 0x5a, 0x68], // bzip2 "BZh"
  [0x5d, 0x00, 0x00], // lzma alone
  [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], // xz
  [0x89, 0x4c, 0x5a, 0x4f, 0x00], // lzop (refused later)
  [0x02, 0x21, 0x4c, 0x18], // lz4 legacy frame
  [0x28, 0xb5, 0x2f, 0xfd], // zstd
];

export const looksLikeInitrd = (head: Uint8Array): boolean => {
  let at = 0;
  while (at < head.length && head[at] === 0) at++;
  return MAGICS.some((magic) =>
    at + magic.length <= head.length && magic.every((byte, i) => head[at + i] === byte) && (magic[0] !== 0x30 || at % 4 === 0));
};
