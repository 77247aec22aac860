/**
 * Safety bounds for reading an initrd. The archive comes from anywhere, so every quantity an
 * attacker controls (decompressed size, member count, name length, number of concatenated
 * segments) is bounded, and the first bound passed stops the read with a 'limit' error that says
 * which bound it was and how to raise it.
 */
import { fail } from '../../../errors.js';

export interface ReadLimits {
  /** Total cpio bytes after decompression, all segments together. */
  readonly maxBytes: number;
  /** Archive members (files, directories, links, nodes), all segments together. */
  readonly maxMembers: number;
  /** Length of one member name in bytes, NUL included (the kernel's PATH_MAX). */
  readonly maxNameLength: number;
  /** Concatenated segments (uncompressed archives and compressed streams). */
  readonly maxSegments: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxBytes: 2 * 1024 ** 3,
  maxMembers: 500_000,
  maxNameLength: 4096,
  maxSegments: 64,
};

export const resolveReadLimits = (limits: Partial<ReadLimits> = {}): ReadLimits => {
  const merged = { ...DEFAULT_READ_LIMITS };
  for (const key of Object.keys(DEFAULT_READ_LIMITS) as (keyof ReadLimits)[]) {
    const value = limits[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 0) fail('usage', `read limit ${key} must be a non-negative integer, got ${String(value)}`);
    merged[key] = value;
  }
  return merged;
};

/** "2 GiB", "1.5 MiB", "512 bytes". */
export const formatBytes = (n: number): string => {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${n} bytes` : `${Number(value.toFixed(1))} ${units[unit]}`;
};

/** Counts what one read has used so far and fails as soon as a bound is passed. */
export class ReadBudget {
  bytes = 0;
  members = 0;
  segments = 0;

  constructor(
    readonly limits: ReadLimits,
    private readonly file: string,
  ) {}

  /** Bytes still allowed before maxBytes is passed. */
  get remainingBytes(): number {
    return this.limits.maxBytes - this.bytes;
  }

  addBytes(n: number): void {
    this.bytes += n;
    if (this.bytes > this.limits.maxBytes) {
      fail(
        'limit',
        `the archive decompresses to more than ${formatBytes(this.limits.maxBytes)} (limit maxBytes); ` +
          'if the image is genuine, raise the limit with --max-bytes',
        { file: this.file },
      );
    }
  }

  addMember(): void {
    this.members += 1;
    if (this.members > this.limits.maxMembers) {
      fail(
        'limit',
        `the archive has more than ${this.limits.maxMembers} members (limit maxMembers); ` +
          'if the image is genuine, raise the limit with --max-members',
        { file: this.file },
      );
    }
  }

  addSegment(offset: number): void {
    this.segments += 1;
    if (this.segments > this.limits.maxSegments) {
      fail(
        'limit',
        `more than ${this.limits.maxSegments} concatenated archive segments (limit maxSegments, ` +
          `the next one starts at offset ${offset}); if the image is genuine, raise the maxSegments read limit`,
        { file: this.file },
      );
    }
  }

  checkNameLength(length: number, where: string): void {
    if (length > this.limits.maxNameLength) {
      fail(
        'limit',
        `the member name ${where} is ${length} bytes long, more than ${this.limits.maxNameLength} ` +
          '(limit maxNameLength, the kernel\'s PATH_MAX); raise the maxNameLength read limit to read it',
        { file: this.file },
      );
    }
  }
}
