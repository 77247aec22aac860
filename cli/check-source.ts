/**
 * One source of `unitgraph check`: read it, build its graph, run the checks, and give back the
 * report with the exit code it earns. The same code runs for a single source in the main thread
 * and for each source of a fleet in a worker thread (cli/check-pool.ts), where nothing may be
 * printed: a worker's output (--timings) is recorded and handed back with the outcome.
 */
import { UnitgraphError } from '../src/errors.js';
import type { UnitSet } from '../src/parse/types.js';
import type { CheckConfig } from '../src/graph/checks/types.js';
import type { CheckReport } from '../src/render/formats/check.js';
import { analyzeSource, checkGraph, timed } from '../src/index.js';
import { EXIT_FAILURE, EXIT_FINDINGS, EXIT_OK, failureLine } from './exit-codes.js';
import { memoryIo, type Io } from './io.js';
import { toAnalyzeOptions, type SourceOptions } from './options.js';

export interface CheckOptions extends SourceOptions {
  format: string;
  target?: string;
  strict?: boolean;
  config?: string;
  /** Several sources: read the list of sources from standard input, one per line. */
  stdinList?: boolean;
  /** Several sources: how many to check at once (default: the number of cores). */
  jobs?: string;
  /** The global --debug (stack traces of failures). */
  debug?: boolean;
  /** --path-map IMAGE_PREFIX=REPO_PREFIX (one source; SARIF and github). */
  pathMap?: string[];
}

/** A target of the directory to suggest, if it has any. */
const firstTarget = (set: UnitSet): string | undefined => [...set.units.values()].filter((u) => u.type === 'target' && u.origin === 'file').map((u) => u.name).sort()[0];

/** The report of one source, and its exit code (0 or 1). Failures to do the job throw. */
export const checkOneSource = async (io: Io, source: string, opts: CheckOptions, config: CheckConfig): Promise<{ report: CheckReport; code: number; sourceKind: UnitSet['sourceKind'] }> => {
  const { set, graph } = await analyzeSource(source, toAnalyzeOptions(io, opts));
  if (opts.target === undefined && set.sourceKind === 'unit-dir' && graph.plan.missingTargets.includes(graph.target)) {
    throw new UnitgraphError('usage', `a unit directory without ${set.defaultTarget}: name the target to check with --target UNIT (e.g. --target ${firstTarget(set) ?? 'multi-user.target'})`, { file: source });
  }
  io.progress.step(`checking the ${graph.transaction.size} units of the boot plan (${graph.plan.phases.map((p) => p.target).join(', ')})`);
  const result = await timed('checks', opts.timings === true ? (st, ms) => io.stderr(`timing: ${st}: ${ms.toFixed(1)} ms\n`) : undefined, () => checkGraph(graph, config));
  const report: CheckReport = {
    source,
    target: graph.target,
    units: graph.view.order,
    result,
    notes: [...set.notes, ...graph.plan.notes],
    plan: graph.plan.phases.map((p) => ({ target: p.target, mode: p.mode, jobs: p.jobs.size, stopped: p.stopped.size })),
    diagnostics: [
      ...set.diagnostics,
      ...graph.nameProblems.map((p) => ({ severity: 'warning', message: p.message, file: p.file, line: p.line })),
    ],
  };
  const failing = result.summary.errors + (opts.strict === true ? result.summary.warnings : 0);
  return { report, code: failing > 0 ? EXIT_FINDINGS : EXIT_OK, sourceKind: set.sourceKind };
};

/** What one source of a fleet came to: its report, or the one line saying why it could not be checked. */
export type SourceOutcome =
  | { readonly source: string; readonly code: number; readonly report: CheckReport; readonly stderr: string }
  | { readonly source: string; readonly code: number; readonly error: string; readonly stack?: string; readonly stderr: string };

/** Everything a worker needs to check one source: plain data (it crosses a thread boundary). */
export interface CheckJob {
  readonly source: string;
  readonly opts: CheckOptions;
  readonly config: CheckConfig;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** Check one source of a fleet; never throws: a failure is that source's outcome (exit 2). */
export const checkSourceJob = async (job: CheckJob): Promise<SourceOutcome> => {
  const io = memoryIo(job.env);
  try {
    const { report, code } = await checkOneSource(io, job.source, job.opts, job.config);
    return { source: job.source, code, report, stderr: io.err };
  } catch (e) {
    return { source: job.source, code: EXIT_FAILURE, error: failureLine(e), ...(e instanceof Error && e.stack !== undefined ? { stack: e.stack } : {}), stderr: io.err };
  }
};
