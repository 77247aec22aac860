/** `unitgraph diff OLD NEW`: analyse and check both generations, compare them, print the difference. */
import { UnitgraphError } from '../../src/errors.js';
import type { Io } from '../io.js';
import { readConfig } from '../config.js';
import { diffExitCode } from '../exit-codes.js';
import { parseMaxNodes, toLoadOptions, toOpenOptions, type SourceOptions } from '../options.js';
import { analyzeSource, checkGraph, toRenderInput } from '../../src/index.js';
import { diffGraphs, edgeId, hasDifferences, toDiffRenderInput, type DiffInput, type GraphDiff } from '../../src/graph/diff/index.js';
import { decorateDiffSvg, formatDiffJson, formatDiffText, type DiffMark } from '../../src/render/formats/diff.js';
import { escapeDeep, escapeJsonControls } from '../../src/render/terminal-text.js';
import { layoutGraph } from '../../src/render/layout/layout-graph.js';
import { measureSans } from '../../src/render/layout/measure.js';
import { drawSvg } from '../../src/render/svg/draw-svg.js';
import type { CheckConfig } from '../../src/graph/checks/types.js';
import { diffEdgeKey, toRenderDiff } from '../../src/render/diff-input.js';
import type { RenderEdge, RenderInput, RenderUnitText } from '../../src/render/types.js';
import { checkPageBound, readPageAssets } from './html.js';

export interface DiffCommandOptions extends SourceOptions {
  format: string;
  output?: string;
  html?: string;
  target?: string;
  keepStoreHashes?: boolean;
  exitCode?: boolean;
  maxNodes?: string;
}

const analyze = async (io: Io, source: string, opts: DiffCommandOptions, config: CheckConfig): Promise<DiffInput> => {
  const { set, graph } = await analyzeSource(source, { open: toOpenOptions(opts), load: toLoadOptions(opts), build: opts.target === undefined ? {} : { target: opts.target }, progress: (l) => io.progress.step(l) });
  return { set, graph, findings: checkGraph(graph, config).findings };
};

/** The union graph as SVG: added green, removed red, changed amber, the rest faded. */
const drawDiff = async (oldGen: DiffInput, newGen: DiffInput, diff: GraphDiff, maxNodes: number | undefined): Promise<string> => {
  const union = toDiffRenderInput(oldGen, newGen, diff);
  const layout = await layoutGraph(union.input, { view: 'ordering', measure: measureSans, ...(maxNodes === undefined ? {} : { maxNodes }) });
  const edges = new Map<string, DiffMark>();
  for (const e of layout.edges) edges.set(e.id, union.edges.get(edgeId(e)) ?? 'unchanged');
  const u = diff.units;
  const title = `unitgraph diff ${diff.old.source} → ${diff.new.source} · +${u.added.length} −${u.removed.length} ~${u.changed.length} units (green added, red removed, amber changed)`;
  return decorateDiffSvg(drawSvg(layout, { title }), union.nodes, edges);
};

/**
 * The union graph as a RenderInput for the interactive page: every unit's merged text (the new
 * generation's, the old one's for a removed unit), edges with their file and line, the new
 * generation's findings, and the `diff` field the page's diff view reads.
 */
export const toDiffPageInput = (oldGen: DiffInput, newGen: DiffInput, diff: GraphDiff): RenderInput => {
  const union = toDiffRenderInput(oldGen, newGen, diff);
  const side = (g: DiffInput): RenderInput => toRenderInput(g.graph, { findings: g.findings, suppressed: 0, summary: { errors: 0, warnings: 0, infos: 0 } }, { unitText: true });
  const oldInput = side(oldGen);
  const newInput = side(newGen);
  const located = new Map<string, RenderEdge>();
  for (const e of [...newInput.edges, ...oldInput.edges]) if (!located.has(diffEdgeKey(e))) located.set(diffEdgeKey(e), e);
  const edges = union.input.edges.map((e) => located.get(diffEdgeKey(e)) ?? e);
  const units: Record<string, RenderUnitText> = { ...oldInput.units, ...newInput.units };
  const statuses = union.input.edges.map((e) => ({ ...e, status: union.edges.get(edgeId(e)) ?? 'unchanged' }));
  return { ...union.input, edges, findings: newInput.findings, units, diff: toRenderDiff(diff, union.nodes, statuses) };
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
  const [oldGen, newGen] = await Promise.all([analyze(io, oldSource, opts, config), analyze(io, newSource, opts, config)]);
  io.progress.step('comparing the two generations');
  const diff = diffGraphs(oldGen, newGen, { keepStoreHashes: opts.keepStoreHashes === true });
  if (opts.output !== undefined) io.progress.step('laying out the union graph', true);
  if (opts.output !== undefined) writeOutput(io, opts.output, await drawDiff(oldGen, newGen, diff, parseMaxNodes(opts.maxNodes)));
  if (opts.html !== undefined) {
    io.progress.step('building the diff page');
    const assets = readPageAssets();
    const { buildPage } = await import('../../src/render/html/page.js');
    const page = toDiffPageInput(oldGen, newGen, diff);
    checkPageBound(page, opts.maxNodes, 'the diff page of the union graph');
    writeOutput(io, opts.html, buildPage(page, assets));
  }
  const color = io.stdoutIsTTY && io.env['NO_COLOR'] === undefined;
  io.stdout(opts.format === 'json' ? escapeJsonControls(formatDiffJson(diff)) : formatDiffText(escapeDeep(diff), { color }));
  return diffExitCode(hasDifferences(diff), opts.exitCode === true);
};
