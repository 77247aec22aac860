/** Hard requirements (Requires=, Requisite=, BindsTo=, .requires/ links) of the units a phase reaches. */
import type { UnitGraph } from '../build.js';
import { HARD_KINDS, type DepEdge } from '../types.js';
import { outEdges } from './edge-index.js';

/** Per graph, per set of units: missing-unit, masked-required and missing-template all ask for the same phase. */
const memo = new WeakMap<UnitGraph, WeakMap<ReadonlySet<string>, readonly DepEdge[]>>();

export const hardDepsInTransaction = (g: UnitGraph, units: ReadonlySet<string>): readonly DepEdge[] => {
  let byUnits = memo.get(g);
  if (byUnits === undefined) memo.set(g, (byUnits = new WeakMap()));
  const cached = byUnits.get(units);
  if (cached !== undefined) return cached;
  const out: DepEdge[] = [];
  for (const name of [...units].sort()) {
    for (const e of outEdges(g.view, name)) if (HARD_KINDS.has(e.kind) && e.origin !== 'default') out.push(e);
  }
  byUnits.set(units, out);
  return out;
};

export const locationOf = (e: DepEdge): { location?: { file: string; line?: number } } =>
  e.file === undefined ? {} : { location: { file: e.file, ...(e.line === undefined ? {} : { line: e.line }) } };
