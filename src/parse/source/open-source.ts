/**
 * `openSource`: what the user named → a read-only Vfs plus what kind of source it is
 * (contract "Sources"). Detection is by content (magic bytes, directory layout), never by name.
 */
import { closeSync, existsSync, fstatSync, openSync, readFileSync, readSync, readlinkSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UnitgraphError } from '../../errors.js';
import type { SourceKind } from '../types.js';
import { HostRawFs } from './host-fs.js';
import { looksLikeInitrd, readInitrd, readSparseZstd, type OpenFile, type ReadLimits } from './initrd/read-initrd.js';
import { Vfs } from './vfs.js';
import { uninitialisedBytes } from './bytes.js';

export interface OpenOptions {
  /** Force a kind instead of detecting it. */
  kind?: SourceKind;
  /** For a NixOS system: 1 (its initrd, the default) or 2 (the booted system's units). */
  stage?: 1 | 2;
  limits?: Partial<ReadLimits>;
  /** false: decode zstd/xz archives in-process only, never with the system's `zstd`/`xz` (see readInitrd). */
  externalDecompressors?: boolean;
}

export interface Source {
  readonly kind: SourceKind;
  readonly label: string;
  readonly vfs: Vfs;
  /** For a unit directory: the directory inside vfs that holds the units. */
  readonly unitDir?: string;
  readonly initrd: boolean;
  readonly notes: string[];
  /**
   * The kernel command line the image boots with, where the source says it: a NixOS ./result's
   * `kernel-params` (with the boot entry's `init=`). `--cmdline` wins over it.
   */
  readonly cmdline?: { readonly text: string; readonly from: string };
}

const ROOT_MARKERS = ['/etc/systemd/system', '/usr/lib/systemd/system', '/lib/systemd/system'];
const UNIT_FILE = /\.(service|socket|target|device|mount|automount|swap|timer|path|slice|scope)$/;

/**
 * dracut's squash module (`--squash-compressor`, modules squash / squash-squashfs / squash-erofs)
 * moves the whole tree, units included, into a file system image at the archive's root
 * (`squash-root.img`), mounted by its own init before systemd starts: a squashfs (magic "hsqs" at
 * 0) or an EROFS (0xE0F5E1E2 at 1024).
 */
const compressedRoot = (vfs: Vfs): { name: string; fs: 'squashfs' | 'erofs' } | undefined => {
  for (const name of vfs.readdir('/').filter((n) => n.endsWith('.img')).sort((a, b) => Number(b.includes('squash')) - Number(a.includes('squash')))) {
    const node = vfs.lstat(`/${name}`);
    if (node?.type !== 'file' || node.size < 1028) continue;
    const bytes = node.read();
    if (bytes[0] === 0x68 && bytes[1] === 0x73 && bytes[2] === 0x71 && bytes[3] === 0x73) return { name, fs: 'squashfs' };
    if (bytes[1024] === 0xe2 && bytes[1025] === 0xe1 && bytes[1026] === 0xf5 && bytes[1027] === 0xe0) return { name, fs: 'erofs' };
  }
  return undefined;
};

const openArchive = async (label: string, bytes: Uint8Array, opts: OpenOptions, kind: SourceKind, file?: OpenFile): Promise<Source> => {
  const fs = await readInitrd(bytes, label, opts.limits, {
    keep: 'relevant',
    ...(opts.externalDecompressors === undefined ? {} : { externalDecompressors: opts.externalDecompressors }),
    ...(file === undefined ? {} : { file }),
  });
  const vfs = new Vfs(fs, label);
  if (!ROOT_MARKERS.some((d) => vfs.isDir(d))) {
    const inner = compressedRoot(vfs);
    if (inner !== undefined) {
      throw new UnitgraphError('malformed',
        `the archive holds no systemd unit directory: its units are inside ${inner.name}, a ${inner.fs} image (dracut's squash module), which unitgraph cannot read ` +
        `(no maintained ${inner.fs} reader exists for Node); unpack it (${inner.fs === 'squashfs' ? `unsquashfs -d DIR ${inner.name}` : `fsck.erofs --extract=DIR ${inner.name}`}) and analyse DIR with --source-kind root`,
        { file: label });
    }
    throw new UnitgraphError('malformed', 'the archive holds no systemd unit directory (etc/systemd/system, usr/lib/systemd/system)', { file: label });
  }
  return { kind, label, vfs, initrd: true, notes: [] };
};

