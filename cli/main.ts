/** argv → exit code. The only entry point that touches `process`. */
import { CommanderError } from 'commander';
import { setFlagsFromString } from 'node:v8';
import { UnitgraphError } from '../src/errors.js';
import { onLargeSource } from '../src/parse/source/large-source.js';
import { EXIT_FAILURE, reportFailure } from './exit-codes.js';
import { processIo, type Io } from './io.js';
import { buildProgram } from './program.js';

export const main = async (argv: readonly string[], io: Io): Promise<number> => {
  const debug = argv.includes('--debug');
  const state = { code: 0 };
  const program = buildProgram(io, state);
  try {
    await program.parseAsync(argv as string[], { from: 'user' });
    return state.code;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help, `help [command]` and --version are successes; a missing command (help shown
      // instead: commander.help with exit code 1) and every other parse error are usage
      // failures (exit 2)
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || (e.code === 'commander.help' && e.exitCode === 0)) return 0;
      return EXIT_FAILURE;
    }
    return reportFailure(io, e instanceof UnitgraphError ? e : e, debug);
  }
};

/**
 * V8 lets its heap grow by up to 4x the live size between full collections. A large source
 * (100,000 units: about 640 MB live) then peaks well past 1 GiB; a growth of 1.4x keeps it under
 * (issue 16: 891-943 MB over three runs, against 956-963 MB with 1.6x), at some more time there. Set only once a source is seen to be large
 * (src/parse/source/large-source.ts): for the usual images, and for many of them in one run, the
 * tighter growth means many more full collections (ten images in one run: 590 against 230 ms of
 * collection) for no gain. The flag is the process's, so it holds for every thread from then on.
 * It is never set before the bundle is compiled: V8 accepts a code cache only under the flags it
 * was made with (bin/unitgraph.js).
 */
const boundHeapOfLargeSources = (): void => onLargeSource(() => setFlagsFromString('--heap-growing-percent=40'));

export const run = (): void => {
  boundHeapOfLargeSources();
  const io = processIo();
  main(process.argv.slice(2), io).then(
    (code) => {
      io.progress.clear();
      process.exitCode = code;
    },
    (e: unknown) => {
      process.exitCode = reportFailure(io, e, process.argv.includes('--debug'));
    },
  );
};

/**
 * A worker thread of `check SRC...` started on the bin (cli/check-pool.ts): loading check-pool
 * makes it take jobs until none are left.
 */
export const serveCheckWorker = async (): Promise<void> => {
  boundHeapOfLargeSources();
  await import('./check-pool.js');
};
