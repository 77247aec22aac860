/** `unitgraph diff OLD NEW`: analyse and check both generations, compare them, print the difference. */
import { UnitgraphError } from '../../src/errors.js';
import type { Io } from '../io.js';
import { readConfig } from '../config.js';
import { diffExitCode } from '../exit-codes.js';
import { toLoadOptions, toOpenOptions, type SourceOptions } from '../options.js';
import { analyzeSource, checkGraph } from '../../src/index.js';
import { diffGraphs, edgeId, hasDifferences, toDiffRenderInput, type DiffInput, type GraphDiff } from '../../src/graph/diff/index.js';
import { decorateDiffSvg, formatDiffJson, formatDiffText, type DiffMark } from '../../src/render/formats/diff.js';
import { layoutGraph } from '../../src/render/layout/layout-graph.js';
import { measureSans } from '../../src/render/layout/measure.js';
import { drawSvg } from '../../src/render/svg/draw-svg.js';
import type { CheckConfig } from '../../src/graph/checks/types.js';

export interface DiffCommandOptions extends SourceOptions {
  format: string;
  output?: string;
  target?: string;
  keepStoreHashes?: boolean;
  exitCode?: boolean;
}

const analyze = async (source: string, opts: DiffCommandOptions, config: CheckConfig): Promise<DiffInput> => {
  const { set, graph } = await analyzeSource(source, { open: toOpenOptions(opts), load: toLoadOptions(opts), build: opts.target === undefined ? {} : { target: opts.target } });
  return { set, graph, findings: checkGraph(graph, config).findings };
};

/** The union graph as SVG: added green, removed red, changed amber, the rest faded. */
const drawDiff = async (oldGen: DiffInput, newGen: DiffInput, diff: GraphDiff): Promise<string> => {
  const union = toDiffRenderInput(oldGen, newGen, diff);
  const layout = await layoutGraph(union.input, { view: 'ordering', measure: measureSans });
  const edges = new Map<string, DiffMark>();
  for (const e of layout.edges) edges.set(e.id, union.edges.get(edgeId(e)) ?? 'unchanged');
  const u = diff.units;
  const title = `unitgraph diff ${diff.old.source} → ${diff.new.source} · +${u.added.length} −${u.removed.length} ~${u.changed.length} units (green added, red removed, amber changed)`;
  return decorateDiffSvg(drawSvg(layout, { title }), union.nodes, edges);
};

const writeOutput = (io: Io, file: string, data: string): void => {
  try {
    io.writeFile(file, data);
  } catch (e) {
    throw new UnitgraphError('unreadable', `cannot write: ${e instanceof Error ? e.message : String(e)}`, { file, cause: e });
  }
};

export const diffCommand = async (io: Io, oldSource: string, newSource: string, opts: DiffCommandOptions): Promise<number> => {
  const config = readConfig(undefined, io.cwd);
  const [oldGen, newGen] = await Promise.all([analyze(oldSource, opts, config), analyze(newSource, opts, config)]);
  const diff = diffGraphs(oldGen, newGen, { keepStoreHashes: opts.keepStoreHashes === true });
  if (opts.output !== undefined) writeOutput(io, opts.output, await drawDiff(oldGen, newGen, diff));
  const color = io.stdoutIsTTY && io.env['NO_COLOR'] === undefined;
  io.stdout(opts.format === 'json' ? formatDiffJson(diff) : formatDiffText(diff, { color }));
  return diffExitCode(hasDifferences(diff), opts.exitCode === true);
};
