/**
 * Typed failures. Problems *in* the input are data (findings, diagnostics); these errors mean
 * unitgraph could not do its job. The CLI renders them as one line on stderr and exits 2.
 * A leaf module: everyone may import it, it imports nothing.
 */
export type FailureKind =
  | 'usage' // bad arguments
  | 'not-found' // a path that does not exist
  | 'unreadable' // permission, I/O
  | 'malformed' // the input is not what it claims to be (truncated archive, garbage)
  | 'limit' // a safety bound was hit (decompressed size, members, symlink depth, ...)
  | 'unsupported'; // a valid input we cannot read (e.g. old cpio format)

export class UnitgraphError extends Error {
  readonly kind: FailureKind;
  /** The file (as the user named it, or a path inside the source) the failure is about. */
  readonly file: string | undefined;

  constructor(kind: FailureKind, message: string, options: { file?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'UnitgraphError';
    this.kind = kind;
    this.file = options.file;
  }

  /** The one line the CLI prints: `unitgraph: FILE: message`. */
  toLine(): string {
    return this.file === undefined ? this.message : `${this.file}: ${this.message}`;
  }
}

export const fail = (kind: FailureKind, message: string, options: { file?: string; cause?: unknown } = {}): never => {
  throw new UnitgraphError(kind, message, options);
};
