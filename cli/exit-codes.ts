/** The one place that decides exit codes (contract "Exit codes"). */
import { UnitgraphError } from '../src/errors.js';
import type { Io } from './io.js';
import { escapeControls, escapeLines } from '../src/render/terminal-text.js';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_FAILURE = 2;

/** A failure as the one line the CLI prints after `unitgraph: ` (`FILE: what is wrong`). */
export const failureLine = (error: unknown): string => {
  if (error instanceof UnitgraphError) return escapeControls(error.toLine());
  const msg = error instanceof Error ? error.message : String(error);
  return `internal error: ${escapeControls(msg.split('\n')[0] ?? '')} (run with --debug for details)`;
};

/** Render a failure as one line on stderr (a stack trace only with --debug) and return 2. */
export const reportFailure = (io: Io, error: unknown, debug: boolean): number => {
  io.stderr(`unitgraph: ${failureLine(error)}\n`);
  if (debug && error instanceof Error && error.stack !== undefined) io.stderr(escapeLines(error.stack) + '\n');
  return EXIT_FAILURE;
};

/** `diff`: 1 only when asked with --exit-code and the generations differ; otherwise 0. */
export const diffExitCode = (differs: boolean, exitCode: boolean): number => (exitCode && differs ? EXIT_FINDINGS : EXIT_OK);
