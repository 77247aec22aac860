/**
 * `unitgraph show`: a unit as systemd merges it (fragment then drop-ins, each line with the file
 * and line it came from) and its dependencies in both directions with their origins. Pure.
 */
import type { Unit } from '../../parse/types.js';
import type { DepEdge } from '../../graph/types.js';
import { toEdgeJson } from './edge-json.js';

export interface ShowData {
  unit: Unit;
  /** Edges leaving the unit (it Wants/Requires/is Before ... the other). */
  out: DepEdge[];
  /** Edges arriving at the unit. */
  in: DepEdge[];
  inTransaction: boolean;
  target: string;
  /** The steps of the boot plan: which get the unit a job, which stops it. */
  phases?: ReadonlyArray<{ target: string; mode: string; job: boolean; stops: boolean }>;
}

const where = (e: DepEdge): string => (e.file === undefined ? e.origin : `${e.origin} ${e.file}${e.line === undefined ? '' : `:${e.line}`}`);

const edgeJson = (e: DepEdge) => toEdgeJson(e, { via: true });

export const formatShowJson = (d: ShowData): string =>
  JSON.stringify(
    {
      name: d.unit.name,
      type: d.unit.type,
      origin: d.unit.origin,
      file: d.unit.file,
      realFile: d.unit.realFile,
      masked: d.unit.masked,
      aliases: d.unit.aliases,
      dropins: d.unit.dropins,
      ...(d.unit.generator === undefined ? {} : { generator: d.unit.generator }),
      ...(d.unit.loadError === undefined ? {} : { loadError: d.unit.loadError }),
      ...(d.unit.assumed === true ? { assumed: true } : {}),
      inTransaction: d.inTransaction,
      ...(d.phases === undefined ? {} : { jobs: d.phases.filter((p) => p.job).map((p) => p.target), ...(d.phases.some((p) => p.stops) ? { stoppedBy: d.phases.filter((p) => p.stops).map((p) => p.target) } : {}) }),
      directives: d.unit.directives.map((x) => ({ section: x.section, key: x.key, value: x.value, file: x.file, line: x.line })),
      dependencies: d.out.map(edgeJson),
      dependents: d.in.map(edgeJson),
    },
    null,
    2,
  ) + '\n';

export const formatShowText = (d: ShowData): string => {
  const u = d.unit;
  const lines: string[] = [];
  lines.push(`# ${u.name} (${u.type}, ${u.origin}${u.generator === undefined ? '' : `: ${u.generator}`}${u.masked ? ', MASKED' : ''})`);
  if (u.file !== null) lines.push(`# fragment: ${u.file}${u.realFile !== null && u.realFile !== u.file ? ` -> ${u.realFile}` : ''}`);
  for (const dropin of u.dropins) lines.push(`# drop-in:  ${dropin}`);
  if (u.aliases.length > 0) lines.push(`# aliases:  ${u.aliases.join(' ')}`);
  if (u.loadError !== undefined) lines.push(`# systemd refuses to load it: ${u.loadError}`);
  if (u.assumed === true) lines.push('# its settings are not in the image (made at boot from the kernel command line)');
  if (d.phases === undefined || d.phases.length < 2) lines.push(`# ${d.inTransaction ? 'in' : 'not in'} the transaction of ${d.target}`);
  else {
    const steps = d.phases.map((p, i) => `step ${i + 1} (${p.mode} ${p.target}): ${p.job ? 'gets a job' : p.stops ? 'stopped' : 'no job'}`);
    lines.push(`# boot plan: ${steps.join('; ')}`);
  }
  let section: string | undefined;
  const body = u.directives.map((x) => ({ x, text: `${x.key}=${x.value}` }));
  const width = Math.min(72, Math.max(0, ...body.map((b) => b.text.length)));
  for (const { x, text } of body) {
    if (x.section !== section) {
      lines.push('', `[${x.section}]`);
      section = x.section;
    }
    lines.push(`${text.padEnd(width)}  # ${x.file}:${x.line}`);
  }
  const group = (title: string, edges: DepEdge[], other: (e: DepEdge) => string): void => {
    lines.push('', `${title}:`);
    if (edges.length === 0) lines.push('  (none)');
    const kw = Math.max(...edges.map((e) => e.kind.length), 4);
    const nw = Math.min(50, Math.max(...edges.map((e) => other(e).length), 4));
    for (const e of edges) lines.push(`  ${e.kind.padEnd(kw)}  ${other(e).padEnd(nw)}  ${where(e)}${e.via === undefined ? '' : `  (${e.via})`}`);
  };
  group(`${u.name} ->`, d.out, (e) => e.to);
  group(`-> ${u.name}`, d.in, (e) => e.from);
  return lines.join('\n') + '\n';
};
