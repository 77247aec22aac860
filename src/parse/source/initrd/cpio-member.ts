/**
 * What a newc header and name mean, as the kernel's do_header / do_name / do_symlink decide:
 * which bytes to read next, the member's name (NUL-terminated within namesize, TRAILER!!!
 * ending an archive, normalised, no `..`), and its kind.
 */
import {
  S_IFBLK, S_IFCHR, S_IFDIR, S_IFIFO, S_IFLNK, S_IFMT, S_IFREG, S_IFSOCK,
  alignName, cString, decodeText, normaliseName, type CpioHeader,
} from './cpio-header.js';
import { uninitialisedBytes } from '../bytes.js';

/**
 * A regular file's bytes as they arrived: one view into the input or the decompressed data, or
 * several when the body spans chunks. Those are joined when first read, not while reading the
 * archive: most members of an initrd (binaries, libraries, firmware) are never read at all.
 */
export class FileData {
  static readonly EMPTY = new FileData([], 0);
  private parts: readonly Uint8Array[] | undefined;
  private joined: Uint8Array | undefined;

  constructor(
    parts: readonly Uint8Array[],
    readonly length: number,
    /** false: the bytes were counted and dropped as they streamed past (keep.ts); only the size is known. */
    readonly kept = true,
  ) {
    if (parts.length === 1) this.joined = parts[0];
    else this.parts = parts;
  }

  /** A file whose bytes were not kept. */
  static dropped(length: number): FileData {
    return length === 0 ? FileData.EMPTY : new FileData([], length, false);
  }

  /** The bytes; an empty array for a file whose bytes were not kept (ask `kept` first). */
  bytes(): Uint8Array {
    if (this.joined === undefined) {
      this.joined = concatParts(this.parts ?? [], this.kept ? this.length : 0);
      this.parts = undefined;
    }
    return this.joined;
  }
}

export type CpioMember =
  | { readonly kind: 'file'; readonly path: string; readonly header: CpioHeader; readonly data: FileData }
  | { readonly kind: 'dir'; readonly path: string; readonly header: CpioHeader }
  | { readonly kind: 'symlink'; readonly path: string; readonly header: CpioHeader; readonly target: string }
  | { readonly kind: 'other'; readonly path: string; readonly header: CpioHeader }
  | { readonly kind: 'skipped'; readonly path: string | undefined; readonly reason: string }
  | { readonly kind: 'trailer' };

/** The kernel skips a symlink whose target is longer than this (PATH_MAX). */
const SYMLINK_MAX = 4096;

/** After the header: how many bytes to collect and for what, or why the member is skipped unread. */
export type HeaderPlan = { readonly read: 'name' | 'symlink'; readonly size: number } | { readonly skip: string };

export const planMember = (header: CpioHeader, where: string): HeaderPlan => {
  const type = header.mode & S_IFMT;
  if (type === S_IFLNK) {
    if (header.fileSize > SYMLINK_MAX) {
      return { skip: `symlink at ${where} has a ${header.fileSize}-byte target, longer than PATH_MAX; the kernel skips it` };
    }
    return { read: 'symlink', size: alignName(header.nameSize) + header.fileSize };
  }
  if (type === S_IFREG || header.fileSize === 0) return { read: 'name', size: alignName(header.nameSize) };
  return { skip: `member at ${where} of type 0${(type >> 12).toString(8)} carries ${header.fileSize} data bytes; the kernel skips it` };
};

/** The normalised path, undefined for TRAILER!!!, or a message saying why the name is refused. */
export const memberName = (collected: Uint8Array, header: CpioHeader, where: string): { path: string | undefined } | { refused: string } => {
  if (collected[header.nameSize - 1] !== 0) return { refused: `cpio member name at ${where} is not NUL-terminated` };
  const raw = decodeText(cString(collected.subarray(0, header.nameSize)));
  if (raw === 'TRAILER!!!') return { path: undefined };
  const name = normaliseName(raw);
  if ('dotdot' in name) return { refused: `cpio member ${JSON.stringify(raw)} at ${where} has a '..' component; refusing to read it` };
  return { path: name.path };
};

/** A symlink's target: the bytes after the padded name, up to a NUL (the kernel's C string). */
export const symlinkTarget = (collected: Uint8Array, header: CpioHeader): string => {
  const start = alignName(header.nameSize);
  return decodeText(cString(collected.subarray(start, start + header.fileSize)));
};

/** What a named, non-symlink member is; 'file' means its data comes next. */
export const memberKind = (mode: number): 'file' | 'dir' | 'other' | undefined => {
  const type = mode & S_IFMT;
  if (type === S_IFREG) return 'file';
  if (type === S_IFDIR) return 'dir';
  if (type === S_IFBLK || type === S_IFCHR || type === S_IFIFO || type === S_IFSOCK) return 'other';
  return undefined;
};

export const concatParts = (parts: readonly Uint8Array[], size: number): Uint8Array => {
  if (parts.length === 1) return parts[0] as Uint8Array;
  const out = uninitialisedBytes(size); // every byte is set below
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};
