/**
 * Small in-memory RawFs pieces: a tree from a map of files and links (generator output), and a
 * RawFs that mounts such trees over prefixes of another.
 */
import type { RawFs, RawNode } from './raw-fs.js';

/** RawFs over an in-memory map of files and links (used for generator output). */
export class MapRawFs implements RawFs {
  private readonly nodes = new Map<string, RawNode>();
  private readonly children = new Map<string, Set<string>>();

  /** `modes`: permission bits of some files (absent: unknown, as for generator output). */
  constructor(files: ReadonlyMap<string, string>, links: ReadonlyMap<string, string>, modes?: ReadonlyMap<string, number>) {
    const enc = new TextEncoder();
    for (const [path, text] of files) {
      const bytes = enc.encode(text);
      const mode = modes?.get(path);
      this.add(path, mode === undefined ? { type: 'file', size: bytes.length, read: () => bytes } : { type: 'file', size: bytes.length, read: () => bytes, mode });
    }
    for (const [path, target] of links) this.add(path, { type: 'symlink', target });
  }

  private add(path: string, node: RawNode): void {
    this.nodes.set(path, node);
    let child = path;
    for (let parent = child.slice(0, child.lastIndexOf('/')) || '/'; ; parent = parent.slice(0, parent.lastIndexOf('/')) || '/') {
      if (!this.nodes.has(parent)) this.nodes.set(parent, { type: 'dir' });
      const set = this.children.get(parent) ?? new Set<string>();
      set.add(child.slice(child.lastIndexOf('/') + 1));
      this.children.set(parent, set);
      if (parent === '/') break;
      child = parent;
    }
  }

  lstat(path: string): RawNode | undefined {
    return this.nodes.get(path);
  }

  readdir(path: string): string[] {
    return [...(this.children.get(path) ?? [])].sort();
  }
}

/** Mounts `upper` at `prefix` over `lower` (e.g. generator output at /run/systemd/generator). */
export class MountRawFs implements RawFs {
  /** Each mount's prefix with its trailing `/`, made once (route() is asked for every path). */
  private readonly under: readonly string[];

  constructor(
    private readonly lower: RawFs,
    private readonly mounts: ReadonlyArray<{ prefix: string; fs: RawFs }>,
  ) {
    this.under = mounts.map((m) => m.prefix + '/');
  }

  private route(path: string): RawFs {
    for (let i = 0; i < this.mounts.length; i++) {
      const m = this.mounts[i] as { prefix: string; fs: RawFs };
      if (path === m.prefix || path.startsWith(this.under[i] as string)) return m.fs;
    }
    return this.lower;
  }

  forget(): void {
    this.lower.forget?.();
    for (const m of this.mounts) m.fs.forget?.();
  }

  lstat(path: string): RawNode | undefined {
    const routed = this.route(path);
    const node = routed.lstat(path);
    if (node !== undefined || routed !== this.lower) return node;
    // parents of a mount point (/run, /run/systemd) exist even when the lower tree lacks them
    for (const m of this.mounts) if (m.prefix.startsWith(path === '/' ? '/' : path + '/')) return { type: 'dir' };
    return undefined;
  }

  readdir(path: string): string[] {
    const names = new Set(this.lower.readdir(path));
    for (const m of this.mounts) {
      if (path === m.prefix || path.startsWith(m.prefix + '/') || m.prefix.startsWith(path === '/' ? '/' : path + '/')) {
        for (const n of m.fs.readdir(path)) names.add(n);
      }
    }
    return [...names].sort();
  }
}
