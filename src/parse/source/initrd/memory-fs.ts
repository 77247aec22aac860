/**
 * An in-memory tree built from archive members: the RawFs behind an initrd. The building
 * operations behave like the system calls the kernel's initramfs unpacker makes (open with
 * O_CREAT, mkdir, symlink, mknod, link, unlink/rmdir of an entry of another type): directory
 * components of a member's path follow symlinks inside this root, and missing parent
 * directories are created. Files keep their bytes as given (usually views into the
 * decompressed data); hard links share one inode object.
 */
import { fail } from '../../../errors.js';
import type { RawFs, RawNode } from '../raw-fs.js';
import { FileData } from './cpio-member.js';

export type Inode =
  | { readonly kind: 'file'; data: FileData; mode?: number }
  | { readonly kind: 'dir'; readonly entries: Map<string, Inode> }
  | { readonly kind: 'symlink'; readonly target: string }
  | { readonly kind: 'other'; readonly fmt: number };
type DirInode = Extract<Inode, { kind: 'dir' }>;
type FileInode = Extract<Inode, { kind: 'file' }>;

/** Where a member's name lands: its parent directory and last component, or why it cannot. */
export type Slot = { readonly dir: DirInode; readonly name: string } | { readonly error: string };

/**
 * The kernel's MAXSYMLINKS: one path lookup follows at most 40 links in total (nameidata's
 * total_link_count), however they nest. Counting nesting depth only would let an archive of a
 * few KB (`lN -> l(N-1)/l(N-1)/l(N-1)/l(N-1)`) cost 4^N steps per member.
 */
const MAX_SYMLINKS = 40;

interface WalkError {
  readonly cause: string;
  readonly link?: string;
}

const split = (path: string): string[] => path.split('/').filter((p) => p !== '' && p !== '.');
const newDir = (): DirInode => ({ kind: 'dir', entries: new Map() });
const utf8 = new TextEncoder();
const byCodePoint = (a: string, b: string): number => Buffer.compare(utf8.encode(a), utf8.encode(b));

/** Reading a member whose bytes were dropped (keep.ts) is a bug of the reader's policy, said plainly. */
const notKept = (path: string, size: number): never =>
  fail('limit', `the ${size} bytes of ${path} were not kept while reading the archive (only unit files, configuration and scripts are)`, { file: path });

export class MemoryRawFs implements RawFs {
  private readonly root: DirInode = newDir();
  /**
   * The directory the last slot() resolved, by the text of its path: an archive lists a
   * directory's members one after another, and each is looked up twice (clean_path, then the
   * create), so most lookups skip the walk. Forgotten when an entry is removed or a symlink
   * made, the only changes that can make a path resolve elsewhere (a new directory or file at a
   * name that did not exist changes no resolution that succeeded).
   */
  private lastDir: { readonly path: string; readonly dir: DirInode } | undefined;
  /** false: every lookup walks (test/property/memory-fs.property.test.ts compares both). */
  static cacheDirs = true;

  lstat(path: string): RawNode | undefined {
    const node = this.lookupPhysical(path);
    if (node === undefined) return undefined;
    switch (node.kind) {
      case 'file':
        return {
          type: 'file',
          size: node.data.length,
          ...(node.mode === undefined ? {} : { mode: node.mode }),
          ...(node.data.kept ? {} : { dropped: true }),
          read: () => (node.data.kept ? node.data.bytes() : notKept(path, node.data.length)),
        };
      case 'dir':
        return { type: 'dir' };
      case 'symlink':
        return { type: 'symlink', target: node.target };
      case 'other':
        return { type: 'other' };
    }
  }

  readdir(path: string): string[] {
    const node = this.lookupPhysical(path);
    return node?.kind === 'dir' ? [...node.entries.keys()].sort(byCodePoint) : [];
  }

  /** Absolute path through real directories only, as the RawFs contract wants. */
  private lookupPhysical(path: string): Inode | undefined {
    // split(path) walked in place: every lstat of loading comes here, so no array per call
    let node: Inode = this.root;
    for (let at = 0; at < path.length;) {
      let end = path.indexOf('/', at);
      if (end < 0) end = path.length;
      if (end > at && !(end === at + 1 && path.charCodeAt(at) === 46 /* . */)) {
        if (node.kind !== 'dir') return undefined;
        const next: Inode | undefined = node.entries.get(path.slice(at, end));
        if (next === undefined) return undefined;
        node = next;
      }
      at = end + 1;
    }
    return node;
  }

