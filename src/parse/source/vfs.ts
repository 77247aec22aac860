/**
 * The read-only virtual file system every later stage reads through. Paths are absolute inside
 * the source's own root. Symlinks are resolved here, component by component, inside that root,
 * never on the host: `/etc/systemd/system -> /nix/store/...-initrd-units` lands in the archive's
 * own /nix/store, `..` at the root stays at the root, and a chain of more than MAX_HOPS links is
 * a loop (the kernel's limit for ELOOP is 40).
 */
import { UnitgraphError } from '../../errors.js';
import { MountRawFs } from './mount-fs.js';
import type { RawFs, RawNode } from './raw-fs.js';

export const MAX_HOPS = 40;
const NULL_NODE: RawNode = { type: 'other' };

export interface Resolved {
  /** The resolved absolute path (all links followed, or all but the last with follow=false). */
  readonly path: string;
  readonly node: RawNode | undefined;
  /** True when the path resolves to /dev/null (a mask), whether or not the tree has /dev/null. */
  readonly isNull: boolean;
}

export const splitPath = (path: string): string[] => path.split('/').filter((c) => c !== '' && c !== '.');
/** A path that joinPath would change: a `//`, a `.` component or a trailing `/`. */
const NOT_NORMAL = /\/\/|\/\.(?:\/|$)|\/$/;
export const joinPath = (...parts: string[]): string => {
  // the same as '/' + parts.flatMap(splitPath).join('/'), without the arrays when already normal
  const s = parts.join('/');
  const abs = s.charCodeAt(0) === 0x2f ? s : '/' + s;
  return abs.length > 1 && !NOT_NORMAL.test(abs) ? abs : '/' + splitPath(s).join('/');
};
export const dirname = (path: string): string => joinPath(...splitPath(path).slice(0, -1));
export const basename = (path: string): string => {
  // the text after the last '/' unless that is '' or '.' (then the last component splitPath keeps)
  const last = path.slice(path.lastIndexOf('/') + 1);
  return last !== '' && last !== '.' ? last : (splitPath(path).at(-1) ?? '');
};

export class Vfs {
  constructor(
    private readonly raw: RawFs,
    /** How the user named the source, for messages. */
    readonly label: string,
  ) {}

  /** The same tree with other trees mounted over some prefixes (e.g. generator output). */
  withMounts(mounts: ReadonlyArray<{ prefix: string; fs: RawFs }>): Vfs {
    return new Vfs(new MountRawFs(this.raw, mounts), this.label);
  }

  // The tree never changes once a Vfs is made over it, so every resolution is kept: the loader
  // resolves the same few thousand paths (and all their parents) many times over.
  private readonly resolvedFollow = new Map<string, Resolved>();
  private readonly resolvedNoFollow = new Map<string, Resolved>();

  resolve(path: string, follow = true): Resolved {
    const cache = follow ? this.resolvedFollow : this.resolvedNoFollow;
    let r = cache.get(path);
    if (r === undefined) {
      r = this.resolveUncached(path, follow);
      cache.set(path, r);
    }
    return r;
  }

  /** How many links each kept resolution of a directory (links followed) went through, when any. */
  private readonly hopsOf = new Map<string, number>();

  private resolveUncached(path: string, follow: boolean): Resolved {
    // a path in a directory resolved before (the common case: the loader probes every entry of
    // a few directories) goes on from that directory's resolution instead of from the root: the
    // same steps, as resolving `dir` is exactly the first part of resolving `dir/name`
    const slash = path.lastIndexOf('/');
    if (slash > 0 && path.charCodeAt(0) === 0x2f && !NOT_NORMAL.test(path)) {
      const last = path.slice(slash + 1);
      const dir = path.slice(0, slash);
      const parent = last === '..' ? undefined : this.resolvedFollow.get(dir);
      if (parent !== undefined && parent.node?.type === 'dir' && !parent.isNull) {
        return this.walk(path, follow, [last], parent.path === '/' ? '' : parent.path, this.hopsOf.get(dir) ?? 0, parent.node);
      }
    }
    return this.walk(path, follow, splitPath(path), '', 0, { type: 'dir' });
  }

  /**
   * Resolves `path` from a state part way: `current` resolved ('' for the root) after `hops`
   * links, at `node`; `todo` still to walk.
   */
  private walk(path: string, follow: boolean, todo: string[], current0: string, hops0: number, node0: RawNode | undefined): Resolved {
    let current = current0;
    let hops = hops0;
    let node = node0;
    while (todo.length > 0) {
      const comp = todo.shift() as string;
      if (comp === '..') {
        current = current.slice(0, current.lastIndexOf('/')); // ('' stays '': '..' at the root is the root)
        node = { type: 'dir' };
        continue;
      }
      if (node?.type !== 'dir') {
        const path = joinPath(current, comp, ...todo);
        // a link to /dev/null masks whether or not the tree has a /dev
        return path === '/dev/null' ? { path, node: NULL_NODE, isNull: true } : { path, node: undefined, isNull: false };
      }
      const candidate = current + '/' + comp;
      node = this.raw.lstat(candidate);
      if (node?.type === 'symlink' && (todo.length > 0 || follow)) {
        if (++hops > MAX_HOPS) {
          throw new UnitgraphError('malformed', `symlink loop (more than ${MAX_HOPS} links) resolving ${JSON.stringify(path)}`, {
            file: this.label,
          });
        }
        if (node.target.startsWith('/')) current = '';
        todo.unshift(...splitPath(node.target));
        node = { type: 'dir' };
        continue;
      }
      current = candidate;
    }
    if (hops > 0 && follow && node?.type === 'dir') this.hopsOf.set(path, hops); // (only a directory is ever a parent)
    const resolved = current === '' ? '/' : current;
    if (resolved === '/dev/null' && (node === undefined || node.type === 'other')) {
      return { path: resolved, node: NULL_NODE, isNull: true };
    }
    return { path: resolved, node, isNull: false };
  }

  /**
   * Let the kept resolutions go (the loader is done with its many probes; later readers, a check
   * reading a script, resolve again). At 100,000 units they are a large part of the loaded set.
   */
  forgetResolved(): void {
    this.resolvedFollow.clear();
    this.resolvedNoFollow.clear();
    this.hopsOf.clear();
    this.raw.forget?.();
  }

  lstat(path: string): RawNode | undefined {
    return this.resolve(path, false).node;
  }

  stat(path: string): RawNode | undefined {
    return this.resolve(path).node;
  }

  isDir(path: string): boolean {
    return this.stat(path)?.type === 'dir';
  }

  readdir(path: string): string[] {
    const r = this.resolve(path);
    return r.node?.type === 'dir' ? this.raw.readdir(r.path) : [];
  }

  /** File contents (links followed), or undefined if not a regular file. */
  readFile(path: string): Uint8Array | undefined {
    const node = this.stat(path);
    return node?.type === 'file' ? node.read() : undefined;
  }

  readText(path: string): string | undefined {
    const bytes = this.readFile(path);
    return bytes === undefined ? undefined : new TextDecoder().decode(bytes);
  }

  /** The target of a symlink as written, or undefined. */
  readlink(path: string): string | undefined {
    const node = this.lstat(path);
    return node?.type === 'symlink' ? node.target : undefined;
  }
}
