/**
 * `unitgraph html <source> [-o FILE]`: one self-contained interactive page. The page script is the
 * bundle `npm run build:web` writes to dist/web/ (d3 and elkjs live only there); this command
 * never loads it as code, it only inlines its text.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UnitgraphError } from '../../src/errors.js';
import { analyzeSource, checkGraph, toRenderInput } from '../../src/index.js';
import type { PageAssets } from '../../src/render/html/page.js';
import type { RenderInput } from '../../src/render/types.js';
import { readConfig } from '../config.js';
import type { Io } from '../io.js';
import { checkWritable, parseMaxNodes, timed, toAnalyzeOptions, toLoadOptions, toOpenOptions, type SourceOptions } from '../options.js';
import { checkLayoutBound, DEFAULT_MAX_LAYOUT_NODES } from '../../src/render/layout/layout-graph.js';
import { selectSubgraph } from '../../src/render/layout/focus.js';

export interface HtmlOptions extends SourceOptions {
  output?: string;
  target?: string;
  maxNodes?: string;
}

/** The page lays out the transaction with ELK in the browser: the same bound as `render`. */
export const checkPageBound = (input: RenderInput, maxNodes: string | undefined, what: string): void =>
  checkLayoutBound(selectSubgraph(input, {}).nodes.length, parseMaxNodes(maxNodes) ?? DEFAULT_MAX_LAYOUT_NODES, what, 'draw a part with `unitgraph render --focus UNIT`');

/** The package's root: the nearest directory above this module with unitgraph's package.json. */
const packageRoot = (): string => {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name === 'unitgraph') return dir;
      } catch {
        // not ours; keep climbing
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new UnitgraphError('not-found', 'cannot find the unitgraph package directory');
    dir = up;
  }
};

/** dist/web/page.js and page.css, as text. */
export const readPageAssets = (): PageAssets => {
  const dir = join(packageRoot(), 'dist', 'web');
  const read = (name: string): string => {
    const file = join(dir, name);
    try {
      return readFileSync(file, 'utf8');
    } catch (e) {
      throw new UnitgraphError('not-found', 'the page bundle is missing; run `npm run build:web`', { file, cause: e });
    }
  };
  return { js: read('page.js'), css: read('page.css') };
};

/** Source → RenderInput with unit texts and findings (configured by ./unitgraph.json if present). */
export const analyzeForPage = async (source: string, opts: HtmlOptions, cwd: string, progress?: (label: string) => void, timing?: (stage: string, ms: number) => void): Promise<RenderInput> => {
  const config = readConfig(undefined, cwd);
  const { graph } = await analyzeSource(source, { open: toOpenOptions(opts), load: toLoadOptions(opts), build: opts.target === undefined ? {} : { target: opts.target }, ...(progress === undefined ? {} : { progress }), ...(timing === undefined ? {} : { timing }) });
  progress?.(`checking the ${graph.transaction.size} units of ${graph.target}'s transaction`);
  const input = timed(timing, 'checks and page data', () => toRenderInput(graph, checkGraph(graph, config), { unitText: true }));
  checkPageBound(input, opts.maxNodes, `the page of ${graph.target}'s transaction`);
  return input;
};

export const htmlCommand = async (io: Io, source: string, opts: HtmlOptions): Promise<number> => {
  if (opts.output !== undefined && opts.output !== '-') checkWritable(io, opts.output);
  const timing = toAnalyzeOptions(io, opts).timing;
  const input = await analyzeForPage(source, opts, io.cwd, (l) => io.progress.step(l), timing);
  io.progress.step('building the page');
  const assets = readPageAssets();
  const { buildPage } = await import('../../src/render/html/page.js');
  const page = timed(timing, 'building the page', () => buildPage(input, assets));
  if (opts.output !== undefined) io.writeFile(opts.output, page);
  else io.stdout(page);
  return 0;
};
