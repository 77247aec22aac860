/**
 * The newc cpio reader: the state machine of the kernel's init/initramfs.c (Start, Collect,
 * GotHeader, SkipIt, GotName, CopyFile, GotSymlink, Reset), fed any number of byte chunks. It
 * stops after each member in the Reset state, having eaten NUL padding, so that the caller can
 * look at the next byte as the kernel does (`0` starts a header; at the top level anything else
 * may be a compressed segment; inside a compressed segment it is junk).
 */
import { fail } from '../../../errors.js';
import {
  HEADER_SIZE, alignName, byteSum, checkMagic, hexPreview, parseHeaderFields, type CpioHeader,
} from './cpio-header.js';
import { FileData, concatParts, memberKind, memberName, planMember, symlinkTarget, type CpioMember } from './cpio-member.js';
import { HEAD_BYTES, keepAll, keepHead, type KeepDecision, type KeepPolicy } from './keep.js';
import type { ReadBudget } from './limits.js';
import { uninitialisedBytes } from '../bytes.js';

/**
 * One fresh buffer holding `parts`: a kept file must not pin the decompressed chunks it came in.
 * (`new Uint8Array(view)` copies; a Node Buffer's own slice() would not.)
 */
const copyParts = (parts: readonly Uint8Array[], size: number): Uint8Array =>
  parts.length === 1 ? new Uint8Array(parts[0] as Uint8Array) : concatParts(parts, size);

export type { CpioMember } from './cpio-member.js';

const EMPTY = new Uint8Array(0);

const enum State { Start, Collect, GotHeader, SkipIt, GotName, CopyFile, GotSymlink, Reset }

export class CpioReader {
  /** The kernel's this_header: offset of the next byte within the current stream. */
  pos = 0;
  /** Stream offset just after the last complete member (before any NUL padding). */
  memberEnd = 0;
  /** Turns a stream offset into words for messages ("offset 512", "... of the gzip segment ..."). */
  describe: (pos: number, short?: boolean) => string = (pos) => `offset ${pos}`;

  private state = State.Start;
  private nextState = State.Reset;
  private buf: Uint8Array = EMPTY;
  /** The chunk being written is reused by its decoder once write() returns: copy what outlives the call. */
  private transient = false;
  private i = 0;
  private collectBuf = new Uint8Array(0);
  private collectFill = 0;
  private collectNeed = 0;
  private collected: Uint8Array = new Uint8Array(0);
  private header: CpioHeader | undefined;
  private headerAt = 0;
  private nextHeader = 0;
  private path = '';
  private bodyParts: Uint8Array[] = [];
  private bodyNeed = 0;
  private bodyHave = 0;
  private bodySum = 0;
  private bodyKeep: KeepDecision = 'yes';

  constructor(
    private readonly file: string,
    private readonly budget: ReadBudget,
    private readonly onMember: (member: CpioMember) => void,
    /** Whose bytes to hold (keep.ts); with keepAll, file data are views into the chunks read, not copies. */
    private readonly keep: KeepPolicy = keepAll,
  ) {}

  /** True between members: the state in which a stream may end. */
  get atBoundary(): boolean {
    return this.state === State.Reset;
  }

  /** A new stream: offsets restart at `pos` (0 for decompressed data, the file offset at the top). */
  beginStream(pos: number, describe: (pos: number, short?: boolean) => string): void {
    this.pos = pos;
    this.headerAt = pos;
    this.memberEnd = pos;
    this.describe = describe;
  }

  /** Begin a header at the next byte (the kernel sets state = Start on seeing '0'). */
  startMember(): void {
    this.state = State.Start;
  }

  /**
   * Feed bytes from `start`; returns how many were consumed (short only in the Reset state).
   * `transient`: `buf` is overwritten once this returns (a decoder reading into one reused buffer),
   * so the bytes of a file that goes on into the next chunk, or that keepAll holds, are copied.
   */
  write(buf: Uint8Array, start = 0, transient = false): number {
    this.buf = buf;
    this.transient = transient;
    this.i = start;
    while (this.step());
    this.buf = EMPTY;
    return this.i - start;
  }

