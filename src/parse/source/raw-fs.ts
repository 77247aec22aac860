/**
 * The lowest layer of the read-only virtual file system: a tree that answers lstat and readdir
 * for absolute, already-resolved, '/'-separated paths ("/etc/systemd/system"). It never follows a
 * symlink itself; `vfs.ts` walks paths component by component and resolves every link inside
 * this root. Backends: an in-memory tree built from an archive, and a host directory.
 */
export type RawNode =
  | {
      readonly type: 'file';
      readonly size: number;
      read(): Uint8Array;
      /**
       * Permission bits (0o7777) where the tree records them faithfully: an archive member's mode.
       * Absent for host directories, whose copies (a checkout, a read-only shared copy) often lose
       * the execute bits the image has.
       */
      readonly mode?: number | undefined;
      /**
       * True for an archive member whose bytes the reader did not keep (keep.ts: only unit files,
       * configuration and scripts are): `read` then fails. Its size and mode are known.
       */
      readonly dropped?: boolean;
    }
  | { readonly type: 'dir' }
  | { readonly type: 'symlink'; readonly target: string }
  | { readonly type: 'other' }; // device nodes, fifos, sockets

export interface RawFs {
  /** Node at an absolute path whose parent components are real directories (no links). */
  lstat(path: string): RawNode | undefined;
  /** Names in a directory (no '.'/'..'), sorted by code point. */
  readdir(path: string): string[];
  /**
   * Let go of what was kept to answer again quickly (a host tree's answers, read once each): the
   * loader is done with its many probes; later questions are asked of the host again.
   */
  forget?(): void;
}
