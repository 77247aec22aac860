import type { Io } from '../io.js';
import { readConfig } from '../config.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import { toAnalyzeOptions, type SourceOptions } from '../options.js';
import { analyzeSource, checkGraph, timed } from '../../src/index.js';
import { CHECKS } from '../../src/graph/checks/registry.js';
import { formatCheckGithub, formatCheckJson, formatCheckSarif, formatCheckText, type CheckReport } from '../../src/render/formats/check.js';

export interface CheckOptions extends SourceOptions {
  format: string;
  target?: string;
  strict?: boolean;
  config?: string;
}

export const checkCommand = async (io: Io, source: string, opts: CheckOptions): Promise<number> => {
  const config = readConfig(opts.config, io.cwd);
  const { set, graph } = await analyzeSource(source, toAnalyzeOptions(io, opts));
  io.progress.step(`checking the ${graph.transaction.size} units of ${graph.target}'s transaction`);
  const result = await timed('checks', opts.timings === true ? (st, ms) => io.stderr(`timing: ${st}: ${ms.toFixed(1)} ms\n`) : undefined, () => checkGraph(graph, config));
  const report: CheckReport = {
    source,
    target: graph.target,
    units: graph.graph.order,
    result,
    notes: set.notes,
    diagnostics: [
      ...set.diagnostics,
      ...graph.nameProblems.map((p) => ({ severity: 'warning', message: p.message, file: p.file, line: p.line })),
    ],
  };
  const ctx = {
    rulesMeta: Object.fromEntries(CHECKS.map((c) => [c.id, { description: c.meta.description, defaultSeverity: c.meta.defaultSeverity }])),
    color: io.stdoutIsTTY && io.env['NO_COLOR'] === undefined,
    toolVersion: '0.1.0',
  };
  const out =
    opts.format === 'json' ? formatCheckJson(report) : opts.format === 'sarif' ? formatCheckSarif(report, ctx) : opts.format === 'github' ? formatCheckGithub(report) : formatCheckText(report, ctx);
  io.stdout(out);
  const failing = result.summary.errors + (opts.strict === true ? result.summary.warnings : 0);
  return failing > 0 ? EXIT_FINDINGS : EXIT_OK;
};
