/**
 * RawFs over a host directory. Only lstat/readlink/readdir/read of paths below `root`: the Vfs
 * resolves every link itself, so a link in the tree never leads outside it. `passthrough`
 * prefixes (e.g. /nix/store for a NixOS ./result on the host) map to the same path on the host.
 */
import { lstatSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { UnitgraphError } from '../../errors.js';
import type { RawFs, RawNode } from './raw-fs.js';

export class HostRawFs implements RawFs {
  constructor(
    private readonly root: string,
    private readonly passthrough: readonly string[] = [],
  ) {}

  private host(path: string): string {
    for (const prefix of this.passthrough) {
      if (path === prefix || path.startsWith(prefix + '/')) return path;
    }
    return join(this.root, path);
  }

  lstat(path: string): RawNode | undefined {
    const hostPath = this.host(path);
    let st;
    try {
      st = lstatSync(hostPath);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      throw new UnitgraphError('unreadable', `cannot read ${path}: ${code ?? String(e)}`, { file: hostPath, cause: e });
    }
    if (st.isSymbolicLink()) return { type: 'symlink', target: readlinkSync(hostPath, 'utf8') };
    if (st.isDirectory()) return { type: 'dir' };
    if (st.isFile()) return { type: 'file', size: st.size, read: () => readFileSync(hostPath) };
    return { type: 'other' };
  }

  readdir(path: string): string[] {
    try {
      return readdirSync(this.host(path)).sort();
    } catch {
      return [];
    }
  }
}

