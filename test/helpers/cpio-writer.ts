/**
 * A tiny newc (070701) / newc+crc (070702) cpio writer for tests: archives are built in the test
 * from small trees, never checked in. Names are written as given (so tests can use "./etc",
 * "etc" or "../x"); inode numbers are assigned in order unless an entry sets one.
 */
import type { RawNode } from '../../src/parse/source/raw-fs.js';
export type CpioEntryType = 'file' | 'dir' | 'symlink' | 'chr' | 'blk' | 'fifo' | 'sock';

export interface CpioEntry {
  readonly name: string;
  readonly type?: CpioEntryType; // default: 'file'
  readonly data?: string | Uint8Array; // file content (or a symlink target if `target` is absent)
  readonly target?: string; // symlink target
  readonly mode?: number; // permission bits, default 0644 / 0755
  readonly ino?: number;
  readonly nlink?: number;
  readonly devMajor?: number;
  readonly devMinor?: number;
  /** Overrides the namesize field (to write broken archives). */
  readonly nameSize?: number;
  /** Overrides the check field of a 070702 header. */
  readonly check?: number;
}

export interface CpioOptions {
  readonly magic?: '070701' | '070702' | '070707';
  /** Append TRAILER!!! (default true). */
  readonly trailer?: boolean;
  /** Pad the whole archive with NULs to a multiple of this (GNU cpio uses 512). */
  readonly padTo?: number;
}

const TYPE_BITS: Record<CpioEntryType, number> = {
  file: 0o100000, dir: 0o040000, symlink: 0o120000, chr: 0o020000, blk: 0o060000, fifo: 0o010000, sock: 0o140000,
};

const enc = new TextEncoder();
const bytesOf = (d: string | Uint8Array | undefined): Uint8Array => (d === undefined ? new Uint8Array(0) : typeof d === 'string' ? enc.encode(d) : d);
const hex8 = (n: number): string => (n >>> 0).toString(16).padStart(8, '0');
const pad4 = (n: number): number => (4 - (n % 4)) % 4;

export const concatBytes = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

export const writeCpio = (entries: readonly CpioEntry[], options: CpioOptions = {}): Uint8Array => {
  const magic = options.magic ?? '070701';
  const parts: Uint8Array[] = [];
  let size = 0;
  let nextIno = 1000;
  const push = (p: Uint8Array): void => {
    parts.push(p);
    size += p.length;
  };
  const all: CpioEntry[] = [...entries];
  if (options.trailer ?? true) all.push({ name: 'TRAILER!!!', type: 'file', mode: 0, ino: 0, nlink: 1 });
  for (const e of all) {
    const type = e.type ?? 'file';
    const body = type === 'symlink' ? bytesOf(e.target ?? e.data) : bytesOf(e.data);
    const name = enc.encode(e.name);
    const isTrailer = e.name === 'TRAILER!!!';
    const mode = isTrailer ? 0 : TYPE_BITS[type] | (e.mode ?? (type === 'dir' ? 0o755 : 0o644));
    const check = e.check ?? (magic === '070702' ? body.reduce((s, b) => (s + b) >>> 0, 0) : 0);
    const fields = [
      e.ino ?? (isTrailer ? 0 : nextIno++), mode, 0, 0, e.nlink ?? (type === 'dir' ? 2 : 1), 0, body.length,
      e.devMajor ?? 0, e.devMinor ?? 0, 0, 0, e.nameSize ?? name.length + 1, check,
    ];
    push(enc.encode(magic + fields.map(hex8).join('')));
    push(concatBytes(name, new Uint8Array(1 + pad4(110 + name.length + 1))));
    push(concatBytes(body, new Uint8Array(pad4(body.length))));
  }
  if (options.padTo !== undefined) push(new Uint8Array((options.padTo - (size % options.padTo)) % options.padTo));
  return concatBytes(...parts);
};

/** Just the header and padded name of a regular file that claims `fileSize` data bytes. */
export const cpioFileHeader = (name: string, fileSize: number): Uint8Array => {
  const full = writeCpio([{ name, data: '' }], { trailer: false });
  const header = enc.encode('070701' + [1, 0o100644, 0, 0, 1, 0, fileSize, 0, 0, 0, 0, name.length + 1, 0].map(hex8).join(''));
  return concatBytes(header, full.subarray(110));
};

/** A tree as a map: string → file, `{ symlink }` → link, `null` → directory. Parents first. */
export type Tree = Record<string, string | Uint8Array | { readonly symlink: string } | null>;

export const treeEntries = (tree: Tree): CpioEntry[] =>
  Object.entries(tree).map(([name, v]): CpioEntry => {
    if (v === null) return { name, type: 'dir' };
    if (typeof v === 'string' || v instanceof Uint8Array) return { name, data: v };
    return { name, type: 'symlink', target: v.symlink };
  });

export const cpioOfTree = (tree: Tree, options: CpioOptions = {}): Uint8Array => writeCpio(treeEntries(tree), options);

/**
 * Every path of a tree read from an archive (real directories only), with its type and link
 * target, and with `contents` the text of each file: for whole-tree assertions.
 */
export const treeListing = (fs: { readdir(dir: string): string[]; lstat(path: string): RawNode | undefined }, contents = false, dir = '/'): string[] =>
  fs.readdir(dir).flatMap((name) => {
    const path = dir === '/' ? `/${name}` : `${dir}/${name}`;
    const node = fs.lstat(path);
    if (node?.type === 'dir') return [`${path}/`, ...treeListing(fs, contents, path)];
    if (node?.type === 'symlink') return [`${path} -> ${node.target}`];
    if (node?.type === 'file') return [contents ? `${path} ${new TextDecoder().decode(node.read())}` : path];
    return [`${path} (${node?.type ?? 'missing'})`];
  });
