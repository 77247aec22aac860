import { UnitgraphError } from '../../src/errors.js';
import type { Io } from '../io.js';
import { toAnalyzeOptions, type SourceOptions } from '../options.js';
import { analyzeSource } from '../../src/index.js';
import { explainWhy } from '../../src/graph/query/why.js';
import { escapeDeep, escapeJsonControls } from '../../src/render/terminal-text.js';
import { formatWhyJson, formatWhyText } from '../../src/render/formats/why.js';
import { didYouMean } from '../../src/render/suggest.js';

export const whyCommand = async (io: Io, source: string, a: string, b: string, opts: SourceOptions & { format: string }): Promise<number> => {
  const { set, graph } = await analyzeSource(source, toAnalyzeOptions(io, opts));
  const resolve = (n: string): string => {
    const canonical = set.aliases.get(n) ?? n;
    if (!graph.view.hasNode(canonical)) throw new UnitgraphError('usage', `no unit ${n} in this source${didYouMean(n, [...graph.view.nodes(), ...set.aliases.keys()])} (see 'unitgraph list')`, { file: source });
    return canonical;
  };
  const answer = explainWhy(graph, resolve(a), resolve(b));
  io.stdout(opts.format === 'json' ? escapeJsonControls(formatWhyJson(answer)) : formatWhyText(escapeDeep(answer)));
  return 0;
};
