/** Compresses test archives with the real command-line tools, as dracut and mkinitcpio do. */
import { execFileSync } from 'node:child_process';

export const FORMATS = ['gzip', 'bzip2', 'lzma', 'xz', 'lz4', 'zstd'] as const;
export type Format = (typeof FORMATS)[number];

const COMMANDS: Record<Format, string[]> = {
  gzip: ['gzip', '-c', '-n'],
  bzip2: ['bzip2', '-c'],
  lzma: ['lzma', '-c'],
  xz: ['xz', '-c', '--check=crc32'], // dracut's settings
  lz4: ['lz4', '-l', '-c', '-q'], // the legacy frame the kernel reads
  zstd: ['zstd', '-c', '-q'], // from a pipe: no content size in the frame, as dracut's
};

export const compress = (format: Format, data: Uint8Array): Uint8Array => {
  const [cmd, ...args] = COMMANDS[format];
  return new Uint8Array(execFileSync(cmd as string, args, { input: data, maxBuffer: 1 << 30 }));
};
