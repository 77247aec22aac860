/**
 * What every decompressor gives the initrd reader. As in the kernel's lib/decompress_*.c, a
 * decoder reads exactly one stream from the start of its input and reports how many input bytes
 * that stream took, so the reader can go on with whatever follows (padding, another segment).
 */
export type Compression = 'gzip' | 'bzip2' | 'lzma' | 'xz' | 'lzo' | 'lz4' | 'zstd';

/**
 * Receives decompressed output in order. The chunk becomes the sink's (the decoder must not
 * write to its memory again) unless `transient` is true: then the decoder reuses that memory for
 * its next chunk once the sink returns, and the sink copies whatever it keeps (external.ts reads
 * a tool's output into one reused 256 KiB buffer: no fresh memory, so no page faults, per read). The sink
 * throws to stop decoding (a limit, malformed cpio data); the decoder lets that error through
 * unchanged.
 */
export type ChunkSink = (chunk: Uint8Array, transient?: boolean) => void;

export interface DecodeContext {
  /** Output bytes still allowed by maxBytes; a decoder may use it to pick a bounded strategy. */
  readonly remainingBytes: number;
  /**
   * false: decode in this process only. Otherwise a decoder may stream through the system's own
   * tool when it is on PATH (external.ts), with the same result.
   */
  readonly external?: boolean;
  /**
   * Told by a decoder that learns, from the stream's own framing, that it will produce at least
   * `bytes` in all: fails at once with the reader's limit error when that passes a bound, instead
   * of after decoding all of it (the bundled zstd decoder is slow on frames with a large window).
   */
  readonly claim?: (bytes: number) => void;
  /**
   * The open file the input was read from, when the caller has it: a system tool may read a
   * stream that runs to the end of the file straight from the file (external.ts).
   */
  readonly file?: FileInput;
}

/**
 * The file an input was read from, for a system tool to read its stream from directly instead of
 * through a pipe from this process (whose event loop would then carry both the tool's input and
 * its output, and feed it in 64 KiB turns). Only for a stream that runs to the end of the file.
 */
export interface FileInput {
  /**
   * A descriptor of the file, positioned at the start of the input, for one tool's stdin; or
   * undefined when that cannot be given (taken already, the file changed size since it was read).
   */
  take(): number | undefined;
  /**
   * For an input read sparsely (file-input.ts readSparseZstd: only the bytes zstdFrameInfo
   * looks at): reads in all of it, before anything else reads its bytes. Absent otherwise.
   */
  load?(): void;
}

export interface Decompressor {
  readonly name: Compression;
  /** Resolves to the number of input bytes the stream took. Throws a plain Error on bad data. */
  decode(input: Uint8Array, sink: ChunkSink, context: DecodeContext): Promise<number>;
}

/** Thrown by a decoder for valid data it will not read (the kernel would refuse it too). */
export class UnsupportedData extends Error {}
