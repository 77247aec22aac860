/**
 * unitgraph as a library. The pipeline, one step per stage:
 *   openSource → loadUnits → buildGraph → runChecks → format / layoutGraph → drawSvg
 */
import { UnitgraphError } from './errors.js';
import { openSource, type OpenOptions } from './parse/source/open-source.js';
import { loadUnits, type LoadOptions } from './parse/load/load-units.js';
import { buildGraph, type BuildOptions, type UnitGraph } from './graph/build.js';
import type { UnitSet } from './parse/types.js';
import { runChecks } from './graph/checks/run-checks.js';
import { jobsByUnit, stoppedByUnit } from './graph/plan.js';
import type { CheckConfig, CheckResult } from './graph/checks/types.js';
import type { GraphData } from './render/formats/graph.js';
import type { RenderInput } from './render/types.js';

export { openSource, loadUnits, buildGraph, runChecks };
export type { UnitGraph, UnitSet };

export interface AnalyzeOptions {
  open?: OpenOptions;
  load?: LoadOptions;
  build?: BuildOptions;
  /** Called with each stage's wall time, for --timings and the benchmark. */
  timing?: (stage: string, ms: number) => void;
  /** Called as each stage begins, with what it does in words (the CLI's progress line). */
  progress?: (label: string) => void;
}

/** Run `f` and report its time under `stage`. */
export const timed = async <T>(stage: string, timing: AnalyzeOptions['timing'], f: () => T | Promise<T>): Promise<T> => {
  const t0 = performance.now();
  const r = await f();
  timing?.(stage, performance.now() - t0);
  return r;
};

/**
 * A failure about a path inside the source (a member of an archive) as the failure of the source:
 * the one line names the input the user gave first, then the path inside it.
 */
const ofSource = (source: string, error: unknown): unknown =>
  error instanceof UnitgraphError && error.file !== undefined && error.file !== source && !error.file.startsWith(source)
    ? new UnitgraphError(error.kind, `${error.file}: ${error.message}`, { file: source, cause: error })
    : error;

/** Read a source and build its graph: the first three steps every command shares. */
export const analyzeSource = async (path: string, opts: AnalyzeOptions = {}): Promise<{ set: UnitSet; graph: UnitGraph }> => {
  try {
    return await analyze(path, opts);
  } catch (error) {
    throw ofSource(path, error);
  }
};

const analyze = async (path: string, opts: AnalyzeOptions): Promise<{ set: UnitSet; graph: UnitGraph }> => {
  opts.progress?.(`reading ${path}`);
  const source = await timed('open (read + decompress + unpack)', opts.timing, () => openSource(path, opts.open));
  opts.progress?.(`loading the units of ${path}`);
  const set = await timed('load units (generators, name map, drop-ins)', opts.timing, () => loadUnits(source, opts.load));
  opts.progress?.(`building the graph of ${set.units.size} units`);
  const graph = await timed('build graph', opts.timing, () => buildGraph(set, opts.build));
  return { set, graph };
};

/** The checks of a graph, with the graph's own name problems as findings of the parse stage. */
export const checkGraph = (graph: UnitGraph, config: CheckConfig = {}): CheckResult => {
  try {
    return runChecks(graph, config);
  } catch (error) {
    throw ofSource(graph.set.source, error);
  }
};

/**
 * The graph as plain data for the formatters. By default: every edge with at least one end that
 * gets a job in some phase of the boot plan, and both its ends as nodes (an ordering on a unit
 * that never gets a job is what after-without-wants reports: the graph shows it); `all`: every
 * loaded unit. Each node carries the phases (targets) in which it gets a job.
 */
export const toGraphData = (g: UnitGraph, opts: { all?: boolean } = {}): GraphData => {
  const jobs = jobsByUnit(g.plan);
  const edges = g.edges.filter((e) => g.view.hasNode(e.from) && g.view.hasNode(e.to) && (opts.all === true || jobs.has(e.from) || jobs.has(e.to)));
  const keep = new Set<string>(opts.all === true ? g.view.nodes() : [...jobs.keys(), ...g.plan.phases.map((p) => p.target)]);
  for (const e of edges) {
    keep.add(e.from);
    keep.add(e.to);
  }
  const nodes = [...keep].filter((n) => g.view.hasNode(n)).map((n) => {
    const u = g.view.getNodeAttributes(n).unit;
    return { id: n, type: u.type, origin: u.origin, masked: u.masked, inTransaction: g.transaction.has(n), jobs: jobs.get(n) ?? [] };
  });
  return { target: g.target, phases: g.plan.phases.map((p) => ({ target: p.target, mode: p.mode, stopped: [...p.stopped].sort() })), nodes, edges: [...edges] };
};

/** Plain data for the drawings: every unit of the graph, its edges and findings; unit texts on request. */
export const toRenderInput = (g: UnitGraph, result: CheckResult, opts: { unitText?: boolean } = {}): RenderInput => {
  const jobs = jobsByUnit(g.plan);
  const stoppedBy = stoppedByUnit(g.plan);
  const nodes = g.view.mapNodes((n, a) => ({
    id: n, type: a.unit.type, origin: a.unit.origin, masked: a.unit.masked, inTransaction: g.transaction.has(n),
    jobs: jobs.get(n) ?? [], ...(stoppedBy.has(n) ? { stoppedBy: stoppedBy.get(n) as string } : {}),
  }));
  nodes.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const edges = g.edges
    .filter((e) => g.view.hasNode(e.from) && g.view.hasNode(e.to))
    .map((e) => ({ from: e.from, to: e.to, kind: e.kind, origin: e.origin, ...(e.file === undefined ? {} : { file: e.file }), ...(e.line === undefined ? {} : { line: e.line }), ...(e.via === undefined ? {} : { via: e.via }) }));
  const findings = result.findings.map((f) => ({ rule: f.rule, severity: f.severity, units: [...f.units], message: f.message, ...(f.location === undefined ? {} : { location: f.location }), ...(f.phase === undefined ? {} : { phase: f.phase }) }));
  const units = opts.unitText !== true ? undefined : Object.fromEntries(
    g.view.mapNodes((n, a) => [n, { file: a.unit.file, realFile: a.unit.realFile, aliases: [...a.unit.aliases], dropins: [...a.unit.dropins], directives: a.unit.directives.map((d) => ({ section: d.section, key: d.key, value: d.value, file: d.file, line: d.line })) }]),
  );
  const phases = g.plan.phases.map((p) => ({ target: p.target, mode: p.mode }));
  return { source: g.set.source, target: g.target, phases, nodes, edges, findings, ...(units === undefined ? {} : { units }) };
};