  /**
   * Walks directory components from `stack`, following symlinks; creates missing ones if asked.
   * `links` counts the symlinks followed so far in this whole lookup (shared by the recursion).
   * A failure says why, and through which link of `parts` (the outermost) if one was followed.
   */
  private walk(stack: DirInode[], parts: string[], create: boolean, links: { count: number }): DirInode[] | WalkError {
    for (const part of parts) {
      if (part === '..') {
        if (stack.length > 1) stack.pop();
        continue;
      }
      const dir = stack[stack.length - 1] as DirInode;
      let node = dir.entries.get(part);
      if (node === undefined) {
        if (!create) return { cause: `${part} does not exist` };
        node = newDir();
        dir.entries.set(part, node);
      }
      if (node.kind === 'symlink') {
        if (links.count >= MAX_SYMLINKS) return { cause: 'too many levels of symbolic links' };
        links.count += 1;
        const from = node.target.startsWith('/') ? [this.root] : [...stack];
        const resolved = this.walk(from, split(node.target), false, links);
        if (!Array.isArray(resolved)) return { cause: resolved.cause, link: `${part} -> ${node.target}` };
        stack = resolved;
        continue;
      }
      if (node.kind !== 'dir') return { cause: `${part} is not a directory` };
      stack.push(node);
    }
    return stack;
  }

  /** The parent directory and name for an absolute member path ("/" itself has no slot). */
  slot(path: string, createParents = true): Slot {
    const cut = path.lastIndexOf('/');
    const last = path.slice(cut + 1);
    // the last component as split() would give it (not '', '.' or '..'): its directory by the text before it
    const plain = cut > 0 && last !== '' && last !== '.' && last !== '..';
    if (plain && this.lastDir !== undefined && MemoryRawFs.cacheDirs && path.length - last.length - 1 === this.lastDir.path.length && path.startsWith(this.lastDir.path)) {
      return { dir: this.lastDir.dir, name: last };
    }
    const parts = split(path);
    const name = parts.pop();
    if (name === undefined) return { error: 'it names the root directory' };
    const stack = this.walk([this.root], parts, createParents, { count: 0 });
    if (!Array.isArray(stack)) {
      return { error: stack.link === undefined ? stack.cause : `symlink ${stack.link} does not lead to a directory (${stack.cause})` };
    }
    const dir = stack[stack.length - 1] as DirInode;
    if (plain) this.lastDir = { path: path.slice(0, cut), dir };
    return { dir, name };
  }

  /** lstat of the last component, directory components resolved. */
  entry(path: string): Inode | undefined {
    const s = this.slot(path, false);
    return 'error' in s ? undefined : s.dir.entries.get(s.name);
  }

  /** unlink or rmdir; false when the entry is a non-empty directory (rmdir fails). */
  remove(s: Slot): boolean {
    if ('error' in s) return false;
    const node = s.dir.entries.get(s.name);
    if (node?.kind === 'dir' && node.entries.size > 0) return false;
    s.dir.entries.delete(s.name);
    this.lastDir = undefined;
    return true;
  }

  /** open(O_WRONLY|O_CREAT): the existing file, a new one, or undefined (a directory is in the way). */
  openFile(s: Slot): FileInode | undefined {
    if ('error' in s) return undefined;
    const node = s.dir.entries.get(s.name);
    if (node?.kind === 'file') return node;
    if (node !== undefined) return undefined;
    const file: FileInode = { kind: 'file', data: FileData.EMPTY };
    s.dir.entries.set(s.name, file);
    return file;
  }

  /** mkdir, symlink, mknod: create unless the name is taken (EEXIST leaves the old entry). */
  create(s: Slot, node: Inode): boolean {
    if ('error' in s || s.dir.entries.has(s.name)) return false;
    s.dir.entries.set(s.name, node);
    if (node.kind === 'symlink') this.lastDir = undefined;
    return true;
  }

  /** link(old, new): the new name shares the old inode; directories cannot be linked. */
  link(oldPath: string, s: Slot): boolean {
    const old = this.entry(oldPath);
    if (old === undefined || old.kind === 'dir' || 'error' in s || s.dir.entries.has(s.name)) return false;
    s.dir.entries.set(s.name, old);
    return true;
  }
}
