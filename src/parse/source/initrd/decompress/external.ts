/**
 * The fast path: one compressed stream decoded by the system's own tool (`zstd -dc`, `xz -dc`)
 * when it is on PATH. The stream's exact bytes (its extent is found from its framing first, as
 * the pure-JS path does) go to the tool's stdin: from the initrd file itself when the stream runs
 * to its end (file-input.ts; no pipe for this process to fill), else through a pipe; its output goes to the sink chunk by chunk as it
 * arrives, and the sink's errors (a bound, bad cpio data) kill the tool and are what the read
 * fails with, so a bomb never decodes much past the first bad byte or the bound. A tool that
 * cannot be started (not installed) is remembered, and the caller falls back to its pure-JS
 * decoder; the tree is the same either way (test/parse/source/initrd/external.test.ts).
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import { Socket, type SocketConstructorOpts } from 'node:net';
import type { Readable, Writable } from 'node:stream';
import type { ChunkSink, FileInput } from './types.js';

export interface ExternalTool {
  readonly command: string;
  readonly args: readonly string[];
}

/** Tools found missing (or not runnable) in this process: not tried again. */
const unavailable = new Set<string>();

/**
 * Thrown by decodeWithTool when the tool cannot be started, or failed before any output: use the
 * pure-JS decoder.
 */
export class ToolUnavailable extends Error {}

/** Thrown by decodeWithTool when the tool failed on the data after some output (its complaint is the message). */
export class ToolFailed extends Error {}

/** The tool's own complaint, for the error message (first line, without its "zstd: " prefix). */
const firstLine = (stderr: string): string =>
  stderr
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l !== '')
    ?.replace(/^[^:]*stdin[^:]*:\s*/, '')
    .replace(/^(zstd|xz):\s*/, '') ?? '';

/** Bytes of the one buffer a tool's output is read into (a read returns at most what the socket holds). */
const READ_BUFFER = 256 * 1024;

/**
 * The tool's stdout read into one reused buffer (net.Socket's documented `onread`), instead of
 * a fresh 64 KiB Buffer per read: those are freed only by the next garbage collections, so
 * reading 56 MB faulted in some 12,000 new pages and cost ~30 ms more CPU (big.img). The socket
 * Node made for the child's stdout hands its handle to a socket that reads this way: that handle
 * is Node's own (`_handle`, not public), so where it is not there as expected the output is read
 * as a stream (the same chunks, not reused). Resolves when the output has ended.
 */
const readOutput = (stdout: Readable, onChunk: (chunk: Uint8Array, transient: boolean) => boolean): { done: Promise<void>; stop: () => void } => {
  const handle = (stdout as unknown as { _handle?: unknown })._handle;
  if (userBufferReads && typeof handle === 'object' && handle !== null) {
    const buffer = Buffer.allocUnsafe(READ_BUFFER);
    const view = new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    const reader = new Socket({
      handle,
      readable: true,
      writable: false,
      onread: { buffer, callback: (n: number) => onChunk(view.subarray(0, n), true) },
    } as SocketConstructorOpts);
    // the child's own socket lets go of the handle (it is the reader's) and closes, as ChildProcess
    // waits for it before 'close'
    (stdout as unknown as { _handle: unknown })._handle = null;
    stdout.destroy();
    reader.read(0); // starts reading unless the child's socket had already started it
    const done = new Promise<void>((resolve, reject) => {
      reader.on('close', () => resolve());
      reader.on('error', reject);
    });
    return { done, stop: () => reader.destroy() };
  }
  stdout.on('data', (chunk: Buffer) => {
    if (!onChunk(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength), false)) stdout.destroy();
  });
  return { done: new Promise((resolve) => stdout.on('close', () => resolve())), stop: () => stdout.destroy() };
};

/** false: read every tool's output as a stream of fresh chunks (the tests compare both ways). */
let userBufferReads = true;
export const setUserBufferReads = (on: boolean): void => {
  userBufferReads = on;
};

/**
 * Decodes `input` (exactly one stream) with `tool` into `sink`, at most `limit` bytes of output.
 * Each chunk goes to the sink as it arrives, so the cpio reader sees byte 0 at once: a stream
 * that is not cpio, or that passes a bound (the sink's limit errors), stops the tool after its
 * first chunks instead of after gigabytes. Rejects with ToolUnavailable before any output when
 * the tool cannot be started or fails before any output, with the sink's own error when the sink throws (the tool is killed),
 * and with a ToolFailed naming the tool's complaint when the tool fails on the data (after the sink
 * had what came before). `file`, when given, is where `input` lies up to the end of the file: the
 * tool reads it from there (the same bytes) instead of from a pipe this process writes.
 */
export const decodeWithTool = (tool: ExternalTool, input: Uint8Array, sink: ChunkSink, limit: number, file?: FileInput): Promise<void> =>
  new Promise((resolve, reject) => {
    if (unavailable.has(tool.command)) {
      reject(new ToolUnavailable(`${tool.command} is not available`));
      return;
    }
    let settled = false;
    let stderr = '';
    let started = false;
    let produced = 0;
    const fd = file?.take();
    if (fd === undefined) file?.load?.(); // the bytes go through the pipe: all of them must be there
    // stdin: the file (no pipe to write, hence null) or a pipe
    const child = spawn(tool.command, tool.args, { stdio: [fd ?? 'pipe', 'pipe', 'pipe'], windowsHide: true }) as ChildProcessByStdio<Writable | null, Readable, Readable>;
    const kill = (): void => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
    let stopOutput = (): void => undefined;
    const finish = (error?: unknown): void => {
      if (settled) return;
      settled = true;
      if (error === undefined) resolve();
      else {
        kill();
        stopOutput();
        reject(error);
      }
    };
    child.on('spawn', () => {
      started = true;
    });
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (!started && (e.code === 'ENOENT' || e.code === 'EACCES' || e.code === 'ENOEXEC')) {
        unavailable.add(tool.command);
        finish(new ToolUnavailable(`${tool.command}: ${e.code}`, { cause: e }));
      } else finish(e);
    });
    // the tool stops reading when killed (or when it finds the data corrupt): not our error
    child.stdin?.on('error', () => undefined);
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s: string) => {
      if (stderr.length < 4096) stderr += s;
    });
    const output = readOutput(child.stdout, (chunk, transient) => {
      if (settled) return false;
      produced += chunk.byteLength;
      try {
        sink(chunk, transient);
      } catch (error) {
        finish(error);
        return false;
      }
      // the sink counts against the same budget and fails first; this is the backstop
      if (produced > limit) {
        finish(new Error(`${tool.command} output passed the limit of ${limit} bytes`));
        return false;
      }
      return true;
    });
    stopOutput = output.stop;
    // the outcome once the tool has exited and all its output has been read
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((done) => child.on('close', (code, signal) => done([code, signal])));
    Promise.all([exited, output.done]).then(([[code, signal]]) => {
      if (settled) return;
      if (code === 0) finish();
      else if (produced === 0 && signal === null) {
        // nothing reached the sink: the bundled decoder can still read the stream and say what is
        // wrong with it in its own words; this also covers a tool that cannot read this format
        // at all (a minimal lz4 without the legacy frame)
        finish(new ToolUnavailable(`${tool.command} decoded nothing: ${firstLine(stderr) || `exit status ${code}`}`));
      } else if (signal !== null) finish(new Error(`${tool.command} was killed by ${signal}`));
      else finish(new ToolFailed(`${tool.command} failed: ${firstLine(stderr) || `exit status ${code}`}`));
    }, finish);
    child.stdin?.end(input);
  });