  /** Fails unless the stream is between members: the data ended inside one. */
  checkEnd(): void {
    if (this.state === State.Reset) return;
    if (this.state === State.Collect && this.nextState === State.GotHeader && this.collectFill >= 6) {
      this.collected = this.collectBuf.subarray(0, this.collectFill);
      if (checkMagic(this.collected) === 'old') this.gotHeader(); // the clearer message
    }
    const member = this.header === undefined || this.state === State.Start || this.state === State.GotHeader
      ? 'a member header' : this.path === '' ? 'a member' : `member ${JSON.stringify(this.path)}`;
    const expected = this.state === State.Collect && this.nextState === State.GotHeader
      ? this.headerAt + HEADER_SIZE : this.nextHeader;
    this.malformed(`truncated cpio archive: the data ends at ${this.describe(this.pos)}, inside ${member} ` +
      `(header at ${this.describe(this.headerAt, true)}), ${Math.max(expected - this.pos, 1)} bytes short`);
  }

  private malformed(message: string): never {
    return fail('malformed', message, { file: this.file });
  }

  private eat(n: number): void {
    this.i += n;
    this.pos += n;
  }

  private readInto(size: number, next: State): void {
    const available = this.buf.length - this.i;
    if (available >= size) {
      this.collected = this.buf.subarray(this.i, this.i + size);
      this.eat(size);
      this.state = next;
      return;
    }
    if (this.collectBuf.length < size) this.collectBuf = uninitialisedBytes(Math.max(size, 2 * this.collectBuf.length)); // read only up to collectFill
    this.collectFill = 0;
    this.collectNeed = size;
    this.nextState = next;
    this.state = State.Collect;
  }

  private step(): boolean {
    switch (this.state) {
      case State.Start:
        this.headerAt = this.pos;
        this.header = undefined;
        this.path = '';
        this.readInto(HEADER_SIZE, State.GotHeader);
        return true;
      case State.Collect: {
        const n = Math.min(this.collectNeed - this.collectFill, this.buf.length - this.i);
        this.collectBuf.set(this.buf.subarray(this.i, this.i + n), this.collectFill);
        this.collectFill += n;
        this.eat(n);
        if (this.collectFill < this.collectNeed) return false;
        this.collected = this.collectBuf.subarray(0, this.collectNeed);
        this.state = this.nextState;
        return true;
      }
      case State.GotHeader:
        this.gotHeader();
        return true;
      case State.SkipIt: {
        const available = this.buf.length - this.i;
        if (this.pos + available < this.nextHeader) {
          this.eat(available);
          return false;
        }
        this.eat(this.nextHeader - this.pos);
        this.state = this.nextState;
        if (this.state === State.Reset) this.memberEnd = this.pos;
        return true;
      }
      case State.GotName:
        this.gotName();
        return true;
      case State.CopyFile:
        return this.copyFile();
      case State.GotSymlink:
        this.gotSymlink();
        return true;
      case State.Reset:
        while (this.i < this.buf.length && this.buf[this.i] === 0) this.eat(1);
        if (this.i < this.buf.length && this.pos % 4 !== 0) {
          this.malformed(`broken padding: a member ends unaligned before the data at ${this.describe(this.pos)}`);
        }
        return false;
    }
  }

  private gotHeader(): void {
    const magic = checkMagic(this.collected);
    const where = this.describe(this.headerAt);
    if (magic === 'old') {
      fail('unsupported', `old cpio format (magic 070707) at ${where}; the kernel reads only newc: ` +
        'rebuild the archive with cpio -H newc', { file: this.file });
    }
    if (magic === 'none') this.malformed(`no cpio magic at ${where}: found ${hexPreview(this.collected, 6)}`);
    const header = parseHeaderFields(this.collected, magic === 'crc');
    if (header === undefined) this.malformed(`damaged cpio header at ${where}: a field is not hexadecimal`);
    this.header = header;
    if (header.nameSize === 0) this.malformed(`cpio header at ${where} has an empty name`);
    this.budget.checkNameLength(header.nameSize, `at ${where}`);
    this.nextHeader = Math.ceil((this.pos + alignName(header.nameSize) + header.fileSize) / 4) * 4;
    this.state = State.SkipIt;
    this.nextState = State.Reset;
    const plan = planMember(header, where);
    if ('skip' in plan) {
      this.budget.addMember();
      this.onMember({ kind: 'skipped', path: undefined, reason: plan.skip });
    } else {
      this.readInto(plan.size, plan.read === 'name' ? State.GotName : State.GotSymlink);
    }
  }