const unreadable = (e: unknown, label: string): UnitgraphError =>
  new UnitgraphError('unreadable', `cannot read: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { file: label, cause: e });

const readHostFile = (path: string, label: string): Uint8Array => {
  try {
    return readFileSync(path);
  } catch (e) {
    throw unreadable(e, label);
  }
};

/**
 * An archive file read whole, then given to `use` with the file still open (readInitrd lets a
 * system decompressor read the compressed stream from it instead of through a pipe); closed after.
 * A file that is one zstd frame is read sparsely (readSparseZstd): the system's zstd reads it
 * from the file, and its bytes are read in only if something else needs them.
 */
const withHostArchive = async <T>(path: string, label: string, use: (bytes: Uint8Array, file: OpenFile) => Promise<T>): Promise<T> => {
  let fd: number;
  let bytes: Uint8Array;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw unreadable(e, label);
  }
  try {
    let sparse: ReturnType<typeof readSparseZstd>;
    try {
      const size = fstatSync(fd).size;
      sparse = readSparseZstd(fd, size, label);
      bytes = sparse?.bytes ?? uninitialisedBytes(size); // read whole next (or cut to what was read)
      // positional reads: the descriptor's own offset stays at 0 for the decompressor
      for (let at = sparse === undefined ? 0 : size; at < size;) {
        const n = readSync(fd, bytes, at, size - at, at);
        if (n === 0) {
          bytes = bytes.subarray(0, at); // the file shrank meanwhile
          break;
        }
        at += n;
      }
    } catch (e) {
      throw unreadable(e, label);
    }
    return await use(bytes, sparse === undefined ? { fd, size: bytes.length } : { fd, size: bytes.length, load: sparse.load });
  } finally {
    closeSync(fd);
  }
};

/**
 * The command line a NixOS boot entry gives the kernel: `init=<toplevel>/init` followed by the
 * `kernel-params` file of the system (nixos/modules/system/activation/top-level.nix; the boot
 * loader builders write exactly that). Undefined without a kernel-params file.
 */
const nixosCmdline = (path: string, label: string): Source['cmdline'] => {
  const file = join(path, 'kernel-params');
  if (!existsSync(file)) return undefined;
  const params = new TextDecoder().decode(readHostFile(file, join(label, 'kernel-params'))).trim();
  let init = '';
  if (existsSync(join(path, 'init'))) {
    let top = path;
    try {
      top = realpathSync(path);
    } catch {
      // a result that cannot be resolved: its own path stands for the store path
    }
    init = `init=${join(top, 'init')} `;
  }
  return { text: `${init}${params}`.trim(), from: `${join(label, 'kernel-params')}${init === '' ? '' : ' (with init=)'}` };
};

/** Why a source path that does not exist cannot be opened: a link loop and a dangling link say so. */
const whyAbsent = (path: string): string => {
  try {
    statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return 'a loop of symbolic links (too many levels of symbolic links)';
    if (code === 'EACCES') return 'permission denied';
    try {
      return `a symbolic link to ${readlinkSync(path)}, which does not exist`;
    } catch {
      // not a link either
    }
  }
  return 'no such file or directory';
};

export const openSource = async (path: string, opts: OpenOptions = {}): Promise<Source> => {
  const label = path;
  if (!existsSync(path)) throw new UnitgraphError('not-found', whyAbsent(path), { file: label });
  const st = statSync(path);
  if (st.isFile()) {
    if (opts.kind !== undefined && opts.kind !== 'initrd') {
      throw new UnitgraphError('usage', `--source-kind ${opts.kind} needs a directory`, { file: label });
    }
    if (st.size === 0) throw new UnitgraphError('malformed', 'empty file', { file: label });
    return withHostArchive(path, label, (bytes, file) => {
      // any amount of NUL padding may come first (the kernel skips it all)
      if (opts.kind === undefined && !looksLikeInitrd(bytes)) {
        throw new UnitgraphError('malformed', 'not an initrd: no cpio or known compression magic at the start', { file: label });
      }
      return openArchive(label, bytes, opts, 'initrd', file);
    });
  }
  if (!st.isDirectory()) throw new UnitgraphError('malformed', 'neither a regular file nor a directory', { file: label });

  // a NixOS ./result is read with /nix/store taken from the host (its etc/ links there); any other
  // directory with everything resolved inside it, so an unpacked NixOS initrd, whose
  // etc/systemd/system links to /nix/store/…-initrd-units, finds its own store
  const maxEntries = opts.limits?.maxMembers;
  const host = new Vfs(new HostRawFs(path, ['/nix/store'], maxEntries), label);
  const vfs = new Vfs(new HostRawFs(path, [], maxEntries), label);
  const isNixos = existsSync(join(path, 'initrd')) && host.isDir('/etc/systemd/system');
  const kind: SourceKind =
    opts.kind ?? (isNixos ? 'nixos' : ROOT_MARKERS.some((d) => vfs.isDir(d)) ? 'root' : 'unit-dir');

  if (kind === 'nixos') {
    const cmdline = nixosCmdline(path, label);
    if ((opts.stage ?? 1) === 1) {
      const initrdPath = join(path, 'initrd');
      const s = await withHostArchive(initrdPath, join(label, 'initrd'), (bytes, file) => openArchive(join(label, 'initrd'), bytes, opts, 'nixos', file));
      return cmdline === undefined ? s : { ...s, cmdline };
    }
    return { kind, label, vfs: host, initrd: false, notes: ['stage 2: the booted system\'s units (etc/systemd/system of the result)'], ...(cmdline === undefined ? {} : { cmdline }) };
  }
  if (kind === 'initrd') return withHostArchive(path, label, (bytes, file) => openArchive(label, bytes, opts, 'initrd', file));
  if (kind === 'root') {
    if (!ROOT_MARKERS.some((d) => vfs.isDir(d))) {
      throw new UnitgraphError('malformed', 'not a root directory: no etc/systemd/system, usr/lib/systemd/system or lib/systemd/system', { file: label });
    }
    return { kind, label, vfs, initrd: vfs.stat('/etc/initrd-release') !== undefined, notes: [] };
  }
  if (!vfs.readdir('/').some((n) => UNIT_FILE.test(n))) {
    throw new UnitgraphError('malformed', 'no systemd units here: not a root (no etc/systemd/system, usr/lib/systemd/system) and no unit files in it', { file: label });
  }
  return { kind: 'unit-dir', label, vfs, unitDir: '/', initrd: false, notes: [] };
};
