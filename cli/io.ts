/** Everything a command may touch of the outside world; tests inject their own. */
import { writeFileSync } from 'node:fs';

export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  writeFile(path: string, data: string): void;
  readonly stdoutIsTTY: boolean;
  readonly stderrIsTTY: boolean;
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** `unitgraph ... | head` closes the pipe early: that is the reader's choice, not a failure. */
const ignoreEpipe = (stream: NodeJS.WriteStream): void => {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
};

export const processIo = (): Io => {
  ignoreEpipe(process.stdout);
  return {
    stdout: (t) => void process.stdout.write(t),
    stderr: (t) => void process.stderr.write(t),
    writeFile: (p, d) => writeFileSync(p, d),
    stdoutIsTTY: process.stdout.isTTY === true,
    stderrIsTTY: process.stderr.isTTY === true,
    cwd: process.cwd(),
    env: process.env,
  };
};

/** An Io that records everything, for tests. */
export const memoryIo = (env: Record<string, string | undefined> = {}): Io & { out: string; err: string; files: Map<string, string> } => {
  const io = {
    out: '',
    err: '',
    files: new Map<string, string>(),
    stdout: (t: string) => void (io.out += t),
    stderr: (t: string) => void (io.err += t),
    writeFile: (p: string, d: string) => void io.files.set(p, d),
    stdoutIsTTY: false,
    stderrIsTTY: false,
    cwd: process.cwd(),
    env,
  };
  return io;
};
