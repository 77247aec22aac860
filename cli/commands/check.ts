import type { Io } from '../io.js';
import { UnitgraphError } from '../../src/errors.js';
import type { UnitSet } from '../../src/parse/types.js';
import { readConfig } from '../config.js';
import { EXIT_FINDINGS, EXIT_OK } from '../exit-codes.js';
import { toAnalyzeOptions, type SourceOptions } from '../options.js';
import { analyzeSource, checkGraph, timed } from '../../src/index.js';
import { escapeDeep, escapeJsonControls } from '../../src/render/terminal-text.js';
import { CHECKS } from '../../src/graph/checks/registry.js';
import { formatCheckGithub, formatCheckJson, formatCheckSarif, formatCheckText, type CheckReport } from '../../src/render/formats/check.js';

export interface CheckOptions extends SourceOptions {
  format: string;
  target?: string;
  strict?: boolean;
  config?: string;
}

/** A target of the directory to suggest, if it has any. */
const firstTarget = (set: UnitSet): string | undefined => [...set.units.values()].filter((u) => u.type === 'target' && u.origin === 'file').map((u) => u.name).sort()[0];

export const checkCommand = async (io: Io, source: string, opts: CheckOptions): Promise<number> => {
  const config = readConfig(opts.config, io.cwd);
  const { set, graph } = await analyzeSource(source, toAnalyzeOptions(io, opts));
  if (opts.target === undefined && set.sourceKind === 'unit-dir' && graph.plan.missingTargets.includes(graph.target)) {
    throw new UnitgraphError('usage', `a unit directory without ${set.defaultTarget}: name the target to check with --target UNIT (e.g. --target ${firstTarget(set) ?? 'multi-user.target'})`, { file: source });
  }
  io.progress.step(`checking the ${graph.transaction.size} units of the boot plan (${graph.plan.phases.map((p) => p.target).join(', ')})`);
  const result = await timed('checks', opts.timings === true ? (st, ms) => io.stderr(`timing: ${st}: ${ms.toFixed(1)} ms\n`) : undefined, () => checkGraph(graph, config));
  const report: CheckReport = {
    source,
    target: graph.target,
    units: graph.graph.order,
    result,
    notes: [...set.notes, ...graph.plan.notes],
    plan: graph.plan.phases.map((p) => ({ target: p.target, mode: p.mode, jobs: p.jobs.size, stopped: p.stopped.size })),
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
  // text for a terminal or CI log shows the image's strings with their controls escaped; JSON and
  // SARIF escape them in the JSON text
  const shown = opts.format === 'json' || opts.format === 'sarif' ? report : escapeDeep(report);
  const out =
    opts.format === 'json' ? formatCheckJson(shown) : opts.format === 'sarif' ? formatCheckSarif(shown, ctx) : opts.format === 'github' ? formatCheckGithub(shown) : formatCheckText(shown, ctx);
  io.stdout(escapeJsonControls(out));
  const failing = result.summary.errors + (opts.strict === true ? result.summary.warnings : 0);
  return failing > 0 ? EXIT_FINDINGS : EXIT_OK;
};
