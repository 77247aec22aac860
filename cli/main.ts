/** argv → exit code. The only entry point that touches `process`. */
import { CommanderError } from 'commander';
import { UnitgraphError } from '../src/errors.js';
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

export const run = (): void => {
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
  await import('./check-pool.js');
};
