/**
 * unitgraph as a library. The pipeline, one step per stage:
 *   openSource → loadUnits → buildGraph → runChecks → format / layoutGraph → drawSvg
 */
import { openSource, type OpenOptions } from './parse/source/open-source.js';
import { loadUnits, type LoadOptions } from './parse/load/load-units.js';
import { buildGraph, type BuildOptions, type UnitGraph } from './graph/build.js';
import type { UnitSet } from './parse/types.js';
import { runChecks } from './graph/checks/run-checks.js';
import type { CheckConfig, CheckResult } from './graph/checks/types.js';
import type { GraphData } from './render/formats/graph.js';

export { openSource, loadUnits, buildGraph, runChecks };
export type { UnitGraph, UnitSet };

export interface AnalyzeOptions {
  open?: OpenOptions;
  load?: LoadOptions;
  build?: BuildOptions;
}

/** Read a source and build its graph: the first three steps every command shares. */
export const analyzeSource = async (path: string, opts: AnalyzeOptions = {}): Promise<{ set: UnitSet; graph: UnitGraph }> => {
  const source = await openSource(path, opts.open);
  const set = loadUnits(source, opts.load);
  const graph = buildGraph(set, opts.build);
  return { set, graph };
};

/** The checks of a graph, with the graph's own name problems as findings of the parse stage. */
export const checkGraph = (graph: UnitGraph, config: CheckConfig = {}): CheckResult => runChecks(graph, config);

/** The graph as plain data for the formatters: the transaction by default, or every unit. */
export const toGraphData = (g: UnitGraph, opts: { all?: boolean } = {}): GraphData => {
  const keep = (n: string): boolean => opts.all === true || g.transaction.has(n);
  const nodes = g.graph
    .filterNodes((n) => keep(n))
    .map((n) => {
      const u = g.graph.getNodeAttributes(n).unit;
      return { id: n, type: u.type, origin: u.origin, masked: u.masked, inTransaction: g.transaction.has(n) };
    });
  const edges = g.edges.filter((e) => keep(e.from) && keep(e.to));
  return { target: g.target, nodes, edges: [...edges] };
};
