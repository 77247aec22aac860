/** `unitgraph diff OLD NEW`: analyse and check both generations, compare them, print the difference. */
import { UnitgraphError } from '../../src/errors.js';
import type { Io } from '../io.js';
import { readConfig } from '../config.js';
import { diffExitCode } from '../exit-codes.js';
import { checkWritable, parseMaxNodes, timed, toAnalyzeOptions, type SourceOptions } from '../options.js';
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
  const analyzeOpts = toAnalyzeOptions(io, opts);
  const { set, graph } = await analyzeSource(source, analyzeOpts);
  return { set, graph, findings: timed(analyzeOpts.timing, 'checks', () => checkGraph(graph, config)).findings };
};

/**
 * The union graph as SVG: added green, removed red, changed amber, units that joined or left the
 * boot marked as such, the rest faded. The reduced ordering view, with every changed unit and
 * every added or removed ordering edge drawn whatever the reduction or folding would say, and
 * the header listing what joined or left and the ordering gained or lost.
 */
const drawDiff = async (oldGen: DiffInput, newGen: DiffInput, diff: GraphDiff, maxNodes: number | undefined, timing?: (stage: string, ms: number) => void): Promise<string> => {
  const union = toDiffRenderInput(oldGen, newGen, diff);
  const marked = new Set([...[...union.nodes].filter(([, st]) => st !== 'unchanged').map(([id]) => id), ...union.membership.keys()]);
  const layout = await layoutGraph(union.input, {
    view: 'ordering',
    measure: measureSans,
    keepUnits: marked,
    keepEdge: (e) => e.kind === 'Before' && (union.edges.get(edgeId(e)) ?? 'unchanged') !== 'unchanged',
    ...(timing === undefined ? {} : { timing }),
    ...(maxNodes === undefined ? {} : { maxNodes }),
  });
  const edges = new Map<string, DiffMark>();
  for (const e of layout.edges) edges.set(e.id, union.edges.get(edgeId(e)) ?? 'unchanged');
  const u = diff.units;
  const title = `unitgraph diff ${diff.old.source} → ${diff.new.source} · +${u.added.length} −${u.removed.length} ~${u.changed.length} units (green added, red removed, amber changed)`;
  const list = (xs: readonly string[], max = 6): string => (xs.length <= max ? xs.join(', ') : `${xs.slice(0, max).join(', ')} and ${String(xs.length - max)} more`);
  const joined = [...union.membership].filter(([, m]) => m.status === 'joined').map(([id, m]) => `${id} (${m.text})`);
  const left = [...union.membership].filter(([, m]) => m.status === 'left').map(([id, m]) => `${id} (${m.text})`);
  const notes = [
    ...(joined.length === 0 ? [] : [`joined (teal ring): ${list(joined, 4)}`]),
    ...(left.length === 0 ? [] : [`left (grey ring, dashed): ${list(left, 4)}`]),
    ...(diff.ordering.gained.length === 0 ? [] : [`ordering gained: ${list(diff.ordering.gained.map(([a, b]) => `${a} before ${b}`))}`]),
    ...(diff.ordering.lost.length === 0 ? [] : [`ordering lost: ${list(diff.ordering.lost.map(([a, b]) => `${a} before ${b}`))}`]),
  ].map((text) => ({ text, x: 0, y: 0, kind: 'legend' as const }));
  const membership = new Map([...union.membership].map(([id, m]) => [id, m.status]));
  return decorateDiffSvg(drawSvg({ ...layout, labels: [...notes, ...layout.labels] }, { title }), union.nodes, edges, membership);
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
  return { ...union.input, edges, findings: newInput.findings, units, diff: toRenderDiff(diff, union.nodes, statuses, union.membership) };
};

const writeOutput = (io: Io, file: string, data: string): void => {
  try {
    io.writeFile(file, data);
  } catch (e) {
    throw new UnitgraphError('unreadable', `cannot write: ${e instanceof Error ? e.message : String(e)}`, { file, cause: e });
  }
};

export const diffCommand = async (io: Io, oldSource: string, newSource: string, opts: DiffCommandOptions): Promise<number> => {
  // paths that cannot be written are found before both generations are analysed
  for (const f of [opts.output, opts.html]) if (f !== undefined) checkWritable(io, f);
  const analyzeOpts = toAnalyzeOptions(io, opts);
  const config = readConfig(undefined, io.cwd);
  const [oldGen, newGen] = await Promise.all([analyze(io, oldSource, opts, config), analyze(io, newSource, opts, config)]);
  io.progress.step('comparing the two generations');
  const diff = timed(analyzeOpts.timing, 'compare', () => diffGraphs(oldGen, newGen, { keepStoreHashes: opts.keepStoreHashes === true }));
  if (opts.output !== undefined) io.progress.step('laying out the union graph', true);
  if (opts.output !== undefined) writeOutput(io, opts.output, await drawDiff(oldGen, newGen, diff, parseMaxNodes(opts.maxNodes), analyzeOpts.timing));
  if (opts.html !== undefined) {
    io.progress.step('building the diff page');
    const assets = readPageAssets();
    const { buildPage } = await import('../../src/render/html/page.js');
    const page = timed(analyzeOpts.timing, 'building the diff page', () => {
      const input = toDiffPageInput(oldGen, newGen, diff);
      checkPageBound(input, opts.maxNodes, 'the diff page of the union graph');
      return buildPage(input, assets);
    });
    writeOutput(io, opts.html, page);
  }
  const color = io.stdoutIsTTY && io.env['NO_COLOR'] === undefined;
  io.stdout(opts.format === 'json' ? escapeJsonControls(formatDiffJson(diff)) : formatDiffText(escapeDeep(diff), { color }));
  return diffExitCode(hasDifferences(diff), opts.exitCode === true);
};
