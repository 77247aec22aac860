/**
 * Applies cpio members to a MemoryRawFs the way the kernel's do_name / do_copy / do_symlink
 * apply them to rootfs: an entry of another type at the same name is removed first (clean_path),
 * a later regular file overwrites an earlier one in place, and hard links are resolved through
 * a table keyed by (dev major, dev minor, inode, file type) that TRAILER!!! empties (newc
 * archives carry the data on the last name of a link group, the earlier ones are empty).
 */
import { S_IFMT } from './cpio-header.js';
import type { CpioMember } from './cpio.js';
import type { MemoryRawFs, Slot } from './memory-fs.js';

/** A member the kernel would not have created, and why. */
export interface SkippedMember {
  readonly path: string | undefined;
  readonly reason: string;
}

const TYPE_OF: Record<string, number> = { file: 0o100000, dir: 0o040000, symlink: 0o120000 };

export class Extractor {
  private links = new Map<string, string>();

  constructor(
    private readonly fs: MemoryRawFs,
    readonly skipped: SkippedMember[] = [],
  ) {}

  apply(member: CpioMember): void {
    switch (member.kind) {
      case 'trailer':
        this.links.clear();
        return;
      case 'skipped':
        this.skipped.push({ path: member.path, reason: member.reason });
        return;
      case 'file':
        return this.file(member);
      case 'dir':
        if (member.path === '/') return; // "." : mkdir of the root fails with EEXIST
        this.clean(member.path, TYPE_OF.dir as number);
        if (!this.fs.create(this.slot(member.path), { kind: 'dir', entries: new Map() })) {
          const existing = this.fs.entry(member.path);
          if (existing?.kind !== 'dir') this.skip(member.path, 'a non-empty directory or a bad parent is in the way');
        }
        return;
      case 'symlink':
        this.clean(member.path, 0);
        if (!this.fs.create(this.slot(member.path), { kind: 'symlink', target: member.target })) {
          this.skip(member.path, 'a non-empty directory or a bad parent is in the way');
        }
        return;
      case 'other': {
        const fmt = member.header.mode & S_IFMT;
        this.clean(member.path, fmt);
        const linked = this.maybeLink(member.path, member.header.nlink, this.key(member.header, fmt));
        if (linked === 0 && !this.fs.create(this.slot(member.path), { kind: 'other', fmt })) {
          if (this.fs.entry(member.path)?.kind !== 'other') this.skip(member.path, 'a non-empty directory or a bad parent is in the way');
        }
        return;
      }
    }
  }

  private file(member: Extract<CpioMember, { kind: 'file' }>): void {
    const { path, header, data } = member;
    this.clean(path, TYPE_OF.file as number);
    const linked = this.maybeLink(path, header.nlink, this.key(header, TYPE_OF.file as number));
    if (linked < 0) return;
    const inode = this.fs.openFile(this.slot(path));
    if (inode === undefined) {
      this.skip(path, 'a non-empty directory or a bad parent is in the way');
      return;
    }
    // open() truncates unless the name was just linked; a link with no data keeps the content.
    if (linked !== 1 || data.length > 0) inode.data = data;
    inode.mode = header.mode & 0o7777; // the kernel's do_copy: fchmod after the write
  }

  private key(h: { devMajor: number; devMinor: number; ino: number }, fmt: number): string {
    return `${h.devMajor}:${h.devMinor}:${h.ino}:${fmt}`;
  }

  /** The kernel's maybe_link: 1 linked, 0 first of its group (or not linked), -1 link failed. */
  private maybeLink(path: string, nlink: number, key: string): number {
    if (nlink < 2) return 0;
    const old = this.links.get(key);
    if (old === undefined) {
      this.links.set(key, path);
      return 0;
    }
    this.clean(path, 0);
    if (this.fs.link(old, this.slot(path))) return 1;
    this.skip(path, `hard link to ${old} failed`);
    return -1;
  }

  /** clean_path: remove an existing entry whose type differs (fmt 0: any existing entry). */
  private clean(path: string, fmt: number): void {
    const existing = this.fs.entry(path);
    if (existing === undefined) return;
    const type = existing.kind === 'other' ? existing.fmt : (TYPE_OF[existing.kind] as number);
    if (type !== fmt) this.fs.remove(this.fs.slot(path, false));
  }

  private slot(path: string): Slot {
    const s = this.fs.slot(path);
    if ('error' in s && path !== '/') this.skip(path, s.error);
    return s;
  }

  private skip(path: string, reason: string): void {
    if (this.skipped.at(-1)?.path === path) return;
    this.skipped.push({ path, reason });
  }
}
