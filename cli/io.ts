/** Everything a command may touch of the outside world; tests inject their own. */
import { accessSync, constants, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UnitgraphError } from '../src/errors.js';
import { makeProgress, NO_PROGRESS, type Progress } from './progress.js';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  writeFile(path: string, data: string): void;
  /** Throws (a Node error with `code`) when `path` could not be written; called before long work. */
  checkWritable(path: string): void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The status line of long work (cli/progress.ts); a no-op unless stderr is a terminal. */
  readonly progress: Progress;
  /** All of standard input as text (`check --stdin-list`). */
  readStdin(): Promise<string>;
}

const readAll = async (stream: NodeJS.ReadableStream): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : c);
  return Buffer.concat(chunks).toString('utf8');
};

/** `unitgraph ... | head` closes the pipe early: that is the reader's choice, not a failure. */
const ignoreEpipe = (stream: NodeJS.WriteStream): void => {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
};

const WRITE_ERRORS: Readonly<Record<string, string>> = {
  ENOENT: 'cannot write the output: its directory does not exist',
  ENOTDIR: 'cannot write the output: a part of its directory is not a directory',
  EACCES: 'cannot write the output: permission denied',
  EPERM: 'cannot write the output: permission denied',
  EISDIR: 'cannot write the output: it is a directory',
  EROFS: 'cannot write the output: read-only file system',
  ENOSPC: 'cannot write the output: no space left on the device',
};

/** Writes an output file (-o, --html); a failure is one line naming the file (exit 2), not an internal error. */
export const writeOutputFile = (path: string, data: string): void => {
  try {
    writeFileSync(path, data);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    throw new UnitgraphError('unreadable', WRITE_ERRORS[code] ?? `cannot write the output: ${(e as Error).message}`, { file: path, cause: e });
  }
};

export const processIo = (): Io => {
  ignoreEpipe(process.stdout);
  const tty = process.stderr.isTTY === true && process.env['UNITGRAPH_PROGRESS'] !== '0';
  const progress = tty ? makeProgress({ write: (t) => void process.stderr.write(t) }) : NO_PROGRESS;
  return {
    // the status line is erased before anything else is written to the terminal
    stdout: (t) => {
      progress.clear();
      process.stdout.write(t);
    },
    stderr: (t) => {
      progress.clear();
      process.stderr.write(t);
    },
    writeFile: writeOutputFile,
    checkWritable: (p) => {
      const abs = resolve(p);
      let isFile = false;
      try {
        const st = statSync(abs);
        if (st.isDirectory()) throw Object.assign(new Error(`${p} is a directory`), { code: 'EISDIR' });
        isFile = true;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
      accessSync(isFile ? abs : dirname(abs), constants.W_OK);
    },
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    cwd: process.cwd(),
    env: process.env,
    progress,
    readStdin: () => readAll(process.stdin),
  };
};

/** An Io that records everything, for tests. */
export const memoryIo = (env: Record<string, string | undefined> = {}, stdin = ''): Io & { out: string; err: string; files: Map<string, string> } => {
  const io = {
    out: '',
    err: '',
    files: new Map<string, string>(),
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
    writeFile: (p: string, d: string) => void io.files.set(p, d),
    checkWritable: (_p: string) => undefined,
    stdoutIsTTY: false,
    stderrIsTTY: false,
    cwd: process.cwd(),
    env,
    progress: NO_PROGRESS,
    readStdin: () => Promise.resolve(stdin),
  };
  return io;
};
