/**
 * Safety bounds for reading an initrd. The archive comes from anywhere, so every quantity an
 * attacker controls (decompressed size, member count, name length, number of concatenated
 * segments) is bounded, and the first bound passed stops the read with a 'limit' error that says
 * which bound it was and how to raise it.
 */
import { fail } from '../../../errors.js';
import { LARGE_SOURCE_ENTRIES, largeSource } from '../large-source.js';

export interface ReadLimits {
  /** Total cpio bytes after decompression, all segments together. */
  readonly maxBytes: number;
  /** Archive members (files, directories, links, nodes), all segments together. */
  readonly maxMembers: number;
  /** Length of one member name in bytes, NUL included (the kernel's PATH_MAX). */
  readonly maxNameLength: number;
  /** Concatenated segments (uncompressed archives and compressed streams). */
  readonly maxSegments: number;
  /**
   * Decompressed bytes per byte of the file, beyond the first RATIO_SLACK bytes; 0: no bound.
   * Real initrds expand 2-5 times; a decompression bomb thousands of times (zstd, xz, bzip2 of
   * zeros), at least some hundreds (gzip ~1000, lz4 ~250).
   */
  readonly maxRatio: number;
  /** Wall-clock seconds for the whole read (the pure-JS decoders are slow); 0: no bound. */
  readonly maxSeconds: number;
  /** Bytes of members held in memory (keep.ts: unit files, configuration, scripts, small text). */
  readonly maxKeptBytes: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxBytes: 2 * 1024 ** 3,
  maxMembers: 500_000,
  maxNameLength: 4096,
  maxSegments: 64,
  maxRatio: 32,
  maxSeconds: 60,
  maxKeptBytes: 256 * 1024 * 1024,
};

/** Decompressed bytes always allowed whatever the file's size, before maxRatio applies. */
export const RATIO_SLACK = 64 * 1024 * 1024;

/** How each bound is raised, in messages: the command-line option, never the internal key. */
const RAISE: Record<keyof ReadLimits, string> = {
  maxBytes: '--max-bytes',
  maxMembers: '--max-members',
  maxNameLength: 'the maxNameLength read limit',
  maxSegments: 'the maxSegments read limit',
  maxRatio: '--max-ratio',
  maxSeconds: '--max-seconds',
  maxKeptBytes: 'the maxKeptBytes read limit',
};

export const resolveReadLimits = (limits: Partial<ReadLimits> = {}): ReadLimits => {
  const merged = { ...DEFAULT_READ_LIMITS };
  for (const key of Object.keys(DEFAULT_READ_LIMITS) as (keyof ReadLimits)[]) {
    const value = limits[key];
    if (value === undefined) continue;
    if (!Number.isSafeInteger(value) || value < 0) fail('usage', `${RAISE[key]} must be a non-negative integer, got ${String(value)}`);
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
  kept = 0;
  private readonly ratioCap: number;
  private readonly deadline: number;

  constructor(
    readonly limits: ReadLimits,
    private readonly file: string,
    /** Size of the file read, for maxRatio (0: unknown, no ratio bound). */
    private readonly inputSize = 0,
  ) {
    this.ratioCap = limits.maxRatio > 0 && inputSize > 0 ? RATIO_SLACK + limits.maxRatio * inputSize : Infinity;
    this.deadline = limits.maxSeconds > 0 ? Date.now() + limits.maxSeconds * 1000 : Infinity;
  }

  /** Bytes still allowed before maxBytes or maxRatio is passed. */
  get remainingBytes(): number {
    return Math.min(this.limits.maxBytes, this.ratioCap) - this.bytes;
  }

  addBytes(n: number): void {
    this.bytes += n;
    // the lower bound speaks first (a claim may pass both at once)
    if (this.ratioCap < this.limits.maxBytes) this.checkRatio();
    if (this.bytes > this.limits.maxBytes) {
      fail(
        'limit',
        `the archive decompresses to more than ${formatBytes(this.limits.maxBytes)}; ` +
          'if the image is genuine, raise the bound with --max-bytes',
        { file: this.file },
      );
    }
    this.checkRatio();
    this.checkTime();
  }

  private checkRatio(): void {
    if (this.bytes > this.ratioCap) {
      fail(
        'limit',
        `the archive decompresses to more than ${formatBytes(this.ratioCap)}, over ${this.limits.maxRatio} times its own ` +
          `${formatBytes(this.inputSize)} (a decompression bomb?); if the image is genuine, raise the bound with --max-ratio`,
        { file: this.file },
      );
    }
  }

  /** A member's bytes are kept in memory (keep.ts). */
  addKept(n: number, path: string): void {
    this.kept += n;
    if (this.kept > this.limits.maxKeptBytes) {
      fail(
        'limit',
        `more than ${formatBytes(this.limits.maxKeptBytes)} of unit files, configuration, scripts and small text files ` +
          `(at ${path}); no genuine initrd has that much; raise the maxKeptBytes read limit to read it`,
        { file: this.file },
      );
    }
  }

  /** A stream will bring at least `n` more bytes: fail now if they would pass a bound. */
  claim(n: number): void {
    if (n > this.remainingBytes) this.addBytes(n);
  }

  /** Fails once the read has taken longer than maxSeconds. */
  checkTime(): void {
    if (Date.now() > this.deadline) {
      fail(
        'limit',
        `reading the archive took more than ${this.limits.maxSeconds} s (${formatBytes(this.bytes)} decompressed so far); ` +
          'if the image is genuine, raise the bound with --max-seconds',
        { file: this.file },
      );
    }
  }

  addMember(): void {
    this.members += 1;
    if (this.members === LARGE_SOURCE_ENTRIES) largeSource();
    if (this.members > this.limits.maxMembers) {
      fail(
        'limit',
        `the archive has more than ${this.limits.maxMembers} members; ` +
          'if the image is genuine, raise the bound with --max-members',
        { file: this.file },
      );
    }
  }

  addSegment(offset: number): void {
    this.segments += 1;
    if (this.segments > this.limits.maxSegments) {
      fail(
        'limit',
        `more than ${this.limits.maxSegments} concatenated archive segments (` +
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
          '(the kernel\'s PATH_MAX); raise the maxNameLength read limit to read it',
        { file: this.file },
      );
    }
  }
}
