/**
 * RawFs over a host directory. Only lstat/readlink/readdir/read of paths below `root`: the Vfs
 * resolves every link itself, so a link in the tree never leads outside it. `passthrough`
 * prefixes (e.g. /nix/store for a NixOS ./result on the host) map to the same path on the host.
 */
import { closeSync, fstatSync, lstatSync, openSync, readdirSync, readFileSync, readlinkSync, readSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { UnitgraphError } from '../../errors.js';
import type { RawFs, RawNode } from './raw-fs.js';
import { LARGE_SOURCE_ENTRIES, largeSource } from './large-source.js';

/** Directory entries a host tree may list in all, like an archive's member bound (--max-members). */
export const DEFAULT_MAX_ENTRIES = 500_000;

export class HostRawFs implements RawFs {
  constructor(
    private readonly root: string,
    private readonly passthrough: readonly string[] = [],
    private readonly maxEntries: number = DEFAULT_MAX_ENTRIES,
  ) {}

  /** Entries listed so far, over every directory, each directory counted once (also after forget()). */
  private listed = 0;
  private readonly counted = new Set<string>();

  private passesThrough(path: string): boolean {
    return this.passthrough.some((prefix) => path === prefix || path.startsWith(prefix + '/'));
  }

  private host(path: string): string {
    return this.passesThrough(path) ? path : join(this.root, path);
  }

  // A source is read as it is when opened: each path is asked of the host once (the Vfs walks
  // every parent of every path it resolves, so the same directories come up again and again),
  // and a directory listing already tells each entry's type, so its entries need no lstat of
  // their own (a file's size and a link's target are read when first asked for).
  private readonly nodes = new Map<string, RawNode | undefined>();
  private readonly listings = new Map<string, string[]>();

  lstat(path: string): RawNode | undefined {
    const known = this.nodes.get(path);
    if (known !== undefined || this.nodes.has(path)) return known;
    const node = this.lstatHost(path);
    this.nodes.set(path, node);
    return node;
  }

  private lstatHost(path: string): RawNode | undefined {
    const hostPath = this.host(path);
    let st;
    try {
      st = lstatSync(hostPath, { throwIfNoEntry: false });
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw new UnitgraphError('unreadable', `cannot read ${path}: ${code ?? String(e)}`, { file: hostPath, cause: e });
    }
    if (st === undefined) return undefined;
    if (st.isSymbolicLink()) return { type: 'symlink', target: readlinkSync(hostPath, 'utf8') };
    if (st.isDirectory()) return { type: 'dir' };
    if (st.isFile()) return fileNode(path, hostPath, st.size);
    return { type: 'other' };
  }

  forget(): void {
    this.nodes.clear();
    this.listings.clear();
  }

  readdir(path: string): string[] {
    let names = this.listings.get(path);
    if (names === undefined) {
      const hostPath = this.host(path);
      let entries: Dirent[] = [];
      try {
        entries = readdirSync(hostPath, { withFileTypes: true });
      } catch {
        // unreadable or gone: an empty directory, as before
      }
      if (!this.counted.has(path)) {
        this.counted.add(path);
        if (this.listed < LARGE_SOURCE_ENTRIES && this.listed + entries.length >= LARGE_SOURCE_ENTRIES) largeSource();
        this.listed += entries.length;
      }
      if (this.listed > this.maxEntries) {
        throw new UnitgraphError('limit', `more than ${this.maxEntries} directory entries below it (the bound for a directory source; raise it with --max-members)`, { file: this.root });
      }
      names = entries.map((d) => d.name).sort();
      const base = hostPath.endsWith('/') ? hostPath : `${hostPath}/`;
      const through = this.passesThrough(path);
      for (const d of entries) {
        const child = path === '/' ? `/${d.name}` : `${path}/${d.name}`;
        // (an entry that is itself a passthrough prefix lives elsewhere on the host)
        if (!this.nodes.has(child) && this.passesThrough(child) === through) this.nodes.set(child, direntNode(d, child, base + d.name));
      }
      this.listings.set(path, names);
    }
    return [...names];
  }
}

const unreadable = (path: string, hostPath: string, e: unknown): never => {
  throw new UnitgraphError('unreadable', `cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { file: hostPath, cause: e });
};

/**
 * Files up to this size are read whole when their size is first asked for: the loader asks the
 * size of every unit file (a mask is an empty file) and then reads nearly all of them, so one
 * open + fstat + read + close replaces an lstat followed by readFileSync's own open, fstat, read
 * and close. Larger files (a unit file is a few KiB) are only measured.
 */
const READ_WITH_SIZE_MAX = 256 * 1024;

/** The size of a regular file and, when small, its contents (read through one descriptor). */
const sizeAndContents = (path: string, hostPath: string): { size: number; bytes?: Buffer } => {
  let fd: number;
  try {
    fd = openSync(hostPath, 'r');
  } catch {
    // not openable (no read permission, say): its size is still known, as lstat tells it; reading
    // it fails later, where it did before
    try {
      return { size: lstatSync(hostPath).size };
    } catch (e) {
      return unreadable(path, hostPath, e);
    }
  }
  try {
    const size = fstatSync(fd).size;
    if (size > READ_WITH_SIZE_MAX) return { size };
    const buf = Buffer.allocUnsafe(size);
    let off = 0;
    while (off < size) {
      const n = readSync(fd, buf, off, size - off, off);
      if (n === 0) break;
      off += n;
    }
    // a file that shrank in between: what is there now, as readFileSync would give
    return off === size ? { size, bytes: buf } : { size };
  } catch (e) {
    return unreadable(path, hostPath, e);
  } finally {
    closeSync(fd);
  }
};

/**
 * A regular file; its size is asked of the host when first needed unless already known (and a
 * small file's contents read along with it, kept for the first read()).
 */
const fileNode = (path: string, hostPath: string, knownSize?: number): RawNode => {
  let size = knownSize;
  let pending: Buffer | undefined;
  return {
    type: 'file',
    get size(): number {
      if (size === undefined) {
        const got = sizeAndContents(path, hostPath);
        size = got.size;
        pending = got.bytes;
      }
      return size;
    },
    read: () => {
      const bytes = pending;
      if (bytes !== undefined) {
        pending = undefined; // handed out once: later reads ask the host again, as before
        return bytes;
      }
      return readFileSync(hostPath);
    },
  };
};

/** What a directory entry is, from the listing's own type (Node lstats the entry itself when the file system does not say). */
const direntNode = (d: Dirent, path: string, hostPath: string): RawNode => {
  if (d.isSymbolicLink()) {
    let target: string | undefined;
    return {
      type: 'symlink',
      get target(): string {
        if (target === undefined) {
          try {
            target = readlinkSync(hostPath, 'utf8');
          } catch (e) {
            return unreadable(path, hostPath, e);
          }
        }
        return target;
      },
    };
  }
  if (d.isDirectory()) return { type: 'dir' };
  if (d.isFile()) return fileNode(path, hostPath);
  return { type: 'other' };
};
