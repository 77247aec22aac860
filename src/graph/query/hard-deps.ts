/** Hard requirements (Requires=, Requisite=, BindsTo=, .requires/ links) of the units a phase reaches. */
import type { UnitGraph } from '../build.js';
import { HARD_KINDS, type DepEdge } from '../types.js';

export const hardDepsInTransaction = (g: UnitGraph, units: ReadonlySet<string>): DepEdge[] => {
  const out: DepEdge[] = [];
  for (const name of [...units].sort()) {
    g.graph.forEachOutEdge(name, (_k, e) => {
      if (HARD_KINDS.has(e.kind) && e.origin !== 'default') out.push(e);
    });
  }
  return out;
};

export const locationOf = (e: DepEdge): { location?: { file: string; line?: number } } =>
  e.file === undefined ? {} : { location: { file: e.file, ...(e.line === undefined ? {} : { line: e.line }) } };
