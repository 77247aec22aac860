import { UnitgraphError } from '../../src/errors.js';
import type { Io } from '../io.js';
import { toAnalyzeOptions, type SourceOptions } from '../options.js';
import { analyzeSource } from '../../src/index.js';
import { escapeDeep, escapeJsonControls } from '../../src/render/terminal-text.js';
import { formatShowJson, formatShowText } from '../../src/render/formats/show.js';
import { edgesOf } from '../../src/graph/query/edges-of.js';
import { didYouMean } from '../../src/render/suggest.js';

export const showCommand = async (io: Io, source: string, name: string, opts: SourceOptions & { format: string }): Promise<number> => {
  const { set, graph } = await analyzeSource(source, toAnalyzeOptions(io, opts));
  const canonical = set.aliases.get(name) ?? name;
  const unit = set.units.get(canonical);
  if (unit === undefined) throw new UnitgraphError('usage', `no unit ${name} in this source${didYouMean(name, [...set.units.keys(), ...set.aliases.keys()])} (see 'unitgraph list')`, { file: source });
  const { out, in: inn } = edgesOf(graph, unit.name);
  const phases = graph.plan.phases.map((p) => ({ target: p.target, mode: p.mode, job: p.jobs.has(unit.name), stops: p.stopped.has(unit.name) }));
  const data = { unit, out, in: inn, inTransaction: graph.transaction.has(unit.name), target: graph.target, phases };
  io.stdout(opts.format === 'json' ? escapeJsonControls(formatShowJson(data)) : formatShowText(escapeDeep(data)));
  return 0;
};