  /** The member's path; undefined for TRAILER!!!. */
  private name(header: CpioHeader): string | undefined {
    const name = memberName(this.collected, header, this.describe(this.headerAt));
    if ('refused' in name) this.malformed(name.refused);
    this.path = name.path ?? '';
    return name.path;
  }

  private gotName(): void {
    const header = this.header as CpioHeader;
    this.state = State.SkipIt;
    this.nextState = State.Reset;
    const path = this.name(header);
    if (path === undefined) {
      this.onMember({ kind: 'trailer' });
      return;
    }
    this.budget.addMember();
    const kind = memberKind(header.mode);
    if (kind === 'file') {
      this.bodyParts = [];
      this.bodyNeed = header.fileSize;
      this.bodyHave = 0;
      this.bodySum = 0;
      this.bodyKeep = this.keep(path, header.fileSize);
      this.state = State.CopyFile;
    } else if (kind === undefined) {
      this.onMember({ kind: 'skipped', path, reason: `unknown file type in mode 0${header.mode.toString(8)}` });
    } else {
      this.onMember({ kind, path, header });
    }
  }

  private copyFile(): boolean {
    const header = this.header as CpioHeader;
    const n = Math.min(this.bodyNeed, this.buf.length - this.i);
    if (n > 0) {
      const part = this.buf.subarray(this.i, this.i + n);
      if (header.checksummed) this.bodySum = byteSum(part, this.bodySum);
      // a 'head' file whose first bytes are all here is decided before any of it is copied: most
      // are binaries, dropped (a copy of their first part, up to a chunk, was most of this reader's time)
      if (this.bodyKeep === 'head' && this.bodyHave === 0 && (n >= HEAD_BYTES || n === this.bodyNeed)) {
        this.bodyKeep = keepHead(part.subarray(0, HEAD_BYTES), header.fileSize) ? 'yes' : 'no';
      }
      if (this.bodyKeep !== 'no') {
        // a file that ends in this chunk is copied whole below (unless keepAll holds views)
        const own = this.transient && (n < this.bodyNeed || this.keep === keepAll);
        this.bodyParts.push(own ? part.slice() : part);
        this.bodyHave += n;
        if (this.bodyKeep === 'head' && this.bodyHave >= HEAD_BYTES) this.decideHead();
      }
    }
    this.eat(n);
    this.bodyNeed -= n;
    if (this.bodyNeed > 0) return false;
    if (this.bodyKeep === 'head') this.decideHead();
    let data: FileData;
    if (this.bodyKeep === 'no') data = FileData.dropped(header.fileSize);
    else if (this.keep === keepAll) data = new FileData(this.bodyParts, header.fileSize);
    else {
      this.budget.addKept(header.fileSize, this.path);
      data = new FileData([copyParts(this.bodyParts, header.fileSize)], header.fileSize); // let the chunk go
    }
    this.bodyParts = [];
    if (header.checksummed && this.bodySum !== header.check) {
      this.malformed(`bad data checksum for cpio member ${JSON.stringify(this.path)} at ${this.describe(this.headerAt)}`);
    }
    this.onMember({ kind: 'file', path: this.path, header, data });
    this.state = State.SkipIt;
    return true;
  }

  /** A 'head' file is kept or not by its first bytes (keepHead); decided once they (or the whole file) are in. */
  private decideHead(): void {
    const first = this.bodyParts[0] ?? new Uint8Array(0);
    const head = first.length >= HEAD_BYTES || this.bodyParts.length === 1 ? first.subarray(0, HEAD_BYTES) : concatParts(this.bodyParts, this.bodyHave).subarray(0, HEAD_BYTES);
    this.bodyKeep = keepHead(head, (this.header as CpioHeader).fileSize) ? 'yes' : 'no';
    if (this.bodyKeep === 'no') this.bodyParts = [];
  }

  private gotSymlink(): void {
    const header = this.header as CpioHeader;
    this.state = State.SkipIt;
    this.nextState = State.Reset;
    const path = this.name(header) ?? '/TRAILER!!!'; // do_symlink does not look for the trailer
    this.budget.addMember();
    this.onMember({ kind: 'symlink', path, header, target: symlinkTarget(this.collected, header) });
  }
}
