import type { Io } from '../io.js';
import { toAnalyzeOptions, type SourceOptions } from '../options.js';
import { analyzeSource, toGraphData } from '../../src/index.js';
import { escapeDeep, escapeJsonControls } from '../../src/render/terminal-text.js';
import { formatGraphDot, formatGraphJson, formatGraphMermaid } from '../../src/render/formats/graph.js';

export const graphCommand = async (io: Io, source: string, opts: SourceOptions & { format: string; target?: string; all?: boolean }): Promise<number> => {
  const { graph } = await analyzeSource(source, toAnalyzeOptions(io, opts));
  const data = toGraphData(graph, { all: opts.all === true });
  io.stdout(opts.format === 'dot' ? formatGraphDot(escapeDeep(data)) : opts.format === 'mermaid' ? formatGraphMermaid(escapeDeep(data)) : escapeJsonControls(formatGraphJson(data)));
  return 0;
};
