/** `unitgraph render`: analyse → check → lay out → draw SVG, to -o FILE or stdout. */
import { readFileSync } from 'node:fs';
import type { Io } from '../io.js';
import { readConfig } from '../config.js';
import { EXIT_OK } from '../exit-codes.js';
import { checkWritable, parseMaxNodes, timed, toAnalyzeOptions, type SourceOptions } from '../options.js';
import { UnitgraphError } from '../../src/errors.js';
import { analyzeSource, checkGraph, toRenderInput } from '../../src/index.js';
import { parseBlame } from '../../src/render/layout/blame.js';
import { layoutGraph } from '../../src/render/layout/layout-graph.js';
import { measureSans } from '../../src/render/layout/measure.js';
import { drawSvg } from '../../src/render/svg/draw-svg.js';

export interface RenderOptions extends SourceOptions {
  output?: string;
  view?: string;
  target?: string;
  focus?: string;
  depth?: string;
  hideDefaults?: boolean;
  durations?: string;
  allEdges?: boolean;
  show?: string[];
  maxNodes?: string;
}

const parseDepth = (s: string | undefined): number | undefined => {
  if (s === undefined) return undefined;
  if (!/^\d+$/.test(s.trim())) throw new UnitgraphError('usage', `--depth: not a whole number >= 0: ${s}`);
  return Number(s.trim());
};

const readDurations = (file: string | undefined): Map<string, number> | undefined => {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UnitgraphError(code === 'ENOENT' ? 'not-found' : 'unreadable', code === 'ENOENT' ? 'no such durations file' : `cannot read the durations file (${code ?? 'error'})`, { file, cause: e });
  }
  return parseBlame(text, file);
};

export const renderCommand = async (io: Io, source: string, opts: RenderOptions): Promise<number> => {
  const view = opts.view === 'timeline' ? 'timeline' : 'ordering';
  // a path that cannot be written is found before the work, not after it
  if (opts.output !== undefined && opts.output !== '-') checkWritable(io, opts.output);
  if (opts.durations !== undefined && view !== 'timeline') throw new UnitgraphError('usage', '--durations applies to --view timeline only');
  const depth = parseDepth(opts.depth);
  const maxNodes = parseMaxNodes(opts.maxNodes);
  const durations = readDurations(opts.durations);
  const config = readConfig(undefined, io.cwd);
  const analyze = toAnalyzeOptions(io, opts);
  const timing = analyze.timing;
  const { graph } = await analyzeSource(source, analyze);
  io.progress.step(`checking the ${graph.transaction.size} units of ${graph.target}'s transaction`);
  const input = timed(timing, 'checks and render input', () => toRenderInput(graph, checkGraph(graph, config)));
  io.progress.step(opts.focus === undefined ? `laying out the ${graph.transaction.size} units of ${graph.target}'s transaction (${view})` : `laying out the units around ${opts.focus} (${view})`, true);
  const layout = await layoutGraph(input, {
    view,
    measure: measureSans,
    ...(opts.focus === undefined ? {} : { focus: opts.focus, ...(depth === undefined ? {} : { depth }) }),
    ...(opts.hideDefaults === true ? { hideDefaults: true } : {}),
    ...(durations === undefined ? {} : { durations }),
    ...(opts.allEdges === true ? { allEdges: true } : {}),
    ...(opts.show === undefined || opts.show.length === 0 ? {} : { show: opts.show }),
    ...(timing === undefined ? {} : { timing }),
    ...(maxNodes === undefined ? {} : { maxNodes }),
  });
  const phases = (input.phases ?? [{ target: input.target, mode: 'start' }]).map((p) => (p.mode === 'isolate' ? `isolate ${p.target}` : p.target)).join(' → ');
  const what = opts.focus === undefined ? `boot plan: ${phases}` : `around ${opts.focus}`;
  io.progress.step('drawing the SVG');
  const svg = timed(timing, 'drawing the SVG', () => drawSvg(layout, { title: `${source} · ${what}` }));
  if (opts.output === undefined || opts.output === '-') io.stdout(svg);
  else {
    try {
      io.writeFile(opts.output, svg);
    } catch (e) {
      throw new UnitgraphError('unreadable', `cannot write the SVG (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file: opts.output, cause: e });
    }
  }
  return EXIT_OK;
};
